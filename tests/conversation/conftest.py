"""The fake Slack Web API for the tests that play turns through Slack too."""

from __future__ import annotations

import pytest

from tests.fakes import FakeSlackAPI


@pytest.fixture
def slack_api():
    # These tests are about the conversation core across processes, not Slack's strictness: any id exists.
    with FakeSlackAPI(open_workspace=True) as fake:
        yield fake
