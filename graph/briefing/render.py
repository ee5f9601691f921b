"""Render a briefing to PDF (Jinja2 HTML/CSS through WeasyPrint) and .docx (python-docx).

One file per recipient/copy: the watermark and the page margins name the recipient and the copy
number, so a leaked copy can be traced; the audit entry holds the SHA-256 of each file.
Nothing is fetched at render time: the URL fetcher only serves the package's template folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.briefing.audiences import LEVELS
from graph.briefing.facts import Facts
from graph.briefing.pages import first_page_png
from graph.briefing.svg import chart_svg
from graph.errors import KnooppuntError

TEMPLATE_DIR = Path(str(resources.files("graph.briefing").joinpath("templates")))
SECTIONS = ("summary", "conclusions", "chart", "persons", "companies", "addresses", "timeline", "sources", "annex")


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    html: Path
    document: str
    intro: str
    sections: tuple[str, ...]
    docx: Path | None = None  # a Word file the .docx starts from (letterhead, styles); None: a blank one


def templates() -> dict[str, Template]:
    """The packaged templates (templates/templates.yaml)."""
    raw = yaml.safe_load((TEMPLATE_DIR / "templates.yaml").read_text(encoding="utf-8"))
    return {k: Template(k, TEMPLATE_DIR / v["html"], str(v["document"]), str(v.get("intro") or ""),
                        tuple(v.get("sections") or SECTIONS), TEMPLATE_DIR / v["docx"] if v.get("docx") else None)
            for k, v in raw["templates"].items()}


def get_template(name: str) -> Template:
    """A packaged template by name, or an analyst's own file with the texts of the driehoek template.

    An own `.html` (Jinja2) lays out the PDF; a `.docx` beside it with the same name, or given itself,
    is the Word file the .docx version starts from (the municipality's letterhead and styles).
    """
    known = templates()
    if name in known:
        return known[name]
    path = Path(name)
    base = known["driehoek"]
    if path.suffix == ".html" and path.is_file():
        word = path.with_suffix(".docx")
        return Template(path.stem, path.resolve(), base.document, base.intro, base.sections,
                        word.resolve() if word.is_file() else base.docx)
    if path.suffix == ".docx" and path.is_file():
        return Template(path.stem, base.html, base.document, base.intro, base.sections, path.resolve())
    raise KnooppuntError(f"template {name!r}: not a packaged template ({', '.join(known)}) "
                         "nor an .html or .docx file")


@dataclass(slots=True)
class Document:
    """What the analyst writes and chooses; the facts come from the project."""

    title: str
    author: str
    recipients: list[str]
    dossier: str = ""
    summary: str = ""
    conclusions: str = ""
    date: dt.date = field(default_factory=dt.date.today)
    sections: tuple[str, ...] | None = None  # None: the template's sections


# The labels an audience may see, named as the reader knows them: the document is Dutch, and
# "inzage: open, confidential, police-wpg, fiod/tax" gave the burgemeester codes and English words.
LABEL_NAMES = {"open": "ongerubriceerd", "confidential": "vertrouwelijk", "police-wpg": "politiegegevens (WPG)",
               "fiod/tax": "FIOD/Belastingdienst"}


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _css_string(value: Any) -> str:
    """Text safe inside a CSS double-quoted string (the page-margin lines)."""
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _context(facts: Facts, doc: Document, template: Template, copy: int) -> dict[str, Any]:
    sections = list(doc.sections or template.sections)
    unknown = [s for s in sections if s not in SECTIONS]
    if unknown:
        raise KnooppuntError(f"unknown briefing section {unknown[0]!r} (known: {', '.join(SECTIONS)})")
    return {
        "doc": {"title": doc.title, "author": doc.author, "dossier": doc.dossier,
                "date": doc.date.strftime("%d-%m-%Y"), "created_iso": doc.date.isoformat(),
                "recipients": doc.recipients, "recipient": doc.recipients[copy - 1], "copy_no": copy,
                "copies": len(doc.recipients), "summary_paragraphs": _paragraphs(doc.summary),
                "conclusion_paragraphs": _paragraphs(doc.conclusions)},
        "facts": facts, "marking": facts.marking, "template": template, "sections": sections,
        "clearance_text": ", ".join(LABEL_NAMES.get(lab, lab) for lab in sorted(facts.clearance,
                                                                                    key=LEVELS.__getitem__)),
        "chart_svg": chart_svg(facts) if "chart" in sections else "",
        "stylesheet": _stylesheet(template),
    }


def _stylesheet(template: Template) -> str:
    """The template folder's own briefing.css if it has one, else the packaged one (as a file URL)."""
    own = template.html.parent / "briefing.css"
    return (own if own.is_file() else TEMPLATE_DIR / "briefing.css").as_uri()


def render_html(facts: Facts, doc: Document, template: Template, copy: int) -> str:
    """The filled HTML of one copy (what WeasyPrint lays out)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(template.html.parent), str(TEMPLATE_DIR)]),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["css"] = _css_string
    try:
        return env.get_template(template.html.name).render(**_context(facts, doc, template, copy))
    except jinja2.TemplateError as exc:
        raise KnooppuntError(f"template {template.html}: {exc}") from None


def _fetcher() -> Any:
    """WeasyPrint's fetcher limited to local files (the templates, the CSS): nothing from the network.

    `fail_on_errors`: a missing stylesheet stops the render instead of giving an unmarked layout.
    """
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file"}, fail_on_errors=True)


def render_pdf(facts: Facts, doc: Document, template: Template, copy: int) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    html = render_html(facts, doc, template, copy)
    try:
        pdf: bytes = HTML(string=html, base_url=str(template.html.parent) + "/", url_fetcher=_fetcher()).write_pdf()
    except FatalURLFetchingError as exc:  # a BaseException in WeasyPrint: a refused or missing resource
        cause = exc.__cause__ or exc
        raise KnooppuntError(f"template {template.html}: {exc} ({cause})".replace("\n", " ")) from None
    return pdf


def html_to_pdf(html: str, marking: str) -> bytes:
    """A self-contained HTML page as an A4 PDF with `marking` at the top and bottom of every page.

    For the documents that are not briefings (the VIK's verslag and access request): the
    same engine, the same local-only fetcher and the marking on every page, by CSS page boxes.
    """
    from weasyprint import CSS, HTML

    quoted = marking.replace("\\", "\\\\").replace('"', '\\"')
    page = CSS(string=(
        "@page { size: A4; margin: 20mm 15mm; "
        f'@top-center {{ content: "{quoted}"; color: #000; font: bold 8pt "DejaVu Sans"; }} '
        f'@bottom-center {{ content: "{quoted} \\2014  pagina " counter(page) " van " counter(pages); '
        'color: #000; font: bold 8pt "DejaVu Sans"; } }'))
    pdf: bytes = HTML(string=html, url_fetcher=_fetcher()).write_pdf(stylesheets=[page])
    return pdf


def render_docx(facts: Facts, doc: Document, template: Template, copy: int) -> bytes:
    from graph.briefing.docx import build_docx

    return build_docx(_context(facts, doc, template, copy), facts)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render(facts: Facts, doc: Document, template: Template, copy: int, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(facts, doc, template, copy)
    if fmt == "docx":
        return render_docx(facts, doc, template, copy)
    raise KnooppuntError(f"briefing format {fmt!r}: use .pdf or .docx")


__all__ = ["Document", "Template", "first_page_png", "get_template", "render", "render_html", "sha256",
           "templates"]
