"""Secrets masked in every shape a merchant pastes them, at the one place all text passes.

The real command line against a real nginx-rtmp: a bare key where a push URL belongs, a key as
the only path segment, after a backslash, split by a slash; and log records with tracebacks
(a connector's API URL with its key) through the same masking.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from servers import RtmpServer
from streaming import assert_clean_error, studio

from studio import redact
from studio.urls import mask_url, split_secret_parts

SECRET = "live_9f8e7d6c5b4aSECRET"


def test_a_bare_key_where_a_push_url_belongs_is_named_not_echoed():
    run = studio("stream", "--to", SECRET, "--duration", "1")
    assert run.returncode == 2, run.output
    assert "looks like a stream key, not a push URL" in run.stderr
    assert SECRET not in run.output
    assert_clean_error(run)


@pytest.mark.parametrize(
    "shape",
    [
        "rtmp://127.0.0.1:{port}/{key}",  # the key as the only path segment
        "rtmp://127.0.0.1:{port}/live\\{key}",  # a backslash instead of a slash
        "rtmp://127.0.0.1:{port}/live/{half}/{rest}",  # a key with a slash in it
    ],
)
def test_status_lines_and_errors_never_show_the_key(rtmp_server: RtmpServer, shape: str):
    half, rest = SECRET[:11], SECRET[11:]
    url = shape.format(port=rtmp_server.port, key=SECRET, half=half, rest=rest)
    run = studio("stream", "--to", url, "--canvas", "360x640", "--duration", "3")
    assert run.returncode != 0, run.output  # nginx refuses an unknown app or key
    assert "Traceback" not in run.output
    for secret in (SECRET, half, rest):
        assert secret not in run.output, run.output


def test_url_shapes_are_masked_after_the_application():
    assert mask_url(f"rtmp://h/{SECRET}") == "rtmp://h/****"
    assert mask_url("rtmp://h/live") == "rtmp://h/live"  # a server URL alone keeps its app
    assert mask_url(f"rtmp://h/live\\{SECRET}") == "rtmp://h/live\\****"
    assert mask_url(f"rtmp://h/live/{SECRET[:5]}/{SECRET[5:]}") == "rtmp://h/live/****"
    assert mask_url(SECRET) == "****"
    assert SECRET in split_secret_parts(f"rtmp://h/{SECRET}")


@pytest.fixture
def masked_log() -> Iterator[io.StringIO]:
    """Log records go through the studio's masking into this buffer."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    redact.install()
    try:
        yield out
    finally:
        root.removeHandler(handler)
        logging.setLogRecordFactory(logging.LogRecord)
        redact.forget_all()


def test_a_traceback_with_an_api_key_in_a_url_is_masked(masked_log: io.StringIO):
    api_key = "AIzaSyDUMMYKEY0123456789abcdefghi"
    log = logging.getLogger("studio.chat.youtube")
    try:
        raise OSError(
            "GET https://www.googleapis.com/youtube/v3/liveChat/messages"
            f"?liveChatId=Cg0KC&part=snippet&key={api_key} failed"
        )
    except OSError:
        log.exception("poll failed for %s", f"https://example.com/x?key={api_key}")
    text = masked_log.getvalue()
    assert "Traceback" in text and "OSError" in text  # the traceback is kept, the key is not
    assert api_key not in text
    assert "key=****" in text


def test_a_remembered_secret_is_masked_in_any_shape(masked_log: io.StringIO):
    token = "oauth:abcd/efgh+1234=5678"
    redact.remember(token)
    redact.remember_url(f"rtmp://h/live/{SECRET}")
    logging.getLogger("studio.test").warning(
        "said %s and %s and %s", token, f"prefix-{SECRET}-suffix", quote(token, safe="")
    )
    text = masked_log.getvalue()
    assert token not in text and SECRET not in text and quote(token, safe="") not in text
    assert text.count("****") >= 3


def test_redacting_stream_masks_what_is_printed():
    buffer = io.StringIO()
    stream = redact.RedactingStream(buffer)
    stream.write("push to rtmp://h/live/abcdef123?sign=xyz&expire=1\n")
    assert buffer.getvalue() == "push to rtmp://h/live/****?sign=****&expire=****\n"


def test_output_piped_into_a_reader_that_leaves_ends_quietly(tmp_path):
    """`studio catalog check big.csv | head -1`: the masked stdout meets a closed pipe; no
    traceback, no error."""
    import subprocess
    import sys
    from pathlib import Path

    big = tmp_path / "big.csv"
    big.write_text(
        "id,name,price\n" + "".join(f"S{i},cup {i},{i % 9 + 1}.5\n" for i in range(20_000)),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "studio", "catalog", "check", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline()  # the first line, then the reader goes away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err, err
