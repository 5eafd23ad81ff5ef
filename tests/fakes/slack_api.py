"""Loopback fake of the Slack Web API for use with a real ``slack_sdk.WebClient``.

As strict as Slack where a lenient fake would let tests pass: payloads are checked with
``slack_sdk.models`` (slack_rules.py); users and channels exist only when a test registers them
(``register``, ``add_user``, ``add_channel``); messages must exist to be updated; trigger ids are
issued by the fake and single-use; a method the fake does not implement answers ``unknown_method``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any, Callable, Optional
from urllib.parse import quote

from .slack_http import make_handler
from .slack_rules import Refusal, check_blocks, check_message, check_view

MESSAGE_FIELDS = ("text", "blocks", "attachments", "metadata")
Handler = Callable[[dict], dict]


@dataclass
class Call:
    """One recorded API call; ``headers`` keys are lower-case; ``at`` is ``time.monotonic()`` on arrival."""

    method: str
    args: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic, compare=False)


class FakeSlackAPI:
    """Fake Slack Web API served over HTTP on 127.0.0.1 with a free port."""

    def __init__(self, bot_user_id: str = "UBOT", bot_id: str = "BBOT", team_id: str = "T1",
                 delay: float = 0.0, valid_tokens: Optional[set[str]] = None, open_workspace: bool = False) -> None:
        """``open_workspace=True`` registers any user or channel id on first use and takes any new
        trigger id (benchmarks and the smoke run only: tests register what they use)."""
        self.bot_user_id, self.bot_id, self.team_id = bot_user_id, bot_id, team_id
        self.open_workspace = open_workspace
        self.delay, self.valid_tokens = delay, valid_tokens
        self._lock = threading.RLock()
        self._recorded = threading.Condition(self._lock)
        self._server: Optional[ThreadingHTTPServer] = None
        self.reset()

    def start(self) -> "FakeSlackAPI":
        """Start serving in a daemon thread; returns self."""
        if self._server is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(self))
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
            self.warnings: list[str] = []
            self.refused: list[tuple[str, str]] = []  # (method, error) of every ok: false the fake chose
            self.messages: dict[str, list[dict]] = defaultdict(list)
            self.users: dict[str, dict] = {self.bot_user_id: self._user_record(self.bot_user_id, "bot", None, True)}
            self.usergroups: dict[str, list[str]] = {}
            self.channels: dict[str, dict] = {}
            self.files: dict[str, dict] = {}
            self.views: dict[str, dict] = {}
            self._triggers: dict[str, str] = {}
            self._contents: dict[str, bytes] = {}
            self._faults: dict[str, deque[dict]] = defaultdict(deque)
            self._overrides: dict[str, Handler] = {}
            self._clock, self._seq = 1_700_000_000_000_000, 0

    # ----- what tests read ------------------------------------------------------------------
    def calls(self, method: Optional[str] = None) -> list[Call]:
        """Recorded calls, optionally only those of ``method``."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0,
                 predicate: Optional[Callable[[Call], bool]] = None) -> list[Call]:
        """Block until ``count`` matching calls were recorded (woken by each call) and return them."""
        deadline = time.monotonic() + timeout
        with self._recorded:
            while True:
                found = [c for c in self._calls if c.method == method and (predicate is None or predicate(c))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self._calls]
                    raise AssertionError(f"expected {count} call(s) of {method}, got {len(found)}; recorded: {seen}")
                self._recorded.wait(left)

    def record_download(self, path: str, headers: dict) -> None:
        with self._recorded:
            self.downloads.append(Call(path, {}, headers))
            self._recorded.notify_all()

    # ----- seeding the workspace --------------------------------------------------------------
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

    def _user_record(self, user_id: str, name: str, email: Optional[str], is_bot: bool, **extra: Any) -> dict:
        return {"id": user_id, "team_id": self.team_id, "name": name, "real_name": name, "is_bot": is_bot,
                "deleted": False, "tz": "UTC",
                "profile": {"email": email, "real_name": name, "display_name": name}, **extra}

    def add_user(self, user_id: str, name: str, email: Optional[str] = None, is_bot: bool = False,
                 **extra: Any) -> dict:
        """Register a user known to users.info / users.lookupByEmail / conversations.open."""
        with self._lock:
            self.users[user_id] = self._user_record(user_id, name, email, is_bot, **extra)
            return self.users[user_id]

    def add_usergroup(self, usergroup_id: str, users: list[str]) -> None:
        """Seed the members returned by usergroups.users.list (registered as users if new)."""
        self.register(*users)
        with self._lock:
            self.usergroups[usergroup_id] = list(users)

    def add_channel(self, channel_id: str, name: Optional[str] = None, *, is_member: bool = True,
                    user: Optional[str] = None, **extra: Any) -> dict:
        """Register a channel (C…), private channel or group DM (G…) or DM (D…, with ``user``).

        ``is_member=False`` makes posting and reading answer ``not_in_channel``, as for a channel the
        bot was never invited to; ``is_archived=True`` makes posting answer ``is_archived``.
        """
        kind = channel_id[:1]
        with self._lock:
            self.channels[channel_id] = {
                "id": channel_id, "name": name or f"channel-{channel_id.lower()}", "is_channel": kind == "C",
                "is_group": kind == "G", "is_im": kind == "D", "is_mpim": kind == "G", "is_private": kind != "C",
                "is_member": is_member, "is_archived": False, "created": 1700000000,
                "context_team_id": self.team_id, **({"user": user} if user else {}), **extra}
            return self.channels[channel_id]

    def register(self, *ids: str) -> None:
        """Register users (U…/W…) and channels (C…/G…/D…) by id, with plain defaults.

        A user gets the email ``<id lower-case>@example.com``; a DM ``D…`` is registered without a user.
        """
        for item in ids:
            if item[:1] in "UW":
                if item not in self.users:
                    self.add_user(item, item.lower(), email=f"{item.lower()}@example.com")
            elif item[:1] in "CGD":
                if item not in self.channels:
                    self.add_channel(item)
            else:
                raise ValueError(f"not a Slack user or channel id: {item!r}")

    def add_file(self, file_id: str, name: str, content: bytes, mimetype: str = "text/plain",
                 filetype: str = "text", **extra: Any) -> dict:
        """Register a file served by files.info and ``/files-pri/<id>/<name>``."""
        with self._lock:
            self._contents[file_id] = content
            self.files[file_id] = {"id": file_id, "name": name, "title": name, "mimetype": mimetype,
                                   "filetype": filetype, "size": len(content), "user": "U1",
                                   "created": 1700000000, **extra}
            return self._file(file_id)

    def issue_trigger(self) -> str:
        """A fresh trigger id, as Slack puts in a command or interaction payload; views.open takes it once."""
        with self._lock:
            self._seq += 1
            trigger = f"{self._seq}.{int(time.time())}.{hashlib.sha1(str(self._seq).encode()).hexdigest()[:12]}"
            self._triggers[trigger] = "fresh"
            return trigger

    def expire_trigger(self, trigger: str) -> None:
        """Make ``trigger`` old, as after Slack's 3 seconds: views.open answers ``expired_trigger_id``."""
        with self._lock:
            self._triggers[trigger] = "expired"

    # ----- failures on demand -----------------------------------------------------------------
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

    # ----- dispatch -----------------------------------------------------------------------------
    def handle(self, method: str, args: dict, headers: dict) -> tuple[int, dict, dict]:
        """Record a call and compute ``(status, extra_headers, body)``."""
        with self._recorded:
            self._calls.append(Call(method, args, headers))
            fault = self._faults[method].popleft() if self._faults.get(method) else None
            self._recorded.notify_all()
        if fault and "status" in fault:
            limited = fault["status"] == 429
            extra = {"Retry-After": str(fault["retry_after"])} if limited else {}
            error = "ratelimited" if limited else "internal_error"
            if method.startswith("respond/") and fault["status"] == 404:
                error = "expired_url"  # what a response_url answers once its 30 minutes or 5 uses are over
            return fault["status"], extra, {"ok": False, "error": error}
        auth = headers.get("authorization", "")
        token = auth[7:] if auth.startswith("Bearer ") else str(args.get("token", ""))
        responding = method.startswith("respond/")  # a response_url: authorised by its secret path
        if not responding and (not token.startswith("xox") or (self.valid_tokens is not None
                                                              and token not in self.valid_tokens)):
            return 200, {}, {"ok": False, "error": "invalid_auth" if token else "not_authed"}
        if fault:
            return 200, {}, {"ok": False, "error": fault["error"]}
        handler = self._overrides.get(method) or getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None and responding:
            handler = self._respond
        if handler is None:
            return 200, {}, {"ok": False, "error": "unknown_method", "req_method": method}
        try:
            return 200, {}, handler(args)
        except Refusal as refusal:
            with self._lock:
                self.refused.append((method, refusal.error))
            return (400 if responding else 200), {}, refusal.body()

    # ----- the directory ------------------------------------------------------------------------
    def _user(self, user_id: Any) -> dict:
        if self.open_workspace and str(user_id or "")[:1] in ("U", "W"):
            self.register(str(user_id))
        user = self.users.get(str(user_id or ""))
        if user is None:
            raise Refusal("user_not_found")
        return user

    def _conversation(self, channel_id: Any, *, posting: bool = False) -> dict:
        """The registered channel, or a user's DM with the app when ``channel_id`` names a user."""
        cid = str(channel_id or "")
        if self.open_workspace and cid[:1] in ("C", "G", "D", "U", "W"):
            self.register(cid)  # a user id names the DM with that user
        with self._lock:
            channel = self.channels.get(cid)
            if channel is None and cid[:1] in ("U", "W") and cid in self.users:
                return {"id": cid, "is_im": True, "user": cid, "is_member": True}
        if channel is None:
            raise Refusal("channel_not_found")
        if not channel.get("is_member", True):
            raise Refusal("not_in_channel")
        if posting and channel.get("is_archived"):
            raise Refusal("is_archived")
        return channel

    def _message(self, channel: str, ts: Any) -> dict:
        msg = self._find(channel, str(ts or ""))
        if msg is None:
            raise Refusal("message_not_found")
        return msg

    def _checked(self, method: str, args: dict, **kwargs: Any) -> None:
        for warning in check_message(args, **kwargs):
            with self._lock:
                self.warnings.append(f"{method} to {args.get('channel')}: {warning}")

    def _file(self, file_id: str) -> dict:
        f = self.files[file_id]
        url = f"{self.root}/files-pri/{file_id}/{quote(f['name'])}" if self._server else ""
        return {"url_private": url, "url_private_download": url, **f}

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

    # ----- methods --------------------------------------------------------------------------------
    def _respond(self, a: dict) -> dict:
        """A response_url: the same message rules as chat.postMessage; deleting needs no text."""
        self._checked("response_url", a, needs_content=not a.get("delete_original"))
        return {"ok": True}

    def _m_auth_test(self, a: dict) -> dict:
        return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake Team", "user": "bot",
                "team_id": self.team_id, "user_id": self.bot_user_id, "bot_id": self.bot_id,
                "is_enterprise_install": False}

    def _m_chat_postMessage(self, a: dict) -> dict:
        self._conversation(a.get("channel"), posting=True)
        self._checked("chat.postMessage", a)
        channel = a.get("channel", "")
        if channel[:1] in ("U", "W"):  # as in Slack: a user id posts into the DM with that user
            channel = self._dm_id([channel])
        msg = self._bot_message(channel, a, a.get("text") or a.get("markdown_text") or "")
        return {"ok": True, "channel": channel, "ts": msg["ts"], "message": dict(msg)}

    def _m_chat_postEphemeral(self, a: dict) -> dict:
        self._conversation(a.get("channel"), posting=True)
        self._user(a.get("user"))
        self._checked("chat.postEphemeral", a)
        return {"ok": True, "message_ts": self.next_ts()}

    def _m_chat_update(self, a: dict) -> dict:
        self._conversation(a.get("channel"), posting=True)
        self._checked("chat.update", a)
        with self._lock:
            msg = self._message(a.get("channel", ""), a.get("ts"))
            if msg.get("bot_id") != self.bot_id:
                raise Refusal("cant_update_message")
            msg.update({k: a[k] for k in MESSAGE_FIELDS if k in a})
            return {"ok": True, "channel": a.get("channel"), "ts": a.get("ts"), "text": msg.get("text", ""),
                    "message": dict(msg)}

    def _m_chat_delete(self, a: dict) -> dict:
        self._conversation(a.get("channel"))
        with self._lock:
            self._message(a.get("channel", ""), a.get("ts"))
            msgs = self.messages[a.get("channel", "")]
            msgs[:] = [m for m in msgs if m["ts"] != a.get("ts")]
        return {"ok": True, "channel": a.get("channel"), "ts": a.get("ts")}

    def _m_chat_getPermalink(self, a: dict) -> dict:
        ch, ts = a.get("channel", ""), str(a.get("message_ts", ""))
        self._conversation(ch)
        self._message(ch, ts)
        link = f"https://fake.slack.test/archives/{ch}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": ch, "permalink": link}

    @staticmethod
    def _stream_text(a: dict) -> str:
        chunks = a.get("chunks") if isinstance(a.get("chunks"), list) else []
        texts = [c.get("text", "") for c in chunks if isinstance(c, dict) and c.get("type") == "markdown_text"]
        return a.get("markdown_text", "") + "".join(texts)

    def _m_chat_startStream(self, a: dict) -> dict:
        self._conversation(a.get("channel"), posting=True)
        if not a.get("thread_ts"):
            raise Refusal("invalid_arguments", "[ERROR] missing required field: thread_ts")
        msg = self._bot_message(a.get("channel", ""), a, self._stream_text(a))
        return {"ok": True, "channel": a.get("channel"), "ts": msg["ts"]}

    def _m_chat_appendStream(self, a: dict) -> dict:
        self._conversation(a.get("channel"), posting=True)
        if a.get("blocks") not in (None, "", []):
            check_blocks(a["blocks"])
        with self._lock:
            msg = self._message(a.get("channel", ""), a.get("ts"))
            text = msg["text"] + self._stream_text(a)
            if len(text) > 40_000:
                raise Refusal("msg_too_long")
            msg["text"] = text
            msg.update({k: a[k] for k in ("blocks", "metadata") if k in a})
            return {"ok": True, "channel": a.get("channel"), "ts": a.get("ts"), "message": dict(msg)}

    _m_chat_stopStream = _m_chat_appendStream

    def _m_reactions_add(self, a: dict) -> dict:
        self._conversation(a.get("channel"))
        with self._lock:
            msg = self._message(a.get("channel", ""), a.get("timestamp"))
            reaction = {"name": a.get("name"), "users": [self.bot_user_id], "count": 1}
            msg.setdefault("reactions", []).append(reaction)
        return {"ok": True}

    def _m_conversations_history(self, a: dict) -> dict:
        self._conversation(a.get("channel"))
        msgs = self._thread(a, lambda m: m.get("thread_ts") in (None, m["ts"]), newest_first=True)
        return {"ok": True, "messages": msgs, "has_more": False, "response_metadata": {"next_cursor": ""}}

    def _m_conversations_replies(self, a: dict) -> dict:
        self._conversation(a.get("channel"))
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
            return {"ok": True, "channel": self._conversation(a["channel"])}
        raw = a.get("users", "")
        users = sorted({u.strip() for u in (raw if isinstance(raw, list) else str(raw).split(",")) if u.strip()})
        if not users:
            raise Refusal("users_list_not_supplied")
        for user in users:
            self._user(user)
        cid = self._dm_id(users)
        with self._lock:
            channel = self.channels.get(cid) or self.add_channel(
                cid, user=users[0] if len(users) == 1 else None, members=[*users, self.bot_user_id])
        return {"ok": True, "channel": dict(channel)}

    @staticmethod
    def _dm_id(users: list[str]) -> str:
        """The id conversations.open gives the DM (one user) or group DM (several) with `users`."""
        users = sorted(users)
        return ("D" if len(users) == 1 else "G") + hashlib.sha1(",".join(users).encode()).hexdigest()[:10].upper()

    def _m_conversations_info(self, a: dict) -> dict:
        cid = a.get("channel")
        with self._lock:
            if cid not in self.channels:
                raise Refusal("channel_not_found")
            return {"ok": True, "channel": dict(self.channels[cid])}

    def _open_view(self, a: dict, *, needs_trigger: bool) -> dict:
        view = a.get("view")
        check_view(view)
        with self._lock:
            if needs_trigger:
                state = self._triggers.get(str(a.get("trigger_id") or ""))
                if state is None and self.open_workspace and a.get("trigger_id"):
                    state = "fresh"
                if state is None or state == "expired":
                    raise Refusal("expired_trigger_id")
                if state == "used":
                    raise Refusal("exchanged_trigger_id")
                self._triggers[a["trigger_id"]] = "used"
            self._seq += 1
            vid = f"V{self._seq:08d}"
            record = {"id": vid, "team_id": self.team_id, "state": {"values": {}},
                      "hash": f"{int(time.time())}.{self._seq}", "root_view_id": vid, "app_id": "A1",
                      "bot_id": self.bot_id, "private_metadata": "", **view}
            self.views[vid] = record
            return {"ok": True, "view": dict(record)}

    def _m_views_open(self, a: dict) -> dict:
        return self._open_view(a, needs_trigger=True)

    _m_views_push = _m_views_open

    def _m_views_update(self, a: dict) -> dict:
        with self._lock:
            known = next((v for v in self.views.values() if a.get("view_id") == v["id"]
                          or (a.get("external_id") and a.get("external_id") == v.get("external_id"))), None)
        if known is None:
            raise Refusal("not_found")
        check_view(a.get("view"))
        with self._lock:
            known.update({**a["view"], "external_id": known.get("external_id")} if known.get("external_id")
                         else a["view"])
            return {"ok": True, "view": dict(known)}

    def _m_views_publish(self, a: dict) -> dict:
        self._user(a.get("user_id"))
        view = a.get("view")
        check_view(view)
        if view.get("type") != "home":
            raise Refusal("invalid_arguments", "[ERROR] views.publish takes a home view [json-pointer:/view/type]")
        return self._open_view(a, needs_trigger=False)

    def _m_users_info(self, a: dict) -> dict:
        with self._lock:
            return {"ok": True, "user": dict(self._user(a.get("user")))}

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

    def _assistant_thread(self, a: dict) -> dict:
        self._conversation(a.get("channel_id"), posting=True)
        if not a.get("thread_ts"):
            raise Refusal("invalid_arguments", "[ERROR] missing required field: thread_ts")
        return {"ok": True}

    _m_assistant_threads_setStatus = _m_assistant_threads_setSuggestedPrompts = _assistant_thread
    _m_assistant_threads_setTitle = _assistant_thread
