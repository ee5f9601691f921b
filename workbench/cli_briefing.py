"""`knooppunt briefing`: the confidential briefing for the lokale driehoek or a RIEC meeting (issue 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from graph.errors import KnooppuntError
from workbench.context import common_options, open_store, opt
from workbench.output import core_text, say


@click.group("briefing")
def briefing_group() -> None:
    """Classified briefings (PDF/.docx) for an audience, one file per recipient; verify a file."""


def _text(value: str | None) -> str:
    """`@FILE` reads the text from a file (a summary is paragraphs, not one argument)."""
    if value and value.startswith("@"):
        path = Path(value[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise KnooppuntError(f"{path}: {exc.strerror or exc}") from None
    return value or ""


@briefing_group.command("make")
@common_options
@click.argument("chart")
@click.option("--template", "template", default="driehoek", show_default=True,
              help="driehoek, riec, or your own .html (PDF layout) or .docx (Word letterhead) file.")
@click.option("--audience", required=True, metavar="LEVEL",
              help="Who it is for: driehoek, riec, bibob, openbaar (audiences.yaml) or labels like open,confidential.")
@click.option("--to", "recipients", multiple=True, required=True, metavar="NAME",
              help="A recipient; repeat for more (one file, copy number and watermark each).")
@click.option("-o", "--out", "out", type=click.Path(dir_okay=False), help="The file: .pdf or .docx.")
@click.option("--title", help="Title (default: the chart name).")
@click.option("--dossier", default="", help="Case/dossier number.")
@click.option("--author", help="Author (default: the acting member).")
@click.option("--summary", default="", help="Summary text, or @FILE.")
@click.option("--conclusions", default="", help="Conclusions text, or @FILE.")
@click.option("--date", "date", help="Date of the briefing, dd-mm-jjjj (default today).")
@click.option("--audiences", "audiences_file", type=click.Path(exists=True, dir_okay=False),
              help="Your own audiences.yaml.")
def briefing_make(chart: str, template: str, audience: str, recipients: tuple[str, ...], out: str | None,
                  title: str | None, dossier: str, author: str | None, summary: str, conclusions: str,
                  date: str | None, audiences_file: str | None) -> None:
    """Make the briefing of a saved CHART for an audience; records above it are left out."""
    from graph.briefing import Document, load_audiences, make_briefing

    target = out or opt("output")
    if not target:
        raise click.UsageError("give the file to write: -o briefing.pdf (or .docx)")
    day = dt.date.today()
    if date:
        try:
            day = dt.datetime.strptime(date, "%d-%m-%Y").date()
        except ValueError:
            raise KnooppuntError(f"--date {date!r}: not a date dd-mm-jjjj") from None
    store = open_store()
    doc = Document(title=title or chart, author=author or store.member.name, recipients=list(recipients),
                   dossier=dossier, summary=_text(summary), conclusions=_text(conclusions), date=day)
    book = load_audiences(audiences_file) if audiences_file else None
    for p in make_briefing(store, chart, doc, audience=audience, template=template, out=Path(target), book=book):
        click.echo(say("briefing_copy", path=p.path, copy=p.copy, recipient=p.recipient, sha256=p.sha256))


@briefing_group.command("verify")
@common_options
@click.argument("file", type=click.Path(dir_okay=False))
def briefing_verify(file: str) -> None:
    """Tell whether FILE is a briefing this project produced, and for whom (exit 1 if not, or if the log is broken)."""
    from graph.briefing import verify_file

    verdict = verify_file(open_store(), Path(file))
    click.echo(core_text(verdict.text()))
    if not verdict.ok:
        raise click.exceptions.Exit(1)
