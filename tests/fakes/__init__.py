"""In-process fakes of Slack and an OpenAI-compatible LLM for integration tests."""

from .llm_server import FakeOpenAIServer
from .signing import (
    action_body,
    command_body,
    event_body,
    post,
    sign,
    url_verification_body,
    view_submission_body,
)
from .slack_api import Call, FakeSlackAPI

__all__ = [
    "Call",
    "FakeOpenAIServer",
    "FakeSlackAPI",
    "action_body",
    "command_body",
    "event_body",
    "post",
    "sign",
    "url_verification_body",
    "view_submission_body",
]
