"""The console app over real services (SQLite, embedded Chroma), driven by Starlette's TestClient."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from bot.clock import ManualClock
from tests.conftest import make_settings

STAFF = "slack:USTAFF"
OUTSIDER = "slack:UOUT"
START = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def sign_in(client, services, ref: str = STAFF, next_path: str = "/"):  # noqa: ANN001, ANN201
    """Through a one-time link, as staff do; returns the page signed in to."""
    from bot import signin

    link = signin.create_link(services.sessions, ref, now=services.clock.now())
    page = client.get(f"/signin/link?token={link.token}")
    assert page.status_code == 200, page.text
    return client.post("/signin/link", data={"token": link.token, "csrf": csrf_of(page.text), "next": next_path})


@pytest.fixture
def clock():
    return ManualClock(START)


@pytest.fixture
def console_services(tmp_path, clock):
    from bot.services import build_services

    svc = build_services(make_settings(tmp_path, staff_slack_ids="USTAFF"), clock=clock)
    yield svc
    svc.close()


@pytest.fixture
def make_console(tmp_path, clock):
    """(services, client) on settings of the test's own, e.g. make_console(max_upload_bytes=1000);
    signed in as staff unless signed_in=False."""
    from starlette.testclient import TestClient

    from bot.services import build_services
    from handlers.console.app import build_app

    built = []

    def make(*, signed_in: bool = True, base_url: str = "http://testserver", **overrides):  # noqa: ANN003, ANN202
        svc = build_services(make_settings(tmp_path / f"c{len(built)}", staff_slack_ids="USTAFF", **overrides), clock=clock)
        built.append(svc)
        test_client = TestClient(build_app(svc), base_url=base_url)
        if signed_in:
            sign_in(test_client, svc)
        return svc, test_client

    yield make
    for svc in built:
        svc.close()


@pytest.fixture
def client(console_services):
    from starlette.testclient import TestClient

    from handlers.console.app import build_app

    with TestClient(build_app(console_services)) as test_client:
        yield test_client


@pytest.fixture
def staff_client(client, console_services):
    assert sign_in(client, console_services).status_code == 200
    return client
