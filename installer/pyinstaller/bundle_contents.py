"""What goes into the bundle besides the code: read by shopcast.spec and checked by the tests.

PyInstaller collects every Qt plugin of the modules used (and every library those link: a GTK
theme plugin drags in the whole GTK stack). The filters here keep the plugins a desktop studio
loads; slim.py then removes the libraries nothing kept links any more.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

# (folder in the checkout, file patterns) -> the same folder inside the bundle.
DATA = (
    ("models", ("*.onnx", "manifest.json", "LICENSE", "NOTICE", "README.md")),
    ("assets", ("README.md",)),
    ("assets/fonts", ("*.otf", "*.ttf", "OFL.txt", "README.md")),
    ("assets/bench", ("*.jpg", "README.md")),
    ("assets/icon", ("shopcast-studio.png",)),
    ("studio/ui/translations", ("*.qm",)),
    ("studio/ui/help", ("quick-start.*.md",)),  # Help → Quick start (studio/ui/quick_start.py)
)

# Test and build tools that live in the build's virtualenv and must never ride along.
EXCLUDED_MODULES = (
    "tkinter",
    "matplotlib",
    "scipy",
    "skimage",
    "pytest",
    "_pytest",
    "pytestqt",
    "openpyxl",
    "xlwt",
    "PyInstaller",
    "IPython",
    "pip",
    "setuptools",
    # Not used by the studio: Qt's network and D-Bus modules (Qt itself still uses D-Bus; the
    # network module brings TLS, Kerberos and GLib plugins), the interactive prompt, f2py.
    "PySide6.QtNetwork",
    "PySide6.QtDBus",
    "readline",
    "numpy.f2py",
)

QT = "PySide6/Qt/"
# Collected files the bundle leaves out. First the Qt plugins a desktop window does not load:
# embedded and remote platforms, evdev input, the GTK theme (its libraries are 10 MB; Qt's own
# style is used instead).
DROPPED = (
    QT + "plugins/platforms/libqeglfs.so",
    QT + "plugins/platforms/libqlinuxfb.so",
    QT + "plugins/platforms/libqminimalegl.so",
    QT + "plugins/platforms/libqvkkhrdisplay.so",
    QT + "plugins/platforms/libqvnc.so",
    QT + "plugins/egldeviceintegrations/*",
    QT + "plugins/generic/*",
    QT + "plugins/platformthemes/libqgtk3.so",
    # SVG pictures and icons: the studio has none (product pictures are JPEG, PNG, WebP...).
    QT + "plugins/iconengines/libqsvgicon.so",
    QT + "plugins/imageformats/libqsvg.so",
    # Part of glibc itself (x265 links it): the system's must be used, like libc and libm.
    "libmvec.so.1",
    # Qt's own translations: the window loads only qtbase for its languages (studio/ui/i18n.py).
    QT + "translations/*",
)
KEPT = (QT + "translations/qtbase_zh_CN.qm",)


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source file, bundle folder) pairs for PyInstaller's datas."""
    found = []
    for folder, patterns in DATA:
        for pattern in patterns:
            files = sorted(p for p in (root / folder).glob(pattern) if p.is_file())
            found += [(str(p), folder) for p in files]
    return found


def wanted(dest: str) -> bool:
    """False for a collected file the bundle does not need (paths use /)."""
    dest = dest.replace("\\", "/")
    if any(fnmatch.fnmatch(dest, pattern) for pattern in KEPT):
        return True
    return not any(fnmatch.fnmatch(dest, pattern) for pattern in DROPPED)
