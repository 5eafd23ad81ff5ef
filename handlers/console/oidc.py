"""Sign in with Slack or Microsoft Entra ID: the OpenID Connect authorization-code flow with PKCE.

The ID token comes straight from the provider's token endpoint over TLS, which OpenID Connect Core
(3.1.3.7) accepts in place of checking its signature; its audience, expiry and nonce are checked
here. The person it names signs in only if bot.staff says they are staff.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from bot.config import Settings
from bot.conversation.identity import Requester
from bot.errors import PermissionDenied, ServiceUnavailable


@dataclass(frozen=True)
class Provider:
    name: str  # slack | entra
    label: str
    authorize_url: str
    token_url: str
    client_id: str
    client_secret: str
    scope: str
    surface: str  # the chat identity the token names: slack:<user id>, teams:<AAD object id>
    claim: str


def providers(settings: Settings) -> dict[str, Provider]:
    found: dict[str, Provider] = {}
    if settings.console_slack_client_id and settings.console_slack_client_secret:
        base = settings.console_slack_oidc_url.rstrip("/")
        found["slack"] = Provider("slack", "Sign in with Slack", f"{base}/openid/connect/authorize",
                                  f"{base}/api/openid.connect.token", settings.console_slack_client_id,
                                  settings.console_slack_client_secret, "openid profile", "slack",
                                  "https://slack.com/user_id")
    if settings.console_entra_client_id and settings.console_entra_client_secret:
        authority = (settings.console_entra_authority
                     or f"https://login.microsoftonline.com/{settings.teams_tenant_id or 'organizations'}").rstrip("/")
        found["entra"] = Provider("entra", "Sign in with Microsoft", f"{authority}/oauth2/v2.0/authorize",
                                  f"{authority}/oauth2/v2.0/token", settings.console_entra_client_id,
                                  settings.console_entra_client_secret, "openid profile", "teams", "oid")
    return found


def redirect_uri(settings: Settings, provider: Provider) -> str:
    return f"{settings.console_base_url.rstrip('/')}/auth/{provider.name}/callback"


def start(settings: Settings, provider: Provider) -> tuple[str, dict]:
    """The provider's authorize URL, and the state to keep (in a signed cookie) until the callback."""
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    query = {"response_type": "code", "client_id": provider.client_id, "scope": provider.scope,
             "redirect_uri": redirect_uri(settings, provider), "state": state, "nonce": nonce,
             "code_challenge": challenge, "code_challenge_method": "S256"}
    return f"{provider.authorize_url}?{urlencode(query)}", {"state": state, "nonce": nonce, "verifier": verifier,
                                                            "provider": provider.name}


def _claims(id_token: str) -> dict:
    try:
        payload = id_token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError) as exc:
        raise PermissionDenied("The sign-in provider sent an unreadable ID token.") from exc


def finish(settings: Settings, provider: Provider, *, code: str, kept: dict, timeout: float = 15.0) -> str:
    """Exchange the code for the ID token and return the chat identity it names ("slack:U123")."""
    try:
        response = httpx.post(provider.token_url, timeout=timeout, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri(settings, provider),
            "client_id": provider.client_id, "client_secret": provider.client_secret,
            "code_verifier": kept["verifier"]})
    except httpx.HTTPError as exc:
        raise ServiceUnavailable(f"{provider.label.removeprefix('Sign in with ')} did not answer; try again shortly.",
                                 f"token endpoint {provider.token_url}: {exc.__class__.__name__}") from exc
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    if response.status_code != 200 or not body.get("id_token") or body.get("ok") is False:
        raise PermissionDenied(f"Sign-in was refused by the provider ({body.get('error') or response.status_code}).")
    claims = _claims(body["id_token"])
    audience = claims.get("aud")
    if provider.client_id not in (audience if isinstance(audience, list) else [audience]):
        raise PermissionDenied("The ID token was issued for another application.")
    if float(claims.get("exp", 0)) < time.time():
        raise PermissionDenied("The ID token has expired; sign in again.")
    if claims.get("nonce") != kept.get("nonce"):
        raise PermissionDenied("The sign-in did not start here (nonce mismatch); sign in again.")
    user_id = claims.get(provider.claim)
    if not user_id:
        raise PermissionDenied(f"The ID token does not say who you are ({provider.claim} missing).")
    return Requester(provider.surface, str(user_id)).ref
