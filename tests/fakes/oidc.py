"""A small OpenID Connect provider on loopback: it issues a code for a person, then answers the token
endpoint with an ID token, checking the client secret, the redirect URI and the PKCE verifier as a
real provider does (Slack's and Entra's token endpoints take the same form post)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


class FakeOIDCProvider:
    def __init__(self, *, client_id: str, client_secret: str) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.codes: dict[str, dict] = {}
        self.requests: list[dict] = []
        self._server: ThreadingHTTPServer | None = None

    def issue_code(self, *, claims: dict, nonce: str, challenge: str, redirect_uri: str, audience: str | None = None) -> str:
        """What the authorize page does once the person signs in: a code bound to this sign-in."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"claims": claims, "nonce": nonce, "challenge": challenge, "redirect_uri": redirect_uri,
                            "aud": audience or self.client_id}
        return code

    def start(self) -> FakeOIDCProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # noqa: ANN002
                pass

            def do_POST(self) -> None:  # noqa: N802
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode()).items()}
                provider.requests.append({"path": self.path, **form})
                status, body = provider.token(form)
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def token(self, form: dict) -> tuple[int, dict]:
        grant = self.codes.pop(form.get("code", ""), None)  # a code works once
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client"}
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE verification failed"}
        claims = {"iss": self.url, "aud": grant["aud"], "exp": int(time.time()) + 300, "iat": int(time.time()),
                  "nonce": grant["nonce"], **grant["claims"]}
        return 200, {"ok": True, "access_token": "at-" + secrets.token_hex(8), "token_type": "Bearer",
                     "id_token": f"{_b64({'alg': 'RS256', 'typ': 'JWT'})}.{_b64(claims)}.c2lnbmF0dXJl"}
