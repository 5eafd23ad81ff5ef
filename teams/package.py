"""Builds the Teams app package (the zip you upload to Teams) from manifest.json and the icons.

    python teams/package.py --app-id <Microsoft App ID of the Azure Bot> [--out teams/build/appPackage.zip]

The app id replaces ${{TEAMS_APP_ID}} (the same value as TEAMS_APP_ID on the server). The manifest is
checked against the schema it declares (v1.19, vendored in schema/ with its licence) before anything is
written, so a mistake shows here with the schema's message rather than at upload. Needs `jsonschema`
(in the test extras: `pip install -e '.[test]'`).
"""

from __future__ import annotations

import argparse
import json
import re
import struct
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACEHOLDER = "${{TEAMS_APP_ID}}"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
ICON_SIZES = {"color": (192, 192), "outline": (32, 32)}
SCHEMA = HERE / "schema" / "MicrosoftTeams.schema.json"
SCHEMA_URL = "https://developer.microsoft.com/json-schemas/teams/v1.19/MicrosoftTeams.schema.json"


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path.name} is not a PNG file")
    return struct.unpack(">II", head[16:24])


def schema_errors(manifest: dict, schema_path: Path = SCHEMA) -> list[str]:
    """Every way the manifest breaks the schema, as "where: the schema's message" lines (empty when valid)."""
    import jsonschema  # only the packaging step needs it

    if manifest.get("$schema") != SCHEMA_URL:
        return [f"$schema: the manifest must declare {SCHEMA_URL}, the schema vendored in teams/schema/"]
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    # The schema says draft-04 but also uses draft-06's "const" (manifestVersion): honour both.
    validator_class = jsonschema.validators.extend(
        jsonschema.Draft4Validator, {"const": jsonschema.Draft6Validator.VALIDATORS["const"]}
    )
    validator = validator_class(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(manifest), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{'.'.join(map(str, e.absolute_path)) or '(top level)'}: {e.message}" for e in errors]


def build(app_id: str, out: Path, folder: Path = HERE) -> Path:
    """Check the pieces Teams checks on upload, then write the zip; returns its path."""
    if not GUID.match(app_id):
        raise ValueError(f"the app id must be a GUID like 00000000-0000-0000-0000-000000000000, not {app_id!r}")
    text = (folder / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text.replace(PLACEHOLDER, app_id))
    errors = schema_errors(manifest)
    if errors:
        raise ValueError("manifest.json does not match its schema:\n  " + "\n  ".join(errors))
    files = {"manifest.json": json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")}
    for kind, size in ICON_SIZES.items():
        icon = folder / manifest["icons"][kind]
        if png_size(icon) != size:
            raise ValueError(f"{icon.name} must be {size[0]}x{size[1]} pixels")
        files[icon.name] = icon.read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:  # files at the root, as Teams expects
        for name, data in files.items():
            zf.writestr(name, data)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Teams app package.")
    parser.add_argument("--app-id", required=True, help="the Microsoft App ID of the Azure Bot (TEAMS_APP_ID)")
    parser.add_argument("--out", type=Path, default=HERE / "build" / "appPackage.zip")
    args = parser.parse_args(argv)
    try:
        path = build(args.app_id, args.out, folder=HERE)
    except ImportError:
        print("error: checking the manifest needs jsonschema: pip install -e '.[test]'", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
