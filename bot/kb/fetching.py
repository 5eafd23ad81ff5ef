"""Fetching a web page for `/kb add URL` without becoming a proxy into the network the bot runs in.

Each hop (the first request and every redirect, followed by hand) is resolved once, every address
the name has must be globally routable, and the connection goes to the address that was checked
(the Host header and TLS SNI keep the name, so certificates are still verified against it): a DNS
answer that changes between the check and the connect (rebinding) cannot reach this machine. The
whole fetch, redirects included, has one deadline, so a page that trickles cannot hold a worker.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlparse

from bot.errors import InvalidInput

if TYPE_CHECKING:
    import httpx

USER_AGENT = "oresund-ma-assistant/0.1"
READ_TIMEOUT = 10.0  # seconds without a byte before giving up, within the overall deadline
MAX_REDIRECTS = 5
MAX_ADDRESSES = 3  # of a name's addresses, tried in turn when one cannot be reached

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Ranges the standard library's `is_global` misses on some Python versions, or that embed an IPv4
# address (6to4, Teredo, NAT64 local use, IPv4-compatible): refused whatever they embed.
_REFUSED = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4",
    "::/96", "2002::/16", "2001::/32", "64:ff9b:1::/48", "fc00::/7", "fe80::/10",
))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known NAT64: as public as the IPv4 address it embeds


def is_public(ip: IPAddress) -> bool:
    """True only for globally routable unicast addresses."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_public(ip.ipv4_mapped)
        if ip in _NAT64:
            return is_public(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip.is_multicast or any(ip.version == net.version and ip in net for net in _REFUSED):
        return False
    return ip.is_global


@dataclass(frozen=True)
class Target:
    """One hop: the address as asked, and the checked IP addresses to connect to (tried in order)."""

    url: httpx.URL
    addresses: tuple[str, ...]

    def extensions(self) -> dict:
        return {"sni_hostname": self.url.host} if self.url.scheme == "https" else {}

    def host_header(self) -> str:
        return self.url.netloc.decode("ascii")


def _addresses(host: str, port: int) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InvalidInput(f"The address {host} cannot be resolved.") from exc
    # An IPv6 scope ("fe80::1%eth0") is dropped: such addresses are link-local and refused anyway.
    addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos))
    if not addresses:
        raise InvalidInput(f"The address {host} cannot be resolved.")
    return addresses


def resolve(url: str, allowlist: frozenset[str]) -> Target:
    """Check a web address and pick the address to connect to; InvalidInput says why one is refused."""
    import httpx  # here, not at import time: only fetching needs it

    parsed = urlparse(url.strip().strip("<>").split("|")[0])
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise InvalidInput("Give a full web address starting with https:// (or http://).")
    try:
        target = httpx.URL(parsed.geturl())
        port = target.port or (443 if target.scheme == "https" else 80)
    except (httpx.InvalidURL, ValueError) as exc:
        raise InvalidInput("That web address is not valid.") from exc
    host = target.host.lower()
    addresses = _addresses(host, port)
    # Hosts named in KB_URL_ALLOWLIST may be private (an intranet page the operator chose to allow).
    allowed = host in allowlist or f"{host}:{target.port}" in allowlist
    if not allowed and not all(is_public(ip) for ip in addresses):
        raise InvalidInput(f"{host} is a private or local address; only public web pages can be added.")
    return Target(url=target, addresses=tuple(str(ip) for ip in addresses[:MAX_ADDRESSES]))


def check_url(url: str, allowlist: frozenset[str]) -> str:
    """The address, normalised, if it may be fetched; InvalidInput otherwise."""
    return str(resolve(url, allowlist).url)


def fetch_url(url: str, *, max_bytes: int, allowlist: frozenset[str], deadline_seconds: float,
              max_redirects: int = MAX_REDIRECTS) -> tuple[bytes, str, str]:
    """The page's bytes, its final address and a file name for it."""
    import httpx

    too_slow = InvalidInput(f"The page did not arrive within {deadline_seconds:g} seconds; try again later "
                            "or share the file with me instead.")
    current = url
    # trust_env=False: a proxy from the environment would connect on its own, to an address not checked here.
    with httpx.Client(follow_redirects=False, trust_env=False, headers={"User-Agent": USER_AGENT}) as client:
        deadline = time.monotonic() + deadline_seconds  # from here: building the client loads certificates
        for _ in range(max_redirects + 1):
            target = resolve(current, allowlist)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise too_slow
            try:
                response = _connect(client, target, httpx.Timeout(min(READ_TIMEOUT, remaining)))
                try:
                    if response.is_redirect:
                        current = urljoin(str(target.url), response.headers.get("location", ""))
                        continue
                    body, kind = _read(response, max_bytes, deadline, too_slow)
                finally:
                    response.close()
            except httpx.TimeoutException as exc:
                raise (too_slow if time.monotonic() >= deadline else
                       InvalidInput(f"The page stopped answering ({exc.__class__.__name__}).")) from exc
            except httpx.HTTPError as exc:
                raise InvalidInput(f"The page could not be fetched ({exc.__class__.__name__}).") from exc
            return body, str(target.url), _file_name(target.url, kind)
    raise InvalidInput("The page redirects too many times.")


def _connect(client: httpx.Client, target: Target, timeout: httpx.Timeout) -> httpx.Response:
    """Send the request to the checked addresses in turn: never to whatever the name resolves to now."""
    import httpx

    for i, address in enumerate(target.addresses):
        request = client.build_request("GET", target.url.copy_with(host=address), headers={"Host": target.host_header()},
                                       extensions=target.extensions(), timeout=timeout)
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError:
            if i == len(target.addresses) - 1:
                raise
    raise AssertionError("a target has at least one address")


def _read(response: httpx.Response, max_bytes: int, deadline: float, too_slow: InvalidInput) -> tuple[bytes, str]:
    if response.status_code >= 400:
        raise InvalidInput(f"The page answered with HTTP {response.status_code}.")
    try:
        declared = int(response.headers.get("content-length") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise InvalidInput(f"The page is too large ({declared / 1e6:.1f} MB); the limit is {max_bytes / 1e6:.0f} MB.")
    body = bytearray()
    for piece in response.iter_bytes():
        body += piece
        if len(body) > max_bytes:
            raise InvalidInput(f"The page is larger than the limit of {max_bytes / 1e6:.0f} MB.")
        if time.monotonic() >= deadline:
            raise too_slow
    return bytes(body), response.headers.get("content-type", "").split(";")[0].strip().lower()


def _file_name(url: httpx.URL, kind: str) -> str:
    name = Path(url.path).name or "page"
    if kind == "text/html" and not name.lower().endswith((".html", ".htm")):
        name += ".html"
    elif kind == "application/pdf" and not name.lower().endswith(".pdf"):
        name += ".pdf"
    return name
