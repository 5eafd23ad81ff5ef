"""Cookies, CSRF tokens and redirects of the console: signed, HttpOnly, SameSite=Lax, never open.

The session cookie carries a random session id (its hash is the database row, see bot/signin.py)
signed with the console key. Every POST form carries a CSRF token derived from the session (or,
before there is one, from the sign-in link or provider state), compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path
from urllib.parse import urlsplit

from bot.config import Settings

SESSION_COOKIE = "console_session"
STATE_COOKIE = "console_signin_state"  # an OpenID Connect sign-in under way: state, nonce, PKCE verifier
STATE_SECONDS = 600


def secret_key(settings: Settings) -> bytes:
    """CONSOLE_SECRET_KEY, else a random key kept (0600) in BOT_DATA_DIR for this installation."""
    if settings.console_secret_key:
        return settings.console_secret_key.encode()
    path = Path(settings.bot_data_dir) / "console-secret"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"console-secret.{os.getpid()}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        try:
            os.link(tmp, path)  # the first process to create it wins; the others read the same key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip().encode()


class Signer:
    def __init__(self, key: bytes) -> None:
        self.key = key

    def mac(self, purpose: str, value: str) -> str:
        return hmac.new(self.key, f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()

    def sign(self, purpose: str, value: str) -> str:
        return f"{value}.{self.mac(purpose, value)}"

    def unsign(self, purpose: str, signed: str | None) -> str | None:
        value, _, mac = (signed or "").rpartition(".")
        if value and hmac.compare_digest(mac, self.mac(purpose, value)):
            return value
        return None

    def csrf_token(self, session_id: str) -> str:
        return self.mac("csrf", session_id)[:40]

    def check_csrf(self, session_id: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_token(session_id), str(token))

    def pack(self, purpose: str, data: dict) -> str:
        """A signed, timestamped blob for a cookie (the sign-in state); not secret, only tamper-proof."""
        raw = base64.urlsafe_b64encode(json.dumps({**data, "t": int(time.time())}).encode()).decode()
        return self.sign(purpose, raw)

    def unpack(self, purpose: str, signed: str | None, *, max_age: float) -> dict | None:
        raw = self.unsign(purpose, signed)
        if raw is None:
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(raw.encode()))
        except ValueError:
            return None
        return data if time.time() - data.get("t", 0) <= max_age else None


def safe_next(value: str | None) -> str:
    """Only a path on this site: "/contacts?kind=company" yes; "//evil.example", "https://…", "/\\evil" no."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith(("//", "/\\")) or "\\" in value or any(c < " " for c in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def cookie_options(settings: Settings, *, max_age: int | None) -> dict:
    return {"httponly": True, "samesite": "lax", "secure": settings.environment != "development",
            "path": "/", "max_age": max_age}
