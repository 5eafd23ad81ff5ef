"""A web server on loopback with scripted pages, standing in for other hosts in network-safety tests.

It records every request (path and headers), can redirect, and can trickle a page one byte at a
time until `release` is set, noticing when the client hangs up (`hung_up`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class PageServer:
    def __init__(self, *, trickle_interval: float = 0.05, trickle_limit: int = 2000) -> None:
        self.pages: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.trickling: set[str] = set()
        self.trickle_interval, self.trickle_limit = trickle_interval, trickle_limit
        self.requests: list[Seen] = []
        self.release = threading.Event()  # trickling pages finish once set
        self.hung_up = threading.Event()  # a client closed a trickling page before it finished
        self._arrived = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> PageServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str, host: str | None = None) -> str:
        return f"http://{host or self.host}{path}"

    def use_tls(self, context) -> None:  # noqa: ANN001 - an ssl.SSLContext for the server side
        """Serve HTTPS from now on (the handshake happens on accept)."""
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> str:
        self.pages[path] = (200, {"Content-Type": content_type}, body)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        self.pages[path] = (status, {"Location": location}, b"")
        return self.url(path)

    def trickle(self, path: str, body: bytes) -> str:
        """Headers at once, then one byte every `trickle_interval` until released (or the limit), then `body`."""
        self.pages[path] = (200, {"Content-Type": "text/html; charset=utf-8"}, body)
        self.trickling.add(path)
        return self.url(path)

    def wait_for_requests(self, count: int, timeout: float = 30.0) -> None:
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.requests) >= count, timeout):
                raise AssertionError(f"expected {count} request(s), got {len(self.requests)}")

    def _seen(self, path: str, headers: dict[str, str]) -> None:
        with self._arrived:
            self.requests.append(Seen(path, headers))
            self._arrived.notify_all()


def _handler(server: PageServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            server._seen(path, {k.lower(): v for k, v in self.headers.items()})
            status, headers, body = server.pages.get(path, (404, {"Content-Type": "text/plain"}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if path not in server.trickling:
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.end_headers()  # HTTP/1.0 without a length: the body ends when the connection closes
            try:
                for _ in range(server.trickle_limit):
                    if server.release.wait(server.trickle_interval):
                        break
                    self.wfile.write(b" ")
                    self.wfile.flush()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                server.hung_up.set()

        def log_message(self, *args: object) -> None:
            pass

    return Handler
