"""Evidence documents: a real PDF (Qt's PdfWriter), an .eml and a PNG attached through the CLI.

Checked: the text is searchable, identifiers are proposed and only created when confirmed,
the bytes are not readable in the project files without the key, the temporary decrypted
copy is gone after the viewer closes, and unreadable files get one clear line.
"""

from __future__ import annotations

import io
import os
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfWriter

from graph import documents
from tests.records.conftest import Project
from workbench.cli import cli, main
from workbench.output import read_json_rows

pytestmark = pytest.mark.usefixtures("english_cli")  # messages checked in the words scripts match

Capture = pytest.CaptureFixture[str]
PDF_LINE = "Melding Bibob: KvK-nummer 87654321, IBAN NL91 ABNA 0417 1643 00, kenteken 12-ABC-3"


def _qt_app() -> object:
    """A QApplication (not a bare QGuiApplication): GUI tests later in the same process need widgets."""
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def make_pdf(path: Path, lines: list[str]) -> Path:
    """A real PDF with text, written by Qt (what the workbench's own exports use)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter

    _qt_app()
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for i, line in enumerate(lines):
        painter.drawText(QRectF(0, i * 400, 9000, 400), line)
    painter.end()
    return path


def make_png(path: Path) -> Path:
    from PySide6.QtGui import QColor, QImage

    _qt_app()
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f77b4"))
    assert image.save(str(path), "PNG")
    return path


def make_eml(path: Path) -> Path:
    msg = EmailMessage()
    msg["From"] = "Wijkagent Noord <wijkagent.noord@politie.example>"
    msg["To"] = "informatiemakelaar@gemeente.example"
    msg["Subject"] = "Signaal Kerkstraat: busjes 's nachts"
    msg.set_content("Goedemiddag,\n\nBij Kerkstraat 12a, 1234 AB Amsterdam staan 's nachts busjes.\n"
                    "Bellers gebruiken 06-12345678. Groet, de wijkagent (vertrouwelijk-uniek-woord).\n")
    path.write_bytes(bytes(msg))
    return path


def _record(project: Project, capsys: Capture) -> str:
    assert main(["add", "Person", "--set", "name=Jan de Vries", "--label", "confidential", *project.alice()]) == 0
    return capsys.readouterr().out.split()[1]


def _attach(project: Project, capsys: Capture, record: str, path: Path, *extra: str) -> tuple[str, str]:
    assert main(["doc", "attach", record, str(path), *extra, *project.alice()]) == 0
    cap = capsys.readouterr()
    return cap.out.split()[1], cap.err


def test_pdf_eml_image_searchable_proposed_encrypted(project: Project, capsys: Capture, tmp_path: Path) -> None:
    jan = _record(project, capsys)
    pdf, _ = _attach(project, capsys, jan, make_pdf(tmp_path / "melding.pdf", [PDF_LINE]))
    eml, _ = _attach(project, capsys, jan, make_eml(tmp_path / "signaal.eml"))
    png, warn = _attach(project, capsys, jan, make_png(tmp_path / "foto.png"), "--description",
                        "Foto busje voor de deur")
    assert "no OCR engine" in warn  # said once, plainly: an image has no text without OCR

    a = project.alice()
    for words, expected in (("87654321", pdf), ("busjes kerkstraat", eml), ("busje deur", png),
                            ("foto.png", png)):
        assert main(["doc", "search", *words.split(), "--format", "json", *a]) == 0
        assert [d["id"] for d in read_json_rows(capsys.readouterr().out)] == [expected], words
    assert main(["doc", "extract", eml, *a]) == 0
    assert "Subject: Signaal Kerkstraat" in capsys.readouterr().out

    assert main(["doc", "candidates", pdf, "--format", "json", *a]) == 0
    found = {(c["type"], c["value"]) for c in read_json_rows(capsys.readouterr().out)}
    assert {("Company", "87654321"), ("BankAccount", "NL91ABNA0417164300"), ("Vehicle", "12ABC3")} <= found
    assert main(["doc", "candidates", eml, "--format", "json", *a]) == 0
    eml_found = read_json_rows(capsys.readouterr().out)
    kinds = {c["type"]: c for c in eml_found}
    assert kinds["Address"]["value"] == "Kerkstraat 12a, 1234 AB Amsterdam"
    assert kinds["PhoneNumber"]["value"] == "+31612345678"
    assert {c["value"] for c in eml_found if c["type"] == "Email"} == {"wijkagent.noord@politie.example",
                                                                        "informatiemakelaar@gemeente.example"}

    store = project.open()
    assert store.counts().get("Company", 0) == 0  # proposed, never created silently
    store.close()
    n = next(i for i, c in enumerate(eml_found, 1) if c["type"] == "PhoneNumber")
    assert main(["doc", "candidates", eml, "--confirm", str(n), "--grading", "B2", *a]) == 0
    assert "linked by rel-" in capsys.readouterr().out
    store = project.open()
    phone = store.search("+31612345678")[0]
    assert phone.type == "PhoneNumber" and phone.label == "confidential" and phone.grading == "B2"
    assert phone.provenance is not None and phone.provenance.reference == eml
    assert [r.type for r in store.relations_of(jan)] == ["uses"]
    store.close()

    # Not readable in the project's files without the key: neither the bytes nor the text.
    raw = b"".join(p.read_bytes() for p in project.path.parent.iterdir() if p.name.startswith(project.path.name))
    for secret in (b"vertrouwelijk-uniek-woord", b"Kerkstraat", b"busje voor de deur", b"87654321", b"%PDF",
                   b"\x89PNG", b"Jan de Vries"):
        assert secret not in raw, secret


def test_open_removes_the_temporary_copy(project: Project, capsys: Capture, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    jan = _record(project, capsys)
    doc, _ = _attach(project, capsys, jan, make_eml(tmp_path / "signaal.eml"))
    seen = tmp_path / "seen.txt"
    viewer = tmp_path / "viewer.sh"  # a stand-in viewer: records which file it was given and its text
    viewer.write_text(f'#!/bin/sh\necho "$1" > {seen}\ncat "$1" >> {seen}\n')
    viewer.chmod(0o755)
    monkeypatch.setenv("KNOOPPUNT_VIEWER", str(viewer))
    assert main(["doc", "open", doc, "--wait", "0", *project.alice()]) == 0
    assert "temporary copy removed" in capsys.readouterr().out
    opened_path = Path(seen.read_text().splitlines()[0])
    assert "vertrouwelijk-uniek-woord" in seen.read_text()  # the viewer got the decrypted file
    assert opened_path.name == "signaal.eml" and not opened_path.exists() and not opened_path.parent.exists()
    # Asked interactively: the copy exists while the viewer is open and is removed after Enter.
    seen.unlink()
    result = CliRunner().invoke(cli, ["doc", "open", doc, *project.alice()], input="\n")
    assert result.exit_code == 0, result.output
    again = Path(seen.read_text().splitlines()[0])
    assert again != opened_path and not again.exists()
    assert not list(again.parent.parent.glob(f"{documents.TEMP_PREFIX}{os.getpid()}-*"))


def test_stale_copies_of_a_crashed_process_are_swept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "temp_root", lambda: tmp_path)
    stale = tmp_path / f"{documents.TEMP_PREFIX}999999999-abc"
    stale.mkdir()
    (stale / "melding.pdf").write_bytes(b"%PDF decrypted")
    mine = tmp_path / f"{documents.TEMP_PREFIX}{os.getpid()}-abc"
    mine.mkdir()
    assert documents.sweep_stale_copies() == 1
    assert not stale.exists() and mine.exists()


def test_unreadable_files_get_one_clear_line(project: Project, capsys: Capture, tmp_path: Path) -> None:
    jan = _record(project, capsys)
    locked = tmp_path / "beveiligd.pdf"
    writer = PdfWriter(clone_from=make_pdf(tmp_path / "plain.pdf", ["geheim"]))
    writer.encrypt("wachtwoord")
    buf = io.BytesIO()
    writer.write(buf)
    locked.write_bytes(buf.getvalue())
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.7\n this is not a pdf at all")
    fake_png = tmp_path / "foto.png"
    fake_png.write_bytes(b"not an image")
    bad_docx = tmp_path / "vragenlijst.docx"
    bad_docx.write_bytes(b"PK\x03\x04 truncated")
    for path, expected in ((locked, "password-protected"), (broken, "corrupt or unreadable PDF"),
                           (fake_png, "not a readable image"), (bad_docx, "corrupt or unreadable DOCX")):
        doc, err = _attach(project, capsys, jan, path)
        assert doc.startswith("doc-")  # kept: it is evidence, even if its text cannot be read
        assert expected in err and err.count("\n") == 1 and "Traceback" not in err, err


def test_size_limit_and_clearance(project: Project, capsys: Capture, tmp_path: Path) -> None:
    jan = _record(project, capsys)
    store = project.open()
    store.set_setting(documents.MAX_SETTING, "0.001")  # about 1 kB
    store.close()
    big = tmp_path / "groot.txt"
    big.write_bytes(b"x" * 5000)
    assert main(["doc", "attach", jan, str(big), *project.alice()]) == 2
    err = capsys.readouterr().err
    assert "groot.txt" in err and "above the limit" in err and documents.MAX_SETTING in err
    assert main(["add", "Person", "--set", "name=Wpg Persoon", "--label", "police-wpg", *project.alice()]) == 0
    wpg = capsys.readouterr().out.split()[1]
    small = tmp_path / "klein.txt"
    small.write_text("politiegegevens")
    assert main(["doc", "attach", wpg, str(small), *project.alice()]) == 0
    capsys.readouterr()
    # Clara (open, confidential) neither sees the police-wpg record's documents nor finds them.
    assert main(["doc", "search", "politiegegevens", "--format", "json", *project.clara()]) == 0
    assert read_json_rows(capsys.readouterr().out) == []
    assert main(["doc", "attach", wpg, str(small), *project.clara()]) == 2
    assert f"no entity {wpg!r}" in capsys.readouterr().err  # to her it does not exist
