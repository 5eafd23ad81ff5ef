"""The fake Slack Web API refuses what real Slack refuses, with Slack's own error codes."""

from __future__ import annotations

from typing import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from tests.fakes import FakeSlackAPI

TOKEN = "xoxb-test-token"
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}
MODAL = {"type": "modal", "callback_id": "cb", "title": {"type": "plain_text", "text": "Hi"}, "blocks": [SECTION]}


@pytest.fixture
def slack() -> Iterator[FakeSlackAPI]:
    with FakeSlackAPI() as fake:
        fake.register("U1", "C1")
        yield fake


@pytest.fixture
def client(slack: FakeSlackAPI) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.url)


def _error(call, *args, **kwargs) -> str:  # noqa: ANN001
    with pytest.raises(SlackApiError) as err:
        call(*args, **kwargs)
    return err.value.response["error"]


@pytest.mark.parametrize("blocks, problem", [
    ([SECTION] * 51, "no more than 50"),
    ([{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}], "3000"),
    ([{**SECTION, "block_id": "a"}, {**SECTION, "block_id": "a"}], "duplicate block_id"),
    ([{"type": "no_such_block"}], "unknown block type"),
    ([{**SECTION, "colour": "red"}], "unknown field"),
    ([{"type": "section"}], "text or fields"),
], ids=["51 blocks", "long section", "duplicate block_id", "unknown type", "unknown field", "empty section"])
def test_invalid_blocks_are_refused_on_every_posting_method(slack, client, blocks, problem) -> None:
    root = client.chat_postMessage(channel="C1", text="root")
    for call, kwargs in ((client.chat_postMessage, {"channel": "C1"}),
                         (client.chat_postEphemeral, {"channel": "C1", "user": "U1"}),
                         (client.chat_update, {"channel": "C1", "ts": root["ts"]})):
        with pytest.raises(SlackApiError) as err:
            call(text="fallback", blocks=blocks, **kwargs)
        assert err.value.response["error"] == "invalid_blocks"
        assert problem in err.value.response["response_metadata"]["messages"][0]
    assert len(slack.messages["C1"]) == 1  # nothing refused was stored


def test_message_text_limits_and_missing_text(slack, client) -> None:
    assert _error(client.chat_postMessage, channel="C1", text="x" * 40_001) == "msg_too_long"
    assert client.chat_postMessage(channel="C1", text="x" * 40_000)["ok"]
    assert _error(client.chat_postMessage, channel="C1") == "no_text"
    assert not slack.warnings
    client.chat_postMessage(channel="C1", blocks=[SECTION])  # Slack accepts it; the fake notes the missing fallback
    assert slack.warnings and "fallback" in slack.warnings[0]


def test_views_are_validated_and_limited(slack, client) -> None:
    too_many = {**MODAL, "blocks": [SECTION] * 101}
    assert _error(client.views_open, trigger_id=slack.issue_trigger(), view=too_many) == "invalid_arguments"
    untitled = {k: v for k, v in MODAL.items() if k != "title"}
    assert _error(client.views_open, trigger_id=slack.issue_trigger(), view=untitled) == "invalid_arguments"
    long_title = {**MODAL, "title": {"type": "plain_text", "text": "t" * 25}}
    assert _error(client.views_open, trigger_id=slack.issue_trigger(), view=long_title) == "invalid_arguments"
    home = {"type": "home", "blocks": [SECTION] * 100}
    assert client.views_publish(user_id="U1", view=home)["ok"]
    assert _error(client.views_publish, user_id="U1", view={**home, "blocks": [SECTION] * 101}) == "invalid_arguments"
    assert _error(client.views_publish, user_id="U404", view=home) == "user_not_found"


def test_trigger_ids_are_issued_single_use_and_expire(slack, client) -> None:
    assert _error(client.views_open, trigger_id="1337.42.abcdef", view=MODAL) == "expired_trigger_id"
    trigger = slack.issue_trigger()
    opened = client.views_open(trigger_id=trigger, view={**MODAL, "external_id": "ext-1"})
    assert _error(client.views_open, trigger_id=trigger, view=MODAL) == "exchanged_trigger_id"
    old = slack.issue_trigger()
    slack.expire_trigger(old)
    assert _error(client.views_open, trigger_id=old, view=MODAL) == "expired_trigger_id"
    assert client.views_update(view_id=opened["view"]["id"], view=MODAL)["ok"]
    assert client.views_update(external_id="ext-1", view=MODAL)["ok"]
    assert _error(client.views_update, view_id="V404", view=MODAL) == "not_found"


def test_unknown_users_channels_messages_and_methods(slack, client) -> None:
    assert _error(client.chat_postMessage, channel="C404", text="hi") == "channel_not_found"
    assert _error(client.users_info, user="U404") == "user_not_found"
    assert _error(client.conversations_open, users="U1,U404") == "user_not_found"
    assert _error(client.chat_postEphemeral, channel="C1", user="U404", text="hi") == "user_not_found"
    assert _error(client.chat_update, channel="C1", ts="1700000000.000100", text="hi") == "message_not_found"
    assert _error(client.chat_getPermalink, channel="C1", message_ts="1.2") == "message_not_found"
    assert _error(client.api_call, "chat.scheduleMessage") == "unknown_method"
    slack.add_channel("COUT", is_member=False)
    assert _error(client.chat_postMessage, channel="COUT", text="hi") == "not_in_channel"
    assert _error(client.conversations_replies, channel="COUT", ts="1.2") == "not_in_channel"
    slack.add_message("C1", "someone else's", user="U1", ts="1700000001.000100")
    assert _error(client.chat_update, channel="C1", ts="1700000001.000100", text="x") == "cant_update_message"
    dm = client.conversations_open(users="U1")["channel"]["id"]
    assert client.chat_postMessage(channel=dm, text="hi")["ok"] and client.chat_postMessage(channel="U1", text="hi")["ok"]
    assert slack.refused[0] == ("chat.postMessage", "channel_not_found")


def test_failures_on_demand_with_an_error_or_a_status(slack, client) -> None:
    slack.error_next("chat.postMessage", "not_in_channel", times=2)
    assert [_error(client.chat_postMessage, channel="C1", text="hi") for _ in range(2)] == ["not_in_channel"] * 2
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    slack.fail_next("users.info", status=503)
    with pytest.raises(SlackApiError) as err:
        client.users_info(user="U1")
    assert err.value.response.status_code == 503


def test_response_url_payloads_are_checked_and_can_fail(slack) -> None:
    hook = WebhookClient(f"{slack.url}respond/ask")
    assert hook.send(text="fine").status_code == 200
    refused = hook.send(text="fallback", blocks=[SECTION] * 51)
    assert refused.status_code == 400 and "invalid_blocks" in refused.body
    slack.fail_next("respond/ask", status=404)
    assert hook.send(text="late").status_code == 404
