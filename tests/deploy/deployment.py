"""Readers for the deployment files and the code they must agree with (shared by the tests and the smoke run)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "compose.yaml"
SYSTEMD = DEPLOY / "systemd"


# -- the command line ---------------------------------------------------------------------------
def parse_bot_command(args: list[str]) -> tuple[str, dict]:
    """("db upgrade", {params}) for `python -m bot db upgrade`, parsed by the real Typer app; raises on
    an unknown command or option or a bad value, as running it would."""
    import typer

    from bot.cli.main import app

    command = typer.main.get_command(app)
    ctx = command.make_context("bot", list(args))
    path: list[str] = []
    while hasattr(command, "resolve_command"):  # a group: the rest names a subcommand
        protected = getattr(ctx, "protected_args", None) or getattr(ctx, "_protected_args", [])
        pending = [*protected, *ctx.args]
        if not pending:
            if getattr(command, "invoke_without_command", False):  # a group that is a command too (`console`)
                break
            raise ValueError(f"`{' '.join(args)}` names a command group, not a command")
        name, command, rest = command.resolve_command(ctx, pending)
        path.append(name)
        ctx = command.make_context(name, rest, parent=ctx)
    return " ".join(path), ctx.params


def bot_command_default(command: str, param: str):  # noqa: ANN201
    return parse_bot_command(command.split())[1][param]


@cache
def chroma_run_options() -> frozenset[str]:
    """The options `chroma run` accepts, read from the installed Chroma's own help."""
    chroma = Path(__import__("sys").executable).with_name("chroma")
    out = subprocess.run([str(chroma), "run", "--help"], capture_output=True, text=True, timeout=60).stdout
    return frozenset(re.findall(r"(?m)^\s+(?:-\w, )?(--[a-z][a-z-]*)", out)) - {"--help"}


def parse_chroma_run(args: list[str]) -> dict[str, str]:
    """`chroma run --path P --host H --port N` -> {"--path": P, ...}; raises on an option Chroma lacks."""
    options, it = {}, iter(args)
    for arg in it:
        if arg not in chroma_run_options():
            raise ValueError(f"`chroma run` has no option {arg} (it has {sorted(chroma_run_options())})")
        options[arg] = next(it)
    return options


def bot_args(argv: list[str]) -> list[str] | None:
    """The arguments after `python -m bot` (any python path), or None when argv runs something else."""
    for i in range(len(argv) - 2):
        if Path(argv[i]).name.startswith("python") and argv[i + 1: i + 3] == ["-m", "bot"]:
            return argv[i + 3:]
    return None


def bot_commands_in_shell(script: str) -> list[list[str]]:
    """Every `python -m bot ...` in a `sh -c` script (up to `;`, `&&`, `||` or `|`)."""
    found = []
    for part in re.split(r";|&&|\|\||\|", script):
        words = shlex.split(part)
        args = bot_args(words)
        if args is not None:
            found.append(args)
    return found


# -- Dockerfile ---------------------------------------------------------------------------------
def dockerfile_instructions() -> list[tuple[str, str]]:
    """[(INSTRUCTION, arguments)] with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def exec_form(value: str) -> list[str]:
    return json.loads(value) if value.startswith("[") else shlex.split(value)


def dockerfile_env() -> dict[str, str]:
    env = {}
    for word, rest in dockerfile_instructions():
        if word == "ENV":
            for token in shlex.split(rest):
                name, _, value = token.partition("=")
                env[name] = value
    return env


# -- compose --------------------------------------------------------------------------------------
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def substitute(value: str, variables: dict[str, str] | None = None) -> str:
    """Compose's ${NAME}, ${NAME:?message} and ${NAME:-default}, from `variables` (else a placeholder)."""
    variables = variables or {}

    def one(match: re.Match) -> str:
        name, op, rest = match.group(1), match.group(2), match.group(3)
        if name in variables:
            return variables[name]
        return rest if op == ":-" else f"<{name}>"

    return re.sub(r"\$\{([A-Z_][A-Z0-9_]*)(?:(:\?|:-)([^}]*))?\}", one, value)


def service_argv(service: dict) -> list[str]:
    """What the container runs: entrypoint + command, with the image's ENTRYPOINT/CMD as defaults."""
    image_entry = image_cmd = []
    for word, rest in dockerfile_instructions():
        if word == "ENTRYPOINT":
            image_entry = exec_form(rest)
        elif word == "CMD":
            image_cmd = exec_form(rest)
    entry = service.get("entrypoint", image_entry)
    command = service.get("command", image_cmd if "entrypoint" not in service else [])
    return [*(exec_form(entry) if isinstance(entry, str) else entry), *(exec_form(command) if isinstance(command, str) else command)]


# -- systemd --------------------------------------------------------------------------------------
def unit(path: Path) -> dict[str, list[tuple[str, str]]]:
    """{section: [(key, value), ...]}: systemd allows a key more than once, so a list, not a dict."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        key, _, value = line.partition("=")
        current.append((key.strip(), value.strip()))
    return sections


def values(section: list[tuple[str, str]], key: str) -> list[str]:
    return [v for k, v in section if k == key]
