"""`python -m bot serve-teams`, the import boundary, and the Teams app package."""

from __future__ import annotations

import ast
import importlib.util
import json
import struct
import subprocess
import sys
import urllib.request
import zipfile
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.handlers.teams.helpers import message
from tests.processes import Output, start_server

TEAMS_DIR = ROOT / "teams"


def bot_cli(*args: str, env: dict | None = None, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60, cwd=cwd,
                          env=env, check=False)


def start_serve_teams(tmp_path: Path, env: dict | None = None) -> tuple[subprocess.Popen, int, Output]:
    """`serve-teams --port 0`: it binds a free port itself and names it, so no parallel test takes it in between;
    returns once /healthz answers."""
    return start_server([sys.executable, "-m", "bot", "serve-teams", "--port", "0"],
                        r"Teams endpoint: http://127\.0\.0\.1:(\d+)/api/messages", cwd=tmp_path, env=env)


def test_without_credentials_it_refuses_to_listen_beyond_loopback(tmp_path):
    result = bot_cli("serve-teams", "--host", "0.0.0.0", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("error: refusing to listen on 0.0.0.0 without authentication")
    assert len(result.stderr.strip().splitlines()) == 1


def test_half_a_configuration_is_refused(tmp_path):
    import os

    result = bot_cli("serve-teams", cwd=tmp_path, env={**os.environ, "TEAMS_APP_ID": "5f1c7a52-3d7e-4c0b-9a51-0c2b8f7d1e11"})
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: TEAMS_APP_PASSWORD, TEAMS_TENANT_ID not set: set all of TEAMS_APP_ID, TEAMS_APP_PASSWORD and "
        "TEAMS_TENANT_ID for Teams, or none of them for local development"
    )


@pytest.mark.slow
def test_serve_teams_answers_on_loopback_in_local_development(tmp_path):
    process, port, output = start_serve_teams(tmp_path)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/messages", json.dumps(message("Who signed the agreement?")).encode(),
                                         {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            replies = [a for a in json.load(response)["activities"] if a["type"] == "message"]
        # An empty knowledge base still gets an answer card: an honest "I don't know".
        assert replies[-1]["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
    finally:
        process.terminate()
        stderr = output.wait(10)
    assert f"Teams endpoint: http://127.0.0.1:{port}/api/messages (local development, no authentication)" in stderr


def test_the_core_never_imports_the_teams_sdk():
    """Only the serve-teams command and the notice senders of the CLI (worker, sweep) may, inside a function."""
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        nested = [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and n not in top_level]
        for node, where in [(n, "module level") for n in top_level] + [(n, "a function") for n in nested]:
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name.startswith(("microsoft_agents", "handlers.teams")):
                    allowed = path.name in ("serve_teams.py", "senders.py") and where == "a function"
                    assert allowed, f"{path.relative_to(ROOT)} imports {name} at {where}"
    code = "import sys, bot.cli.main; print(sorted(m for m in sys.modules if m.startswith(('microsoft_agents', 'handlers.teams'))))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.strip() == "[]"


# --- the app package -------------------------------------------------------------------------

def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and RGBA rows of an unfiltered 8-bit RGBA PNG (the kind make_icons.py writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (8, 6)
    raw = zlib.decompress(idat)
    stride = 1 + 4 * width
    rows = [raw[y * stride:(y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows)
    return width, height, [row[1:] for row in rows]


def load_script(name: str):  # noqa: ANN201
    spec = importlib.util.spec_from_file_location(f"teams_{name}", TEAMS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icons_have_the_sizes_and_colours_teams_requires():
    width, height, rows = png_pixels(TEAMS_DIR / "color.png")
    assert (width, height) == (192, 192)
    assert all(row[i + 3] == 255 for row in rows for i in range(0, len(row), 4))  # opaque, full-bleed
    width, height, rows = png_pixels(TEAMS_DIR / "outline.png")
    assert (width, height) == (32, 32)
    pixels = [row[i:i + 4] for row in rows for i in range(0, len(row), 4)]
    assert all(p[:3] == b"\xff\xff\xff" for p in pixels)  # white only; the shape is in the alpha channel
    assert any(p[3] == 255 for p in pixels) and any(p[3] == 0 for p in pixels)


def test_icons_are_what_make_icons_draws():
    make_icons = load_script("make_icons")
    assert make_icons.draw(32, [(0.36, 0.5, 0.30, 0.20), (0.64, 0.5, 0.30, 0.20)], None) == (TEAMS_DIR / "outline.png").read_bytes()


def test_manifest_and_package(tmp_path):
    manifest = json.loads((TEAMS_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["manifestVersion"] == "1.19" and manifest["$schema"].endswith("/v1.19/MicrosoftTeams.schema.json")
    (bot,) = manifest["bots"]
    assert bot["botId"] == "${{TEAMS_APP_ID}}" and set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert all(len(c["title"]) <= 32 for c in bot["commandLists"][0]["commands"])
    assert manifest["accentColor"].lower() == "#%02x%02x%02x" % load_script("make_icons").ACCENT

    package = load_script("package")
    app_id = "5f1c7a52-3d7e-4c0b-9a51-0c2b8f7d1e11"
    path = package.build(app_id, tmp_path / "appPackage.zip")
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        packaged = json.loads(zf.read("manifest.json"))
    assert packaged["bots"][0]["botId"] == app_id and "${{" not in json.dumps(packaged)
    with pytest.raises(ValueError, match="GUID"):
        package.build("my-bot", tmp_path / "x.zip")
