"""The Linux app bundle (`make dist`): built from this checkout, then run as a merchant would.

The bundle is built once for the module (about a minute) with installer/build.sh into a temporary
folder and every run starts it from another folder, with a home and config of its own and no
virtualenv in sight. After each run the bundle's files are compared with how the build left them:
the app writes nothing inside its own folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest
from media import count_video_frames, video_info
from servers import RtmpServer

ROOT = Path(__file__).resolve().parents[1]
APP = "ShopcastStudio"
SIZE_LIMIT = 450 * 10**6  # the 450 MB, read as decimal megabytes (the stricter reading)
FPS = 30

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle"),
    pytest.mark.timeout(900),
]


def _files(bundle: Path) -> dict[str, tuple[int, int]]:
    """Every file in the bundle: (size, modification time)."""
    return {
        str(p.relative_to(bundle)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in bundle.rglob("*")
        if not p.is_dir()
    }


class Bundle:
    def __init__(self, folder: Path, elsewhere: Path) -> None:
        self.folder = folder
        self.app = folder / APP
        self.cwd = elsewhere / "work"  # not the bundle, not the checkout
        self.cwd.mkdir()
        home = elsewhere / "home"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "SHOPCAST_MODELS")
        }
        self.env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local/share"),
            XDG_CACHE_HOME=str(home / ".cache"),
            QT_QPA_PLATFORM="offscreen",
            PATH="/usr/local/bin:/usr/bin:/bin",  # the checkout's .venv/bin is not on it
        )
        self.built = _files(folder)

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(self.app), *args],
            cwd=self.cwd,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        proc = self.start(*args)
        try:
            out, err = proc.communicate(timeout=timeout)
        finally:
            proc.kill()
        self.assert_untouched()
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def assert_untouched(self) -> None:
        now = _files(self.folder)
        changed = sorted(
            name for name in now.keys() | self.built.keys() if now.get(name) != self.built.get(name)
        )
        assert not changed, f"the app wrote inside its own folder: {changed[:10]}"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bundle]:
    out = tmp_path_factory.mktemp("dist")
    env = {
        **os.environ,
        "DIST_DIR": str(out),
        "WORK_DIR": str(out / "work"),
        "PYTHON": sys.executable,
    }
    build = subprocess.run(
        ["bash", str(ROOT / "installer" / "build.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, (build.stdout + build.stderr)[-4000:]
    print(build.stdout[-2000:])
    yield Bundle(out / APP, tmp_path_factory.mktemp("elsewhere"))


def test_the_tarball_and_the_appimage_are_made(bundle: Bundle, tmp_path: Path) -> None:
    dist = bundle.folder.parent
    tarball = next(dist.glob("ShopcastStudio-*-linux-*.tar.gz"))
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    assert {f"{APP}/{APP}", f"{APP}/install.sh", f"{APP}/_internal/models/manifest.json"} <= names

    appimage = next(dist.glob("ShopcastStudio-*.AppImage"))
    # FUSE is not assumed (CI has none): the runtime unpacks the image and runs it instead.
    env = {**bundle.env, "TMPDIR": str(tmp_path), "APPIMAGE_EXTRACT_AND_RUN": "1"}
    run = subprocess.run(
        [str(appimage), "doctor", "--json"],
        cwd=bundle.cwd, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout)
    assert report["models"]["list"] and all(m["status"] == "ok" for m in report["models"]["list"])
    assert len(report["fonts"]["bundled"]) == 2
    sizes = [p.stat().st_size / 1e6 for p in (tarball, appimage)]
    print(f"tarball {sizes[0]:.0f} MB, AppImage {sizes[1]:.0f} MB")


def test_the_bundle_holds_the_app_models_fonts_and_nothing_of_the_tests(bundle: Bundle) -> None:
    internal = bundle.folder / "_internal"
    size = sum(
        p.stat().st_size for p in bundle.folder.rglob("*") if p.is_file() and not p.is_symlink()
    )
    print(f"bundle: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB)")
    assert size <= SIZE_LIMIT

    shipped = {p.name for p in (ROOT / "models").glob("*.onnx")}
    assert shipped and shipped <= {p.name for p in (internal / "models").iterdir()}
    assert (internal / "models" / "manifest.json").is_file()
    fonts = {p.name for p in (internal / "assets" / "fonts").iterdir()}
    assert {"NotoSansSC-Regular.otf", "NotoSansSC-Bold.otf", "OFL.txt"} <= fonts
    assert (internal / "studio" / "ui" / "translations" / "studio_zh_CN.qm").is_file()
    assert (internal / "assets" / "icon" / "shopcast-studio.png").is_file()
    platforms = {p.name for p in (internal / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()}
    assert {"libqxcb.so", "libqwayland.so", "libqoffscreen.so"} <= platforms
    for name in ("install.sh", "shopcast-studio.desktop", "README.txt", "shopcast-studio.png"):
        assert (bundle.folder / name).is_file(), name

    # The test tools of the build's virtualenv stay out, as folders and as bundled modules.
    from PyInstaller.archive.readers import CArchiveReader

    for tool in ("pytest", "_pytest", "matplotlib", "scipy", "skimage", "openpyxl", "PyInstaller"):
        assert not (internal / tool).exists(), tool
    archive = CArchiveReader(str(bundle.app))
    pyz = archive.open_embedded_archive(next(n for n in archive.toc if n.endswith(".pyz")))
    modules = {name.split(".")[0] for name in pyz.toc}
    assert "studio" in modules
    assert not modules & {"pytest", "_pytest", "matplotlib", "scipy", "skimage", "openpyxl", "xlwt"}


def test_doctor_works_from_the_bundle_and_finds_its_models_and_fonts(bundle: Bundle) -> None:
    run = bundle.run("doctor", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    internal = bundle.folder / "_internal"
    assert report["models"]["error"] is None
    assert Path(report["models"]["dir"]) == internal / "models"
    assert report["models"]["list"] and all(m["status"] == "ok" for m in report["models"]["list"])
    assert [Path(f).parent for f in report["fonts"]["bundled"]] == [
        internal / "assets" / "fonts"
    ] * 2
    assert "libx264" in report["h264_encoders"]
    assert "cpu" in report["onnx_providers"]
    assert report["versions"]["av"] and report["versions"]["onnxruntime"]  # metadata bundled

    text = bundle.run("doctor")
    assert text.returncode == 0 and "Traceback" not in text.stdout + text.stderr
    assert "face_landmark: ok" in text.stdout


def _colourful(path: Path) -> float:
    """How far the last frames of a recording are from grey (the camera's reconnect card)."""
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) > FPS
    tail = np.stack(frames[-FPS:]).astype(np.int16)
    return float(
        np.abs(tail[..., 0] - tail[..., 1]).mean() + np.abs(tail[..., 1] - tail[..., 2]).mean()
    )


def test_a_five_second_stream_reaches_nginx_through_the_bundles_relay(
    bundle: Bundle, rtmp_server: RtmpServer, tmp_path: Path
) -> None:
    # A: a test pattern to live/testkey. B, the five-second stream under test: A's stream read
    # back as an IP camera (OpenCV in the bundle, on the FFmpeg it shares with PyAV) to
    # live/second, recorded locally too.
    feed = bundle.start(
        "stream", "--source", "synthetic", "--to", rtmp_server.url("testkey"),
        "--canvas", "640x360", "--fps", str(FPS), "--duration", "40", "--quiet",
    )  # fmt: skip
    try:
        rtmp_server.wait_published("testkey", timeout=30)
        recording = tmp_path / "b.mkv"
        run = bundle.run(
            "stream", "--source", f"camera:{rtmp_server.url('testkey')}",
            "--to", rtmp_server.url("second"), "--record", str(recording),
            "--canvas", "640x360", "--fps", str(FPS), "--duration", "5",
        )  # fmt: skip
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        assert "Traceback" not in run.stderr
    finally:
        feed.terminate()
        feed.communicate(timeout=30)
    bundle.assert_untouched()

    received = rtmp_server.recorded("second")
    frames = count_video_frames(received)
    assert frames >= 4 * FPS, f"nginx received {frames} frames of a 5 s stream"
    assert video_info(received)["width"] == 640
    # The camera's picture (the coloured test pattern) came through, not the grey waiting card.
    colour = _colourful(recording)
    print(f"received {frames} frames; colour {colour:.1f}")
    assert colour > 20


def test_the_window_opens_offscreen_and_shows_its_title(bundle: Bundle, tmp_path: Path) -> None:
    run = bundle.run("--profile", str(tmp_path / "profile.json"), "--exit-after", "2", timeout=90)
    assert run.returncode == 0, run.stderr[-2000:]
    shown = [line for line in run.stdout.splitlines() if line.startswith("window-shown")]
    assert shown and shown[0].endswith("Shopcast Studio"), run.stdout
    assert "Traceback" not in run.stderr
    assert (tmp_path / "profile.json").is_file()  # its settings went where it was told
