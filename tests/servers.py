"""Real servers for tests: nginx with the RTMP module on loopback, started and stopped per test.

What PyAV 18.1 (FFmpeg 8.1) raises against this server (Debian nginx 1.22.1, libnginx-mod-rtmp
1.2.2), measured with `av.open(url, "w", format="flv")`: open() is lazy, so every error comes from
the first `mux()` (connect + handshake + publish), within about 0.2 s. The classes are PyAV's own
(`av.error.X`, subclasses of both `av.error.FFmpegError` and the builtin of the same name), so
`except ConnectionRefusedError` / `except PermissionError` / `except OSError` catch them:
- nothing listening: `av.error.ConnectionRefusedError`, errno 111, "[Errno 111] Connection refused".
- key rejected (on_publish answered 403) or unknown application: `av.error.OSError`, errno 5
  (EIO), "[Errno 5] Input/output error"; nginx just closes the connection, so the two look alike.
- key already live (nginx-rtmp "live: already publishing"; FFmpeg logs "Server error: Already
  publishing"): `av.error.PermissionError`, errno 1 (EPERM), "[Errno 1] Operation not permitted".
  Not EACCES: FFmpeg's rtmp protocol returns -1 for any error-level onStatus, and -1 is -EPERM.
  (The Debian ffprobe CLI pulling a key nobody publishes gets the same EPERM: "No such stream".)
The exceptions carry no URL (filename is None) and no FFmpeg log text (log is None).

A server killed mid-publish gives BrokenPipeError on a later mux (kernel buffers absorb a few
muxes first); see DESIGN.md.

RTMPS (`RtmpServer(tls=True)`): the same nginx terminates TLS with its `stream` module
(libnginx-mod-stream) on a second loopback port and passes the plain bytes to the RTMP port, so
rtmps://127.0.0.1:TLS_PORT/live/KEY reaches the same application, key check and recordings. The
certificate is self-signed (CN and subjectAltName 127.0.0.1), made with the `openssl` CLI.
"""

from __future__ import annotations

import contextlib
import dataclasses
import grp
import ipaddress
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote_plus

from waiting import wait_for

RTMP_MODULE = Path("/usr/lib/nginx/modules/ngx_rtmp_module.so")
STREAM_MODULE = Path("/usr/lib/nginx/modules/ngx_stream_module.so")
START_TIMEOUT = 10.0
# Stream keys go into the nginx config verbatim, so keep them to characters that need no quoting.
_KEY_RE = re.compile(r"^[A-Za-z0-9._~-]+$")
# Our notify access-log line: "<msec> <call> <name> <clientid> <status>".
_NOTIFY_LOG_FORMAT = "$msec $arg_call $arg_name $arg_clientid $status $arg_tcurl"


@dataclasses.dataclass(frozen=True)
class NotifyEvent:
    """One on_publish / on_publish_done callback nginx-rtmp made to its own http block."""

    time: float  # wall clock (time.time()) when the http block answered
    call: str  # "publish" or "publish_done"
    key: str  # the stream name, without the URL's query string
    client_id: int  # nginx connection number; also appears as "*N" in error.log
    status: int  # our answer: 204 accepted, 403 rejected; 204 for every publish_done
    run: int  # which start of the server (0 = first); client ids restart from 1 at each start
    tc_url: str = ""  # the tcUrl of the publisher's RTMP connect (decoded)


def find_nginx() -> str:
    """The nginx binary, or a RuntimeError saying what to install (not a skip: CI must fail)."""
    # /usr/sbin is often not on a non-root PATH.
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if nginx is None:
        raise RuntimeError(
            "nginx not found: install the Debian package `nginx` (apt-get install nginx)"
        )
    if not RTMP_MODULE.exists():
        raise RuntimeError(
            f"nginx RTMP module missing ({RTMP_MODULE}): install the Debian package "
            "`libnginx-mod-rtmp` (apt-get install libnginx-mod-rtmp)"
        )
    return nginx


def find_tls_tools() -> str:
    """Check what tls=True needs; returns the openssl binary (RuntimeError naming the package)."""
    if not STREAM_MODULE.exists():
        raise RuntimeError(
            f"nginx stream module missing ({STREAM_MODULE}): install the Debian package "
            "`libnginx-mod-stream` (apt-get install libnginx-mod-stream)"
        )
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError(
            "openssl not found: install the Debian package `openssl` (apt-get install openssl)"
        )
    return openssl


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_ports(pid: int) -> set[int]:
    """TCP ports that process `pid` itself listens on (IPv4).

    Not a connect() probe: another process on the port (a stale server, a racing test) would
    answer it while our nginx is still failing to bind.
    """
    inodes = set()
    with contextlib.suppress(OSError):
        for fd in os.scandir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(fd.path)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
    ports = set()
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/net/tcp").read_text().splitlines()[1:]:
            f = line.split()
            if f[3] == "0A" and f[9] in inodes:  # 0A = LISTEN
                ports.add(int(f[1].rsplit(":", 1)[1], 16))
    return ports


def _process_state(pid: int) -> str | None:
    """One-letter state from /proc (R, S, T = stopped, Z...), None once the process is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[1].split()[0]


class RtmpServer:
    """nginx + nginx-rtmp on 127.0.0.1, all files in one directory, one process.

    - rtmp://127.0.0.1:PORT/live/KEY accepts a publisher only if KEY is in `keys` (checked by
      on_publish against this nginx's own http block: 204 or 403). Playing is open to anyone,
      so `ffprobe url(key)` reads a stream while it is being published.
    - Every accepted publish is recorded to DIR/rec/KEY.flv. `record_append on`: one file per
      key, later publishes of the key are appended with continuing timestamps (nginx rebases
      them to start at 0). Append also matters for "already live" tests: with append off, the
      refused duplicate publisher truncates the live publisher's file and leaves it corrupt.
    - `master_process off`: a single process, so pause() (SIGSTOP) freezes the whole server and
      kill() is a real crash. In this mode SIGQUIT exits without closing sessions.
    - tls=True: also rtmps://127.0.0.1:TLS_PORT/live/KEY (tls_url), TLS terminated by nginx's
      stream module and proxied to the RTMP port, with a self-signed certificate for 127.0.0.1
      (DIR/tls.crt, DIR/tls.key; made at the first start, kept across restarts). The studio
      verifies certificates: trust it with SSL_CERT_FILE=tls_cert or a destination's ca_file.
      tls_name puts another name in the certificate (a DNS name or an IP address), and
      tls_expired=True makes one that expired in 2020.
    """

    def __init__(
        self,
        keys: list[str] | None = None,
        directory: Path | str | None = None,
        drop_idle_publisher: float | None = None,
        tls: bool = False,
        netns: str | None = None,
        tls_name: str = "127.0.0.1",
        tls_expired: bool = False,
    ) -> None:
        self.tls_name = tls_name
        self.tls_expired = tls_expired
        self.netns = netns  # run nginx inside this network namespace (`ip netns exec`)
        self.keys = list(keys) if keys is not None else ["testkey"]
        for key in self.keys:
            if not _KEY_RE.match(key):
                raise ValueError(f"stream key {key!r} must match {_KEY_RE.pattern}")
        self._nginx = find_nginx()
        self.tls = tls
        self._openssl = find_tls_tools() if tls else None
        self._own_dir = directory is None
        self.dir = Path(tempfile.mkdtemp(prefix="rtmp-nginx-") if directory is None else directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.record_dir = self.dir / "rec"
        self.drop_idle_publisher = drop_idle_publisher
        self._port = 0
        self._http_port = 0
        self._tls_port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        # Byte offsets of notify.log / error.log / stderr.log at each start, to tell runs apart.
        self._runs: list[tuple[int, int, int]] = []

    # --- addresses -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("RtmpServer not started yet")
        return self._port

    @property
    def http_port(self) -> int:
        return self._http_port

    @property
    def tls_port(self) -> int:
        if not self.tls:
            raise RuntimeError("RtmpServer was made without tls=True")
        if not self._tls_port:
            raise RuntimeError("RtmpServer not started yet")
        return self._tls_port

    @property
    def tls_cert(self) -> Path:
        return self.dir / "tls.crt"

    @property
    def tls_key(self) -> Path:
        return self.dir / "tls.key"

    def url(self, key: str) -> str:
        return f"rtmp://127.0.0.1:{self.port}/live/{key}"

    def tls_url(self, key: str) -> str:
        return f"rtmps://127.0.0.1:{self.tls_port}/live/{key}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def error_log(self) -> Path:
        return self.dir / "error.log"

    @property
    def notify_log(self) -> Path:
        return self.dir / "notify.log"

    # --- lifecycle -------------------------------------------------------------------------

    def start(self) -> RtmpServer:
        """Start on fresh free ports (first start) or the same ports (after stop/kill)."""
        if self.running:
            raise RuntimeError("RtmpServer already running")
        if self._port:
            self._launch()
            return self
        # free_port() can race with another process grabbing the port; pick again then.
        for attempt in range(3):
            self._port, self._http_port = free_port(), free_port()
            self._tls_port = free_port() if self.tls else 0
            try:
                self._launch()
                return self
            except RuntimeError as exc:
                if "Address already in use" not in str(exc) or attempt == 2:
                    self._port = self._http_port = self._tls_port = 0
                    raise
        raise AssertionError("unreachable")

    def stop(self, timeout: float = 5.0) -> None:
        """Stop (SIGQUIT, then SIGKILL after `timeout`); recordings and logs stay on disk.

        Records are written as frames arrive, so a recording holds everything nginx had read
        from the socket when it stopped; use recorded() for a publisher that ended on its own.
        """
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)
            proc.send_signal(signal.SIGCONT)  # a paused server would never see the SIGQUIT
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        self._proc = None

    def kill(self) -> None:
        """SIGKILL: a crash. Clients see their connection closed by the kernel."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        self._proc = None

    def restart(self) -> RtmpServer:
        """stop() (if running) and start again on the same ports; recordings are kept."""
        self.stop()
        return self.start()

    def pause(self) -> None:
        """SIGSTOP: a hung server. The kernel still accepts TCP connections, nothing answers."""
        proc = self._require_running()
        proc.send_signal(signal.SIGSTOP)
        self._wait_state(proc.pid, lambda s: s in ("T", "t"), "stopped")

    def resume(self) -> None:
        proc = self._require_running()
        proc.send_signal(signal.SIGCONT)
        self._wait_state(proc.pid, lambda s: s not in ("T", "t"), "running")

    def close(self) -> None:
        """stop() and, if the directory was ours (a mkdtemp), remove it."""
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> RtmpServer:
        try:
            return self.start()
        except BaseException:
            self.close()  # __exit__ will not run; the error message carries the log
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        tls = f", tls_port={self._tls_port}" if self.tls else ""
        return f"RtmpServer(port={self._port}{tls}, dir={str(self.dir)!r}, running={self.running})"

    # --- what arrived ----------------------------------------------------------------------

    def events(self) -> list[NotifyEvent]:
        """All on_publish / on_publish_done callbacks so far, over all starts of this server."""
        out = []
        for run, chunk in enumerate(self._chunks(self.notify_log, 0)):
            for line in chunk.splitlines():
                parts = line.split()
                if len(parts) != 6:
                    continue
                t, call, name, client, status, tc_url = parts
                client_id = int(client) if client.isdigit() else 0
                tc_url = "" if tc_url == "-" else unquote_plus(tc_url)
                out.append(
                    NotifyEvent(
                        float(t), call, unquote_plus(name), client_id, int(status), run, tc_url
                    )
                )
        return out

    def published_keys(self) -> list[str]:
        """Keys of publishes that went live, in order, one entry per publish (reconnects repeat).

        Excludes key-check refusals (403) and duplicates that nginx-rtmp refused as already
        publishing (on_publish accepts those first; for a moment, until the live module has
        refused it and logged so, a duplicate is listed).
        """
        refused = self._already_publishing()
        return [
            e.key
            for e in self.events()
            if e.call == "publish" and _ok(e.status) and (e.run, e.client_id) not in refused
        ]

    def rejected_keys(self) -> list[str]:
        """Keys refused by the key check (on_publish answered non-2xx), in order."""
        return [e.key for e in self.events() if e.call == "publish" and not _ok(e.status)]

    def wait_published(self, key: str, timeout: float = 10.0, count: int = 1) -> None:
        """Block until `key` has gone live `count` times in all (AssertionError on timeout)."""
        self._poll(
            lambda: self.published_keys().count(key) >= count,
            timeout,
            f"key {key!r} was not published {count} time(s)",
        )

    def wait_publish_done(self, key: str, timeout: float = 10.0) -> None:
        """Block until `key` was published since the last start and every such publish ended."""

        def done() -> bool:
            started, ended = self._sessions(key)
            return started > 0 and ended >= started

        self._poll(done, timeout, f"publisher of {key!r} did not finish")

    def wait_recording(self, key: str, min_bytes: int, timeout: float = 10.0) -> Path:
        """Block until the recording of `key` holds at least `min_bytes` (media has arrived).

        Not a complete file: for a test that crashes or pauses the server mid-publish.
        """
        path = self.record_dir / f"{key}.flv"
        self._poll(
            lambda: _size(path) >= min_bytes,
            timeout,
            f"recording of {key!r} did not reach {min_bytes} bytes (has {_size(path)})",
        )
        return path

    def recorded(self, key: str, timeout: float = 10.0) -> Path:
        """The FLV nginx recorded for `key` (all its publishes, appended), complete.

        While the server runs and the key was published since the last start, this waits until
        those publishers have disconnected: nginx closes the record file before it sends
        on_publish_done, so once our http block has logged that call the file is final.
        After stop() or kill() the file holds whatever nginx had read off the socket, and is
        returned at once. Raises AssertionError if nothing was recorded.
        """
        path = self.record_dir / f"{key}.flv"
        if self.running and self._sessions(key)[0]:
            self.wait_publish_done(key, timeout)
        if not path.exists():
            raise AssertionError(f"no recording for {key!r} at {path}\n{self.log_tail()}")
        return path

    def log_tail(self, lines: int = 40) -> str:
        """The end of error.log and the notify log, for failure messages."""
        parts = []
        for p in (self.error_log, self.notify_log):
            try:
                text = "\n".join(p.read_text(errors="replace").splitlines()[-lines:])
            except FileNotFoundError:
                text = "(missing)"
            parts.append(f"--- {p} ---\n{text}")
        return "\n".join(parts)

    # --- internals -------------------------------------------------------------------------

    def _require_running(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            raise RuntimeError("RtmpServer not running")
        return self._proc

    def _already_publishing(self) -> set[tuple[int, int]]:
        """(run, client id) of publishers the live module refused as a duplicate."""
        return {
            (run, int(m))
            for run, chunk in enumerate(self._chunks(self.error_log, 1))
            for m in re.findall(r"\*(\d+) live: already publishing", chunk)
        }

    def _sessions(self, key: str) -> tuple[int, int]:
        """(accepted publishes, publish_done calls) of `key` since the last start."""
        run = len(self._runs) - 1
        ev = [e for e in self.events() if e.key == key and e.run == run]
        started = sum(1 for e in ev if e.call == "publish" and _ok(e.status))
        ended = sum(1 for e in ev if e.call == "publish_done")
        return started, ended

    def _chunks(self, path: Path, which: int) -> list[str]:
        """The text `path` gained during each run (which = index into the offsets of _runs)."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b""
        starts = [r[which] for r in self._runs] or [0]
        ends = [*starts[1:], len(data)]
        return [data[a:b].decode(errors="replace") for a, b in zip(starts, ends, strict=True)]

    def _poll(self, cond: Callable[[], bool], timeout: float, what: str) -> None:
        """wait_for, with the server's logs under a timeout (read then, not before)."""
        try:
            wait_for(cond, timeout, what=what)
        except AssertionError:
            raise AssertionError(f"{what} within {timeout:.0f} s\n{self.log_tail()}") from None

    @staticmethod
    def _wait_state(pid: int, ok: Callable[[str], bool], what: str, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            state = _process_state(pid)
            if state is None or ok(state):
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx pid {pid} not {what} after {timeout} s (state {state})")
            time.sleep(0.01)

    def _config(self) -> str:
        d = self.dir
        key_map = "\n".join(f'        "{k}" 1;' for k in self.keys)
        # nginx wants a `user` it can chown temp paths to when root; the default "nobody" may not
        # exist in a container. Non-root, the directive is ignored with a warning, so leave it out.
        user = ""
        if os.geteuid() == 0:
            user = f"user {pwd.getpwuid(0).pw_name} {grp.getgrgid(0).gr_name};"
        drop_idle = (
            f"drop_idle_publisher {int(self.drop_idle_publisher * 1000)}ms;"
            if self.drop_idle_publisher
            else ""
        )
        tls_module = f"load_module {STREAM_MODULE};" if self.tls else ""
        # TLS in front of the RTMP port: nginx-rtmp itself speaks no TLS. No access log (the
        # stream module's default is off); handshake failures go to error.log at info level.
        tls_server = (
            f"""
stream {{
    server {{
        listen 127.0.0.1:{self._tls_port} ssl;
        ssl_certificate {self.tls_cert};
        ssl_certificate_key {self.tls_key};
        proxy_pass 127.0.0.1:{self._port};
    }}
}}
"""
            if self.tls
            else ""
        )
        return f"""\
load_module {RTMP_MODULE};
{tls_module}
{user}
daemon off;
master_process off;
pid {d}/nginx.pid;
lock_file {d}/nginx.lock;
error_log {d}/error.log info;
events {{ worker_connections 256; }}

rtmp {{
    # nginx-rtmp's default access log is /var/log/nginx/access.log: keep it in DIR (non-root).
    access_log {d}/rtmp-access.log;
    server {{
        listen 127.0.0.1:{self._port};
        application live {{
            live on;
            # players of a missing or ended stream get an error / a clean end, never a hang
            idle_streams off;
            {drop_idle}
            notify_method get;
            on_publish http://127.0.0.1:{self._http_port}/on_publish;
            on_publish_done http://127.0.0.1:{self._http_port}/on_publish_done;
            record all;
            record_path {d}/rec;
            record_unique off;
            record_append on;
        }}
    }}
}}

http {{
    access_log off;
    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    log_format notify '{_NOTIFY_LOG_FORMAT}';
    map $arg_name $key_ok {{
        default 0;
{key_map}
    }}
    server {{
        listen 127.0.0.1:{self._http_port};
        access_log {d}/notify.log notify;
        location = /on_publish {{
            if ($key_ok) {{ return 204; }}
            return 403;
        }}
        location / {{ return 204; }}
    }}
}}
{tls_server}"""

    def _make_certificate(self) -> None:
        """A self-signed certificate for tls_name, once per directory (restarts keep it)."""
        if self.tls_cert.exists() and self.tls_key.exists():
            return
        assert self._openssl is not None
        kind = "IP" if _is_ip(self.tls_name) else "DNS"
        key_and_name = [
            "-nodes", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-subj", f"/CN={self.tls_name}", "-addext", f"subjectAltName={kind}:{self.tls_name}",
            "-keyout", str(self.tls_key),
        ]  # fmt: skip
        if not self.tls_expired:
            _openssl(self._openssl, "req", "-x509", "-days", "2", *key_and_name,
                     "-out", str(self.tls_cert))  # fmt: skip
            return
        # `req` cannot date a certificate in the past; `ca -selfsign` can.
        ca = self.dir / "ca"
        ca.mkdir(exist_ok=True)
        (ca / "index.txt").write_text("")
        (ca / "serial").write_text("01\n")
        (ca / "ca.cnf").write_text(
            "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\nserial = serial\n"
            "new_certs_dir = .\ndefault_md = sha256\npolicy = p\ncopy_extensions = copy\n"
            "unique_subject = no\n[p]\ncommonName = supplied\n"
        )
        _openssl(self._openssl, "req", "-new", *key_and_name, "-out", str(ca / "req.csr"))
        _openssl(
            self._openssl, "ca", "-batch", "-config", str(ca / "ca.cnf"), "-selfsign",
            "-keyfile", str(self.tls_key), "-in", str(ca / "req.csr"), "-out", str(self.tls_cert),
            "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", cwd=ca,
        )  # fmt: skip

    def _launch(self) -> None:
        self.record_dir.mkdir(exist_ok=True)
        (self.dir / "tmp").mkdir(exist_ok=True)
        if self.tls:
            self._make_certificate()
        conf = self.dir / "nginx.conf"
        conf.write_text(self._config())
        stderr_log = self.dir / "stderr.log"
        offsets = (_size(self.notify_log), _size(self.error_log), _size(stderr_log))
        with open(stderr_log, "ab") as stderr:
            prefix = ["ip", "netns", "exec", self.netns] if self.netns else []
            self._proc = subprocess.Popen(
                [
                    *prefix,
                    self._nginx,
                    "-p",
                    str(self.dir),
                    "-e",
                    str(self.error_log),
                    "-c",
                    str(conf),
                ],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
                cwd=self.dir,
            )
        self._runs.append(offsets)
        ports = [self._port, self._http_port] + ([self._tls_port] if self.tls else [])
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self._proc.poll() is not None:
                rc = self._proc.returncode
                self._proc = None
                self._runs.pop()
                raise RuntimeError(f"nginx exited with {rc} at start:\n{self._log_since(offsets)}")
            if set(ports) <= listening_ports(self._proc.pid):
                return
            if time.monotonic() > deadline:
                self.kill()
                self._runs.pop()
                raise RuntimeError(
                    f"nginx not listening on {'/'.join(map(str, ports))} after "
                    f"{START_TIMEOUT:.0f} s:\n{self._log_since(offsets)}"
                )
            time.sleep(0.01)

    def _log_since(self, offsets: tuple[int, int, int]) -> str:
        # error.log gets everything once -e is parsed; stderr only matters if nginx died before.
        for path, offset in ((self.error_log, offsets[1]), (self.dir / "stderr.log", offsets[2])):
            with contextlib.suppress(FileNotFoundError), open(path, "rb") as f:
                f.seek(offset)
                text = f.read().decode(errors="replace")
                if text.strip():
                    return text
        return "(no log output)"


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _openssl(openssl: str, *args: str, cwd: Path | None = None) -> None:
    r = subprocess.run([openssl, *args], capture_output=True, text=True, timeout=30, cwd=cwd)
    if r.returncode != 0:
        raise RuntimeError(f"openssl could not make a test certificate: {r.stderr.strip()}")


def _ok(status: int) -> bool:
    return 200 <= status < 300


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
