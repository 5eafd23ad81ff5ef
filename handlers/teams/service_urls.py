"""Which `serviceUrl` the bot may send replies to.

An activity names the URL its replies go to. Unchecked, anybody who can reach the endpoint could
make the bot post (with its Entra token, in production) to a host of their choosing. Production
accepts only the Bot Connector and Teams channel hosts Microsoft documents, over HTTPS:
smba.trafficmanager.net (the public cloud), *.botframework.com, the government clouds' hosts under
teams.microsoft.com / teams.microsoft.us and botframework.azure.us. Local development (the
Bot Framework Emulator, the Agents Playground) accepts only loopback addresses.
"""

from __future__ import annotations

import ipaddress
import logging
from urllib.parse import urlsplit

from microsoft_agents.hosting.core import OutboundHostValidator

log = logging.getLogger("handlers.teams")

TEAMS_SERVICE_HOSTS = ("smba.trafficmanager.net", "botframework.com", "teams.microsoft.com", "teams.microsoft.us",
                       "botframework.azure.us")


def is_trusted_service_url(url: object, *, production: bool) -> bool:
    if not isinstance(url, str) or len(url) > 2000:
        return False
    try:
        parts = urlsplit(url.strip())
        host, port = (parts.hostname or "").rstrip(".").lower(), parts.port
    except ValueError:  # a malformed port or bracketed host
        return False
    if not host or parts.username is not None or parts.password is not None:
        return False
    if production:
        return parts.scheme == "https" and port in (None, 443) and any(
            host == trusted or host.endswith("." + trusted) for trusted in TEAMS_SERVICE_HOSTS)
    return parts.scheme in ("http", "https") and _loopback(host)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ServiceUrlValidator(OutboundHostValidator):
    """The adapter asks this before it handles an activity; a refused serviceUrl gets 401 and no reply."""

    def __init__(self, *, production: bool) -> None:
        super().__init__(enabled=True, include_default_microsoft_hosts=False)
        self.production = production

    def is_allowed(self, url) -> bool:  # noqa: ANN001 - a str or a yarl URL from the SDK
        allowed = is_trusted_service_url(str(url), production=self.production)
        if not allowed:
            log.warning("refused an activity whose serviceUrl is not a %s host",
                        "Bot Framework / Teams" if self.production else "loopback")
        return allowed
