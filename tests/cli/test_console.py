"""`python -m bot console link` and `python -m bot console` as operators run them (cli-contract.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from datetime import datetime, timedelta, timezone

from tests.conftest import ROOT
from tests.processes import wait_for_line


def env_for(tmp_path, **extra) -> dict:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STAFF_", "BOT_", "DATABASE_URL", "CONSOLE_", "SLACK_"))}
    env.update({"BOT_DATA_DIR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT), "LOG_LEVEL": "INFO", **extra})
    return env


def run(args: list[str], env: dict, cwd) -> subprocess.CompletedProcess:  # noqa: ANN001
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def test_console_link_prints_one_json_document_for_staff(tmp_path):
    env = env_for(tmp_path, STAFF_SLACK_IDS="USTAFF", CONSOLE_BASE_URL="https://console.example.org")
    made = run(["console", "link", "USTAFF", "--json"], env, tmp_path)
    assert made.returncode == 0, made.stderr
    doc = json.loads(made.stdout)
    assert set(doc) == {"url", "expires"}
    assert doc["url"].startswith("https://console.example.org/signin/link?token=")
    expires = datetime.fromisoformat(doc["expires"])
    assert timedelta(minutes=14) < expires - datetime.now(timezone.utc) <= timedelta(minutes=15)
    plain = run(["console", "link", "slack:USTAFF"], env, tmp_path)
    assert plain.returncode == 0 and plain.stdout.strip().startswith("https://console.example.org/signin/link?token=")


def test_console_link_refuses_someone_who_is_not_staff_in_one_line(tmp_path):
    env = env_for(tmp_path, STAFF_SLACK_IDS="USTAFF", STAFF_TEAMS_IDS="aad-1")
    for who in ("UOTHER", "teams:aad-2"):
        refused = run(["console", "link", who, "--json"], env, tmp_path)
        assert refused.returncode != 0 and refused.stdout == ""
        assert refused.stderr.startswith("error: ") and "is not staff" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
    assert run(["console", "link", "teams:aad-1", "--json"], env, tmp_path).returncode == 0


def test_console_serves_healthz_on_the_port_it_binds(tmp_path):
    env = env_for(tmp_path, STAFF_SLACK_IDS="USTAFF")
    process = subprocess.Popen([sys.executable, "-m", "bot", "console", "--port", "0"], env=env, cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        port = int(wait_for_line(process, r"console listening on http://127\.0\.0\.1:(\d+)", timeout=120).group(1))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as response:
            assert response.status == 200 and json.loads(response.read())["status"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.url.endswith("/signin?next=%2F")
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0
