"""Writing the studio's own files (the profile, its copies, the secrets file, the window's wake-up
address, exported catalogs) so that a crash, a power cut or a full disk never leaves half a file
behind: the one way every module writes a file over an older one."""

from __future__ import annotations

import errno
import os
from pathlib import Path

PRIVATE_MODE = 0o600  # profiles and secrets: this user only
SHARED_MODE = 0o666  # less the umask, as any new file: what the merchant exports to share
_TRIES = 100  # temporary names tried before giving up (each is random: a clash is a fluke)
# A folder that cannot be flushed on its own (some network and FUSE file systems say so): the
# rename is then as durable as that file system makes it.
_NO_FOLDER_SYNC = {errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EACCES}


def write_atomic(
    path: Path, data: bytes, *, private: bool = True, sync_folder: bool = True
) -> None:
    """Write `data` to `path` whole or not at all, and durably: a temporary file in the same
    folder, flushed to disk, renamed over `path`, then the folder flushed so that the rename
    itself survives a power cut. A reader sees the old bytes or the new, never a mix; on failure
    the temporary file is removed and `path` is untouched.

    `private`: readable by this user only (0600 from its creation, before a byte is written);
    otherwise the mode any new file gets here (0666 less the umask). `sync_folder` False: the
    caller writes another file in the same folder next and flushes the folder once, then."""
    fd, tmp = _create_beside(path, PRIVATE_MODE if private else SHARED_MODE)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sync_folder:
        _sync_folder(path.parent)


def _create_beside(path: Path, mode: int) -> tuple[int, Path]:
    """A new, empty file beside `path` (same file system, so the rename is atomic), created with
    `mode` (the umask applies) and never an existing file or a link (O_EXCL)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_TRIES):
        tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries (POSIX). Windows has no folder handle to flush; NTFS journals
    the rename itself."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        if exc.errno in _NO_FOLDER_SYNC:
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_FOLDER_SYNC:
            raise
    finally:
        os.close(fd)
