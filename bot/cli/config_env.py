"""`python -m bot config env-example`: `.env.example` generated from the Settings class, so it cannot drift."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.common import fail

app = typer.Typer(help="Configuration.", no_args_is_help=True)

HEADER = """\
# Every setting of the assistant, with its default and meaning.
# Generated from bot/config.py by `python -m bot config env-example`; do not edit by hand.
# Copy to .env (or an EnvironmentFile for systemd) and uncomment what you change.\
"""


def env_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Path) and not value.is_absolute():
        return f"./{value}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_env_example() -> str:
    from bot.config import Settings

    lines = [HEADER]
    for name, field in Settings.model_fields.items():
        meaning = (field.description or "").strip()
        lines.append("")
        lines.extend(textwrap.wrap(meaning, width=100, initial_indent="# ", subsequent_indent="# ") or ["#"])
        lines.append(f"# {name.upper()}={env_value(field.get_default(call_default_factory=True))}")
    return "\n".join(lines) + "\n"


@app.command("env-example")
def env_example(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of standard output")] = None,
    check: Annotated[Path | None, typer.Option("--check", help="Exit 1 if this file differs from the generated one")] = None,
) -> None:
    """Print `.env.example`: every setting, its default and its meaning."""
    text = render_env_example()
    if check is not None:
        if not check.is_file() or check.read_text(encoding="utf-8") != text:
            fail(f"{check} is out of date: run `python -m bot config env-example -o {check}`")
        return
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="config")
