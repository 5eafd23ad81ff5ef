"""Builds the Teams app package (the zip you upload to Teams) from manifest.json and the icons.

    python teams/package.py --app-id <Microsoft App ID of the Azure Bot> [--out teams/build/appPackage.zip]

The app id replaces ${{TEAMS_APP_ID}} (the same value as TEAMS_APP_ID on the server).
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


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        raise ValueError(f"{path.name} is not a PNG file")
    return struct.unpack(">II", head[16:24])


def build(app_id: str, out: Path, folder: Path = HERE) -> Path:
    """Check the pieces Teams checks on upload, then write the zip; returns its path."""
    if not GUID.match(app_id):
        raise ValueError(f"the app id must be a GUID like 00000000-0000-0000-0000-000000000000, not {app_id!r}")
    text = (folder / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text.replace(PLACEHOLDER, app_id))
    if len(manifest["name"]["short"]) > 30 or len(manifest["description"]["short"]) > 80:
        raise ValueError("name.short must be at most 30 and description.short at most 80 characters")
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
        path = build(args.app_id, args.out)
    except (OSError, ValueError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
