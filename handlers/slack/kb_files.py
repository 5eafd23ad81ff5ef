"""Files shared with the bot in a direct message: staff's files are downloaded and indexed.

Slack delivers a DM upload twice: as a `message` event with subtype `file_share` (message.im) and
as a `file_shared` event. The message carries the thread to answer in, so it does the work; the
`file_shared` delivery is only acknowledged, so each file is indexed once.
"""

from __future__ import annotations

import httpx
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import BotError, InvalidInput
from handlers.slack.events import acknowledge
from handlers.slack.kb_blocks import NOT_STAFF_FILE, added_text, failed_text, results_message
from handlers.slack.lazy import lazy_runner
from handlers.slack.staff import is_staff
from handlers.slack.text import escape

MAX_FILES = 10  # files indexed from one message
_HTML_TYPES = {"text/html", "application/xhtml+xml"}


def file_shared_in_dm(event: dict) -> bool:
    return (event.get("channel_type") == "im" and event.get("subtype") == "file_share"
            and bool(event.get("user")) and not event.get("bot_id") and bool(event.get("files")))


def too_large(size: int, limit: int) -> str:
    return f"the file is too large ({size / 1e6:.1f} MB); the limit is {limit / 1e6:.0f} MB"


def download(url: str, *, token: str, max_bytes: int, mimetype: str = "") -> bytes:
    """The file's bytes from `url_private`, sent with the bot token; Slack's sign-in page is refused."""
    if not url:
        raise InvalidInput("Slack did not give me a download link for this file (is it an external file?).")
    try:
        with httpx.Client(timeout=30.0, follow_redirects=True) as client:
            with client.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response:
                if response.status_code >= 400:
                    raise InvalidInput(f"Slack answered the download with HTTP {response.status_code}.")
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                body = bytearray()
                for piece in response.iter_bytes():
                    body += piece
                    if len(body) > max_bytes:
                        raise InvalidInput(too_large(len(body), max_bytes).capitalize() + ".")
    except httpx.HTTPError as exc:
        raise InvalidInput(f"The file could not be downloaded from Slack ({exc.__class__.__name__}).") from exc
    if kind in _HTML_TYPES and mimetype.lower() not in _HTML_TYPES:
        raise InvalidInput("Slack sent its sign-in page instead of the file: the app needs the `files:read` "
                           "scope and a valid bot token. Please tell the app's administrator.")
    return bytes(body)


def index_file(services, client: WebClient, file_id: str, *, actor: str) -> str:  # noqa: ANN001
    """Index one shared file; a line saying what was added or why not."""
    try:
        info = client.files_info(file=file_id)["file"]
    except SlackApiError as exc:
        return failed_text(file_id, f"Slack could not show me the file ({exc.response.get('error')}).")
    name = info.get("name") or info.get("title") or file_id
    limit = services.settings.max_upload_bytes
    size = int(info.get("size") or 0)
    if size > limit:
        return failed_text(name, too_large(size, limit) + ".")
    if info.get("mode") in ("external", "snippet", "hidden_by_limit") and not info.get("url_private"):
        return failed_text(name, "only files uploaded to Slack can be indexed, not links to other services.")
    try:
        data = download(info.get("url_private_download") or info.get("url_private") or "", token=client.token or "",
                        max_bytes=limit, mimetype=info.get("mimetype") or "")
        added = services.kb_admin.add_bytes(data, name, actor=actor)
    except BotError as exc:
        return escape(exc.message) if name in exc.message else failed_text(name, exc.message)
    return added_text(name, added)


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)

    def index_shared_files(event: dict, client: WebClient) -> None:
        user, channel, ts = event["user"], event["channel"], event["ts"]
        thread_ts = event.get("thread_ts") or ts
        if not is_staff(client, services.settings, user):
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=NOT_STAFF_FILE)
            return
        files = [f["id"] for f in event.get("files", []) if f.get("id")]
        lines = [index_file(services, client, file_id, actor=f"slack:{user}") for file_id in files[:MAX_FILES]]
        if len(files) > MAX_FILES:
            lines.append(f"Only the first {MAX_FILES} files of a message are indexed; please share the rest separately.")
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                **results_message(lines).as_kwargs())

    app.event("message", matchers=[file_shared_in_dm])(ack=acknowledge, lazy=[run(index_shared_files)])
    app.event("file_shared")(acknowledge)
