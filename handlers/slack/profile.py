"""/profile: edit your own expertise, offering, seeking, languages and consent; staff: `/profile EMAIL`."""

from __future__ import annotations

import json

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.errors import InvalidInput
from bot.matching.preferences import snooze_end
from bot.matching.profiles import edit_profile, find_contact_id, load_profile
from bot.conversation import Requester
from handlers.slack import hygiene_blocks as hb
from handlers.slack import match_blocks as mb
from handlers.slack.command_names import CommandNames, slash
from handlers.slack.blocks import plain
from handlers.slack.lazy import lazy_runner
from handlers.slack.staff import is_staff
from handlers.slack.text import from_slack

NO_PROFILE = ("I could not find a profile linked to your Slack account or e-mail address. "
              "Please ask the secretariat to add you to the contact list.")
STAFF_ONLY = "Only staff can edit someone else's profile. Use `/profile` to edit your own."
UNKNOWN = "There is no contact with that e-mail address."
SAVED = "Your profile is saved."


def own_contact_id(services, client: WebClient, user: str) -> str | None:  # noqa: ANN001
    """Linked by Slack user id, else by the e-mail address Slack has for the user."""
    found = find_contact_id(services.sessions, user_ref=Requester.slack(user).ref)
    if found:
        return found
    email = ((client.users_info(user=user).get("user") or {}).get("profile") or {}).get("email")
    return find_contact_id(services.sessions, email=email) if email else None


def loading_id(user: str, trigger_id: str) -> str:
    return f"profile:{user}:{trigger_id}"[:255]


def register(app: App, services) -> None:  # noqa: ANN001
    settings = services.settings
    run = lazy_runner(services)
    names = CommandNames.of(settings)

    def open_loading(ack: Ack, command: dict, client: WebClient) -> None:
        ack()  # the trigger expires in 3 seconds: open a modal now, fill it in the lazy listener
        view = {**mb.notice_view("Profile", "Loading your profile…"),
                "external_id": loading_id(command["user_id"], command["trigger_id"])}
        client.views_open(trigger_id=command["trigger_id"], view=view)

    def fill_profile(command: dict, client: WebClient) -> None:
        user, target = command["user_id"], from_slack(command.get("text", ""))
        external_id = loading_id(user, command["trigger_id"])
        if target:
            if not is_staff(client, services, user):
                client.views_update(external_id=external_id, view=mb.notice_view("Profile", names.text(STAFF_ONLY)))
                return
            contact_id = find_contact_id(services.sessions, email=target.strip("<>").removeprefix("mailto:").split("|")[0])
            missing = UNKNOWN
        else:
            contact_id, missing = own_contact_id(services, client, user), NO_PROFILE
        if not contact_id:
            client.views_update(external_id=external_id, view=mb.notice_view("Profile", missing))
            return
        client.views_update(external_id=external_id, view=mb.profile_modal(
            load_profile(services.sessions, contact_id=contact_id), names, prefs=services.preferences.state(contact_id)))

    def snooze_of(values: dict) -> tuple[bool, object]:
        """(whether the snooze changes, its new end); raises InvalidInput for a bad date."""
        prefs = hb.preference_fields(values)
        if prefs["snooze"] == "keep" or "snooze" not in values:
            return False, None
        return True, snooze_end(prefs["snooze"], prefs["snooze_until"], services.clock.now())

    def check(ack: Ack, view: dict) -> None:
        try:
            snooze_of((view.get("state") or {}).get("values") or {})
        except InvalidInput as exc:
            ack(response_action="errors", errors={"snooze_until": exc.message})
            return
        ack()

    def save_preferences(values: dict, contact_id: str, ref: str, staff: bool, own: str | None) -> None:
        if "snooze" not in values and "block_orgs" not in values and "block_people" not in values:
            return  # an older form without these parts
        prefs, current = hb.preference_fields(values), services.preferences.state(contact_id)
        changes, until = snooze_of(values)
        if changes and (until is not None or current["snoozed_until"]):
            services.preferences.snooze(contact_id, until=until, actor_ref=ref, is_staff=staff, actor_contact_id=own)
        # Entries the Slack form cannot show (Teams people, contacts added by e-mail) are kept as they are.
        kept = [p["value"] for p in current["people"] if not p["value"].startswith("slack:")]
        services.preferences.set_blocks(contact_id, people=prefs["people"] + kept, organisations=prefs["organisations"],
                                        actor_ref=ref, is_staff=staff, actor_contact_id=own)

    def save_profile(view: dict, body: dict, client: WebClient) -> None:
        user = body["user"]["id"]
        contact_id = json.loads(view.get("private_metadata") or "{}").get("contact_id", "")
        values = (view.get("state") or {}).get("values") or {}
        fields = mb.profile_fields(values)
        try:
            snooze_of(values)
        except InvalidInput:
            return  # Bolt runs lazy listeners whatever the ack said; the form already shows the error
        ref, staff, own = Requester.slack(user).ref, is_staff(client, services, user), own_contact_id(services, client, user)
        edit_profile(services.sessions, services.intros, contact_id=contact_id, editor_ref=ref, is_staff=staff,
                     editor_contact_id=own, fields=fields, now=services.clock.now())
        save_preferences(values, contact_id, ref, staff, own)
        client.chat_postMessage(channel=user, **plain(SAVED).as_kwargs())

    app.command(slash(services.settings.slack_command_prefix, "profile"))(ack=open_loading, lazy=[run(fill_profile)])
    app.view(mb.PROFILE_VIEW)(ack=check, lazy=[run(save_profile)])
