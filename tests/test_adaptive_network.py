"""Adaptive bitrate on a real shaped link: nginx-rtmp and `studio stream` inside a network
namespace whose loopback the tbf qdisc limits to 60 % of the stream's bitrate.

Needs root and `ip netns` (CI runs as root on Debian); skipped otherwise.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from media import count_video_frames
from servers import RtmpServer

BITRATE = 2500  # kbps of video asked for
LINK = "1500kbit"  # 60 %: tbf counts every byte on the wire (audio, RTMP, TCP/IP headers)
LINK_KBPS = 1500
SHAPED_S = 25  # seconds under the limit, then it is lifted
DURATION = 45

STATUS = re.compile(
    r"\[\S+ (?P<state>\w+) (?P<kbps>\d+) kbps q (?P<q>[\d.]+)s target (?P<target>\d+)"
    r"(?P<adapting> adapting)? dropped (?P<dropped>\d+)(?: reconnects (?P<reconnects>\d+))?\]"
)


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check, timeout=10)


@pytest.fixture
def netns() -> str:
    if os.geteuid() != 0:
        pytest.skip("needs root for a network namespace and tc")
    if shutil.which("ip") is None or shutil.which("tc") is None:
        pytest.skip("iproute2 (ip, tc) not installed")
    name = f"studio-abr-{os.getpid()}"
    made = _ip("netns", "add", name, check=False)
    if made.returncode != 0:
        pytest.skip(f"ip netns unavailable: {made.stderr.strip()}")
    try:
        # Lower lo's 64 KiB MTU first: segments larger than tbf's bucket would be dropped.
        _ip("netns", "exec", name, "ip", "link", "set", "lo", "mtu", "1500")
        _ip("netns", "exec", name, "ip", "link", "set", "lo", "up")
        yield name
    finally:
        _ip("netns", "delete", name, check=False)


def _tc(ns: str, action: str, rate: str) -> None:
    cmd = ["ip", "netns", "exec", ns, "tc", "qdisc", action, "dev", "lo", "root", "tbf"]
    cmd += ["rate", rate, "burst", "64kbit", "latency", "400ms"]
    subprocess.run(
        cmd,
        check=True,
        capture_output=True,
        timeout=10,
    )


@pytest.fixture(scope="module")
def noise_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Random noise: x264 needs far more than the bitrate for it, so the stream really is as
    big as its bitrate (the synthetic test pattern compresses to a few hundred kbps)."""
    path = tmp_path_factory.mktemp("clip") / "noise.mp4"
    cmd = ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i"]
    cmd += ["nullsrc=s=640x360:r=30,geq=random(1)*255:128:128", "-t", "4"]
    cmd += ["-c:v", "libx264", "-preset", "ultrafast", "-qp", "20", str(path)]
    subprocess.run(
        cmd,
        check=True,
        timeout=60,
    )
    return path


@pytest.mark.slow
def test_shaped_link_adapts_stays_connected_and_recovers(
    netns: str, noise_clip: Path, tmp_path: Path
) -> None:
    _tc(netns, "add", LINK)
    server = RtmpServer(keys=["testkey"], directory=tmp_path / "nginx", netns=netns)
    server.start()
    record = tmp_path / "rec.mkv"
    lines: list[tuple[float, str]] = []
    cmd = ["ip", "netns", "exec", netns, sys.executable, "-m", "studio", "stream"]
    cmd += ["--source", f"file:{noise_clip}", "--audio", "none", "--canvas", "640x360"]
    cmd += ["--bitrate", str(BITRATE), "--to", server.url("testkey")]
    cmd += ["--record", str(record), "--duration", str(DURATION)]
    try:
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        start = time.monotonic()

        def read() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append((time.monotonic() - start, line.rstrip()))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        time.sleep(SHAPED_S)
        _tc(netns, "change", "50mbit")
        lifted = time.monotonic() - start
        proc.wait(DURATION + 30)
        reader.join(5)
    finally:
        server.stop()
    samples = []
    for t, line in lines:
        m = STATUS.search(line)
        if m:
            samples.append((t, m))
    text = "\n".join(line for _, line in lines)
    assert proc.returncode == 0, text
    assert samples, text
    live = [(t, m) for t, m in samples if m["state"] == "live"]
    assert live, text
    assert all(int(m["reconnects"] or 0) == 0 for _, m in samples), text
    first_live = live[0][0]
    # Settled below the link within 10 s of going live...
    settled = next((t for t, m in live if int(m["target"]) < LINK_KBPS), None)
    assert settled is not None and settled - first_live <= 10, text
    # ... and the queue stays short from then until the limit is lifted.
    queue = sorted(float(m["q"]) for t, m in live if settled + 2 <= t < lifted)
    assert queue, text
    p95 = queue[min(len(queue) - 1, int(0.95 * len(queue)))]
    shaped_target = min(int(m["target"]) for t, m in live if t < lifted)
    # Recovery: after the limit is lifted the target climbs back towards the configured rate.
    final_target = int(live[-1][1]["target"])
    print(
        f"\nfirst live {first_live:.1f}s, below link at {settled:.1f}s "
        f"({settled - first_live:.1f}s), queue p95 {p95:.2f}s, lowest target {shaped_target}, "
        f"lifted at {lifted:.1f}s, final target {final_target}\n"
        + " ".join(f"{t:.0f}:{m['kbps']}/{m['target']}/{m['q']}" for t, m in live)
    )
    assert p95 <= 2.0, text
    assert final_target >= shaped_target * 1.2, text
    # The recording is complete: every tick of the run (30 fps), whatever the link did.
    assert count_video_frames(record) == pytest.approx(DURATION * 30, abs=20)
