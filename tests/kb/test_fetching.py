"""`/kb add URL` fetches: only globally routable addresses, connected to as checked, within one deadline.

Local servers on loopback stand in for other hosts; KB_URL_ALLOWLIST lets a test reach them on
purpose. Name resolution is the one thing replaced (no DNS server runs here): a resolver that
answers differently the second time is exactly what DNS rebinding is.
"""

from __future__ import annotations

import ipaddress
import socket

import pytest

from bot.errors import InvalidInput
from bot.kb.admin import KnowledgeAdmin
from tests.conftest import make_settings
from tests.fakes.pages import PageServer

PAGE = (b"<!DOCTYPE html><html><head><title>Travel grants</title></head><body>"
        b"<p>Travel grants cover flights and housing for exchange visits.</p></body></html>")


def _admin(tmp_path, **settings) -> KnowledgeAdmin:
    """Fetching happens before the knowledge base is touched; every test here stops at the fetch."""
    return KnowledgeAdmin(settings=make_settings(tmp_path, **settings), knowledge=None)


@pytest.fixture
def pages():
    with PageServer(trickle_interval=0.02, trickle_limit=250) as server:
        yield server


NON_GLOBAL = [
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://100.100.100.200/latest/meta-data/",  # a cloud metadata service inside 100.64.0.0/10
    "http://[2002:7f00:1::]/",  # 6to4 embedding 127.0.0.1
    "http://[2002:a9fe:a9fe::]/",  # 6to4 embedding 169.254.169.254
    "http://[64:ff9b::7f00:1]/",  # NAT64 embedding 127.0.0.1
    "http://[64:ff9b:1::a00:1]/",  # local-use NAT64
    "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
    "http://[::7f00:1]/",  # IPv4-compatible loopback
    "http://198.18.0.1/",  # benchmarking
    "http://192.0.0.170/",  # IETF protocol assignments
    "http://240.0.0.1/",  # reserved
    "http://0.0.0.0/",
    "http://[ff0e::1]/",  # global-scope multicast
    "http://127.0.0.1/", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/latest/meta-data",
]


@pytest.mark.parametrize("url", NON_GLOBAL)
def test_only_globally_routable_addresses_are_fetched(tmp_path, url) -> None:
    with pytest.raises(InvalidInput, match="private or local address"):
        _admin(tmp_path).add_url(url, actor="slack:U1")


def test_public_addresses_count_as_public() -> None:
    from bot.kb.fetching import is_public

    for address in ("93.184.216.34", "2606:4700:4700::1111", "64:ff9b::808:808", "::ffff:8.8.8.8"):
        assert is_public(ipaddress.ip_address(address)), address


class _Rebinding:
    """getaddrinfo where `name` is public when checked and 127.0.0.1 from the second lookup on."""

    def __init__(self, monkeypatch, name: str) -> None:
        self.name, self.lookups = name, 0
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
            if host != name:
                return real(host, port, *args, **kwargs)
            self.lookups += 1
            address = "93.184.216.34" if self.lookups == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, int(port or 80)))]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_dns_rebinding_cannot_reach_loopback(tmp_path, pages, monkeypatch) -> None:
    port = pages.host.rsplit(":", 1)[1]
    pages.page("/grants", PAGE)
    _Rebinding(monkeypatch, "rebind.example.org")
    # The checked public address is unreachable here, so the fetch fails; the point is where it went.
    with pytest.raises(InvalidInput):
        _admin(tmp_path, kb_fetch_deadline_seconds=3).add_url(f"http://rebind.example.org:{port}/grants", actor="slack:U1")
    assert pages.requests == []


def test_dns_rebinding_on_a_redirect_hop_cannot_reach_loopback(tmp_path, pages, monkeypatch) -> None:
    port = pages.host.rsplit(":", 1)[1]
    pages.page("/grants", PAGE)
    start = pages.redirect("/moved", f"http://rebind.example.org:{port}/grants")
    _Rebinding(monkeypatch, "rebind.example.org")
    with pytest.raises(InvalidInput):
        _admin(tmp_path, kb_url_allowlist=pages.host, kb_fetch_deadline_seconds=3).add_url(start, actor="slack:U1")
    assert [r.path for r in pages.requests] == ["/moved"]


def test_connection_goes_to_the_checked_address_with_the_original_host_name(tmp_path, pages) -> None:
    from bot.kb.fetching import fetch_url

    port = pages.host.rsplit(":", 1)[1]
    pages.page("/grants", PAGE)
    body, final, name = fetch_url(f"http://localhost:{port}/grants", max_bytes=10_000, deadline_seconds=10,
                                  allowlist=frozenset({f"localhost:{port}"}))
    assert (body, final, name) == (PAGE, f"http://localhost:{port}/grants", "grants.html")
    assert pages.requests[0].headers["host"] == f"localhost:{port}"


def test_redirects_are_bounded(tmp_path, pages) -> None:
    loop = pages.redirect("/loop", "/loop")
    with pytest.raises(InvalidInput, match="redirects too many times"):
        _admin(tmp_path, kb_url_allowlist=pages.host).add_url(loop, actor="slack:U1")
    assert len(pages.requests) == 6  # the first request and five redirects


def test_trickling_page_stops_at_the_overall_deadline(tmp_path, pages) -> None:
    url = pages.trickle("/slow", PAGE)
    with pytest.raises(InvalidInput, match="did not arrive within 0.3 seconds"):
        _admin(tmp_path, kb_url_allowlist=pages.host, kb_fetch_deadline_seconds=0.3).add_url(url, actor="slack:U1")
    assert [r.path for r in pages.requests] == ["/slow"]
    assert pages.hung_up.wait(10), "the fetch kept the connection open after its deadline"


def _self_signed(tmp_path, name: str) -> tuple[str, str]:
    """A certificate for `name` (and nothing else) and its key, as files."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


def test_https_to_the_checked_address_still_verifies_the_name(tmp_path, pages, monkeypatch) -> None:
    """TLS goes to the checked IP address, with the name as SNI and as the name the certificate must carry."""
    import ssl

    import certifi

    from bot.kb.fetching import fetch_url

    cert, key = _self_signed(tmp_path, "localhost")
    monkeypatch.setattr(certifi, "where", lambda: cert)  # trust this certificate alone, as the system's CAs
    pages.page("/grants", PAGE)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    pages.use_tls(context)
    port = pages.host.rsplit(":", 1)[1]

    body, final, _ = fetch_url(f"https://localhost:{port}/grants", max_bytes=10_000, deadline_seconds=10,
                               allowlist=frozenset({f"localhost:{port}"}))
    assert (body, final) == (PAGE, f"https://localhost:{port}/grants")
    assert names == ["localhost"] and pages.requests[0].headers["host"] == f"localhost:{port}"
    with pytest.raises(InvalidInput, match="could not be fetched"):  # the certificate does not name 127.0.0.1
        fetch_url(f"https://127.0.0.1:{port}/grants", max_bytes=10_000, deadline_seconds=10,
                  allowlist=frozenset({f"127.0.0.1:{port}"}))
