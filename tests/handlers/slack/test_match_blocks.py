"""The matching and introduction builders, routing to the new listeners, and the sweep command."""

from __future__ import annotations

import json

from slack_bolt import Assistant, BoltRequest, BoltResponse

from bot.matching.intros import IntroView
from bot.matching.matcher import Match
from handlers.slack import match_blocks as mb
from tests.conftest import make_settings
from tests.fakes import action_body, command_body, event_body, view_submission_body
from tests.handlers.slack.conftest import SECRET, TOKEN, block_text
from handlers.slack.command_names import CommandNames


def _intro(**kw) -> IntroView:  # noqa: ANN003
    values = dict(id="i1", state="pending_consent", requester_ref="slack:UREQ", requester_name="Rita <!channel>",
                  requester_org="Boston ECG", reason="A trial site", offer=None, need="n", contact_id="c1",
                  contact_name="Rasmus Kjær", contact_org="Nordhavn Heart Centre", contact_email="rk@example.org",
                  contact_slack_id="URK", contact_teams_id=None, created_at="2026-03-01T09:00:00+00:00", expires_at=None)
    return IntroView(**{**values, **kw})


def test_match_message_has_reasons_and_buttons_but_no_contact_details() -> None:
    matches = [Match(id=f"c{i}", contact_id=f"c{i}", name=f"Person {i}", organization="Org & Co", kind="hospital",
                     region="capital-region-dk", score=0.9, reasons=["runs wearable ECG trials"]) for i in range(5)]
    message = mb.match_message("x" * 1500, matches)
    buttons = [b["accessory"] for b in message.blocks if "accessory" in b]
    assert len(buttons) == 5 and all(len(b["value"]) <= 2000 for b in buttons)
    assert mb.parse_request_value(buttons[0]["value"], CommandNames())["contact_id"] == "c0"
    assert "runs wearable ECG trials" in block_text(message.blocks) and "Org &amp; Co" in block_text(message.blocks)
    assert "No matches" in mb.match_message("x", []).text


def test_near_matches_are_marked_and_the_note_is_shown() -> None:
    near = Match(id="c1", contact_id="c1", name="Closest <b>", organization="Org", kind="company", region="other",
                 score=0.4, reasons=["near match: not in Massachusetts"], near=True)
    message = mb.match_message("dental implants", [near], note="No close match: ask the secretariat.")
    text = block_text(message.blocks)
    assert "_near match_" in text and "No close match: ask the secretariat." in text and "Near matches" in message.text
    assert "Closest &lt;b&gt;" in text
    empty = mb.match_message("dental implants", [], note="Nobody fits; ask the secretariat.")
    assert "Nobody fits; ask the secretariat." in block_text(empty.blocks)
    fits = block_text(mb.match_message("x", [Match(id="c2", contact_id="c2", name="P", organization="", kind="hospital",
                                                    region="massachusetts", score=0.9, reasons=["r"])]).blocks)
    assert "near match" not in fits and "information_source" not in fits


def test_notices_escape_and_keep_email_for_staff_only() -> None:
    intro = _intro()
    for message in (mb.approval_message(intro), mb.consent_message(intro), mb.withdrawn_message(intro),
                    mb.intro_message(intro, requester=None, contact=None, users=["UREQ", "URK"])):
        assert "rk@example.org" not in json.dumps(message.blocks) and "<!channel>" not in json.dumps(message.blocks)
    assert "rk@example.org" in block_text(mb.staff_handle_message(intro).blocks)
    assert "Reminder" in mb.consent_message(intro, reminder=True).text
    assert mb.intro_form_errors({"reason": {"value": {"value": " "}}}) == {"reason": "Please say why you would like to meet."}


def test_home_section_is_replaced_after_withdraw() -> None:
    blocks = [{"type": "section", "block_id": "kb"}, *mb.home_intro_blocks([_intro()], CommandNames())]
    assert any(b.get("accessory", {}).get("action_id") == mb.WITHDRAW_ACTION for b in blocks)
    after = mb.replace_home_intros(blocks, [_intro(state="withdrawn")], CommandNames())
    assert after[0]["block_id"] == "kb" and not any("accessory" in b for b in after)
    assert sum(b.get("block_id") == "intros_header" for b in after) == 1


def test_profile_modal_round_trip() -> None:
    profile = {"id": "c1", "name": "Megan", "organization": "Bayfield", "expertise": ["CRISPR"], "offering": [],
               "seeking": ["trials"], "languages": ["English"], "consent": True}
    modal = mb.profile_modal(profile, CommandNames())
    assert json.loads(modal["private_metadata"]) == {"contact_id": "c1"}
    values = {b["block_id"]: {"value": {"value": b["element"].get("initial_value")}} for b in modal["blocks"]
              if b.get("type") == "input" and b["block_id"] != "consent"}
    values["consent"] = {"value": {"selected_options": [{"value": "yes"}]}}
    assert mb.profile_fields(values) == {"expertise": "CRISPR", "offering": "", "seeking": "trials",
                                         "languages": "English", "consent": True}


def test_requests_reach_the_matching_and_introduction_listeners(tmp_path, slack_api) -> None:
    from bot.services import build_services
    from handlers.slack.app import create_app

    settings = make_settings(tmp_path, slack_bot_token=TOKEN, slack_signing_secret=SECRET, slack_api_url=slack_api.url)
    services = build_services(settings)
    app = create_app(settings, services)
    dm = {"type": "message", "channel": "D1", "channel_type": "im", "user": "U1", "ts": "1.1"}
    expected = {
        command_body("/match", "a CRO", "U1"): "match_command",
        command_body("/profile", "", "U1"): "fill_profile",
        # What a message asks for is the conversation core's decision: every message reaches one listener.
        event_body({**dm, "text": "find me a hospital in Denmark"}): "converse",
        event_body({**dm, "text": "How long can a visiting researcher stay?"}): "converse",
        event_body({**dm, "type": "app_mention", "channel": "C1", "text": "<@UBOT> connect me with investors"}): "converse",
        action_body("intro_request", "{}", "U1"): "open_request_modal",
        action_body("intro_approve", "i1", "U1"): "decide",
        action_body("intro_decline", "i1", "U1"): "decide",
        action_body("intro_withdraw", "i1", "U1"): "withdraw",
        view_submission_body("intro_request_submit", {}, "U1"): "submit_request",
        view_submission_body("profile_edit", {}, "U1"): "save_profile",
    }
    for body, name in expected.items():
        request = BoltRequest(body=body, mode="socket_mode")
        request.context["bot_user_id"] = "UBOT"
        listener = next(x for x in app._listeners if x.matches(req=request, resp=BoltResponse(status=200)))
        assert name in [listener.ack_function.__name__, *(f.__name__ for f in listener.lazy_functions)], name
    assistant = next(m for m in app._middleware_list if isinstance(m, Assistant))
    assert not assistant._user_message_listeners  # pane messages go to the same listener as every DM
    services.close()


def test_sweep_command_prints_one_json_document(monkeypatch, tmp_path) -> None:
    from typer.testing import CliRunner

    from bot.cli.main import app

    monkeypatch.setenv("BOT_DATA_DIR", str(tmp_path / "var"))
    result = CliRunner().invoke(app, ["intros", "sweep", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"dry_run": False, "reminders": 0, "expired": 0, "follow_ups": 0, "delivered": 0,
                                         "waiting": 0}
