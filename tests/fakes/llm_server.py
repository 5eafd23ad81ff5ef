"""Loopback OpenAI-compatible chat completions server with canned replies."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional, Union
from urllib.parse import urlsplit

Replies = Union[list[str], Callable[[dict], str], None]


def _content_text(content: Any) -> str:
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    return str(content or "")


def split_chunks(text: str, parts: int = 3) -> list[str]:
    """Split ``text`` into at most ``parts`` pieces whose concatenation is ``text``."""
    if not text:
        return [""]
    size = max(1, -(-len(text) // parts))
    return [text[i:i + size] for i in range(0, len(text), size)]


class FakeOpenAIServer:
    """OpenAI-compatible ``/v1/chat/completions`` server on 127.0.0.1 with a free port.

    ``replies`` is a list consumed in order, a callable ``(request_json) -> str``, or ``None`` to echo
    the last user message as ``"echo: <text>"``. ``fail_status`` makes requests fail with that HTTP status
    (only the first ``fail_times`` requests when it is set; 429 says ``Retry-After: retry_after``).
    ``delay`` sleeps before answering.

    The failures real providers have: ``context_limit`` (prompt words) answers 400
    ``context_length_exceeded`` to a longer prompt; a reply longer than the request's ``max_tokens``
    (counted in words) is cut there with ``finish_reason: "length"``; ``drop_stream_after=n`` closes
    a streamed answer's connection after ``n`` content chunks, without a finish reason or ``[DONE]``.
    """

    def __init__(self, replies: Replies = None, delay: float = 0.0, fail_status: Optional[int] = None,
                 fail_times: Optional[int] = None, model: str = "fake", chunks: int = 3,
                 retry_after: Optional[float] = None, context_limit: Optional[int] = None,
                 drop_stream_after: Optional[int] = None) -> None:
        self.replies = replies
        self.delay, self.fail_status, self.fail_times = delay, fail_status, fail_times
        self.retry_after, self.context_limit, self.drop_stream_after = retry_after, context_limit, drop_stream_after
        self.model, self.chunks = model, chunks
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._next = 0
        self._failed = 0
        self._stopping = threading.Event()
        self._server: Optional[ThreadingHTTPServer] = None

    def start(self) -> "FakeOpenAIServer":
        """Start serving in a daemon thread; returns self."""
        if self._server is None:
            self._stopping.clear()
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
            self._server.daemon_threads = True
            threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                             name="FakeOpenAIServer", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop the server, waking any delayed handlers."""
        if self._server is not None:
            self._stopping.set()
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeOpenAIServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL for ``ChatOpenAI(base_url=...)`` / ``OpenAI(base_url=...)``."""
        assert self._server is not None, "FakeOpenAIServer is not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def last_request(self) -> dict:
        with self._lock:
            assert self.requests, "no request received"
            return self.requests[-1]

    def reset(self) -> None:
        """Forget recorded requests and restart the reply list and failure counter."""
        with self._lock:
            self.requests, self._next, self._failed = [], 0, 0

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[dict]:
        """Poll until ``count`` requests were received and return them."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            if time.monotonic() >= deadline:
                raise AssertionError(f"expected {count} completion request(s), got {len(self.requests)}")
            time.sleep(0.01)

    def _should_fail(self) -> bool:
        with self._lock:
            if self.fail_status is None or (self.fail_times is not None and self._failed >= self.fail_times):
                return False
            self._failed += 1
            return True

    def reply_for(self, request: dict) -> Optional[str]:
        """The canned text for ``request``, or ``None`` when the reply list is exhausted."""
        if callable(self.replies):
            return self.replies(request)
        if self.replies is None:
            users = [m for m in request.get("messages", []) if m.get("role") == "user"]
            return "echo: " + (_content_text(users[-1].get("content")) if users else "")
        with self._lock:
            if self._next >= len(self.replies):
                return None
            self._next += 1
            return self.replies[self._next - 1]

    @staticmethod
    def prompt_tokens(request: dict) -> int:
        return sum(len(_content_text(m.get("content")).split()) + 3 for m in request.get("messages", []))

    def usage(self, request: dict, text: str) -> dict[str, int]:
        prompt, completion = self.prompt_tokens(request), len(text.split())
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    @staticmethod
    def bounded(request: dict, text: str) -> tuple[str, str]:
        """``(text, finish_reason)``: the reply cut at the request's max_tokens (in words), as a model stops."""
        limit = request.get("max_tokens") or request.get("max_completion_tokens")
        words = text.split(" ")
        if not limit or len(words) <= int(limit):
            return text, "stop"
        return " ".join(words[: int(limit)]), "length"

    def completion(self, request: dict, text: str, cid: str) -> dict:
        """A non-streaming ``chat.completion`` object."""
        text, finish = self.bounded(request, text)
        return {"id": cid, "object": "chat.completion", "created": int(time.time()),
                "model": request.get("model", self.model), "system_fingerprint": None,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                             "logprobs": None, "finish_reason": finish}],
                "usage": self.usage(request, text)}

    def stream_events(self, request: dict, text: str, cid: str) -> list[dict]:
        """The ``chat.completion.chunk`` objects of a streamed answer (without ``[DONE]``)."""
        base = {"id": cid, "object": "chat.completion.chunk", "created": int(time.time()),
                "model": request.get("model", self.model), "system_fingerprint": None}

        def chunk(delta: dict, finish: Optional[str] = None) -> dict:
            return {**base, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}]}

        text, finish = self.bounded(request, text)
        events = [chunk({"role": "assistant", "content": ""})]
        events += [chunk({"content": piece}) for piece in split_chunks(text, self.chunks)]
        if self.drop_stream_after is not None:
            return events[: 1 + self.drop_stream_after]  # the handler closes the connection after these
        events.append(chunk({}, finish))
        if (request.get("stream_options") or {}).get("include_usage"):
            events.append({**base, "choices": [], "usage": self.usage(request, text)})
        return events


def _make_handler(srv: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, message: str, kind: str = "server_error", code: Optional[str] = None,
                   headers: Optional[dict] = None) -> None:
            data = json.dumps({"error": {"message": message, "type": kind, "param": None, "code": code}}).encode()
            self.send_response(status)
            for key, value in {"Content-Type": "application/json", "Content-Length": str(len(data)),
                               **(headers or {})}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            if urlsplit(self.path).path.rstrip("/") == "/v1/models":
                return self._json(200, {"object": "list", "data": [
                    {"id": srv.model, "object": "model", "created": 1700000000, "owned_by": "fake"}]})
            self._error(404, f"unknown path {self.path}", "invalid_request_error")

        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if urlsplit(self.path).path.rstrip("/") != "/v1/chat/completions":
                return self._error(404, f"unknown path {self.path}", "invalid_request_error")
            try:
                request = json.loads(raw or b"{}")
            except ValueError:
                return self._error(400, "invalid JSON body", "invalid_request_error")
            with srv._lock:
                srv.requests.append(request)
                cid = f"chatcmpl-fake-{len(srv.requests)}"
            if srv.delay and srv._stopping.wait(srv.delay):
                return
            try:
                if srv._should_fail():
                    if srv.fail_status == 429:
                        wait = {"Retry-After": str(srv.retry_after)} if srv.retry_after is not None else {}
                        return self._error(429, "Rate limit reached for requests", "requests",
                                           "rate_limit_exceeded", wait)
                    return self._error(int(srv.fail_status or 500), "fake server failure")
                if srv.context_limit is not None and srv.prompt_tokens(request) > srv.context_limit:
                    return self._error(400, f"This model's maximum context length is {srv.context_limit} tokens. "
                                       f"However, your messages resulted in {srv.prompt_tokens(request)} tokens.",
                                       "invalid_request_error", "context_length_exceeded")
                text = srv.reply_for(request)
                if text is None:
                    return self._error(400, "FakeOpenAIServer has no canned reply left", "invalid_request_error")
                if not request.get("stream"):
                    return self._json(200, srv.completion(request, text, cid))
                # Chunked, as providers stream: a connection closed midway is then an incomplete body.
                self.protocol_version = "HTTP/1.1"
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                events = [f"data: {json.dumps(event)}\n\n".encode("utf-8") for event in srv.stream_events(request, text, cid)]
                for data in events:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                self.close_connection = True
                if srv.drop_stream_after is not None:  # midway: no finish reason, no [DONE], no last chunk
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                done = b"data: [DONE]\n\n"
                self.wfile.write(b"%x\r\n%s\r\n0\r\n\r\n" % (len(done), done))
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

    return _Handler
