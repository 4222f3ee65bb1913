"""A network camera for tests: multipart/x-mixed-replace JPEG frames over HTTP."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import cv2
import numpy as np


class MjpegServer:
    """A phone-camera stand-in: multipart/x-mixed-replace JPEG frames over HTTP, like IP Webcam.

    OpenCV's FFmpeg backend reads this reliably (the mpjpeg demuxer), so no MPEG-TS or RTSP server
    is needed; the camera code path (URL, timeouts, reconnects) is the same for every scheme.
    With `auth` (user, password) it is an IP camera that answers only with that user:password
    (HTTP basic auth), else 401.
    """

    def __init__(self, port: int = 0, shade: int = 60, auth: tuple[str, str] | None = None) -> None:
        self.shade = shade
        self.stopping = threading.Event()
        expected = "Basic " + base64.b64encode(":".join(auth).encode()).decode() if auth else None
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if expected is not None and self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="camera"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "multipart/x-mixed-replace; boundary=frame")
                self.end_headers()
                image = np.full((240, 320, 3), server.shade, np.uint8)
                jpeg = cv2.imencode(".jpg", image)[1].tobytes()
                part = (
                    b"--frame\r\nContent-Type: image/jpeg\r\n"
                    + f"Content-Length: {len(jpeg)}\r\n\r\n".encode()
                    + jpeg
                    + b"\r\n"
                )
                try:
                    while not server.stopping.wait(1 / 30):
                        self.wfile.write(part)
                        self.wfile.flush()
                except OSError:  # the camera went away
                    pass

            def log_message(self, *args: object) -> None:
                pass

        # block_on_close (the default) makes server_close wait for the handlers to end.
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
