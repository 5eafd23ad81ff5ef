"""`python -m bot slack manifest`: the Slack app manifest for Socket Mode or HTTP mode, with the app's own names."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bot.cli.common import fail, load_settings

app = typer.Typer(help="Slack app setup.", no_args_is_help=True)


@app.command("manifest")
def manifest(
    url: Annotated[str | None, typer.Option("--url", help="HTTP mode: the app's public address, https://HOST; "
                                                          "every request URL becomes https://HOST/slack/events. "
                                                          "Without it: Socket Mode")] = None,
    command_prefix: Annotated[str | None, typer.Option("--command-prefix", help="Rename the slash commands to "
                                                       "/X-ask, /X-match, ... (default: SLACK_COMMAND_PREFIX)")] = None,
    assistant_view: Annotated[bool, typer.Option("--assistant-view", help="Declare the legacy assistant pane "
                                                 "instead of the agent messaging experience (existing apps only)")] = False,
    console_url: Annotated[str | None, typer.Option("--console-url", help="The staff console's https address "
                                                    "(CONSOLE_BASE_URL): adds Sign in with Slack's redirect URL "
                                                    "and scopes")] = None,
) -> None:
    """Print the Slack app manifest (YAML) to paste into api.slack.com/apps → From a manifest."""
    # The manifest mirrors the Slack handlers' listeners, so it is built next to them (like `serve`).
    from handlers.slack.manifest import ManifestError, build_manifest, render_yaml

    prefix = load_settings().slack_command_prefix if command_prefix is None else command_prefix
    try:
        built = build_manifest(url=url, command_prefix=prefix, assistant_view=assistant_view, console_url=console_url)
    except ManifestError as exc:
        fail(str(exc))
    sys.stdout.write(render_yaml(built))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="slack")
