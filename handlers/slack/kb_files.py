"""Files shared with the bot in a direct message: staff's files are downloaded and indexed.

Slack delivers a DM upload twice: as a `message` event with subtype `file_share` (message.im) and
as a `file_shared` event. The message carries the thread to answer in, so it does the work; the
`file_shared` delivery is only acknowledged, so each file is indexed once.
"""

from __future__ import annotations

import httpx
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import BotError, InvalidInput
from bot.conversation import Requester
from handlers.slack.command_names import CommandNames
from handlers.slack.conversation import acknowledge
from handlers.slack.kb_blocks import NOT_STAFF_FILE, added_text, failed_text, queued_text, results_message
from handlers.slack.lazy import lazy_runner, offload
from handlers.slack.staff import is_staff
from handlers.slack.text import escape

MAX_FILES = 10  # files indexed from one message
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
# Under the workspace's command names where shown (index_file).
EXTERNAL_HINT = "download it and share the file itself, or add a public page with `/kb add URL`."


def file_shared_in_dm(event: dict) -> bool:
    return (event.get("channel_type") == "im" and event.get("subtype") == "file_share"
            and bool(event.get("user")) and not event.get("bot_id") and bool(event.get("files")))


def too_large(size: int, limit: int) -> str:
    return f"the file is too large ({size / 1e6:.1f} MB); the limit is {limit / 1e6:.0f} MB"


Origin = tuple[str, str, int]


def token_origin(api_url: str | None) -> Origin:
    """Where the bot token may go with a download: Slack's file host over HTTPS, or, when SLACK_API_URL
    names a stand-in (tests, a proxy of one's own), exactly that origin: scheme, host and port."""
    api = httpx.URL(api_url or "https://slack.com/api/")
    if api.host == "slack.com" or api.host.endswith(".slack.com"):
        return ("https", "files.slack.com", 443)
    return _origin(api)


def _origin(url: httpx.URL) -> Origin:
    return (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))


def download(url: str, *, token: str, origin: Origin, max_bytes: int, mimetype: str = "") -> bytes:
    """The file's bytes from `url_private`, sent with the bot token only to `origin` and never across a
    redirect (which could lead anywhere); Slack's sign-in page is refused."""
    if not url:
        raise InvalidInput("Slack did not give me a download link for this file (is it an external file?).")
    try:
        where = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise InvalidInput("Slack gave me a download link I cannot read.") from exc
    if _origin(where) != origin:
        raise InvalidInput(f"the file is not stored on Slack (its link points to {where.host or 'elsewhere'}); "
                           + EXTERNAL_HINT)
    try:
        with httpx.Client(timeout=30.0, follow_redirects=False) as client:
            with client.stream("GET", where, headers={"Authorization": f"Bearer {token}"}) as response:
                if response.is_redirect:
                    raise InvalidInput("Slack redirected the download instead of sending the file: the app needs "
                                       "the `files:read` scope and a valid bot token. Please tell the app's administrator.")
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
    names = CommandNames.of(services.settings)
    try:
        info = client.files_info(file=file_id)["file"]
    except SlackApiError as exc:
        return failed_text(file_id, f"Slack could not show me the file ({exc.response.get('error')}).")
    name = info.get("name") or info.get("title") or file_id
    limit = services.settings.max_upload_bytes
    size = int(info.get("size") or 0)
    if size > limit:
        return failed_text(name, too_large(size, limit) + ".")
    # An external file's links point to another service (Drive, Dropbox...): the token must not go there.
    if info.get("mode") in ("external", "hidden_by_limit") or info.get("is_external") or (
            info.get("mode") == "snippet" and not info.get("url_private")):
        return failed_text(name, "it is a link to another service, not a file uploaded to Slack; " + names.text(EXTERNAL_HINT))
    try:
        data = download(info.get("url_private_download") or info.get("url_private") or "", token=client.token or "",
                        origin=token_origin(services.settings.slack_api_url), max_bytes=limit,
                        mimetype=info.get("mimetype") or "")
        if len(data) > services.settings.kb_inline_max_bytes:  # parsing and embedding it would hold a thread long
            services.jobs.request_add_file(data, name, actor)
            return queued_text(name)
        added = services.kb_admin.add_bytes(data, name, actor=actor)
    except BotError as exc:
        message = names.text(exc.message) if exc.message.endswith(EXTERNAL_HINT) else exc.message
        return escape(message) if name in message else failed_text(name, message)
    return added_text(name, added, names)


def register(app: App, services) -> None:  # noqa: ANN001
    run = lazy_runner(services)

    def index_shared_files(event: dict, client: WebClient, request: BoltRequest) -> None:
        user, channel, ts = event["user"], event["channel"], event["ts"]
        thread_ts = event.get("thread_ts") or ts
        if not is_staff(client, services, user):
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=NOT_STAFF_FILE)
            return
        files = [f["id"] for f in event.get("files", []) if f.get("id")]

        def index_all() -> None:
            lines = [index_file(services, client, file_id, actor=Requester.slack(user).ref) for file_id in files[:MAX_FILES]]
            if len(files) > MAX_FILES:
                lines.append(f"Only the first {MAX_FILES} files of a message are indexed; please share the rest separately.")
            client.chat_postMessage(channel=channel, thread_ts=thread_ts, unfurl_links=False,
                                    **results_message(lines).as_kwargs())

        offload(services, request, index_all)  # downloads wait on Slack's file servers

    app.event("message", matchers=[file_shared_in_dm])(ack=acknowledge, lazy=[run(index_shared_files)])
    app.event("file_shared")(acknowledge)
