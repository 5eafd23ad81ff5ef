"""The bot token goes with a file download only to Slack's file host, and never across a redirect.

A second loopback server stands in for a foreign host: it differs from the fake Slack Web API only
in its port, which is enough to be another origin.
"""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from handlers.slack.kb_files import download
from tests.fakes.pages import PageServer
from tests.handlers.slack.test_kb import NOTE, STAFF, _share, _sources


@pytest.fixture
def foreign():
    with PageServer() as server:
        server.page("/files-pri/F1/notes.md", NOTE.encode(), content_type="text/markdown")
        yield server


def test_bot_token_never_sent_to_foreign_file_host(make_harness, foreign) -> None:
    harness = make_harness(staff_slack_ids=STAFF)
    url = foreign.url("/files-pri/F1/notes.md")
    reply = _share(harness, "F1", "notes.md", NOTE.encode(), url_private=url, url_private_download=url)
    assert "Could not add *notes.md*" in reply and "not stored on Slack" in reply and "/kb add URL" in reply
    assert foreign.requests == [] and not harness.slack.downloads
    assert "uploads/notes.md" not in _sources(harness)


def test_bot_token_never_sent_for_external_files(make_harness, foreign) -> None:
    harness = make_harness(staff_slack_ids=STAFF)
    url = foreign.url("/files-pri/F1/notes.md")
    reply = _share(harness, "F2", "notes.md", NOTE.encode(), mode="external", is_external=True,
                   external_type="gdrive", url_private=url, url_private_download=url)
    assert "link to another service" in reply and "share the file itself" in reply
    assert foreign.requests == [] and not harness.slack.downloads


def test_bot_token_never_follows_a_redirect(foreign) -> None:
    with PageServer() as slack_files:
        start = slack_files.redirect("/files-pri/F1/notes.md", foreign.url("/files-pri/F1/notes.md"))
        origin = ("http", "127.0.0.1", int(slack_files.host.rsplit(":", 1)[1]))
        with pytest.raises(InvalidInput, match="redirected the download"):
            download(start, token="xoxb-test-token", origin=origin, max_bytes=10_000)
        assert slack_files.requests[0].headers["authorization"] == "Bearer xoxb-test-token"
    assert foreign.requests == []


def test_token_goes_to_slack_files_over_https_or_exactly_to_the_configured_origin() -> None:
    from handlers.slack.kb_files import token_origin

    for api in (None, "https://slack.com/api/", "https://acme.enterprise.slack.com/api/"):
        assert token_origin(api) == ("https", "files.slack.com", 443)
    assert token_origin("http://127.0.0.1:5000/api/") == ("http", "127.0.0.1", 5000)
    production = token_origin(None)
    for url in ("http://files.slack.com/files-pri/T1-F1/a.md", "https://files.slack.com.evil.test/files-pri/a.md",
                "https://files.slack.com:8443/files-pri/a.md", "https://evil.test/files.slack.com/a.md"):
        with pytest.raises(InvalidInput, match="not stored on Slack"):  # refused before any connection
            download(url, token="xoxb-test-token", origin=production, max_bytes=10_000)
