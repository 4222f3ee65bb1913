"""A destination's "trust this certificate" file (rtmps to a self-hosted server): checked before
it is saved and before going live, so a moved or wrong file is named in plain words instead of
failing inside the TLS handshake."""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_CA_BYTES = 1 << 20  # a bundle of a few hundred certificates; anything larger is not one
PEM_CERTIFICATE = b"-----BEGIN CERTIFICATE-----"

# code -> English sentence; the window has its own translated sentence per code.
PROBLEMS = {
    "relative": "the certificate file must be given with its full path",
    "missing": "the certificate file is not there (moved or deleted?)",
    "not_file": "the certificate file is a folder or a device, not a file",
    "unreadable": "the certificate file cannot be read",
    "too_large": "the certificate file is too large to be a certificate (over 1 MiB)",
    "not_pem": "the certificate file holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
}


def ca_file_problem(path: str) -> str | None:
    """The PROBLEMS code for a certificate file that cannot be used; None when it can."""
    p = Path(path).expanduser()
    if not p.is_absolute():
        return "relative"
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not block
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        return "not_file"
    except OSError:
        return "unreadable"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a folder opens too, on Linux
            return "not_file"
        if info.st_size > MAX_CA_BYTES:
            return "too_large"
        head = os.read(fd, MAX_CA_BYTES)
    except OSError:
        return "unreadable"
    finally:
        os.close(fd)
    return None if PEM_CERTIFICATE in head else "not_pem"


def ca_file_message(path: str) -> str | None:
    """ca_file_problem as an English sentence, or None."""
    code = ca_file_problem(path)
    return PROBLEMS[code] if code else None
