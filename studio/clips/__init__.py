"""Clips of each product's explanation after the show (直播切片), ranked by how the room reacted.

Headless: the command line (`studio clips`) and the window both use it. `plan.plan_clips` reads a
recording, the timeline and the session log beside it and lists the clips to make, with the
room's reaction during each; `export.export_clips` writes them as MP4 files with a cover
picture each, reporting progress and stopping when asked.
"""
