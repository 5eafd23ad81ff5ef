"""HTTP plumbing of the fake Slack Web API: decode the request, dispatch it, serve file downloads."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import parse_qs, unquote, urlsplit

if TYPE_CHECKING:
    from .slack_api import FakeSlackAPI

JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "chunks", "prompts")
LOGIN_PAGE = b"<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>"


def _flatten(qs: dict[str, list[str]]) -> dict:
    return {k: v[0] if len(v) == 1 else v for k, v in qs.items()}


def parse_body(content_type: str, raw: bytes) -> dict:
    """Decode a JSON or form-encoded request body into a dict."""
    if not raw:
        return {}
    if content_type.startswith("application/json"):
        data = json.loads(raw.decode("utf-8"))
        return data if isinstance(data, dict) else {"_json": data}
    return _flatten(parse_qs(raw.decode("utf-8"), keep_blank_values=True))


def make_handler(fake: "FakeSlackAPI") -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str, extra: Optional[dict] = None) -> None:
            self.send_response(status)
            for k, v in {"Content-Type": ctype, "Content-Length": str(len(body)), **(extra or {})}.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def _dispatch(self, raw: bytes) -> None:
            if fake.delay:
                time.sleep(fake.delay)
            parts = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if parts.path.startswith("/files-pri/"):
                return self._download(parts.path, headers)
            if not parts.path.startswith("/api/"):
                return self._send(404, b'{"ok":false,"error":"unknown_method"}', "application/json")
            args = _flatten(parse_qs(parts.query, keep_blank_values=True))
            args.update(parse_body(headers.get("content-type", ""), raw))
            for key in JSON_FIELDS:
                if isinstance(args.get(key), str) and args[key][:1] in ("[", "{"):
                    try:
                        args[key] = json.loads(args[key])
                    except ValueError:
                        pass
            try:
                status, extra, body = fake.handle(unquote(parts.path[5:]), args, headers)
            except Exception as exc:
                status, extra, body = 500, {}, {"ok": False, "error": "fake_internal_error", "detail": repr(exc)}
            self._send(status, json.dumps(body).encode(), "application/json; charset=utf-8", extra)

        def _download(self, path: str, headers: dict) -> None:
            fid = path.split("/")[2]
            with fake._lock:
                fake.record_download(path, headers)
                content, meta = fake._contents.get(fid), fake.files.get(fid, {})
            auth = headers.get("authorization", "")
            token_ok = auth.startswith("Bearer xox") and (fake.valid_tokens is None or auth[7:] in fake.valid_tokens)
            if not token_ok or content is None:
                return self._send(200, LOGIN_PAGE, "text/html; charset=utf-8")
            self._send(200, content, meta.get("mimetype", "application/octet-stream"))

        def do_GET(self) -> None:
            self._dispatch(b"")

        def do_POST(self) -> None:
            self._dispatch(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

    return _Handler
