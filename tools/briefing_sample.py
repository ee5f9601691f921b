"""The sample briefings under docs/briefing/: `python tools/briefing_sample.py` (one command, ~30 s).

Builds the demo project (synthetic data, unencrypted, in a temporary folder), saves a chart of the
planted straw-man director with his companies and their addresses, plus records the police and
the FIOD added by hand (labelled police-wpg and fiod/tax), and makes the same briefing for the
driehoek (sees police WPG and FIOD data), the RIEC (police WPG) and a municipal Bibob team (neither),
as PDF with page images, and as .docx; and a picture of the briefing dialog.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "briefing"
CHART = "Katvanger en zijn bedrijven"
SUMMARY = ("Eén persoon is sinds 2021 bestuurder van twaalf ondernemingen, waarvan negen in Bibob-risicobranches "
           "en de meeste binnen twee jaar weer opgeheven.\n\n"
           "Het patroon past bij een katvanger: iemand die op papier bestuurt voor wie feitelijk leiding geeft.")
CONCLUSIONS = ("De signalen 'mogelijke katvanger' en 'concentratie in risicobranches' zijn onderbouwd met "
               "KvK-gegevens (bijlage). Aanbevolen: een Bibob-toets bij vergunningaanvragen van deze ondernemingen "
               "en afstemming in het RIEC-casusoverleg.")


def _strawman_chart(store: Any, data: Any) -> set[str]:
    """The planted straw-man director, his companies and their addresses, plus what the police and the FIOD
    added by hand: a phone and a de-facto manager (police WPG) and a company's bank account (FIOD)."""
    from graph.model import Entity, Provenance, Relation

    straw = data.planted.strawman
    companies = list(data.planted.strawman_companies)
    police = {"provenance": Provenance(source="Politie (BVH)", reference="PL0900-2026-118", received="2026-10-02"),
              "reliability": "B", "credibility": "2"}
    fiod = {"provenance": Provenance(source="FIOD", reference="FIOD-2026-31", received="2026-09-14"),
            "reliability": "A", "credibility": "2"}
    manager = Entity(type="Person", properties={"name": "Ruud Achterkamp"}, label="police-wpg", **police)
    phone = Entity(type="PhoneNumber", properties={"number": "0687654321"}, label="police-wpg", **police)
    account = Entity(type="BankAccount", properties={"iban": "NL91ABNA0417164300"}, label="fiod/tax", **fiod)
    for e in (manager, phone, account):
        store.schema.prepare_entity(e)
    relations = [Relation(type="uses", source_id=straw, target_id=phone.id, valid_from="2025-11-03",
                          label="police-wpg", **police),
                 Relation(type="associate_of", source_id=straw, target_id=manager.id, label="police-wpg",
                          properties={"nature": "feitelijk leidinggevende"}, **police),
                 Relation(type="uses", source_id=companies[0], target_id=account.id, valid_from="2024-02-01",
                          label="fiod/tax", **fiod)]
    relations += [Relation(type="director_of", source_id=manager.id, target_id=c, valid_from="2025-01-15",
                           label="police-wpg", properties={"role": "feitelijk leidinggevende"}, **police)
                  for c in companies[:3]]
    with store.activity("edit", source="analist"):
        store.upsert_entities([manager, phone, account])
        store.upsert_relations(relations)
    addresses = {r.target_id for r in data.relations if r.type == "located_at" and r.source_id in companies}
    return {straw, manager.id, phone.id, account.id, *companies, *addresses}


def _dialog(project: Path) -> None:
    """A picture of the briefing dialog with its preview of page 1 (Qt offscreen): docs/briefing/dialog.png."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from views import i18n
    from views.briefing_dialog import BriefingDialog
    from views.project_session import Session

    app = QApplication.instance() or QApplication([])
    i18n.install(app, "nl")
    dialog = BriefingDialog(Session.open(project), chart_name=CHART)
    dialog.title.setText("Katvanger in de horeca- en autobranche")
    dialog.dossier.setText("RIEC-2026-0142")
    dialog.recipients.setPlainText("Burgemeester\nPolitiechef\nOfficier van justitie")
    dialog.summary.setPlainText(SUMMARY)
    dialog.conclusions.setPlainText(CONCLUSIONS)
    dialog.target.setText(str(project.with_name("briefing.pdf")))
    dialog.resize(980, 700)
    dialog.show()
    operation = dialog.preview()
    while operation is not None and operation.running:
        app.processEvents()
    app.processEvents()
    dialog.grab().save(str(OUT / "dialog.png"))
    dialog.close()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from graph.demo import generate
    from graph.project import create_plain_project
    from workbench.cli import main as knooppunt

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo.knp"
        store = create_plain_project(project, name="Demo", owner="analist")
        data = generate(5000, 42)
        with store.activity("import", source="demo"):
            store.upsert_entities(data.entities)
            store.upsert_relations(data.relations)
        ids = _strawman_chart(store, data)
        g = store.subgraph(ids)
        pos = nx.spring_layout(nx.Graph(g), seed=7, iterations=200)
        state = {"format": 1, "layout": "force", "edges": sorted(k for _, _, k in g.edges(keys=True)), "style": {},
                 "nodes": [{"id": n, "x": round(float(x) * 500, 1), "y": round(float(y) * 500, 1), "pinned": False,
                            "hidden": False} for n, (x, y) in pos.items()]}
        store.set_setting("chart." + CHART, json.dumps(state))
        store.set_setting("charts", json.dumps([CHART]))
        store.close()
        common = [CHART, "--title", "Katvanger in de horeca- en autobranche", "--dossier", "RIEC-2026-0142",
                  "--summary", SUMMARY, "--conclusions", CONCLUSIONS, "--date", "01-12-2026", "--project", str(project)]
        runs = [("driehoek", "driehoek", "briefing-driehoek.pdf"), ("bibob", "driehoek", "briefing-bibob.pdf"),
                ("riec", "riec", "briefing-riec.pdf"), ("riec", "riec", "briefing-riec.docx")]
        for audience, template, name in runs:
            code = knooppunt(["briefing", "make", *common, "--audience", audience, "--template", template,
                              "--to", "Burgemeester", "-o", str(OUT / name)])
            if code:
                return code
        _dialog(project)
    for pdf in sorted(OUT.glob("*.pdf")):
        for old in OUT.glob(f"{pdf.stem}-page-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(OUT / f"{pdf.stem}-page")], check=True)
    print("\n".join(sorted(p.name for p in OUT.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
