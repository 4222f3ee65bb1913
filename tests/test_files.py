"""studio.files.write_atomic, the one way the studio writes a file over an older one: whole or
not at all, private or with the umask's mode, never a temporary left behind. Real files."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pytest

from studio.commands.effects import write_image
from studio.commerce.catalog import load_catalog, save_catalog_csv, save_catalog_json
from studio.commerce.product import Product
from studio.files import write_atomic

ROOT = Path(__file__).resolve().parents[1]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def test_a_new_file_is_written_whole_and_private(tmp_path: Path, umask_022: None) -> None:
    path = tmp_path / "profile.json"
    write_atomic(path, b'{"version": 4}\n')
    assert path.read_bytes() == b'{"version": 4}\n'
    if os.name == "posix":
        assert mode(path) == 0o600  # this user only, whatever the umask
    assert os.listdir(tmp_path) == ["profile.json"]  # no temporary left


def test_a_shared_file_gets_the_mode_of_any_new_file(tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    for umask, expected in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        before = os.umask(umask)
        try:
            path = tmp_path / f"catalog-{umask:o}.csv"
            write_atomic(path, b"id,name\r\n", private=False)
        finally:
            os.umask(before)
        assert mode(path) == expected


def test_replacing_swaps_the_whole_file_under_a_reader(tmp_path: Path) -> None:
    path = tmp_path / "secrets.json"
    write_atomic(path, b"old " * 1000)
    with path.open("rb") as reader:  # opened before the write: it keeps the old file whole
        write_atomic(path, b"new")
        assert reader.read() == b"old " * 1000
    assert path.read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["secrets.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    """A disk that fills up half-way (the file size limit makes the write fail for real, in a
    child process so that pytest keeps its own limits)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("RLIMIT_FSIZE as a full disk")
    path = tmp_path / "profile.json"
    path.write_bytes(b"the old profile")
    child = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from studio.files import write_atomic
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failing write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_atomic(Path({str(path)!r}), b"x" * 100_000)
        except OSError as exc:
            print(type(exc).__name__, exc.errno)
            sys.exit(0)
        sys.exit("the write did not fail")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", child], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["OSError", str(errno.EFBIG)]  # "File too large"
    assert path.read_bytes() == b"the old profile"
    assert os.listdir(tmp_path) == ["profile.json"]


def test_a_missing_folder_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "gone" / "profile.json", b"{}")
    assert os.listdir(tmp_path) == []


def test_catalog_exports_are_atomic_and_shared(tmp_path: Path, umask_022: None) -> None:
    products = [
        Product("A1", "保温杯", Decimal("59")),
        Product("B2", "Tea Box", Decimal("88.50"), stock=12),
    ]
    csv_path, json_path = tmp_path / "catalog.csv", tmp_path / "catalog.json"
    csv_path.write_bytes(b"an older export")
    save_catalog_csv(products, csv_path)
    save_catalog_json(products, json_path)
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel's UTF-8 mark
    assert [p.name for p in load_catalog(csv_path).products] == ["保温杯", "Tea Box"]
    assert [p.id for p in load_catalog(json_path).products] == ["A1", "B2"]
    if os.name == "posix":
        assert mode(csv_path) == mode(json_path) == 0o644  # the merchant's files, to share
    assert sorted(os.listdir(tmp_path)) == ["catalog.csv", "catalog.json"]


def test_pictures_the_commands_write_are_whole_and_shared(tmp_path: Path, umask_022: None) -> None:
    picture = np.zeros((32, 48, 3), np.uint8)
    picture[:, 24:] = (0, 128, 255)
    path = tmp_path / "card.png"
    path.write_bytes(b"an older picture")
    write_image(path, picture)
    assert np.array_equal(cv2.imread(str(path)), picture)
    if os.name == "posix":
        assert mode(path) == 0o644
    assert os.listdir(tmp_path) == ["card.png"]
