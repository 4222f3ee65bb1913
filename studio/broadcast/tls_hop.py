"""RTMPS with the server's certificate checked by us before a byte of the stream key leaves.

FFmpeg's rtmps, as PyAV ships it, does not verify certificates and ignores `tls_verify` and
`ca_file`: a proxy with any certificate would read the key. So the relay makes the TLS connection
itself with Python's ssl module (the system's trust store, SSL_CERT_FILE / SSL_CERT_DIR, certifi
where the system has none, plus a destination's own trusted file), and only when the chain and the
host name check out does it give FFmpeg a plain RTMP hop on loopback, piped into that connection.
FFmpeg is told the original tcUrl, so the server sees the same `connect` it would have seen.

The pipe is a child process of the relay (FFmpeg's connect holds the GIL, so it cannot be a thread
beside it) running one asyncio loop: asyncio drives TLS through memory buffers, so reads and writes
never touch one OpenSSL object from two threads at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from studio.broadcast.rtmp_connect import ConnectRewriter, padded_loopback

RTMPS_PORT = 443  # FFmpeg's default for rtmps://
PIPE_CHUNK = 64 * 1024
LOOPBACK_BUFFER = 64 * 1024  # small: congestion must show in the parent's queue, not here

# Why a certificate was refused (relay reasons; the window and the CLI put them in words).
CERT_UNTRUSTED = "cert_untrusted"
CERT_EXPIRED = "cert_expired"
CERT_NOT_YET_VALID = "cert_not_yet_valid"
CERT_WRONG_NAME = "cert_wrong_name"
CERT_FILE_UNREADABLE = "cert_file_unreadable"
TLS_FAILED = "tls_failed"
REASONS = (
    CERT_UNTRUSTED,
    CERT_EXPIRED,
    CERT_NOT_YET_VALID,
    CERT_WRONG_NAME,
    CERT_FILE_UNREADABLE,
    TLS_FAILED,
)

# OpenSSL's X509_V_ERR_* codes, as ssl.SSLCertVerificationError.verify_code carries them.
_CODES = {
    9: CERT_NOT_YET_VALID,  # CERT_NOT_YET_VALID
    10: CERT_EXPIRED,  # CERT_HAS_EXPIRED
    62: CERT_WRONG_NAME,  # HOSTNAME_MISMATCH
    63: CERT_WRONG_NAME,  # EMAIL_MISMATCH
    64: CERT_WRONG_NAME,  # IP_ADDRESS_MISMATCH
}


class CertificateProblem(Exception):
    """The server's certificate (or our trust settings) forbid sending the key. `reason` is one
    of REASONS; the text is OpenSSL's own description, which never holds the URL."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def classify_verify_error(exc: ssl.SSLCertVerificationError) -> str:
    return _CODES.get(exc.verify_code, CERT_UNTRUSTED)


def trust_context(ca_file: str | None = None) -> ssl.SSLContext:
    """Chain and host name checked; the system's store (which SSL_CERT_FILE and SSL_CERT_DIR
    replace), certifi's where the system has none, and `ca_file` on top for a self-hosted server.
    """
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    if not _has_system_store(context):
        with contextlib.suppress(ImportError, OSError, ssl.SSLError):
            import certifi

            context.load_verify_locations(cafile=certifi.where())
    if ca_file:
        try:
            context.load_verify_locations(cafile=ca_file)
        except (OSError, ssl.SSLError, ValueError) as exc:
            raise CertificateProblem(
                CERT_FILE_UNREADABLE,
                getattr(exc, "strerror", None) or "not a PEM certificate file",
            ) from None
    return context


def _has_system_store(context: ssl.SSLContext) -> bool:
    if context.cert_store_stats().get("x509_ca"):
        return True  # a CA file was loaded (Debian's bundle, SSL_CERT_FILE, Windows' store)
    capath = ssl.get_default_verify_paths().capath  # hashed folders are read lazily
    try:
        return bool(capath and any(os.scandir(capath)))
    except OSError:
        return False


@dataclass(frozen=True)
class RtmpsTarget:
    host: str
    port: int
    userinfo: str  # "user:pass@" or ""
    path: str  # everything after the server: /app/key?query, byte for byte

    @property
    def tc_url(self) -> str:
        """The tcUrl FFmpeg would have sent for the rtmps:// URL itself."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"rtmps://{host}:{self.port}/{ffmpeg_app(self.path)}"

    def loopback(self, port: int) -> tuple[str, str]:
        """The URL FFmpeg publishes to on our loopback port, and the tcUrl it will send for it
        (padded to the real tcUrl's length where it can be: see rtmp_connect)."""
        app = ffmpeg_app(self.path)
        room = len(self.tc_url) - len("rtmp:///") - len(app)
        hostport = padded_loopback(port, room)
        return f"rtmp://{self.userinfo}{hostport}{self.path}", f"rtmp://{hostport}/{app}"


def parse_rtmps(url: str) -> RtmpsTarget:
    parts = urlsplit(url)
    if parts.scheme.lower() != "rtmps" or not parts.hostname:
        raise ValueError("not an rtmps:// URL with a server")
    rest = url.partition("://")[2]
    netloc, slash, tail = rest.partition("/")
    userinfo = netloc.rpartition("@")[0]
    return RtmpsTarget(
        host=parts.hostname,
        port=parts.port or RTMPS_PORT,
        userinfo=f"{userinfo}@" if userinfo else "",
        path=slash + tail,
    )


def ffmpeg_app(path: str) -> str:
    """The RTMP application name FFmpeg's rtmp_open takes from a URL's path and query."""
    qmark = path.find("?")
    if qmark >= 0 and "slist=" in path[qmark:]:
        return path[1:qmark]
    if path.startswith("/ondemand/"):
        return "ondemand"
    first = path.find("/", 1)
    if first < 0:
        return path[1:]
    colon = path.find(":", first + 1)
    second = path.find("/", first + 1)
    if second < 0 or 0 <= colon < second:
        return path[1:first]
    return path[1:second]


class TlsHop:
    """Run in its own process (the relay's child): FFmpeg's RTMP connect holds the GIL, so a
    pipe thread beside it in the relay would wait for the handshake it has to carry."""

    def __init__(
        self,
        target: RtmpsTarget,
        context: ssl.SSLContext,
        timeout: float,
        send_buffer: int | None = None,
    ) -> None:
        self.target = target
        self._context = context
        self._timeout = timeout
        self._send_buffer = send_buffer

    async def serve(self, ready: Callable[[str], None]) -> None:
        """Connect and verify, listen on loopback, call `ready(URL for FFmpeg)`, then pipe one
        connection, the real tcUrl put back into FFmpeg's connect.

        Raises CertificateProblem when the certificate is refused (only the handshake crossed),
        OSError or TimeoutError when the server cannot be reached.
        """
        loop = asyncio.get_running_loop()
        raw = await asyncio.wait_for(
            loop.run_in_executor(
                None, socket.create_connection, (self.target.host, self.target.port), self._timeout
            ),
            self._timeout,
        )
        if self._send_buffer:
            raw.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, self._send_buffer)
        raw.setblocking(False)
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(
                    sock=raw,
                    ssl=self._context,
                    server_hostname=self.target.host,
                    ssl_handshake_timeout=self._timeout,
                    limit=PIPE_CHUNK,
                ),
                self._timeout,
            )
        except ssl.SSLCertVerificationError as exc:
            raise CertificateProblem(
                classify_verify_error(exc), exc.verify_message or "certificate refused"
            ) from None
        except ssl.SSLError as exc:
            raise CertificateProblem(TLS_FAILED, exc.reason or "TLS handshake failed") from None
        up_writer.transport.set_write_buffer_limits(high=PIPE_CHUNK)
        accepted: asyncio.Future[tuple[asyncio.StreamReader, asyncio.StreamWriter]]
        accepted = loop.create_future()

        def take(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if accepted.done():  # one publisher only (FFmpeg); nobody else on this PC
                writer.close()
            else:
                accepted.set_result((reader, writer))

        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # Set before listen() so the accepted socket inherits it (and loses auto-tuning).
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, LOOPBACK_BUFFER)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        server = await asyncio.start_server(take, sock=listener, limit=PIPE_CHUNK)
        url, sent_tc_url = self.target.loopback(listener.getsockname()[1])
        rewriter = ConnectRewriter(sent_tc_url, self.target.tc_url)
        ready(url)
        try:
            reader, writer = await asyncio.wait_for(accepted, self._timeout)
        finally:
            server.close()
        await asyncio.gather(
            _pipe(reader, up_writer, rewriter.feed),
            _pipe(up_reader, writer),
            return_exceptions=True,
        )


async def _pipe(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    transform: Callable[[bytes], bytes] | None = None,
) -> None:
    """Copy until either side ends; then close the writer so the other side notices."""
    try:
        while chunk := await reader.read(PIPE_CHUNK):
            writer.write(transform(chunk) if transform else chunk)
            await writer.drain()
    except (OSError, ssl.SSLError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()
