"""Loopback fake of the Slack Web API for use with a real ``slack_sdk.WebClient``."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Optional
from urllib.parse import parse_qs, quote, unquote, urlsplit

JSON_FIELDS = ("blocks", "attachments", "view", "metadata", "chunks", "prompts")
MESSAGE_FIELDS = ("text", "blocks", "attachments", "metadata")
LOGIN_PAGE = b"<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>"
Handler = Callable[[dict], dict]


@dataclass
class Call:
    """One recorded API call; ``headers`` keys are lower-case; ``at`` is ``time.monotonic()`` on arrival."""

    method: str
    args: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic, compare=False)


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


class FakeSlackAPI:
    """Fake Slack Web API served over HTTP on 127.0.0.1 with a free port."""

    def __init__(self, bot_user_id: str = "UBOT", bot_id: str = "BBOT", team_id: str = "T1",
                 delay: float = 0.0, valid_tokens: Optional[set[str]] = None) -> None:
        self.bot_user_id, self.bot_id, self.team_id = bot_user_id, bot_id, team_id
        self.delay, self.valid_tokens = delay, valid_tokens
        self._lock = threading.RLock()
        self._server: Optional[ThreadingHTTPServer] = None
        self.reset()

    def start(self) -> "FakeSlackAPI":
        """Start serving in a daemon thread; returns self."""
        if self._server is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
            self._server.daemon_threads = True
            threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                             name="FakeSlackAPI", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop the server and release the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "FakeSlackAPI":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def root(self) -> str:
        """``http://127.0.0.1:PORT`` of the running server."""
        assert self._server is not None, "FakeSlackAPI is not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        """Base URL for ``WebClient(base_url=...)``."""
        return f"{self.root}/api/"

    def reset(self) -> None:
        """Forget calls, seeded data, faults and overrides."""
        with self._lock:
            self._calls: list[Call] = []
            self.downloads: list[Call] = []
            self.messages: dict[str, list[dict]] = defaultdict(list)
            self.users: dict[str, dict] = {}
            self.usergroups: dict[str, list[str]] = {}
            self.channels: dict[str, dict] = {}
            self.files: dict[str, dict] = {}
            self._contents: dict[str, bytes] = {}
            self._faults: dict[str, deque[dict]] = defaultdict(deque)
            self._overrides: dict[str, Handler] = {}
            self._clock, self._seq = 1_700_000_000_000_000, 0

    def calls(self, method: Optional[str] = None) -> list[Call]:
        """Recorded calls, optionally only those of ``method``."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0,
                 predicate: Optional[Callable[[Call], bool]] = None) -> list[Call]:
        """Poll until ``count`` matching calls were recorded and return them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls(method) if predicate is None or predicate(c)]
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                seen = [c.method for c in self.calls()]
                raise AssertionError(f"expected {count} call(s) of {method}, got {len(found)}; recorded: {seen}")
            time.sleep(0.01)

    def next_ts(self) -> str:
        """A fresh, strictly increasing message ts such as ``1700000000.000100``."""
        with self._lock:
            self._clock += 100
            return f"{self._clock // 1_000_000}.{self._clock % 1_000_000:06d}"

    def add_message(self, channel: str, text: str, user: Optional[str] = None, ts: Optional[str] = None,
                    thread_ts: Optional[str] = None, bot_id: Optional[str] = None, **extra: Any) -> dict:
        """Seed a message visible to conversations.history/replies; returns it."""
        with self._lock:
            if ts is None:
                ts = self.next_ts()
            else:
                sec, _, frac = ts.partition(".")
                self._clock = max(self._clock, int(sec) * 1_000_000 + int((frac or "0").ljust(6, "0")[:6]))
            msg: dict = {"type": "message", "text": text, "ts": ts, "team": self.team_id, **extra}
            msg.update({k: v for k, v in (("user", user), ("thread_ts", thread_ts), ("bot_id", bot_id)) if v})
            self.messages[channel].append(msg)
            self.messages[channel].sort(key=lambda m: float(m["ts"]))
            return msg

    def add_user(self, user_id: str, name: str, email: Optional[str] = None, is_bot: bool = False,
                 **extra: Any) -> dict:
        """Seed a user returned by users.info / users.lookupByEmail."""
        with self._lock:
            self.users[user_id] = {"id": user_id, "team_id": self.team_id, "name": name, "real_name": name,
                                   "is_bot": is_bot, "deleted": False, "tz": "UTC",
                                   "profile": {"email": email, "real_name": name, "display_name": name}, **extra}
            return self.users[user_id]

    def add_usergroup(self, usergroup_id: str, users: list[str]) -> None:
        """Seed the members returned by usergroups.users.list."""
        with self._lock:
            self.usergroups[usergroup_id] = list(users)

    def add_channel(self, channel_id: str, name: str, **extra: Any) -> dict:
        """Seed a channel returned by conversations.info."""
        with self._lock:
            self.channels[channel_id] = {**self._channel(channel_id), "name": name, **extra}
            return self.channels[channel_id]

    def add_file(self, file_id: str, name: str, content: bytes, mimetype: str = "text/plain",
                 filetype: str = "text", **extra: Any) -> dict:
        """Register a file served by files.info and ``/files-pri/<id>/<name>``."""
        with self._lock:
            self._contents[file_id] = content
            self.files[file_id] = {"id": file_id, "name": name, "title": name, "mimetype": mimetype,
                                   "filetype": filetype, "size": len(content), "user": "U1",
                                   "created": 1700000000, **extra}
            return self._file(file_id)

    def fail_next(self, method: str, status: int = 429, retry_after: int = 1, times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` fail with HTTP ``status`` (429 adds Retry-After)."""
        with self._lock:
            self._faults[method].extend({"status": status, "retry_after": retry_after} for _ in range(times))

    def error_next(self, method: str, error: str = "channel_not_found", times: int = 1) -> None:
        """Make the next ``times`` calls of ``method`` answer ``ok: false`` with ``error``."""
        with self._lock:
            self._faults[method].extend({"error": error} for _ in range(times))

    def on(self, method: str, response: Handler | dict) -> None:
        """Override the answer for ``method`` with a dict or ``handler(args) -> dict``."""
        self._overrides[method] = response if callable(response) else (lambda _a, r=response: dict(r))

    def handle(self, method: str, args: dict, headers: dict) -> tuple[int, dict, dict]:
        """Record a call and compute ``(status, extra_headers, body)``."""
        with self._lock:
            self._calls.append(Call(method, args, headers))
            fault = self._faults[method].popleft() if self._faults.get(method) else None
        if fault and "status" in fault:
            limited = fault["status"] == 429
            extra = {"Retry-After": str(fault["retry_after"])} if limited else {}
            return fault["status"], extra, {"ok": False, "error": "ratelimited" if limited else "internal_error"}
        auth = headers.get("authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else str(args.get("token", ""))
        if not token.startswith("xox") or (self.valid_tokens is not None and token not in self.valid_tokens):
            return 200, {}, {"ok": False, "error": "invalid_auth" if token else "not_authed"}
        if fault:
            return 200, {}, {"ok": False, "error": fault["error"]}
        handler = self._overrides.get(method) or getattr(self, "_m_" + method.replace(".", "_"), None)
        return 200, {}, handler(args) if handler else {"ok": True}

    def _file(self, file_id: str) -> dict:
        f = self.files[file_id]
        url = f"{self.root}/files-pri/{file_id}/{quote(f['name'])}" if self._server else ""
        return {"url_private": url, "url_private_download": url, **f}

    def _channel(self, cid: str) -> dict:
        kind = cid[:1]
        return self.channels.get(cid) or {
            "id": cid, "name": f"channel-{cid.lower()}", "is_channel": kind == "C", "is_group": kind == "G",
            "is_im": kind == "D", "is_mpim": kind == "G", "is_private": kind != "C", "is_member": True,
            "is_archived": False, "created": 1700000000, "context_team_id": self.team_id}

    def _find(self, channel: str, ts: str) -> Optional[dict]:
        return next((m for m in self.messages.get(channel, []) if m["ts"] == ts), None)

    def _bot_message(self, channel: str, args: dict, text: str) -> dict:
        extra = {k: args[k] for k in MESSAGE_FIELDS[1:] if k in args}
        return self.add_message(channel, text, self.bot_user_id, thread_ts=args.get("thread_ts") or None,
                                bot_id=self.bot_id, app_id="A1", **extra)

    def _thread(self, a: dict, pred: Callable[[dict], bool], newest_first: bool = False) -> list[dict]:
        with self._lock:
            msgs = [dict(m) for m in self.messages.get(a.get("channel", ""), []) if pred(m)]
        return (msgs[::-1] if newest_first else msgs)[: int(a.get("limit") or 1000)]

    def _m_auth_test(self, a: dict) -> dict:
        return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake Team", "user": "bot",
                "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": self.bot_id,
                "is_enterprise_install": False}

    def _m_chat_postMessage(self, a: dict) -> dict:
        channel = a.get("channel", "")
        if channel[:1] in ("U", "W"):  # as in Slack: a user id posts into the DM with that user
            channel = self._dm_id([channel])
        msg = self._bot_message(channel, a, a.get("text") or a.get("markdown_text") or "")
        return {"ok": True, "channel": channel, "ts": msg["ts"], "message": dict(msg)}

    def _m_chat_postEphemeral(self, a: dict) -> dict:
        return {"ok": True, "message_ts": self.next_ts()}

    def _m_chat_update(self, a: dict) -> dict:
        with self._lock:
            msg = self._find(a.get("channel", ""), a.get("ts", "")) or {"ts": a.get("ts")}
            msg.update({k: a[k] for k in MESSAGE_FIELDS if k in a})
            return {"ok": True, "channel": a.get("channel"), "ts": a.get("ts"), "text": msg.get("text", ""),
                    "message": dict(msg)}

    def _m_chat_delete(self, a: dict) -> dict:
        with self._lock:
            msgs = self.messages.get(a.get("channel", ""), [])
            msgs[:] = [m for m in msgs if m["ts"] != a.get("ts")]
        return {"ok": True, "channel": a.get("channel"), "ts": a.get("ts")}

    def _m_chat_getPermalink(self, a: dict) -> dict:
        ch, ts = a.get("channel", ""), str(a.get("message_ts", ""))
        link = f"https://fake.slack.test/archives/{ch}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": ch, "permalink": link}

    @staticmethod
    def _stream_text(a: dict) -> str:
        chunks = a.get("chunks") if isinstance(a.get("chunks"), list) else []
        texts = [c.get("text", "") for c in chunks if isinstance(c, dict) and c.get("type") == "markdown_text"]
        return a.get("markdown_text", "") + "".join(texts)

    def _m_chat_startStream(self, a: dict) -> dict:
        msg = self._bot_message(a.get("channel", ""), a, self._stream_text(a))
        return {"ok": True, "channel": a.get("channel"), "ts": msg["ts"]}

    def _m_chat_appendStream(self, a: dict) -> dict:
        with self._lock:
            msg = self._find(a.get("channel", ""), a.get("ts", ""))
            if msg is None:
                return {"ok": False, "error": "message_not_found"}
            msg["text"] += self._stream_text(a)
            msg.update({k: a[k] for k in ("blocks", "metadata") if k in a})
            return {"ok": True, "channel": a.get("channel"), "ts": a.get("ts"), "message": dict(msg)}

    _m_chat_stopStream = _m_chat_appendStream

    def _m_reactions_add(self, a: dict) -> dict:
        with self._lock:
            msg = self._find(a.get("channel", ""), a.get("timestamp", ""))
            if msg is not None:
                reaction = {"name": a.get("name"), "users": [self.bot_user_id], "count": 1}
                msg.setdefault("reactions", []).append(reaction)
        return {"ok": True}

    def _m_conversations_history(self, a: dict) -> dict:
        msgs = self._thread(a, lambda m: m.get("thread_ts") in (None, m["ts"]), newest_first=True)
        return {"ok": True, "messages": msgs, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _m_conversations_replies(self, a: dict) -> dict:
        ts = a.get("ts", "")
        msgs = self._thread(a, lambda m: ts in (m["ts"], m.get("thread_ts")))
        if not msgs or msgs[0]["ts"] != ts:
            return {"ok": False, "error": "thread_not_found"}
        if len(msgs) > 1:
            users = sorted({m.get("user", "") for m in msgs[1:]} - {""})
            msgs[0].update(thread_ts=ts, reply_count=len(msgs) - 1, reply_users=users, latest_reply=msgs[-1]["ts"])
        return {"ok": True, "messages": msgs, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _m_conversations_open(self, a: dict) -> dict:
        if a.get("channel"):
            return {"ok": True, "channel": self._channel(a["channel"])}
        users = sorted(u.strip() for u in str(a.get("users", "")).split(",") if u.strip())
        channel = self._channel(self._dm_id(users))
        if len(users) == 1:
            channel["user"] = users[0]
        return {"ok": True, "channel": channel}

    @staticmethod
    def _dm_id(users: list[str]) -> str:
        """The id conversations.open gives the DM (one user) or group DM (several) with `users`."""
        users = sorted(users)
        return ("D" if len(users) == 1 else "G") + hashlib.sha1(",".join(users).encode()).hexdigest()[:10].upper()

    def _m_conversations_info(self, a: dict) -> dict:
        return {"ok": True, "channel": self._channel(a.get("channel") or "C0")}

    def _m_views_open(self, a: dict) -> dict:
        view = a.get("view") if isinstance(a.get("view"), dict) else {}
        with self._lock:
            self._seq += 1
            vid = a.get("view_id") or f"V{self._seq:08d}"
        return {"ok": True, "view": {"id": vid, "team_id": self.team_id, "state": {"values": {}},
                                     "hash": f"{int(time.time())}.{self._seq}", "root_view_id": vid,
                                     "app_id": "A1", "bot_id": self.bot_id, "private_metadata": "", **view}}

    _m_views_publish = _m_views_update = _m_views_push = _m_views_open

    def _m_users_info(self, a: dict) -> dict:
        uid = a.get("user", "")
        return {"ok": True, "user": self.users.get(uid) or {
            "id": uid, "team_id": self.team_id, "name": uid.lower(), "real_name": f"User {uid}", "is_bot": False,
            "deleted": False, "tz": "UTC",
            "profile": {"email": f"{uid.lower()}@example.com", "real_name": f"User {uid}",
                        "display_name": uid.lower()}}}

    def _m_users_lookupByEmail(self, a: dict) -> dict:
        user = next((u for u in self.users.values() if u["profile"].get("email") == a.get("email")), None)
        return {"ok": True, "user": user} if user else {"ok": False, "error": "users_not_found"}

    def _m_usergroups_users_list(self, a: dict) -> dict:
        users = self.usergroups.get(a.get("usergroup", ""))
        return {"ok": True, "users": users} if users is not None else {"ok": False, "error": "no_such_subteam"}

    def _m_files_info(self, a: dict) -> dict:
        with self._lock:
            if a.get("file") not in self.files:
                return {"ok": False, "error": "file_not_found"}
            return {"ok": True, "file": self._file(a["file"]), "comments": []}


def _make_handler(fake: FakeSlackAPI) -> type[BaseHTTPRequestHandler]:
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
                fake.downloads.append(Call(path, {}, headers))
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
