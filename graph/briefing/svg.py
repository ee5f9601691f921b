"""The briefing's chart as an SVG drawing: saved positions, nodes coloured by type, links, a legend.

Drawn here from the facts, without Qt, so the core renders a briefing headless and the PDF keeps
the chart as vectors (WeasyPrint embeds inline SVG as PDF paths and text).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from graph.briefing.facts import Facts

WIDTH, HEIGHT, MARGIN, LEGEND_ROW = 760.0, 480.0, 40.0, 18.0
MAX_CAPTION = 26


def _short(text: str) -> str:
    return text if len(text) <= MAX_CAPTION else text[: MAX_CAPTION - 1] + "…"


def chart_svg(facts: Facts) -> str:
    """A standalone SVG document (width 100% of its box) of the chart and its legend."""
    nodes = facts.nodes
    legend_h = LEGEND_ROW * ((len(facts.legend) + 3) // 4) + 10
    total_h = HEIGHT + legend_h
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {total_h:.0f}" '
           f'width="100%" font-family="DejaVu Sans, sans-serif" role="img">',
           f'<rect x="0" y="0" width="{WIDTH:.0f}" height="{HEIGHT:.0f}" fill="#ffffff" stroke="#bbbbbb"/>']
    if not nodes:
        out.append(f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT / 2:.0f}" text-anchor="middle" font-size="14" '
                   'fill="#555555">Geen entiteiten zichtbaar voor dit publiek</text>')
    xs, ys = [n.x for n in nodes] or [0.0], [n.y for n in nodes] or [0.0]
    span_x, span_y = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    off_x = (WIDTH - span_x * scale) / 2
    off_y = (HEIGHT - span_y * scale) / 2
    pos = {n.id: (off_x + (n.x - min(xs)) * scale, off_y + (n.y - min(ys)) * scale) for n in nodes}
    label_edges = len(facts.edges) <= 40
    for e in facts.edges:
        (x1, y1), (x2, y2) = pos[e.source], pos[e.target]
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#888888" '
                   'stroke-width="1"/>')
        if label_edges:
            out.append(f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2 - 2:.1f}" font-size="7" fill="#666666" '
                       f'text-anchor="middle">{escape(e.type_title)}</text>')
    for n in nodes:
        x, y = pos[n.id]
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{escape(n.colour)}" stroke="#333333" '
                   'stroke-width="0.8"/>')
        out.append(f'<text x="{x:.1f}" y="{y + 17:.1f}" font-size="8.5" text-anchor="middle" fill="#111111">'
                   f'{escape(_short(n.caption))}</text>')
    for i, (title, colour) in enumerate(facts.legend):
        lx = 10 + (i % 4) * (WIDTH - 20) / 4
        ly = HEIGHT + 16 + (i // 4) * LEGEND_ROW
        out.append(f'<circle cx="{lx + 6:.1f}" cy="{ly - 4:.1f}" r="5" fill="{escape(colour)}" stroke="#333333" '
                   'stroke-width="0.6"/>')
        out.append(f'<text x="{lx + 16:.1f}" y="{ly:.1f}" font-size="10" fill="#111111">{escape(title)}</text>')
    out.append("</svg>")
    return "\n".join(out)
