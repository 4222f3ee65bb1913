"""`studio stream` end to end: real encodes pushed to a real nginx-rtmp and read back."""

from __future__ import annotations

import itertools
import signal
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from media import (
    audio_info,
    count_video_frames,
    duration,
    keyframe_times,
    video_info,
    video_packets,
)
from servers import RtmpServer
from streaming import assert_clean_error, start_studio, studio

KEY = "testkey"


def _check_stream(path: Path, width: int, height: int, seconds: float) -> None:
    """What platforms ask for: the size, 30 fps, a keyframe every 2.0 s, AAC-LC 48 kHz."""
    video = video_info(path)
    assert (video["codec"], video["width"], video["height"]) == ("h264", width, height)
    assert video["profile"] == "High"
    packets = video_packets(path)
    times = [p["dts_time"] for p in packets]
    assert all(b > a for a, b in itertools.pairwise(times)), "timestamps not monotonic"
    span = times[-1] - times[0]
    assert len(packets) / (span + 1 / 30) == pytest.approx(30, abs=0.6)
    assert len(packets) >= (seconds - 1) * 30
    keys = keyframe_times(path)
    gaps = [round(b - a, 3) for a, b in itertools.pairwise(keys)]
    assert gaps and all(g == pytest.approx(2.0, abs=0.04) for g in gaps), gaps
    audio = audio_info(path)
    assert (audio["codec"], audio["sample_rate"], audio["channels"]) == ("aac", 48000, 2)
    assert audio["profile"] == "LC"


@pytest.mark.slow
def test_portrait_push_reads_back_as_platforms_want(rtmp_server: RtmpServer, tmp_path: Path):
    record = tmp_path / "show.mkv"
    run = studio(
        "stream", "--source", "synthetic", "--to", rtmp_server.url(KEY), "--canvas", "720x1280",
        "--duration", "10", "--record", str(record),
    )  # fmt: skip
    assert run.returncode == 0, run.output
    assert "Traceback" not in run.output
    assert KEY not in run.output  # the stream key is never printed
    status = [line for line in run.stdout.splitlines() if " fps " in line]
    assert len(status) >= 8 and "live" in status[-1], run.stdout
    received = rtmp_server.recorded(KEY)
    _check_stream(received, 720, 1280, 10)
    _check_stream(record, 720, 1280, 10)
    # The server got every frame the recording has: one encode feeds both.
    assert count_video_frames(received) == count_video_frames(record)


@pytest.mark.slow
def test_two_destinations_landscape(rtmp_server: RtmpServer, tmp_path: Path):
    run = studio(
        "stream", "--to", rtmp_server.url("testkey"), "--to", rtmp_server.url("second"),
        "--canvas", "1280x720", "--duration", "5",
    )  # fmt: skip
    assert run.returncode == 0, run.output
    for key in ("testkey", "second"):
        path = rtmp_server.recorded(key)
        assert (video_info(path)["width"], video_info(path)["height"]) == (1280, 720)
        assert count_video_frames(path) >= 4 * 30


def test_wrong_key_is_refused_clearly_and_recording_goes_on(
    rtmp_server: RtmpServer, tmp_path: Path
):
    record = tmp_path / "rec.mkv"
    secret = "wrongkey123"
    run = studio(
        "stream", "--to", rtmp_server.url(secret), "--record", str(record), "--duration", "4",
        "--canvas", "720x1280",
    )  # fmt: skip
    assert run.returncode == 1, run.output
    assert "refused the stream key" in run.stderr
    assert secret not in run.output
    assert_clean_error(run)
    assert count_video_frames(record) >= 3 * 30


def test_nothing_listening(tmp_path: Path):
    from servers import free_port

    run = studio("stream", "--to", f"rtmp://127.0.0.1:{free_port()}/live/abc", "--duration", "5")
    assert run.returncode == 1
    assert "nothing is listening" in run.stderr
    assert_clean_error(run)


def test_key_already_live(rtmp_server: RtmpServer, tmp_path: Path):
    first = start_studio("stream", "--to", rtmp_server.url(KEY), "--canvas", "720x1280")
    try:
        rtmp_server.wait_published(KEY)
        run = studio("stream", "--to", rtmp_server.url(KEY), "--duration", "4")
    finally:
        first.send_signal(signal.SIGINT)
        _out, err = first.communicate(timeout=30)
    assert run.returncode == 1, run.output
    assert "already live" in run.stderr
    assert_clean_error(run)
    assert first.returncode == 0, err  # Ctrl-C ends a run cleanly
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--to", "http://example.com/live/x"], "must start with rtmp://"),
        (["--to", "rtmp://host"], "no application path"),
        (["--source", "webcam:0", "--record", "{tmp}/x.mkv"], "unknown source"),
        (["--record", "{tmp}/missing-folder/x.mkv"], "does not exist"),
        (["--record", "{tmp}/x.avi"], ".mkv or .mp4"),
        (["--source", "file:{tmp}/nope.mp4", "--record", "{tmp}/x.mkv"], "nope.mp4"),
        (["--canvas", "721x1280", "--record", "{tmp}/x.mkv"], "even"),
        ([], "nothing to do"),
    ],
)
def test_bad_input_is_one_clear_line(args: list[str], expected: str, tmp_path: Path):
    run = studio("stream", "--duration", "1", *(a.format(tmp=tmp_path) for a in args))
    assert run.returncode == 2, run.output
    assert expected in run.stderr
    assert_clean_error(run)


def test_unwritable_recording_path():
    """/proc exists and passes the permission check even for root, but no file can be made
    there: the failure comes from opening the file, and must still read as one line."""
    run = studio("stream", "--record", "/proc/studio-test.mkv", "--duration", "1")
    assert run.returncode == 2, run.output
    assert "cannot record to /proc/studio-test.mkv" in run.stderr
    assert_clean_error(run)


@pytest.mark.slow
def test_server_killed_midstream_recording_stays_complete(rtmp_server: RtmpServer, tmp_path):
    record = tmp_path / "insurance.mkv"
    run_proc = start_studio(
        "stream", "--to", rtmp_server.url(KEY), "--record", str(record), "--duration", "8",
        "--canvas", "720x1280",
    )  # fmt: skip
    rtmp_server.wait_published(KEY)
    time.sleep(2)
    rtmp_server.kill()
    out, err = run_proc.communicate(timeout=60)
    assert "Traceback" not in out + err
    assert run_proc.returncode == 1, out + err  # the destination did not make it to the end
    assert "reconnecting" in out  # reported in the status lines
    assert "connection lost" in err
    frames = count_video_frames(record)
    assert frames == pytest.approx(8 * 30, abs=15)  # every tick of the run, gap-free
    packets = video_packets(record)
    assert len(packets) == frames
    assert video_info(record)["fps"] == pytest.approx(30, abs=0.1)


@pytest.mark.slow
def test_server_killed_and_back_is_reconnected_within_3_s_and_nothing_is_lost(
    rtmp_server: RtmpServer, tmp_path: Path
):
    """A platform closes the room after 1-2 minutes without a stream: the studio must be back
    within seconds of the server, and the local recording must not miss a frame meanwhile."""
    record = tmp_path / "insurance.mkv"
    run_proc = start_studio(
        "stream", "--to", rtmp_server.url(KEY), "--record", str(record), "--duration", "14",
        "--canvas", "360x640",
    )  # fmt: skip
    rtmp_server.wait_published(KEY)
    time.sleep(1.5)
    rtmp_server.kill()
    time.sleep(3)  # the studio retries at once, then every few seconds
    rtmp_server.start()
    back = time.monotonic()
    run_proc.send_signal(signal.SIGUSR1)  # "reconnect now", as the status line offers
    rtmp_server.wait_published(KEY, timeout=10)  # the nginx stat counts since its start
    reconnect_s = time.monotonic() - back
    out, err = run_proc.communicate(timeout=60)
    assert "Traceback" not in out + err
    assert reconnect_s <= 3.0, f"back on air {reconnect_s:.1f} s after the server"
    assert "reconnecting" in out and "live" in out.split("reconnecting")[-1]
    assert "kill -USR1" in out and ": reconnecting now" in out
    frames = count_video_frames(record)
    assert frames == pytest.approx(14 * 30, abs=15)  # every tick of the run, gap-free


def test_file_and_image_sources_layered_with_silent_track(tmp_path: Path):
    """A looped video file with a logo image over it; no microphone here -> silent track."""
    import av

    clip = tmp_path / "clip.mp4"
    with av.open(str(clip), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for i in range(20):  # 0.67 s: the 3 s run must loop it
            img = np.full((240, 320, 3), (i * 12) % 255, np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="bgr24")
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    logo = tmp_path / "商标.png"
    rgba = np.zeros((64, 64, 4), np.uint8)
    rgba[:, 32:, 2], rgba[:, 32:, 3] = 255, 255  # right half opaque red, left half see-through
    cv2.imencode(".png", rgba)[1].tofile(str(logo))
    record = tmp_path / "layers.mp4"
    run = studio(
        "stream", "--source", f"file:{clip}", "--source", f"image:{logo}",
        "--canvas", "720x1280", "--record", str(record), "--duration", "3",
    )  # fmt: skip
    assert run.returncode == 0, run.output
    assert "silent track" in run.stdout  # the notice about the missing microphone
    assert count_video_frames(record) >= 2 * 30
    audio = audio_info(record)
    assert (audio["codec"], audio["sample_rate"]) == ("aac", 48000)
    with av.open(str(record)) as container:
        frame = next(container.decode(video=0))
        samples = next(container.decode(audio=0)).to_ndarray()
    picture = frame.to_ndarray(format="bgr24")
    assert picture.shape == (1280, 720, 3)
    # Both layers fill the canvas: the file shows through the image's transparent left half.
    right, left = picture[640, 600].astype(int), picture[640, 100].astype(int)
    assert right[2] > 200 and right[1] < 60
    assert abs(left[0] - left[2]) < 20 and abs(left[1] - left[2]) < 20  # the grey clip
    assert np.abs(samples).max() < 1e-3


@pytest.mark.slow
def test_stopped_mp4_recording_plays_and_seeks(tmp_path: Path):
    """An MP4 recording stays fragmented after a normal stop (crash-safe while it runs, no
    rewrite at the end): it has the whole run, what platforms want, its random-access index
    at the end (mfra), and a player can seek in it."""
    import av

    record = tmp_path / "show.mp4"
    run = studio(
        "stream", "--source", "synthetic", "--canvas", "640x360", "--record", str(record),
        "--duration", "5", "--quiet",
    )  # fmt: skip
    assert run.returncode == 0, run.output
    assert duration(record) == pytest.approx(5.0, abs=0.5)
    _check_stream(record, 640, 360, 5)
    data = record.read_bytes()
    assert b"moof" in data and data[-12:-8] == b"mfro", "not a fragmented MP4 with its index"
    with av.open(str(record)) as container:
        video = container.streams.video[0]
        container.seek(int(3.5 / video.time_base), stream=video)
        frame = next(container.decode(video))
    assert frame.key_frame and frame.time == pytest.approx(2.0, abs=0.05)


def test_profile_with_signed_push_url(rtmp_server: RtmpServer, tmp_path: Path):
    """A profile's scene, canvas and destination drive the run; a Chinese-platform push URL with
    its signed query string is used exactly as given (the server accepts it as key `testkey`)."""
    import json

    signed = rtmp_server.url(KEY) + "?sign=8f3a%2Fb9&expire=1767225600&txSecret=x-y_z"
    profile = {
        "version": 1,
        "canvas": {"width": 720, "height": 1280, "fps": 25},
        "encoder": {"bitrate_kbps": 1800},
        "scenes": [{"name": "Main", "layers": [{"name": "Pattern", "source": "synthetic"}]}],
        "current_scene": "Main",
        "audio_sources": [],
        "destinations": [{"name": "Douyin", "platform": "douyin", "server": signed}],
    }
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    run = studio("stream", "--profile", str(path), "--duration", "4")
    assert run.returncode == 0, run.output
    assert "[Douyin live" in run.stdout
    assert "8f3a" not in run.output and KEY not in run.output
    received = rtmp_server.recorded(KEY)
    info = video_info(received)
    assert (info["width"], info["height"]) == (720, 1280)
    assert info["fps"] == pytest.approx(25, abs=0.5)


def test_broken_profile_is_one_clear_line(tmp_path: Path):
    path = tmp_path / "profile.json"
    path.write_text('{"version": 1, "canvas": {"fps": 31}', encoding="utf-8")
    run = studio("stream", "--profile", str(path), "--record", str(tmp_path / "x.mkv"))
    assert run.returncode == 2
    assert_clean_error(run)


def test_invalid_profile_fields_named_on_one_line(tmp_path: Path):
    path = tmp_path / "profile.json"
    path.write_text('{"version": 1, "canvas": {"fps": 31}}', encoding="utf-8")
    run = studio("stream", "--profile", str(path), "--record", str(tmp_path / "x.mkv"))
    assert run.returncode == 2
    assert "canvas.fps must be one of 25, 30, 60" in run.stderr
    assert_clean_error(run)


@pytest.mark.slow
def test_hung_server_blocks_neither_the_other_destination_nor_the_recording(
    rtmp_server: RtmpServer, tmp_path: Path
):
    """A server that accepts connections but never answers (SIGSTOP) fails on its own after the
    connect timeout; the healthy destination and the recording get every frame meanwhile."""
    record = tmp_path / "rec.mkv"
    with RtmpServer(keys=[KEY], directory=tmp_path / "hung") as hung:
        hung.pause()
        try:
            run = studio(
                "stream", "--to", hung.url(KEY), "--to", rtmp_server.url(KEY),
                "--record", str(record), "--canvas", "720x1280", "--duration", "13",
            )  # fmt: skip
        finally:
            hung.resume()
    assert run.returncode == 1, run.output
    assert "did not answer" in run.stderr
    assert_clean_error(run)
    frames = count_video_frames(record)
    assert frames == pytest.approx(13 * 30, abs=15)
    assert count_video_frames(rtmp_server.recorded(KEY)) >= frames - 30
