"""Slims a built Linux bundle: one copy of each shared library, none unlinked, no debug info.

Usage: python installer/pyinstaller/slim.py dist/ShopcastStudio

- OpenCV's wheel grafts its own FFmpeg and libavif, which PyAV's and Pillow's wheels also carry
  at the same major version. OpenCV is pointed at their copies (patchelf) and its own go, but
  only where the other copy exports every symbol OpenCV takes from its own, under the same
  version tags (FFmpeg and libavif keep their ABI within a major version).
- A shared library that no kept binary links any more is removed (the GTK stack the theme plugin
  dragged in, OpenCV's FFmpeg and what only it used).
- Debug information is stripped from the Python extension modules and the interpreter (PyAV's
  and fontTools' modules ship with 30 MB of it). Libraries grafted into the wheels by auditwheel
  (the *.libs folders) and the app binary itself (its archive is appended to it) are left alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# lib<name>-<auditwheel hash>.so.<major>.<minor>.<micro>
_GRAFTED = re.compile(r"^lib(?P<name>[a-z0-9_]+?)-[0-9a-f]{8}\.so\.(?P<major>\d+)(\.\d+)*$")
_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(.+)\]")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> list[str]:
    """The library names a binary links directly (its DT_NEEDED entries)."""
    out = subprocess.run(["readelf", "-d", "-W", str(path)], capture_output=True, text=True)
    return _NEEDED.findall(out.stdout)


def _symbols(path: Path, defined: bool) -> set[str]:
    out = subprocess.run(["readelf", "--dyn-syms", "-W", str(path)], capture_output=True, text=True)
    found = set()
    for line in out.stdout.splitlines():
        cols = line.split()
        if len(cols) >= 8 and cols[0].endswith(":") and (cols[6] != "UND") == defined:
            found.add(cols[7].replace("@@", "@"))
    return found


def linked_only(internal: Path, path: Path) -> bool:
    """A library that is in the bundle only because another binary links it."""
    rel = path.relative_to(internal)
    name = rel.name
    if ".cpython-" in name or ".abi3." in name or name.startswith("libpython"):
        return False  # Python modules and the interpreter are loaded by name
    folder = rel.parent.as_posix()
    return folder == "." or folder.endswith(".libs") or folder == "PySide6/Qt/lib"


def _grafted_copies(internal: Path, own_folder: Path) -> dict[tuple[str, str], Path]:
    """(library name, major version) -> the copy another wheel grafted (e.g. av.libs)."""
    found: dict[tuple[str, str], Path] = {}
    for folder in sorted(internal.glob("*.libs")):
        if folder == own_folder:
            continue
        for path in sorted(folder.iterdir()):
            if (m := _GRAFTED.match(path.name)) and not path.is_symlink():
                found.setdefault((m["name"], m["major"]), path)
    return found


def share_libraries(internal: Path, module_glob: str = "cv2/cv2*.so") -> dict[str, str]:
    """Point a module (OpenCV) at another wheel's copy of the libraries it grafted too.

    A copy is used only when it has the same name and major version and exports every symbol
    the module takes from its own copy. Returns {own copy: shared copy}.
    """
    module = next(internal.glob(module_glob), None)
    if module is None:
        return {}
    own_folder = internal / "opencv_python_headless.libs"
    others = _grafted_copies(internal, own_folder)
    used = _symbols(module, defined=False)
    pairs: dict[str, Path] = {}
    for name in needed(module):
        own = _GRAFTED.match(name)
        theirs = others.get((own["name"], own["major"])) if own else None
        if theirs is None or not (own_folder / name).is_file():
            continue
        wanted = used & _symbols(own_folder / name, defined=True)
        if missing := sorted(wanted - _symbols(theirs, defined=True)):
            print(f"slim: keeping {name}: {theirs.name} lacks {', '.join(missing[:5])}")
            continue
        pairs[name] = theirs
    if not pairs:
        return {}
    patchelf = shutil.which("patchelf") or str(Path(sys.executable).with_name("patchelf"))
    args = [patchelf]
    for old, new in pairs.items():
        args += ["--replace-needed", old, new.name]
    subprocess.run([*args, str(module)], check=True)
    rpath = subprocess.run(
        [patchelf, "--print-rpath", str(module)], capture_output=True, text=True, check=True
    ).stdout.strip()
    entries = [e for e in rpath.split(":") if e]
    for new in pairs.values():
        entry = f"$ORIGIN/{os.path.relpath(new.parent, module.parent)}"
        if entry not in entries:
            entries.append(entry)
    subprocess.run([patchelf, "--set-rpath", ":".join(entries), str(module)], check=True)
    return {old: new.name for old, new in pairs.items()}


def prune_unlinked(internal: Path) -> list[Path]:
    """Remove linked-only libraries nothing kept links, until none is left; returns them."""
    files = (p for p in internal.rglob("*") if p.is_file() and not p.is_symlink())
    links = {path: needed(path) for path in files if is_elf(path)}  # read once: files don't change
    removed: list[Path] = []
    while True:
        wanted = {"libdbus-1.so.3"}  # Qt opens it with dlopen by name
        for names in links.values():
            wanted.update(names)
        doomed = [p for p in links if linked_only(internal, p) and p.name not in wanted]
        if not doomed:
            break
        for path in doomed:
            path.unlink()
            del links[path]
        removed += doomed
    for link in internal.rglob("*"):  # PyInstaller's top-level links to libraries now gone
        if link.is_symlink() and not link.exists():
            link.unlink()
    return removed


def strip_debug(internal: Path) -> int:
    """Strip debug info from extension modules and the interpreter; returns bytes saved."""
    strip = shutil.which("strip")
    if strip is None:
        print("slim: no strip (binutils); debug info stays")
        return 0
    saved = 0
    for path in internal.rglob("*.so*"):
        rel = path.relative_to(internal).as_posix()
        if path.is_symlink() or not is_elf(path) or ".libs/" in rel or "/Qt/lib/" in rel:
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-debug", str(path)], check=True)
        saved += before - path.stat().st_size
    return saved


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    bundle = Path(argv[0])
    internal = bundle / "_internal"
    before = folder_size(bundle)
    for old, new in share_libraries(internal).items():
        print(f"slim: OpenCV uses {new} instead of its own {old}")
    removed = prune_unlinked(internal)
    print(f"slim: removed {len(removed)} unlinked libraries: {', '.join(p.name for p in removed)}")
    saved = strip_debug(internal)
    print(f"slim: stripped {saved / 2**20:.0f} MiB of debug info")
    after = folder_size(bundle)
    print(f"slim: {before / 2**20:.0f} MiB -> {after / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
