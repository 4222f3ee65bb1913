"""The cameras on this computer, by name, for the set-up and the first-run profile.

Linux names them in sysfs (/sys/class/video4linux/videoN/name): reading it opens no device, so it
is instant and never disturbs a camera another app is using. A USB camera makes two or more
nodes there (the picture and its metadata); only index 0 of each device delivers pictures.
Elsewhere the cameras have no names we can read without a platform API: OpenCV's indices 0-3 are
tried, each on its own thread with a bound on time (a driver may hang on open), and the ones
that open are numbered.
"""

from __future__ import annotations

import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

SYSFS_VIDEO = Path("/sys/class/video4linux")
PROBED_INDICES = 4  # off Linux: cameras 0-3 (OpenCV has no way to count them)
PROBE_SECONDS = 2.0  # the most one camera's open may take before it is taken as absent
_NODE = re.compile(r"video(\d+)")


@dataclass(frozen=True)
class Camera:
    index: int  # OpenCV's index: N of /dev/videoN on Linux
    name: str  # the device's own name; "" when the system gives none (the UI numbers it)

    @property
    def spec(self) -> str:
        return f"camera:{self.index}"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def sysfs_cameras(root: Path = SYSFS_VIDEO) -> list[Camera]:
    """The picture nodes under a video4linux sysfs folder, by number, with their names.

    A node whose `index` is not 0 is a second interface of the same device (metadata on
    uvcvideo): left out, or every webcam would be listed twice and one of them black."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        match = _NODE.fullmatch(entry.name)
        if match is None:
            continue
        index = _read(entry / "index")
        if index and index != "0":
            continue
        found.append(Camera(int(match.group(1)), _read(entry / "name")))
    found.sort(key=lambda c: c.index)
    return _distinct(found)


def _distinct(cameras: list[Camera]) -> list[Camera]:
    """Two cameras of one model share a name: the second gets " (2)", so a list can tell them
    apart."""
    seen: dict[str, int] = {}
    out = []
    for camera in cameras:
        if not camera.name:
            out.append(camera)
            continue
        seen[camera.name] = seen.get(camera.name, 0) + 1
        count = seen[camera.name]
        out.append(Camera(camera.index, camera.name if count == 1 else f"{camera.name} ({count})"))
    return out


def _opens(index: int, timeout: float) -> bool:
    """Whether OpenCV opens camera `index` within `timeout` seconds (a hung open is abandoned on
    its daemon thread: it cannot be interrupted, but it no longer holds anyone up)."""
    result: list[bool] = []

    def probe() -> None:
        import cv2

        cap = cv2.VideoCapture(index)
        try:
            result.append(bool(cap.isOpened()))
        finally:
            cap.release()

    thread = threading.Thread(target=probe, name=f"camera-probe-{index}", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def probed_cameras(timeout: float = PROBE_SECONDS) -> list[Camera]:
    """Cameras 0-3 that open, unnamed; each probe bounded by `timeout`, all run at once."""
    results: dict[int, bool] = {}

    def probe(index: int) -> None:
        results[index] = _opens(index, timeout)

    threads = [
        threading.Thread(target=probe, args=(i,), daemon=True) for i in range(PROBED_INDICES)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 0.5)
    return [Camera(i, "") for i in range(PROBED_INDICES) if results.get(i)]


def list_cameras() -> list[Camera]:
    """The cameras found here, first one first. Linux: instant, by name; elsewhere at most
    about PROBE_SECONDS: call it off the GUI thread."""
    if sys.platform.startswith("linux"):
        return sysfs_cameras()
    return probed_cameras()
