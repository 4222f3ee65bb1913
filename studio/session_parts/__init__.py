"""The parts StudioSession (studio.session) is made of, one job each, without Qt.

Each part is given the session and works on its profile and running engine; a part asks
another through the session (`session.layer_editor`, `session.placement`...), so they import
none of each other. The window calls a part directly where only it needs that part's method;
the session keeps a thin method of the same name where several callers use one.

    chat.py            the live room's set-up: connectors, tokens, rules kept in the profile
    canvas_layout.py   every scene laid out again for a new canvas size or orientation
    scenes.py          the scenes: add, rename, copy, delete, order, switch
    layers.py          the layers of the current scene and their running copies in the engine
    live_sources.py    the scene's layers and the audio sources handed to the engine, and what
                       could not be made (tried again when a missing file is back)
    placement.py       where overlays go: the platforms' screens, the comment slot
    screens.py         the platforms' screens as measured on a phone, the calibration card
    effects.py         a layer's effects and the effect presets
    audio.py           the mixer's gains and mutes
    destinations.py    where the stream goes, their keys in the keyring, their push URLs
    outputs.py         the encode, going live, recording, what the window shows of them
    products.py        the shop: catalog, products, run-of-show, flash sales
    errors.py          StudioError, the problem every part raises
    keyring.py         secrets kept or forgotten in the keyring, its errors as StudioError
"""
