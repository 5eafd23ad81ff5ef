import http.server
import threading

import pytest
from sqlalchemy import select

from bot.db.models import AuditEntry
from bot.errors import InvalidInput, NotFound
from bot.kb.fetching import check_url
from bot.kb.indexing import index_paths
from tests.docmakers import make_pdf

GUIDE = b"---\ntitle: Housing guide\n---\n## Housing\n\nVisiting researchers in Boston can rent furnished rooms through the Longwood housing office.\n"


def test_upload_is_indexed_kept_and_audited(indexed_services):
    svc = indexed_services
    added = svc.kb_admin.add_bytes(GUIDE, "housing.md", actor="slack:USTAFF")
    assert (added.source, added.title, added.chunks, added.duplicate_of) == ("uploads/housing.md", "Housing guide", 1, None)
    answer = svc.assistant.ask("Where can visiting researchers in Boston rent a furnished room?")
    assert answer.sources[0].source == "uploads/housing.md"
    stored = svc.settings.uploads_dir
    assert [p.read_bytes() for p in stored.iterdir()] == [GUIDE]
    with svc.sessions() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.target == "uploads/housing.md")).one()
        assert (entry.actor, entry.action) == ("slack:USTAFF", "kb.add")


def test_duplicate_upload_is_indexed_once(indexed_services):
    svc = indexed_services
    svc.kb_admin.add_bytes(GUIDE, "housing.md", actor="slack:U1")
    again = svc.kb_admin.add_bytes(GUIDE, "copy-of-housing.md", actor="slack:U2")
    assert again.duplicate_of == "uploads/housing.md"
    assert sum(d.source.startswith("uploads/") for d in svc.kb_admin.list()) == 1


def test_bad_uploads_are_refused_with_reasons(indexed_services):
    admin = indexed_services.kb_admin
    with pytest.raises(InvalidInput, match="damaged or unreadable"):
        admin.add_bytes(make_pdf("text that is cut")[:180], "broken.pdf", actor="slack:U1")
    with pytest.raises(InvalidInput, match="empty"):
        admin.add_bytes(b"", "empty.txt", actor="slack:U1")
    with pytest.raises(InvalidInput, match="unsupported"):
        admin.add_bytes(b"GIF89a....", "cat.gif", actor="slack:U1")
    with pytest.raises(InvalidInput, match="too large"):
        admin.add_bytes(b"x" * (indexed_services.settings.max_upload_bytes + 1), "big.txt", actor="slack:U1")
    assert not any(d.source.startswith("uploads/") for d in admin.list())
    assert not indexed_services.settings.uploads_dir.exists() or not any(indexed_services.settings.uploads_dir.iterdir())


def test_removed_document_is_no_longer_cited(indexed_services):
    svc = indexed_services
    svc.kb_admin.add_bytes(GUIDE, "housing.md", actor="slack:U1")
    removed = svc.kb_admin.remove("uploads/housing.md", actor="slack:U1")
    assert removed.title == "Housing guide"
    answer = svc.assistant.ask("Where can visiting researchers in Boston rent a furnished room?")
    assert all(s.source != "uploads/housing.md" for s in answer.sources)
    assert not any(svc.settings.uploads_dir.iterdir())
    assert svc.knowledge.store.ids_for_sources(["uploads/housing.md"]) == []
    with pytest.raises(NotFound, match="No document with source `uploads/housing.md`"):
        svc.kb_admin.remove("uploads/housing.md", actor="slack:U1")


def test_uploads_survive_a_rebuild(indexed_services):
    svc = indexed_services
    svc.kb_admin.add_bytes(GUIDE, "housing.md", actor="slack:U1")
    kdir = svc.settings.knowledge_dir
    from bot.kb.uploads import stored_uploads

    report = index_paths(svc.knowledge, [kdir], knowledge_dir=kdir, uploads=stored_uploads(svc.knowledge), rebuild=True)
    assert not report.failed
    sources = {d.source for d in svc.knowledge.list_documents()}
    assert "uploads/housing.md" in sources and "agreement.md" in sources
    assert next(d for d in svc.knowledge.list_documents() if d.source == "uploads/housing.md").added_by == "slack:U1"


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path == "/redirect-inside":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.1/secret")
            self.end_headers()
            return
        body = b"<html><head><title>Travel grants</title><script>steal()</script></head><body><h2>Travel</h2><p>Travel grants cover one return flight per visiting researcher.</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def page_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_on_an_allow_listed_host_is_indexed(indexed_services, page_server):
    svc = indexed_services
    svc.settings.__dict__["url_allowlist"] = frozenset({page_server})
    added = svc.kb_admin.add_url(f"http://{page_server}/grants", actor="slack:U1")
    assert added.source == f"http://{page_server}/grants" and added.title == "Travel grants"
    answer = svc.assistant.ask("What do travel grants cover?")
    assert answer.sources[0].link == f"http://{page_server}/grants"
    assert "steal" not in answer.text


def test_private_and_loopback_addresses_are_refused(indexed_services, page_server):
    with pytest.raises(InvalidInput, match="private or local"):
        indexed_services.kb_admin.add_url(f"http://{page_server}/grants", actor="slack:U1")
    for url in ("http://127.0.0.1/x", "http://10.1.2.3/", "http://[::1]/", "http://169.254.169.254/latest/meta-data"):
        with pytest.raises(InvalidInput, match="private or local"):
            check_url(url, frozenset())
    with pytest.raises(InvalidInput, match="https://"):
        check_url("file:///etc/passwd", frozenset())


def test_redirects_into_the_private_network_are_refused(indexed_services, page_server):
    svc = indexed_services
    svc.settings.__dict__["url_allowlist"] = frozenset({page_server})
    with pytest.raises(InvalidInput, match="private or local"):
        svc.kb_admin.add_url(f"http://{page_server}/redirect-inside", actor="slack:U1")
