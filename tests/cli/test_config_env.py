"""`.env.example` is generated from Settings: it lists every setting with its real default, and a drift fails."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from bot.cli.config_env import render_env_example
from bot.cli.main import app
from bot.config import Settings
from tests.conftest import ROOT

ENV_EXAMPLE = ROOT / ".env.example"


def test_the_committed_env_example_is_the_generated_one():
    assert ENV_EXAMPLE.read_text(encoding="utf-8") == render_env_example(), (
        "run `python -m bot config env-example -o .env.example`")


def test_every_setting_is_listed_once_with_a_meaning():
    names = re.findall(r"^# ([A-Z_]+)=", ENV_EXAMPLE.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert names == [name.upper() for name in Settings.model_fields]
    assert all(field.description for field in Settings.model_fields.values())


def test_uncommenting_every_default_gives_the_default_settings(tmp_path):
    lines = []
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^# ([A-Z_]+)=(.*)$", line)
        if match and match.group(2):  # an empty default means "unset": leave it out
            lines.append(f"{match.group(1)}={match.group(2)}")
    env_file = tmp_path / "all-defaults.env"
    env_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert Settings(_env_file=env_file) == Settings(_env_file=None)
    # and the file does change something when a value differs
    env_file.write_text("RETRIEVAL_K=9\nAUTO_MIGRATE=false\n", encoding="utf-8")
    changed = Settings(_env_file=env_file)
    assert (changed.retrieval_k, changed.auto_migrate) == (9, False)


def test_check_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / ".env.example"
    stale.write_text(render_env_example().replace("# LOG_FORMAT=text\n", ""), encoding="utf-8")
    result = CliRunner().invoke(app, ["config", "env-example", "--check", str(stale)])
    assert result.exit_code == 1 and "out of date" in result.output
    assert CliRunner().invoke(app, ["config", "env-example", "-o", str(stale)]).exit_code == 0
    assert CliRunner().invoke(app, ["config", "env-example", "--check", str(stale)]).exit_code == 0
