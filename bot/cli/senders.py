"""Which platforms this process can send notices to, built from Settings (the surfaces live in handlers/)."""

from __future__ import annotations


def platform_senders(services, *, slack_client=None) -> list:  # noqa: ANN001
    """Slack with SLACK_BOT_TOKEN; Teams with the Teams credentials (`serve-teams` adds its own sender)."""
    settings, senders = services.settings, []
    if slack_client is not None or settings.slack_bot_token:
        from handlers.slack.app import build_client
        from handlers.slack.notice_sender import SlackNoticeSender

        senders.append(SlackNoticeSender(slack_client or build_client(settings), services))
    if settings.teams_production:
        from handlers.teams.notice_sender import build_sender

        senders.append(build_sender(services))
    return senders

