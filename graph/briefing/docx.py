"""The briefing as a Word document (python-docx): municipalities edit in Word.

Same sections and texts as the PDF. The marking is in the header and footer of every page, with
the recipient and copy number, and a watermark (VML, as Word makes it) names them again. The chart
is a picture of the same SVG drawing (rendered through WeasyPrint and pdftoppm at 200 dpi, since
Word's SVG support is not reachable from python-docx). Document properties carry the title, author
and marking only.
"""

from __future__ import annotations

import io
import shutil
from typing import Any
from xml.sax.saxutils import escape

from graph.briefing.facts import Facts
from graph.errors import KnooppuntError

RED = (0xB0, 0x00, 0x20)
# Word's own watermark: a VML text path behind the page, anchored in the header so it is on every page.
WATERMARK = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    '<w:pict><v:shape id="KnooppuntWatermerk" type="#_x0000_t136" o:allowincell="f" fillcolor="#b00020" '
    'stroked="f" style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:80pt;rotation:315;'
    'z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;'
    'mso-position-vertical:center;mso-position-vertical-relative:margin">'
    '<v:fill opacity=".12"/><v:textpath style="font-family:&quot;DejaVu Sans&quot;;font-size:1pt" '
    'string="{text}"/></v:shape></w:pict></w:r>')


def _chart_png(svg: str) -> bytes | None:
    if shutil.which("pdftoppm") is None:
        return None
    from weasyprint import HTML

    from graph.briefing.pages import first_page_png

    page = f'<html><head><style>@page {{ size: 190mm 140mm; margin: 0 }}</style></head><body>{svg}</body></html>'
    return first_page_png(HTML(string=page).write_pdf(), dpi=200)


def build_docx(ctx: dict[str, Any], facts: Facts) -> bytes:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.shared import Mm, Pt, RGBColor

    doc_info, marking = ctx["doc"], ctx["marking"]
    base = ctx["template"].docx
    try:
        d = Document(str(base)) if base is not None else Document()
    except Exception as exc:  # python-docx raises several kinds for a file that is not Word
        raise KnooppuntError(f"{base}: not a Word (.docx) file: {exc}") from None
    props = d.core_properties
    props.title = f"{doc_info['title']} — {marking.marking}"
    props.author = doc_info["author"]
    props.last_modified_by = doc_info["author"]
    props.subject = ctx["template"].document
    props.keywords = marking.marking
    props.comments = f"Exemplaar {doc_info['copy_no']} van {doc_info['copies']}"
    props.category = marking.marking
    style = d.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(9.5)
    copy_line = f"Exemplaar {doc_info['copy_no']} van {doc_info['copies']} — {doc_info['recipient']}"
    for section in d.sections:
        section.page_height, section.page_width = Mm(297), Mm(210)
        for part, lines in ((section.header, [marking.marking.upper(), copy_line]),
                            (section.footer, [marking.marking.upper(), copy_line])):
            para = part.paragraphs[0]
            for i, line in enumerate(lines):
                run = para.add_run(line)
                run.bold = i == 0
                run.font.size = Pt(10 if i == 0 else 8)
                run.font.color.rgb = RGBColor(*RED) if i == 0 else RGBColor(0x44, 0x44, 0x44)
                if i < len(lines) - 1:
                    run.add_break()
            para.alignment = 1  # centred
        section.header.paragraphs[0]._p.append(parse_xml(WATERMARK.format(text=escape(
            f"Exemplaar {doc_info['copy_no']} — {doc_info['recipient']}", {'"': "&quot;"}))))
    d.add_heading(doc_info["title"], level=0)
    d.add_paragraph(ctx["template"].document)
    meta = [("Dossiernummer", doc_info["dossier"] or "—"), ("Datum", doc_info["date"]),
            ("Opgesteld door", doc_info["author"]), ("Ontvangers", ", ".join(doc_info["recipients"])),
            ("Dit exemplaar", f"nr. {doc_info['copy_no']} van {doc_info['copies']}, voor {doc_info['recipient']}"),
            ("Rubricering", marking.marking),
            ("Publiek", f"{facts.audience.title} (inzage: {ctx['clearance_text']})")]
    _table(d, ["", ""], meta, header=False)
    p = d.add_paragraph()
    r = p.add_run(f"Behandeling: {marking.handling}")
    r.bold = True
    r.font.color.rgb = RGBColor(*RED)
    d.add_paragraph(ctx["template"].intro)
    for s in ctx["sections"]:
        _SECTIONS[s](d, ctx, facts)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _table(d: Any, headers: list[str], rows: list[Any], header: bool = True) -> None:
    table = d.add_table(rows=0, cols=len(headers))
    table.style = "Table Grid"
    if header:
        cells = table.add_row().cells
        for c, h in zip(cells, headers, strict=True):
            c.text = h
            for run in c.paragraphs[0].runs:
                run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for c, v in zip(cells, row, strict=True):
            c.text = str(v)


def _paras(title: str, key: str) -> Any:
    def add(d: Any, ctx: dict[str, Any], facts: Facts) -> None:
        d.add_heading(title, level=1)
        for p in ctx["doc"][key] or ["(geen)"]:
            d.add_paragraph(p)
    return add


def _chart(d: Any, ctx: dict[str, Any], facts: Facts) -> None:
    from docx.shared import Mm

    d.add_heading(f"Schema: {facts.chart_name}", level=1)
    png = _chart_png(ctx["chart_svg"])
    if png is None:
        d.add_paragraph("(schema: zie de PDF-versie van deze briefing)")
    else:
        d.add_picture(io.BytesIO(png), width=Mm(170))
    d.add_paragraph(f"{len(facts.nodes)} entiteiten, {len(facts.edges)} relaties. Gegevens boven de rubricering "
                    "van dit publiek zijn uit het schema weggelaten.")


def _key_table(title: str, key: str) -> Any:
    def add(d: Any, ctx: dict[str, Any], facts: Facts) -> None:
        rows = facts.tables[key]
        if not rows:
            return
        d.add_heading(title, level=1)
        out = []
        for k in rows:
            flags = "\n".join(f"{f.indicator}: {f.explanation}" + "".join(f"\n  • {e}" for e in f.evidence)
                              for f in k.flags) or "—"
            out.append([k.caption, k.degree, k.relations, f"{k.source} ({k.grading})", flags])
        _table(d, ["Naam", "Graad", "Relaties", "Bron (waardering)", "Signalen en onderbouwing"], out)
    return add


def _timeline(d: Any, ctx: dict[str, Any], facts: Facts) -> None:
    if facts.events:
        d.add_heading("Tijdlijn", level=1)
        _table(d, ["Datum", "Gebeurtenis"], [[e.date, e.text] for e in facts.events])


def _sources(d: Any, ctx: dict[str, Any], facts: Facts) -> None:
    d.add_heading("Bronnen en waardering", level=1)
    _table(d, ["Bron", "Waardering", "Records in deze briefing"], [[s.source, s.grading, s.records]
                                                                  for s in facts.sources])


def _annex(d: Any, ctx: dict[str, Any], facts: Facts) -> None:
    d.add_heading("Bijlage: gebruikte analyses", level=1)
    d.add_paragraph(f"Alle cijfers zijn berekend op de gegevens die dit publiek mag zien ({ctx['clearance_text']}).")
    _table(d, ["Analyse", "Omschrijving", "Parameters"], [[a.title, a.description, a.parameters]
                                                          for a in facts.analyses])


_SECTIONS = {"summary": _paras("Samenvatting", "summary_paragraphs"),
             "conclusions": _paras("Conclusies", "conclusion_paragraphs"), "chart": _chart,
             "persons": _key_table("Personen", "persons"), "companies": _key_table("Ondernemingen", "companies"),
             "addresses": _key_table("Adressen", "addresses"), "timeline": _timeline, "sources": _sources,
             "annex": _annex}
