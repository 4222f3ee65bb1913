"""The H.264 bytes a spliced clip is made of (studio.clips.h264), on real x264 output: an avcC
read and written back unchanged, Annex B packets split into their NAL units, parameter-set ids
read, and a free id found for the head's encoder."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from studio.clips import h264


def _x264(params: str = "", frames: int = 3) -> list[bytes]:
    """Annex B packets of a tiny x264 encode."""
    enc = av.CodecContext.create("libx264", "w")
    enc.width, enc.height, enc.pix_fmt = 64, 64, "yuv420p"
    enc.time_base = Fraction(1, 30)
    enc.options = {"preset": "ultrafast", "x264-params": params} if params else {}
    out = []
    for i in range(frames):
        frame = av.VideoFrame.from_ndarray(np.full((64, 64, 3), i * 40, np.uint8), format="rgb24")
        frame = frame.reformat(format="yuv420p")
        frame.pts = i
        out += [bytes(p) for p in enc.encode(frame)]
    return out + [bytes(p) for p in enc.encode(None)]


def _avcc(tmp_path: Path) -> bytes:
    """The avcC a recording's track carries (Matroska from x264, as the studio records)."""
    path = tmp_path / "x.mkv"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 64, 64, "yuv420p"
        for i in range(3):
            frame = av.VideoFrame.from_ndarray(np.zeros((64, 64, 3), np.uint8), format="rgb24")
            frame.pts = i
            for packet in stream.encode(frame.reformat(format="yuv420p")):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    with av.open(str(path)) as back:
        return bytes(back.streams.video[0].codec_context.extradata)


def test_an_avcc_is_read_and_written_back_unchanged(tmp_path: Path) -> None:
    data = _avcc(tmp_path)
    config = h264.read_avcc(data)
    assert config is not None and len(config.sps) == 1 and len(config.pps) == 1
    assert h264.nal_type(config.sps[0]) == h264.SPS and h264.nal_type(config.pps[0]) == h264.PPS
    assert h264.write_avcc(config) == data
    assert h264.sps_id(config.sps[0]) == 0 and h264.pps_ids(config.pps[0]) == (0, 0)
    assert h264.free_id(config) == 1
    assert config.length_size == 4
    assert h264.read_avcc(b"\x00\x00\x00\x01" + data) is None  # Annex B: not an avcC


def test_the_heads_encoder_numbers_its_sets_apart_and_one_avcc_carries_both(
    tmp_path: Path,
) -> None:
    recording = h264.read_avcc(_avcc(tmp_path))
    assert recording is not None
    packets = _x264("sps-id=1:bframes=0")
    nals = [n for p in packets for n in h264.annexb_nals(p)]
    kinds = [h264.nal_type(n) for n in nals]
    assert kinds[:2] == [h264.SPS, h264.PPS] and 5 in kinds  # its IDR picture
    sps, pps = nals[0], nals[1]
    assert h264.sps_id(sps) == 1 and h264.pps_ids(pps) == (1, 1)
    both = h264.read_avcc(h264.write_avcc(h264.joined(recording, sps, pps)))
    assert both is not None
    assert [h264.sps_id(s) for s in both.sps] == [0, 1]
    assert [h264.pps_ids(p)[0] for p in both.pps] == [0, 1]
    sample = h264.avcc_sample(nals[2:])
    assert int.from_bytes(sample[:4], "big") == len(nals[2])
