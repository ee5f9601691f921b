"""The confidential briefing (issue 15): a classified PDF/.docx for the lokale driehoek or a RIEC meeting.

Public API::

    from graph.briefing import Document, make_briefing, verify_file
    produced = make_briefing(store, "chart name", Document(title=..., author=..., recipients=[...]),
                             audience="bibob", template="driehoek", out=Path("briefing.pdf"))
    verdict = verify_file(store, Path("briefing-02-wethouder.pdf"))

Redaction is the store's clearance rule (`graph.briefing.facts.narrowed`); every file made is one
`briefing` audit entry with audience, recipients, copy numbers and the SHA-256 of each file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph.access import labelled_settings
from graph.access.audit import masked
from graph.briefing.audiences import Audience, AudienceBook, load_audiences
from graph.briefing.facts import Facts, collect
from graph.briefing.render import Document, Template, get_template, render, sha256, templates
from graph.errors import KnooppuntError
from graph.exportfile import write_private
from graph.progress import ProgressLike
from graph.stores.records import label_rank

AUDIT_ACTION = "briefing"


@dataclass(frozen=True, slots=True)
class Produced:
    path: Path
    copy: int
    recipient: str
    sha256: str


def _slug(text: str) -> str:
    """A file-name part from a recipient: `Bibob-coördinator` -> `bibob-coordinator`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-")[:40] or "ontvanger"


def output_paths(out: Path, recipients: list[str]) -> list[Path]:
    """One recipient: `out` itself; several: `out-01-burgemeester.pdf`, `out-02-...` (one file per copy)."""
    if len(recipients) == 1:
        return [out]
    return [out.with_name(f"{out.stem}-{i:02d}-{_slug(r)}{out.suffix}") for i, r in enumerate(recipients, 1)]


def _write_private(path: Path, data: bytes) -> None:
    """Mode 600 from the first byte, atomically: a classified file is never readable by others."""
    def write(tmp: Path) -> None:
        tmp.write_bytes(data)

    write_private(path, write)


def make_briefing(store: Any, chart: str | dict[str, Any], doc: Document, *, audience: str | Audience,
                  template: str = "driehoek", out: Path, book: AudienceBook | None = None,
                  progress: ProgressLike | None = None, reference_date: str | None = None) -> list[Produced]:
    """Render one file per recipient for `audience`, audit them, then write them (mode 600).

    The format follows `out`'s extension (.pdf or .docx). Nothing is written when rendering fails
    or the member may not export.
    """
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "docx"):
        raise KnooppuntError(f"{out}: a briefing is a .pdf or a .docx")
    if not doc.recipients:
        raise KnooppuntError("a briefing needs at least one recipient (--to)")
    if not out.parent.is_dir():
        raise KnooppuntError(f"{out.parent}: no such folder")
    store.require("export") if hasattr(store, "require") else None
    book = book or load_audiences()
    who = audience if isinstance(audience, Audience) else book.audience(audience)
    tmpl = get_template(template)
    steps = len(doc.recipients) + 1
    if progress is not None:
        progress(0, steps, "Gegevens verzamelen…")
    facts = collect(store, chart, who, book, reference_date=reference_date)
    paths = output_paths(out, doc.recipients)
    files: list[tuple[Path, bytes]] = []
    for i, path in enumerate(paths, 1):
        if progress is not None:
            progress(i, steps, f"Exemplaar {i} van {len(paths)} opmaken…")
        files.append((path, render(facts, doc, tmpl, i, fmt)))
    produced = [Produced(p, i, r, sha256(data)) for i, ((p, data), r) in enumerate(zip(files, doc.recipients,
                                                                                         strict=True), 1)]
    # the log is in the main file every member decrypts: what names a briefing of records above `open`, or
    # of a chart kept in a label file (its name, title, dossier, file names), is kept as its length -- a
    # briefing of the open part of a police chart too: the chart's name is in the police file, and the title
    # often repeats it; the copies' SHA-256 stay, to verify them
    kept = labelled_settings.chart_label(store, chart) if isinstance(chart, str) else "open"
    top = max((facts.labels or {"open"}) | {kept}, key=label_rank)
    store.audit(AUDIT_ACTION, chart=masked(top, facts.chart_name), entities=len(facts.nodes), template=tmpl.name,
                format=fmt, audience=who.name,
                labels=sorted(facts.clearance), marking=facts.marking.marking, title=masked(top, doc.title),
                dossier=masked(top, doc.dossier), author=doc.author,
                copies=[{"copy": p.copy, "recipient": p.recipient, "file": masked(top, p.path.name),
                         "sha256": p.sha256} for p in produced])
    for path, data in files:
        _write_private(path, data)
    if progress is not None:
        progress(steps, steps)
    return produced


def preview_png(store: Any, chart: str | dict[str, Any], doc: Document, *, audience: str | Audience,
                template: str = "driehoek", book: AudienceBook | None = None, dpi: int = 60) -> bytes:
    """The first page of copy 1 as PNG, for the GUI's preview; nothing is written or audited as a briefing."""
    from graph.briefing.pages import first_page_png
    from graph.briefing.render import render_pdf

    book = book or load_audiences()
    who = audience if isinstance(audience, Audience) else book.audience(audience)
    facts = collect(store, chart, who, book)
    return first_page_png(render_pdf(facts, doc, get_template(template), 1), dpi=dpi)


@dataclass(frozen=True, slots=True)
class Verdict:
    """Whether a file is one the project produced; if so, for whom and when."""

    path: Path
    sha256: str
    found: bool
    at: str = ""
    actor: str = ""
    audience: str = ""
    recipient: str = ""
    copy: int = 0
    copies: int = 0
    title: str = ""
    original_name: str = ""
    log_intact: bool = True
    log_message: str = ""  # the audit chain check: a match in a tampered log proves nothing

    @property
    def ok(self) -> bool:
        return self.found and self.log_intact

    def text(self) -> str:
        log = f"; {self.log_message}" if self.log_message else ""
        if not self.found:
            return (f"{self.path}: NOT produced by this project (or changed since): sha256 {self.sha256} "
                    f"matches no briefing in the audit log{log}")
        return (f"{self.path}: produced by this project on {self.at} by {self.actor}: \"{self.title}\", "
                f"copy {self.copy} of {self.copies} for {self.recipient}, audience {self.audience} "
                f"(written as {self.original_name}){log}")


def briefing_entries(store: Any) -> list[Any]:
    """The `briefing` audit entries (any member may check a file; see GuardedStore.briefing_entries)."""
    if hasattr(store, "briefing_entries"):
        return list(store.briefing_entries())
    return [e for e in store.audit_entries() if e.action == AUDIT_ACTION]


def verify_file(store: Any, path: Path) -> Verdict:
    """Match the file's SHA-256 against the audit log; the check itself is audited."""
    try:
        digest = sha256(path.read_bytes())
    except OSError as exc:
        raise KnooppuntError(f"{path}: {exc.strerror or exc}") from None
    verdict = Verdict(path, digest, False)
    for entry in briefing_entries(store):
        details = json.loads(entry.details)
        for c in details.get("copies", []):
            if c.get("sha256") == digest:
                verdict = Verdict(path, digest, True, entry.at, entry.actor, details.get("audience", ""),
                                  c.get("recipient", ""), int(c.get("copy", 0)), len(details.get("copies", [])),
                                  details.get("title", ""), c.get("file", ""))
    if hasattr(store, "verify_audit"):
        chain = store.verify_audit()
        verdict = replace(verdict, log_intact=chain.ok, log_message=chain.message())
    store.audit("verify briefing", file=path.name, sha256=digest, found=verdict.found)
    return verdict


__all__ = ["AUDIT_ACTION", "Audience", "AudienceBook", "Document", "Facts", "Produced", "Template", "Verdict",
           "collect", "load_audiences", "make_briefing", "output_paths", "preview_png", "templates", "verify_file"]
