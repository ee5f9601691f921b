"""Entity-type glyphs: every schema icon has its own drawing, unknown names fall back to a circle."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPath

from graph.schema import default_schema
from views.icons import icon_path, type_icon


def _elements(path: QPainterPath) -> list[tuple[int, float, float]]:
    return [(int(path.elementAt(i).type.value), round(path.elementAt(i).x, 6), round(path.elementAt(i).y, 6))
            for i in range(path.elementCount())]


def test_every_schema_icon_has_its_own_glyph_in_the_unit_box(qapp: Any) -> None:
    names = sorted({et.icon for et in default_schema().entities.values()})
    fallback = _elements(icon_path("geen-bekend-icoon"))
    drawn = {name: _elements(icon_path(name)) for name in names}
    assert all(elements and elements != fallback for elements in drawn.values()), \
        [n for n, e in drawn.items() if e == fallback]
    assert len({tuple(e) for e in drawn.values()}) == len(names)  # no two types share a glyph
    for name in names:
        assert QRectF(-1, -1, 2, 2).contains(icon_path(name).boundingRect()), name


def test_unknown_icon_is_a_circle_and_icons_render(qapp: Any) -> None:
    assert icon_path("geen-bekend-icoon").boundingRect() == QRectF(-0.5, -0.5, 1.0, 1.0)
    image = type_icon("person", "#1f77b4", 24).pixmap(24, 24).toImage()
    colours = {image.pixel(x, y) for x in range(24) for y in range(24)}
    assert len(colours) > 2  # transparent corners, the type colour and the white glyph
