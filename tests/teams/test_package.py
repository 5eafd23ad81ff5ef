"""teams/package.py: the manifest matches the schema it declares, and packaging refuses one that does not."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

TEAMS = Path(__file__).resolve().parents[2] / "teams"
APP_ID = "797a6fc1-56c4-4000-b2e7-b62bacbdd455"


def _load_package_module():
    spec = importlib.util.spec_from_file_location("teams_package", TEAMS / "package.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


package = _load_package_module()


def _manifest() -> dict:
    text = (TEAMS / "manifest.json").read_text(encoding="utf-8")
    return json.loads(text.replace(package.PLACEHOLDER, APP_ID))


def _folder_with(tmp_path: Path, manifest: dict) -> Path:
    (tmp_path / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    for icon in ("color.png", "outline.png"):
        (tmp_path / icon).write_bytes((TEAMS / icon).read_bytes())
    return tmp_path


def test_the_vendored_schema_is_the_one_the_manifest_declares_and_is_a_valid_draft_04_schema():
    schema = json.loads(package.SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    assert schema["properties"]["manifestVersion"]["const"] == _manifest()["manifestVersion"] == "1.19"
    assert _manifest()["$schema"] == package.SCHEMA_URL
    assert "MIT License" in (package.SCHEMA.parent / "LICENSE").read_text(encoding="utf-8")


def test_the_manifest_is_valid_against_its_schema():
    assert package.schema_errors(_manifest()) == []


def test_the_bot_asks_for_no_permissions():
    # A bot receives messages and answers without identity or messageTeamMembers; asking for them only
    # adds a consent line the admin has to justify.
    assert "permissions" not in _manifest()


def test_the_packaged_manifest_is_valid_too(tmp_path):
    # (tests/handlers/teams/test_serve.py checks the zip's files and the app id substitution.)
    with zipfile.ZipFile(package.build(APP_ID, tmp_path / "app.zip")) as zf:
        assert package.schema_errors(json.loads(zf.read("manifest.json"))) == []


def test_packaging_refuses_a_developer_name_over_32_characters_with_the_schemas_message(tmp_path):
    manifest = _manifest()
    manifest["developer"]["name"] = "Øresund–Massachusetts life-science collaboration"
    out = tmp_path / "app.zip"
    with pytest.raises(ValueError) as raised:
        package.build(APP_ID, out, folder=_folder_with(tmp_path, manifest))
    assert "developer.name: 'Øresund–Massachusetts life-science collaboration' is too long" in str(raised.value)
    assert not out.exists()


def test_packaging_refuses_an_unknown_permission_and_a_wrong_manifest_version(tmp_path):
    manifest = _manifest()
    manifest["permissions"] = ["identity", "readEverything"]
    manifest["manifestVersion"] = "1.18"
    with pytest.raises(ValueError) as raised:
        package.build(APP_ID, tmp_path / "app.zip", folder=_folder_with(tmp_path, manifest))
    message = str(raised.value)
    assert "permissions.1: 'readEverything' is not one of" in message
    assert "manifestVersion: '1.19' was expected" in message


def test_the_command_line_prints_the_schema_errors_and_exits_1(tmp_path, capsys, monkeypatch):
    manifest = _manifest()
    del manifest["accentColor"]
    folder = _folder_with(tmp_path, manifest)
    monkeypatch.setattr(package, "HERE", folder)
    assert package.main(["--app-id", APP_ID, "--out", str(tmp_path / "app.zip")]) == 1
    assert "(top level): 'accentColor' is a required property" in capsys.readouterr().err
    assert not (tmp_path / "app.zip").exists()
