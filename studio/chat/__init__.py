"""Live comments: one event model, connectors to the platforms' chat, moderation, answers.

Headless: the window's comment pane and the command line both sit on top of it.
"""
