"""Bar charts as inline SVG, drawn on the server: no script, readable by screen readers (each bar has a
title, and the page shows the same numbers as a table beside the chart)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 220, 36, 28, 10


@dataclass(frozen=True)
class Series:
    name: str
    label: str
    colour: str


def stacked_bars(title: str, labels: list[str], values: dict[str, list[int]], series: list[Series]) -> str:
    """One stacked bar per label (a day); `values[series.name][i]` is the part of that series on day i."""
    n = max(1, len(labels))
    totals = [sum(values[s.name][i] for s in series) for i in range(len(labels))]
    top = max([1, *totals])
    plot_w, plot_h = WIDTH - PAD_LEFT - 8, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / n
    bar = max(1.0, step * 0.7)
    out = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
           f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(title)}</title>"]
    for frac in (0, 0.5, 1):  # a light grid with the scale
        y = PAD_TOP + plot_h * (1 - frac)
        out.append(f'<line x1="{PAD_LEFT}" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{PAD_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{round(top * frac)}</text>')
    for i, label in enumerate(labels):
        x = PAD_LEFT + i * step + (step - bar) / 2
        y = PAD_TOP + plot_h
        for s in series:
            v = values[s.name][i]
            if not v:
                continue
            h = plot_h * v / top
            y -= h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{s.colour}">'
                       f"<title>{escape(label)} — {escape(s.label)}: {v}</title></rect>")
        if n <= 14 or i % max(1, n // 8) == 0:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" class="axis">{escape(label[5:])}</text>')
    out.append("</svg>")
    return "".join(out)
