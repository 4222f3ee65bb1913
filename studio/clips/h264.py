"""The few H.264 bytes a spliced clip needs: a recording's parameter sets (its avcC), the NAL
units of an encoder's Annex B packets, and one avcC carrying both encoders' sets.

A spliced clip is a re-encoded head (the explanation's start up to the recording's next
keyframe) followed by the recording's own packets. The two encoders' sequence and picture
parameter sets differ, and an MP4 track has one avcC; the avcC may hold several sets, told apart
by their ids, so the head's encoder is given ids the recording does not use (x264's `sps-id`)
and the avcC carries all of them (ISO/IEC 14496-15: up to 31 SPS and 255 PPS)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

IDR, SPS, PPS = 5, 7, 8


@dataclass(frozen=True)
class AvcConfig:
    profile: int
    compatibility: int
    level: int
    length_size: int  # bytes before each NAL unit in a sample
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]
    tail: bytes  # what follows the sets (the High profiles' chroma and bit depth fields)


def read_avcc(data: bytes) -> AvcConfig | None:
    """The avcC box's content (an MP4's or Matroska's H.264 extradata); None when it is not one
    (Annex B extradata, or none)."""
    try:
        if len(data) < 7 or data[0] != 1:
            return None
        pos = 6
        sps = []
        for _ in range(data[5] & 0x1F):
            (n,) = struct.unpack_from(">H", data, pos)
            sps.append(data[pos + 2 : pos + 2 + n])
            pos += 2 + n
        pps = []
        count = data[pos]
        pos += 1
        for _ in range(count):
            (n,) = struct.unpack_from(">H", data, pos)
            pps.append(data[pos + 2 : pos + 2 + n])
            pos += 2 + n
        if pos > len(data) or not sps or not pps:
            return None
        return AvcConfig(
            data[1], data[2], data[3], (data[4] & 3) + 1, tuple(sps), tuple(pps), data[pos:]
        )
    except (IndexError, struct.error):
        return None


def write_avcc(config: AvcConfig) -> bytes:
    sizes = 0xFC | (config.length_size - 1)
    out = bytes([1, config.profile, config.compatibility, config.level, sizes])
    out += bytes([0xE0 | len(config.sps)])
    for s in config.sps:
        out += struct.pack(">H", len(s)) + s
    out += bytes([len(config.pps)])
    for p in config.pps:
        out += struct.pack(">H", len(p)) + p
    return out + config.tail


def annexb_nals(data: bytes) -> list[bytes]:
    """The NAL units of an Annex B packet (start codes 00 00 01 or 00 00 00 01)."""
    cuts = []
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        cuts.append(i)
        i = data.find(b"\x00\x00\x01", i + 3)
    nals = []
    for n, at in enumerate(cuts):
        end = cuts[n + 1] if n + 1 < len(cuts) else len(data)
        nal = data[at + 3 : end]
        if n + 1 < len(cuts):
            nal = nal.rstrip(b"\x00")  # a 4-byte start code's leading zero, trailing zeros
        if nal:
            nals.append(nal)
    return nals


def avcc_sample(nals: list[bytes]) -> bytes:
    """NAL units as an MP4 sample: each behind its 4-byte length."""
    return b"".join(struct.pack(">I", len(n)) + n for n in nals)


def sample_nal_types(sample: bytes, length_size: int = 4) -> list[int]:
    """The NAL unit types of an MP4 / Matroska sample."""
    kinds, pos = [], 0
    while pos + length_size < len(sample):
        n = int.from_bytes(sample[pos : pos + length_size], "big")
        kinds.append(nal_type(sample[pos + length_size : pos + length_size + 1] or b"\x00"))
        pos += length_size + n
    return kinds


def nal_type(nal: bytes) -> int:
    return nal[0] & 0x1F


def _rbsp(nal: bytes) -> bytes:
    """The payload without the emulation-prevention bytes (00 00 03 -> 00 00)."""
    return nal[1:].replace(b"\x00\x00\x03", b"\x00\x00")


def _ue(bits: str, pos: int) -> tuple[int, int]:
    """An unsigned Exp-Golomb number at `pos` of a bit string: (value, next position)."""
    zeros = 0
    while bits[pos + zeros] == "0":
        zeros += 1
    value = int(bits[pos + zeros : pos + 2 * zeros + 1], 2) - 1
    return value, pos + 2 * zeros + 1


def _bits(data: bytes) -> str:
    return "".join(f"{b:08b}" for b in data[:16])


def sps_id(sps: bytes) -> int:
    """seq_parameter_set_id: after profile, constraints and level."""
    return _ue(_bits(_rbsp(sps)[3:]), 0)[0]


def pps_ids(pps: bytes) -> tuple[int, int]:
    """(pic_parameter_set_id, the seq_parameter_set_id it refers to)."""
    bits = _bits(_rbsp(pps))
    pid, pos = _ue(bits, 0)
    return pid, _ue(bits, pos)[0]


def free_id(config: AvcConfig) -> int | None:
    """An id neither the recording's SPS nor its PPS use (x264 numbers both with it)."""
    try:
        used = {sps_id(s) for s in config.sps} | {pps_ids(p)[0] for p in config.pps}
    except (IndexError, ValueError):
        return None
    return next((i for i in range(32) if i not in used), None)


def joined(recording: AvcConfig, head_sps: bytes, head_pps: bytes) -> AvcConfig:
    """One avcC for the spliced clip: the recording's sets and the head's."""
    return AvcConfig(
        recording.profile,
        recording.compatibility & head_sps[2],
        max(recording.level, head_sps[3]),
        recording.length_size,
        (*recording.sps, head_sps),
        (*recording.pps, head_pps),
        recording.tail,
    )
