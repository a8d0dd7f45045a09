"""Inline SVG charts rendered on the server: counts over time, and the who-met-whom network."""

from __future__ import annotations

import math
from urllib.parse import quote

from markupsafe import Markup, escape

from rasad.web.dates import fa_digits, jalali


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (year, month) <= end and len(out) < 1200:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def time_bars(counts: dict[str, int], *, label: str, css: str = "bars") -> Markup:
    """Bars per month (per year when the span is long), oldest on the right as Persian text runs."""
    months = sorted(k for k in counts if len(k) == 7 and k[:4].isdigit())
    if not months:
        return Markup('<p class="muted">داده‌ای برای نمودار نیست.</p>')
    axis = _months_between(months[0], months[-1])
    values = {m: counts.get(m, 0) for m in axis}
    if len(axis) > 48:
        years: dict[str, int] = {}
        for m, v in values.items():
            years[m[:4]] = years.get(m[:4], 0) + v
        values = years
    keys = list(values)
    width, height, pad = 640, 150, 22
    step = (width - 2 * pad) / max(len(keys), 1)
    bar = max(2.0, min(36.0, step * 0.7))
    top = max(values.values()) or 1
    parts = [
        f'<svg class="{escape(css)}" viewBox="0 0 {width} {height + 34}" role="img" aria-label="{escape(label)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{pad}" y1="{height}" x2="{width - pad}" y2="{height}" class="axis"/>',
    ]
    every = max(1, math.ceil(len(keys) / 8))
    for i, key in enumerate(keys):
        # RTL: the first (oldest) period sits at the right edge.
        x = width - pad - (i + 0.5) * step
        h = (height - 12) * values[key] / top
        tip = f"{jalali(key) or key} ({key}): {fa_digits(values[key])}"
        parts.append(
            f'<rect x="{x - bar / 2:.1f}" y="{height - h:.1f}" width="{bar:.1f}" height="{max(h, 0):.1f}" rx="2">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if i % every == 0 or i == len(keys) - 1:
            parts.append(f'<text x="{x:.1f}" y="{height + 16}" class="tick">{escape(fa_digits(key))}</text>')
    parts.append(f'<text x="{width - pad}" y="12" class="tick max">{escape(fa_digits(top))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def network_svg(nodes: list[tuple[str, str, int]], edges: list[tuple[str, str, int]], center: str | None,
                *, max_nodes: int = 18) -> Markup:  # fmt: skip
    """Nodes (ref, label, events) on a circle (the centre entity in the middle), edges weighted by meetings."""
    if not edges:
        return Markup('<p class="muted">دیداری ثبت نشده است.</p>')
    degree: dict[str, int] = {}
    for a, b, w in edges:
        degree[a] = degree.get(a, 0) + w
        degree[b] = degree.get(b, 0) + w
    label = {ref: name for ref, name, _ in nodes}
    ranked = sorted(degree, key=lambda r: (r != center, -degree[r], r))[:max_nodes]
    size, mid = 520, 260
    ring = [r for r in ranked if r != center] if center in degree else ranked
    positions: dict[str, tuple[float, float]] = {}
    if center in degree:
        positions[center] = (mid, mid)
    radius = 190 if len(ring) > 1 else 150
    for i, ref in enumerate(ring):
        # Two partners sit left and right of the centre, more go round from the top.
        angle = (0 if len(ring) == 2 else -math.pi / 2) + 2 * math.pi * i / max(len(ring), 1)
        positions[ref] = (mid + radius * math.cos(angle), mid + radius * math.sin(angle))
    heaviest = max(w for _, _, w in edges)
    parts = [f'<svg class="network" viewBox="0 0 {size} {size}" role="img" aria-label="شبکهٔ دیدارها" '
             'xmlns="http://www.w3.org/2000/svg">']  # fmt: skip
    for a, b, w in sorted(edges, key=lambda e: e[2]):
        if a in positions and b in positions:
            (x1, y1), (x2, y2) = positions[a], positions[b]
            stroke = 1.5 + 6 * w / heaviest
            tip = f"{label.get(a) or a} — {label.get(b) or b}: {fa_digits(w)}"
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke-width="{stroke:.1f}" '
                         f'class="edge"><title>{escape(tip)}</title></line>')  # fmt: skip
    for ref in ranked:
        x, y = positions[ref]
        r = 9 + 9 * math.sqrt(degree[ref] / max(degree.values()))
        cls = "node centre" if ref == center else "node"
        name = label.get(ref) or ref
        parts.append(
            f'<a href="/entities/{escape(quote(ref, safe=""))}" class="{cls}"><circle cx="{x:.1f}" cy="{y:.1f}" '
            f'r="{r:.1f}"><title>{escape(name)} ({escape(ref)})</title></circle>'
            f'<text x="{x:.1f}" y="{y + r + 15:.1f}">{escape(name)}</text></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
