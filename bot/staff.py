"""Who counts as staff, for every surface: the one rule behind Slack's /kb, Teams' approvals and the console.

Slack users are staff when listed in STAFF_SLACK_IDS or a member of STAFF_SLACK_USERGROUP; Teams users
when their AAD object id is in STAFF_TEAMS_IDS. The user group's members come from the surface that
can ask Slack (`group_members`), so this module never talks to a platform itself.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.config import Settings
from bot.conversation.identity import Requester
from bot.errors import InvalidInput

GroupMembers = Callable[[str], frozenset[str]]


def is_staff_ref(settings: Settings, ref: str | None, *, group_members: GroupMembers | None = None) -> bool:
    """`ref` is a chat identity ("slack:U123", "teams:<AAD object id>")."""
    surface, _, user_id = (ref or "").partition(":")
    if not user_id:
        return False
    if surface == "slack":
        if user_id in settings.staff_ids:
            return True
        group = settings.staff_slack_usergroup
        return bool(group) and group_members is not None and user_id in group_members(group)
    if surface == "teams":
        return user_id in settings.staff_teams
    return False


def parse_staff_id(value: str) -> str:
    """A user id as staff type it: "U123" (Slack), "slack:U123" or "teams:<AAD object id>" -> the ref."""
    value = (value or "").strip()
    surface, sep, user_id = value.partition(":")
    if sep and surface in ("slack", "teams") and user_id.strip():
        return Requester(surface, user_id.strip()).ref
    if not sep and value:
        return Requester.slack(value).ref
    raise InvalidInput(f"{value!r} is not a user id; give a Slack user id (U123…) or teams:<AAD object id>")


def not_staff_reason(settings: Settings, ref: str) -> str:
    surface = ref.partition(":")[0]
    where = {"slack": "STAFF_SLACK_IDS or the staff user group", "teams": "STAFF_TEAMS_IDS"}.get(surface, "the staff lists")
    return f"{ref} is not staff (not in {where})"
