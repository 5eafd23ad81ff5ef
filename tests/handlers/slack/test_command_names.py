"""SLACK_COMMAND_PREFIX: the app answers to /x-ask etc., and its help texts name those commands."""

from __future__ import annotations

import json
import re

import pytest

from handlers.slack.command_names import renamed, slash


def test_names_and_help_texts_follow_the_prefix() -> None:
    assert slash("", "ask") == "/ask" and slash("x", "kb") == "/x-kb"
    assert renamed("Try `/ask` or `/kb list`, not /asking or a/match or /x-ask", "x") == (
        "Try `/x-ask` or `/x-kb list`, not /asking or a/match or /x-ask")
    assert renamed("Try `/ask`", "") == "Try `/ask`"


def test_the_settings_normalise_or_refuse_a_prefix(tmp_path) -> None:
    from pydantic import ValidationError

    from tests.conftest import make_settings

    assert make_settings(tmp_path, slack_command_prefix=" /Oresund- ").slack_command_prefix == "oresund"
    with pytest.raises(ValidationError, match="prefix"):
        make_settings(tmp_path, slack_command_prefix="two words")


@pytest.fixture
def prefixed(make_harness):
    return make_harness(slack_command_prefix="x")


def test_the_app_answers_to_the_prefixed_commands(prefixed) -> None:
    status, body = prefixed.command("", name="/x-ask")
    assert status == 200 and "`/x-ask How long" in json.loads(body)["text"]
    status, body = prefixed.command("", name="/x-match")
    assert status == 200 and "/x-match" in json.loads(body)["text"]


def test_the_unprefixed_command_is_unknown_and_points_to_the_prefixed_one(prefixed) -> None:
    status, body = prefixed.command("How long can I stay?", name="/ask")
    text = json.loads(body)["text"]
    assert status == 200 and "I can't do `/ask`" in text and "`/x-ask`" in text


# Every text the app sends that names a command, under SLACK_COMMAND_PREFIX=x: help, usage lines, hints,
# App Home, the profile modal, /kb replies, shared-file replies and the introduction notices of the outbox.
DEFAULT_NAMES = re.compile(r"(?<![\w/-])/(ask|match|profile|kb)\b")
STAFF, PERSON = "USTAFF", "UPERSON"


def _kb(harness, text: str, user: str = STAFF) -> None:
    before = len(harness.responses("x-kb"))
    assert harness.command(text, user=user, name="/x-kb")[0] == 200
    harness.slack.wait_for("respond/x-kb", count=before + 1, timeout=30)
    harness.settle()


def _sent(harness) -> list[tuple[str, str]]:
    """(method, arguments as JSON) of every call the app made to Slack, response_urls included."""
    return [(c.method, json.dumps(c.args, ensure_ascii=False)) for c in harness.slack.calls()]


def test_every_text_naming_a_command_uses_the_prefixed_names(make_harness, tmp_path) -> None:
    from bot.db.models import Contact
    from bot.db.session import transaction
    from tests.handlers.slack.test_kb import NOTE, _share

    harness = make_harness(slack_command_prefix="x", staff_slack_ids=STAFF)
    harness.slack.register(PERSON)
    harness.slack.add_channel("DSTAFF", user=STAFF)
    harness.slack.add_channel("DPERSON", user=PERSON)
    with transaction(harness.services.sessions) as session:
        person = Contact(name="Pia Person", email="pia@example.org", kind="researcher", region="region-skane",
                         consent=True, slack_user_id=PERSON, expertise=["cardiology"])
        session.add(person)
    services = harness.services

    harness.dm("help")  # the core's help, with the slash commands beside the typed ones
    harness.dm("profile", user=PERSON, channel="DPERSON")  # the summary and the hint to edit it
    for name in ("/x-ask", "/x-match", "/x-kb"):
        assert harness.command("", name=name, user=STAFF)[0] == 200  # the usage lines
    _kb(harness, "list")
    _kb(harness, "remove uploads/nothing-here.md")
    _kb(harness, "gaps")
    _kb(harness, "list", user="U2")  # not staff
    _share(harness, "F1", "notes.md", NOTE.encode())  # added: "remove it with …"
    _share(harness, "F2", "drive.md", b"", mode="external", is_external=True)  # the hint for an external file
    assert harness.event({"type": "app_home_opened", "user": STAFF, "channel": "DSTAFF", "tab": "home"})[0] == 200
    harness.command("pia@example.org", name="/x-profile", user="U2")  # someone else's profile: staff only
    harness.command("", name="/x-profile", user=PERSON)  # the modal's consent line
    harness.action("intro_request", "not-a-request", user="U2")  # a damaged button: "search again with …"
    # An introduction the contact declines: the requester's note comes through the outbox.
    intro = services.intros.request(requester_ref="slack:U2", requester_name="Ulla", requester_org=None,
                                    contact_id=person.id, reason="A trial site").intro
    services.intros.decline(intro.id, actor_ref=f"slack:{PERSON}")
    services.jobs.wake_delivery()
    harness.slack.wait_for("chat.postMessage", timeout=60,
                           predicate=lambda c: c.args.get("channel") == "U2" and "did not work out" in c.args.get("text", ""))
    harness.slack.wait_for("views.update", count=2, timeout=60)
    harness.settle()

    sent = _sent(harness)
    text = "\n".join(args for _, args in sent)
    for shown in ("/x-ask", "/x-match", "/x-profile", "/x-kb list", "/x-kb remove", "/x-kb add URL"):
        assert shown in text, shown
    for expected in ("Use `/x-profile` to edit it", "search again with `/x-match`", "Suggest me in /x-match",
                     "`/x-kb list` shows the sources", "Sorry, `/x-kb` is for the collaboration's staff",
                     "*/x-ask* _your question_", "`/x-match` may suggest others", "(or `/x-ask`)"):
        assert expected in text, expected
    named_by_default = [(method, DEFAULT_NAMES.findall(args)) for method, args in sent if DEFAULT_NAMES.search(args)]
    assert not named_by_default, named_by_default
