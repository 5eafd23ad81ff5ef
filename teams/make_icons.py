"""Draws the two icons a Teams app package needs, with the standard library only.

    python teams/make_icons.py      # writes teams/color.png (192x192) and teams/outline.png (32x32)

The motif is two interlocking rings, the two clusters of the collaboration. Teams wants the colour
icon full-bleed with the symbol inside the central 120 px, and the outline icon white on transparent.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACCENT = (0x0B, 0x5C, 0x7A)  # keep in step with accentColor in manifest.json
SUPERSAMPLE = 4  # 4x4 samples per pixel give smooth edges without an imaging library


def png(width: int, height: int, rgba_rows: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    raw = b"".join(b"\x00" + row for row in rgba_rows)  # filter type 0 on every row
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def ring_coverage(size: int, x: int, y: int, rings: list[tuple[float, float, float, float]]) -> float:
    """Share of the pixel's samples that fall on any ring (cx, cy, outer, inner radius; fractions of size)."""
    hits = 0
    for sy in range(SUPERSAMPLE):
        for sx in range(SUPERSAMPLE):
            px = (x + (sx + 0.5) / SUPERSAMPLE) / size
            py = (y + (sy + 0.5) / SUPERSAMPLE) / size
            for cx, cy, outer, inner in rings:
                d2 = (px - cx) ** 2 + (py - cy) ** 2
                if inner * inner <= d2 <= outer * outer:
                    hits += 1
                    break
    return hits / SUPERSAMPLE**2


def draw(size: int, rings: list[tuple[float, float, float, float]], background: tuple[int, int, int] | None) -> bytes:
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            c = ring_coverage(size, x, y, rings)
            if background is None:  # outline: white, shape carried by alpha
                row += bytes((255, 255, 255, round(255 * c)))
            else:  # colour: white rings blended onto the accent
                row += bytes(round(b + (255 - b) * c) for b in background) + b"\xff"
        rows.append(bytes(row))
    return png(size, size, rows)


def main() -> None:
    (HERE / "color.png").write_bytes(draw(192, [(0.40, 0.5, 0.19, 0.145), (0.60, 0.5, 0.19, 0.145)], ACCENT))
    (HERE / "outline.png").write_bytes(draw(32, [(0.36, 0.5, 0.30, 0.20), (0.64, 0.5, 0.30, 0.20)], None))


if __name__ == "__main__":
    main()
