"""Briefings through the `knooppunt briefing` command line: redaction by audience, marking on every page,
one audited file per recipient, and `verify`."""

from __future__ import annotations

import json
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from graph.briefing import collect, load_audiences
from graph.errors import KnooppuntError
from tests.briefing.conftest import CHART, VERA_PW, Case
from workbench.cli import main

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

Capture = pytest.CaptureFixture[str]


def _make(case: Case, audience: str, out: Path, *to: str, extra: tuple[str, ...] = ()) -> int:
    recipients = [x for name in to for x in ("--to", name)]
    return main(["briefing", "make", CHART, "--audience", audience, *recipients, "-o", str(out),
                 "--title", "Casus Havenstraat", "--dossier", "RIEC-2026-014",
                 "--summary", "Op de Havenstraat 12 staan elf bedrijven ingeschreven.", *extra, *case.args()])


def _page_texts(pdf: Path) -> list[str]:
    pages = len(PdfReader(pdf).pages)
    return [" ".join(subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(pdf), "-"], check=True,
                                    capture_output=True, text=True).stdout.split()) for i in range(1, pages + 1)]


def test_derived_figures_are_recomputed_without_hidden_records(case: Case) -> None:
    store = case.open()
    book = load_audiences()
    full = collect(store, CHART, book.audience("driehoek"), book)
    bibob = collect(store, CHART, book.audience("bibob"), book)
    store.close()

    def person(facts: object, key: str) -> object:
        return next(k for k in facts.tables["persons"] if k.id == case.ids[key])  # type: ignore[attr-defined]

    # Jan's WPG phone relation counts for the driehoek only.
    assert person(full, "jan").degree == 3 and person(bibob, "jan").degree == 2  # type: ignore[attr-defined]
    # The address flag counts the WPG company for the driehoek only; its evidence follows.
    addr_full = next(k for k in full.tables["addresses"] if k.id == case.ids["address"])
    addr_bibob = next(k for k in bibob.tables["addresses"] if k.id == case.ids["address"])
    crowded = "Veel bedrijven op één adres"
    f_full = next(f for f in addr_full.flags if f.indicator == crowded)
    f_bibob = next(f for f in addr_bibob.flags if f.indicator == crowded)
    assert (f_full.value, f_bibob.value) == ("11", "10")
    assert f_full.evidence_count > f_bibob.evidence_count
    assert {n.id for n in full.nodes} - {n.id for n in bibob.nodes} == {
        case.ids["henk"], case.ids["hideout"], case.ids["hidden_company"]}
    text = bibob.all_text()
    assert not [h for h in case.hidden_text if h in text]
    assert "Henk Verborgen" in full.all_text()
    assert full.marking.marking == "Vertrouwelijk — Politie (WPG)" and bibob.marking.marking == "Vertrouwelijk"


def test_pdf_marked_on_every_page_one_file_per_recipient(case: Case, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "briefing.pdf"
    assert _make(case, "bibob", out, "Burgemeester", "Wethouder Veiligheid") == 0
    printed = capsys.readouterr().out
    files = [tmp_path / "briefing-01-burgemeester.pdf", tmp_path / "briefing-02-wethouder-veiligheid.pdf"]
    assert [str(f) in printed for f in files] == [True, True]
    for copy, (pdf, recipient) in enumerate(zip(files, ["Burgemeester", "Wethouder Veiligheid"], strict=True), 1):
        assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
        # Page images, as a reader would see them: one PNG per page.
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / f"p{copy}")], check=True)
        pngs = sorted(tmp_path.glob(f"p{copy}-*.png"))
        texts = _page_texts(pdf)
        assert len(pngs) == len(texts) >= 2
        for page in texts:
            assert page.count("VERTROUWELIJK") >= 2, page  # header and footer
            assert f"Exemplaar {copy} van 2 — {recipient}" in page
        whole = "\n".join(texts)
        assert "Bibob-toets" in whole and "inzage: ongerubriceerd, vertrouwelijk" in whole  # its audience, in words
        assert "confidential" not in whole and "police-wpg" not in whole  # no label codes in a Dutch document
        assert "Behandeling:" in whole and "RIEC-2026-014" in whole
        reader = PdfReader(pdf)
        meta = json.dumps({k: str(v) for k, v in (reader.metadata or {}).items()}, ensure_ascii=False)
        assert "Vertrouwelijk" in meta
        extracted = "\n".join(p.extract_text() or "" for p in reader.pages) + meta + pdf.read_bytes().decode("latin-1")
        leaked = [h for h in case.hidden_text if h in extracted or h in whole]
        assert not leaked
    # The same chart for the driehoek shows what Bibob may not see, under a higher marking.
    full = tmp_path / "driehoek.pdf"
    assert _make(case, "driehoek", full, "Burgemeester") == 0
    texts = _page_texts(full)
    assert all("POLITIE (WPG)" in t for t in texts)
    assert "Henk Verborgen" in "\n".join(texts)


def test_docx_marked_and_redacted(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "briefing.docx"
    assert _make(case, "bibob", out, "Bibob-coördinator") == 0
    doc = Docx(str(out))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for section in doc.sections:
        assert "VERTROUWELIJK" in section.header.paragraphs[0].text
        assert "VERTROUWELIJK" in section.footer.paragraphs[0].text
        assert "Exemplaar 1 van 1 — Bibob-coördinator" in section.header.paragraphs[0].text
    props = doc.core_properties
    parts += [props.title or "", props.author or "", props.subject or "", props.keywords or "", props.comments or ""]
    text = "\n".join(parts)
    assert "Haven Handel 3 BV" in text and "Jan Zichtbaar" in text
    assert not [h for h in case.hidden_text if h in text]
    # Nothing hidden in any part of the package either (images, relationships, custom XML).
    with zipfile.ZipFile(out) as z:
        raw = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert not [h for h in case.hidden_text if h in raw]
    assert 'string="Exemplaar 1 — Bibob-coördinator"' in raw  # the watermark behind every page
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(out).namelist())  # the chart picture


def test_verify_recognises_produced_and_rejects_changed(case: Case, tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "b.pdf"
    assert _make(case, "riec", out, "Officier van justitie", "Politiechef") == 0
    capsys.readouterr()
    copy2 = tmp_path / "b-02-politiechef.pdf"
    assert main(["briefing", "verify", str(copy2), *case.args()]) == 0
    said = capsys.readouterr().out
    assert "produced by this project" in said and "copy 2 of 2 for Politiechef" in said and "audience riec" in said
    assert "audit log intact" in said
    changed = tmp_path / "changed.pdf"
    data = bytearray(copy2.read_bytes())
    data[len(data) // 2] ^= 0x01
    changed.write_bytes(bytes(data))
    assert main(["briefing", "verify", str(changed), *case.args()]) == 1
    assert "NOT produced by this project" in capsys.readouterr().out
    store = case.open()
    entries = [json.loads(e.details) for e in store.audit_entries() if e.action == "briefing"]
    store.close()
    assert len(entries) == 1 and entries[0]["audience"] == "riec"
    assert [(c["copy"], c["recipient"]) for c in entries[0]["copies"]] == [(1, "Officier van justitie"),
                                                                           (2, "Politiechef")]


def test_bad_input_is_one_line_and_writes_nothing(case: Case, tmp_path: Path, capsys: Capture) -> None:
    assert _make(case, "wethouders", tmp_path / "x.pdf", "A") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "audience 'wethouders'" in err
    assert main(["briefing", "make", "Geen", "--audience", "bibob", "--to", "A", "-o", str(tmp_path / "x.pdf"),
                 *case.args()]) == 2
    assert "chart 'Geen': not saved in this project (saved: Havenstraat)" in capsys.readouterr().err
    assert _make(case, "bibob", tmp_path / "x.odt", "A") == 2
    assert "a .pdf or a .docx" in capsys.readouterr().err
    assert _make(case, "bibob", tmp_path / "x.pdf", "A", extra=("--template", "kerstkaart")) == 2
    assert "template 'kerstkaart'" in capsys.readouterr().err
    assert _make(case, "bibob", tmp_path / "x.pdf", "A", extra=("--summary", "@geen.txt")) == 2
    assert "geen.txt: No such file or directory" in capsys.readouterr().err
    assert list(tmp_path.glob("x.*")) == []


def test_audiences_file_errors_name_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "audiences.yaml"
    bad.write_text("audiences:\n  raad:\n    labels: [open, geheim]\n", encoding="utf-8")
    with pytest.raises(KnooppuntError, match=r"audiences.yaml: audiences.raad.labels: unknown geheim"):
        load_audiences(bad)
    book = load_audiences()
    assert book.audience("open,confidential").labels == {"open", "confidential"}


def test_own_template_renders_and_may_not_fetch_from_the_network(case: Case, tmp_path: Path, capsys: Capture) -> None:
    own = tmp_path / "eigen.html"
    own.write_text('{% extends "base.html" %}{% block header %}<h1>Eigen kop: {{ doc.title }}</h1>'
                   '{% endblock %}', encoding="utf-8")
    out = tmp_path / "eigen.pdf"
    assert _make(case, "bibob", out, "Burgemeester", extra=("--template", str(own))) == 0
    text = " ".join(_page_texts(out))
    assert "Eigen kop: Casus Havenstraat" in text and "VERTROUWELIJK" in text
    fetching = tmp_path / "extern.html"
    fetching.write_text('{% extends "base.html" %}{% block header %}<link rel="stylesheet" '
                        'href="http://127.0.0.1:9/huisstijl.css"><h1>x</h1>{% endblock %}', encoding="utf-8")
    capsys.readouterr()
    assert _make(case, "bibob", tmp_path / "extern.pdf", "Burgemeester", extra=("--template", str(fetching))) == 2
    err = capsys.readouterr().err
    assert "huisstijl.css" in err and err.count("\n") == 1
    assert not (tmp_path / "extern.pdf").exists()


def test_a_viewer_may_not_make_a_briefing_but_may_verify_one(case: Case, tmp_path: Path, capsys: Capture) -> None:
    vera_pw = tmp_path / "vera.pw"
    vera_pw.write_text(VERA_PW + "\n")
    vera = ["--project", str(case.path), "--passphrase-file", str(vera_pw), "--as", "vera"]
    assert main(["briefing", "make", CHART, "--audience", "openbaar", "--to", "A", "-o", str(tmp_path / "v.pdf"),
                 *vera]) == 2
    assert "export" in capsys.readouterr().err and not (tmp_path / "v.pdf").exists()
    assert _make(case, "openbaar", tmp_path / "a.pdf", "Gemeenteraad") == 0
    capsys.readouterr()
    assert main(["briefing", "verify", str(tmp_path / "a.pdf"), *vera]) == 0
    assert "copy 1 of 1 for Gemeenteraad, audience openbaar" in capsys.readouterr().out


def test_docx_starts_from_the_municipalitys_word_template(case: Case, tmp_path: Path) -> None:
    base = tmp_path / "huisstijl.docx"
    letter = Docx()
    letter.add_paragraph("Gemeente Voorbeeld — Team Openbare Orde en Veiligheid")
    letter.save(str(base))
    out = tmp_path / "b.docx"
    summary = tmp_path / "samenvatting.txt"
    summary.write_text("Eerste alinea uit een bestand.\n\nTweede alinea.\n", encoding="utf-8")
    assert _make(case, "bibob", out, "Burgemeester", extra=("--template", str(base), "--summary", f"@{summary}")) == 0
    doc = Docx(str(out))
    assert [p.text for p in doc.paragraphs if "alinea" in p.text] == ["Eerste alinea uit een bestand.",
                                                                     "Tweede alinea."]
    assert doc.paragraphs[0].text == "Gemeente Voorbeeld — Team Openbare Orde en Veiligheid"
    assert "VERTROUWELIJK" in doc.sections[0].header.paragraphs[0].text
    assert any(p.text == "Samenvatting" for p in doc.paragraphs)


def test_the_marking_covers_relations_a_figure_counts_but_the_chart_does_not_show(case: Case) -> None:
    store = case.open()
    book = load_audiences()
    only_jan = {"name": "alleen Jan", "nodes": [{"id": case.ids["jan"], "x": 0, "y": 0}], "edges": []}
    riec = collect(store, only_jan, book.audience("riec"), book)
    bibob = collect(store, only_jan, book.audience("bibob"), book)
    store.close()
    assert riec.chart_name == "alleen Jan" and [n.id for n in riec.nodes] == [case.ids["jan"]]
    # Jan's degree for the RIEC counts his WPG phone relation, so the document is marked for it.
    assert riec.tables["persons"][0].degree == 3 and riec.marking.marking == "Vertrouwelijk — Politie (WPG)"
    assert bibob.tables["persons"][0].degree == 2 and bibob.marking.marking == "Vertrouwelijk"
