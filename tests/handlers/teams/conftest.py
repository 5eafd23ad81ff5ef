"""Fixtures for the Teams tests (helpers live in helpers.py so tests can import them)."""

from __future__ import annotations

import pytest

from tests.conftest import make_settings
from tests.handlers.teams.helpers import FakeAssistant, FakeServices


@pytest.fixture
def fake_assistant() -> FakeAssistant:
    return FakeAssistant()


@pytest.fixture
def fake_services(tmp_path, fake_assistant) -> FakeServices:
    return FakeServices(make_settings(tmp_path), fake_assistant)
