"""The fake Slack Web API for the tests that play turns through Slack too."""

from __future__ import annotations

import pytest

from tests.fakes import FakeSlackAPI


@pytest.fixture
def slack_api():
    with FakeSlackAPI() as fake:
        yield fake
