"""The VIK registers through the `knooppunt` command line: signals, measures, meetings, actions,
watchlists and alerts, with status workflows, computed deadlines and clearance on every list."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.vik.conftest import Project
from workbench.cli import main

Capture = pytest.CaptureFixture[str]
DATA = Path(__file__).resolve().parents[1] / "importers" / "data"


def _id(out: str) -> str:
    return out.split()[1]


def _json(capsys: Capture, args: list[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    return data["rows"] if isinstance(data, dict) else data  # the coming {"marking", ..., "rows"} shape too


def test_signal_intake_status_workflow_and_what_is_known(project: Project, capsys: Capture) -> None:
    a = project.alice()
    assert main(["add", "Company", "--set", "kvk_number=69599084", "--set", "name=Shisha Lounge BV", *a]) == 0
    company = _id(capsys.readouterr().out)
    assert main(["signal", "add", "Hennepgeur bij de achterdeur", "--phenomenon", "drugs", "--source", "mma",
                 "--received", "02-06-2026", "--subject", company, *a]) == 0
    out = capsys.readouterr().out
    first = _id(out)
    assert "SIG-2026-0001" in out and "0 eerdere meldingen" in out
    # A second signal about the same company shows the first one as already known.
    assert main(["signal", "add", "Veel contant geld", "--phenomenon", "witwassen", "--source", "belastingdienst",
                 "--subject", company, "--received", "03-06-2026", *a]) == 0
    out = capsys.readouterr().out
    assert "SIG-2026-0002" in out and "1 eerdere meldingen" in out
    rows = _json(capsys, ["signal", "list", *a])
    assert [r["number"] for r in rows] == ["SIG-2026-0002", "SIG-2026-0001"]
    assert rows[1]["status"] == "nieuw" and rows[1]["received"] == "02-06-2026"
    assert rows[1]["subjects"] == ["Shisha Lounge BV"]
    # Status workflow: nieuw -> besproken is not allowed; nieuw -> in_behandeling -> besproken is.
    assert main(["signal", "edit", first, "--status", "besproken", *a]) == 2
    err = capsys.readouterr().err
    assert "status: 'nieuw' -> 'besproken' is niet toegestaan" in err and "in_behandeling" in err
    assert main(["signal", "edit", first, "--status", "in_behandeling", *a]) == 0
    assert main(["signal", "edit", first, "--status", "besproken", *a]) == 0
    assert project.open().get_entity(first).properties["status"] == "besproken"
    # Unknown phenomenon: one line naming the field and the choices.
    assert main(["signal", "add", "x", "--phenomenon", "smokkel", "--source", "mma", *a]) == 2
    assert "phenomenon: 'smokkel' is geen van drugs" in capsys.readouterr().err
    # The edit is in the audit log with before and after.
    details = [json.loads(e.details) for e in project.open().audit_entries() if e.action == "edit"]
    assert any((d.get("before") or {}).get("properties", {}).get("status") == "nieuw"
               and d["after"]["properties"]["status"] == "in_behandeling" for d in details)


def test_measure_deadlines_transitions_and_13b_duration(project: Project, capsys: Capture) -> None:
    a = project.alice()
    assert main(["add", "Address", "--set", "street=Hoofdstraat", "--set", "house_number=12", "--set",
                 "postcode=7607AB", "--set", "city=Almelo", *a]) == 0
    premises = _id(capsys.readouterr().out)
    # Decision made known on 24-03-2026: six weeks end on 05-05-2026 (Bevrijdingsdag), so 06-05-2026.
    assert main(["measure", "add", "--type", "sluiting_13b", "--subject", premises, "--decided", "24-03-2026",
                 "--start", "15-04-2026", "--months", "6", "--status", "besluit", *a]) == 0
    out = capsys.readouterr().out
    measure = _id(out)
    assert "art. 13b Opiumwet" in out and "bezwaar tot 06-05-2026" in out
    row = _json(capsys, ["measure", "list", *a])[0]
    assert row["end"] == "15-10-2026" and row["bezwaar_deadline"] == "06-05-2026" and row["status"] == "besluit"
    assert main(["measure", "edit", measure, "--status", "voornemen", *a]) == 2
    assert "'besluit' -> 'voornemen' is niet toegestaan" in capsys.readouterr().err
    assert main(["measure", "edit", measure, "--status", "uitgevoerd", *a]) == 0
    assert main(["measure", "add", "--type", "dwangsom", "--subject", premises, "--amount", "-5", *a]) == 2
    assert "amount: -5.0 mag niet negatief zijn" in capsys.readouterr().err
    assert main(["measure", "add", "--type", "sluiting", "--subject", premises, *a]) == 2
    assert "type: 'sluiting' is geen van sluiting_13b" in capsys.readouterr().err
    assert main(["measure", "add", "--type", "waarschuwing", "--subject", premises, "--decided", "31-02-2026",
                 *a]) == 2
    assert "decided: '31-02-2026' is geen datum" in capsys.readouterr().err


def test_meeting_agenda_decision_verslag_and_actions(project: Project, capsys: Capture, tmp_path: Path) -> None:
    a = project.alice()
    assert main(["add", "Person", "--set", "name=Piet Pieters", *a]) == 0
    person = _id(capsys.readouterr().out)
    assert main(["signal", "add", "Uitbuiting in de kapsalon", "--phenomenon", "mensenhandel", "--source",
                 "politie", "--subject", person, *a]) == 0
    signal = _id(capsys.readouterr().out)
    assert main(["meeting", "add", "--date", "06-10-2026", "--partner", "Politie", "--partner", "RIEC",
                 "--participant", "alice", *a]) == 0
    meeting = _id(capsys.readouterr().out)
    assert main(["meeting", "agenda", meeting, signal, *a]) == 0
    item = capsys.readouterr().out.split()[-1]
    assert main(["meeting", "decide", item, "doorzetten", *a]) == 2
    assert "decision: 'doorzetten' is geen van" in capsys.readouterr().err
    assert main(["meeting", "decide", item, "riec", *a]) == 0
    assert "Doorzetten naar RIEC" in capsys.readouterr().out
    # Discussing a new signal moves it on to `besproken` through its workflow.
    assert project.open().get_entity(signal).properties["status"] == "besproken"
    assert main(["meeting", "edit", meeting, "--verslag", "Besproken met de partners.", *a]) == 0
    capsys.readouterr()
    yesterday = (dt.date.today() - dt.timedelta(days=1)).strftime("%d-%m-%Y")
    assert main(["action", "add", "Bibob-toets", "--owner", "RIEC", "--deadline", yesterday, "--meeting", meeting,
                 *a]) == 0
    action = _id(capsys.readouterr().out)
    assert main(["action", "add", "Huisbezoek", "--owner", "Toezicht", "--deadline", "01-01-2099", *a]) == 0
    rows = _json(capsys, ["action", "list", "--overdue", *a])
    assert [r["id"] for r in rows] == [action] and rows[0]["deadline"] == yesterday
    assert main(["action", "edit", action, "--status", "gereed", *a]) == 0
    assert main(["action", "edit", action, "--status", "vervallen", *a]) == 2
    assert "'gereed' -> 'vervallen' is niet toegestaan" in capsys.readouterr().err
    assert _json(capsys, ["action", "list", "--overdue", *a]) == []
    capsys.readouterr()
    assert main(["meeting", "verslag", meeting, "--to", str(tmp_path / "verslag.html"), *a]) == 0
    html = (tmp_path / "verslag.html").read_text()
    assert "ONGERUBRICEERD" in html and "Doorzetten naar RIEC" in html and "Bibob-toets" in html
    assert (tmp_path / "verslag.html").stat().st_mode & 0o777 == 0o600


def test_clearance_on_every_list(project: Project, capsys: Capture) -> None:
    a, b = project.alice(), project.bob()
    assert main(["add", "Person", "--set", "name=Geheim Persoon", "--label", "police-wpg", *a]) == 0
    secret = _id(capsys.readouterr().out)
    assert main(["add", "Person", "--set", "name=Open Persoon", *a]) == 0
    public = _id(capsys.readouterr().out)
    assert main(["signal", "add", "Politie-informatie", "--phenomenon", "drugs", "--source", "politie",
                 "--subject", secret, "--label", "police-wpg", *a]) == 0
    assert main(["signal", "add", "Open melding", "--phenomenon", "drugs", "--source", "bewoner",
                 "--subject", public, *a]) == 0
    assert main(["measure", "add", "--type", "dwangsom", "--subject", secret, "--label", "police-wpg",
                 "--decided", "01-05-2026", "--start", "15-05-2026", "--status", "uitgevoerd", *a]) == 0
    assert main(["meeting", "add", "--date", "01-10-2026", "--label", "police-wpg", *a]) == 0
    assert main(["action", "add", "Geheime actie", "--owner", "Politie", "--deadline", "01-01-2027",
                 "--label", "police-wpg", *a]) == 0
    assert main(["watch", "add", secret, *a]) == 0
    capsys.readouterr()
    assert main(["add", "Company", "--set", "kvk_number=90004973", "--set", "name=Nieuwe BV", *a]) == 0
    company = _id(capsys.readouterr().out)
    assert main(["link", secret, company, "--type", "director_of", "--from", "01-09-2026", "--label",
                 "police-wpg", *a]) == 0
    assert "ATTENDERING" in capsys.readouterr().err
    for command in (["signal", "list"], ["measure", "list"], ["meeting", "list"], ["action", "list"], ["alerts"],
                    ["watch", "list"], ["alerts", "deadlines", "--within", "400"]):
        everything, visible = _json(capsys, [*command, *a]), _json(capsys, [*command, *b])
        assert everything, command
        assert all(r["label"] == "open" for r in visible), command
        assert len(visible) < len(everything), command
    # A hidden record is "not found" for bob, never shown.
    secret_signal = _json(capsys, ["signal", "list", *a])
    hidden = next(r["id"] for r in secret_signal if r["label"] == "police-wpg")
    assert main(["signal", "show", str(hidden), *b]) != 0


def test_alerts_fire_on_kvk_import_and_on_edit(project: Project, capsys: Capture) -> None:
    """A company registering at closed premises (a KvK import) and a person under a dwangsom
    becoming director (an edit) each raise one alert with the evidence."""
    a = project.alice()
    # The premises of the KvK fixture's first establishment: Hoofdstraat 12A, 7607 AB Almelo.
    assert main(["add", "Address", "--set", "street=Hoofdstraat", "--set", "house_number=12", "--set",
                 "house_letter=A", "--set", "postcode=7607AB", "--set", "city=Almelo", *a]) == 0
    premises = _id(capsys.readouterr().out)
    assert main(["measure", "add", "--type", "sluiting_13b", "--subject", premises, "--decided", "01-07-2026",
                 "--start", "15-07-2026", "--months", "24", "--status", "uitgevoerd", *a]) == 0
    assert "ATTENDERING" not in capsys.readouterr().err
    assert main(["import", "kvk", str(DATA / "kvk_zoeken.json"), *a]) == 0
    err = capsys.readouterr().err
    assert err.count("ATTENDERING") == 1 and "Hoofdstraat 12A" in err and "pand gesloten" in err
    alerts = _json(capsys, ["alerts", *a])
    assert [r["kind"] for r in alerts] == ["closure"]
    capsys.readouterr()
    assert main(["alerts", "show", str(alerts[0]["id"]), *a]) == 0
    shown = capsys.readouterr().out
    assert '"role": "vestiging"' in shown and '"role": "maatregel"' in shown
    # Scanning again raises nothing new: each alert once.
    assert main(["alerts", "scan", *a]) == 0
    assert "0 nieuwe attenderingen" in capsys.readouterr().out

    assert main(["add", "Person", "--set", "name=Rafael van Beaumont", *a]) == 0
    person = _id(capsys.readouterr().out)
    assert main(["measure", "add", "--type", "dwangsom", "--subject", person, "--decided", "01-05-2026",
                 "--start", "15-05-2026", "--amount", "25000", "--status", "uitgevoerd", *a]) == 0
    capsys.readouterr()
    assert main(["add", "Company", "--set", "kvk_number=12345678", "--set", "name=Van Beaumont Vastgoed BV",
                 *a]) == 0
    company = _id(capsys.readouterr().out)
    assert main(["link", person, company, "--type", "director_of", "--from", "01-03-2026", *a]) == 0
    assert "ATTENDERING" not in capsys.readouterr().err  # before the dwangsom started: no alert
    other = "--set", "kvk_number=87654321", "--set", "name=Beaumont Hotels BV"
    assert main(["add", "Company", *other, *a]) == 0
    company2 = _id(capsys.readouterr().out)
    assert main(["link", person, company2, "--type", "director_of", "--from", "15-08-2026", *a]) == 0
    err = capsys.readouterr().err
    assert "Rafael van Beaumont (onder Last onder dwangsom" in err and "Beaumont Hotels BV" in err
    rows = _json(capsys, ["alerts", "--unseen", *a])
    assert sorted(r["kind"] for r in rows) == ["closure", "penalty"]
    assert main(["alerts", "seen", str(rows[0]["id"]), *a]) == 0
    assert len(_json(capsys, ["alerts", "--unseen", *a])) == 1


def test_watchlist_alerts_on_new_relation(project: Project, capsys: Capture) -> None:
    a = project.alice()
    assert main(["add", "Person", "--set", "name=Gevolgd Persoon", *a]) == 0
    person = _id(capsys.readouterr().out)
    assert main(["watch", "add", person, "--reason", "RIEC-casus", *a]) == 0
    assert main(["watch", "add", person, *a]) == 2
    assert "staat al op de volglijst" in capsys.readouterr().err
    assert main(["add", "Vehicle", "--set", "plate=XX-123-Y", *a]) == 0
    car = _id(capsys.readouterr().out)
    assert main(["link", person, car, "--type", "uses", *a]) == 0
    assert "volglijst: Gevolgd Persoon heeft een nieuwe relatie uses" in capsys.readouterr().err
    assert main(["watch", "remove", person, *a]) == 0


def test_demo_plants_both_alerts_and_an_overdue_action(demo: Project, capsys: Capture) -> None:
    a = demo.alice()
    alerts = _json(capsys, ["alerts", *a])
    assert sorted(r["kind"] for r in alerts) == ["closure", "penalty"]
    overdue = _json(capsys, ["action", "list", "--overdue", *a])
    assert [r["text"] for r in overdue] == ["Controlebezoek pand door toezicht"]
    deadlines = _json(capsys, ["alerts", "deadlines", "--within", "60", *a])
    assert any(r["kind"] == "actie" and int(str(r["days"])) < 0 for r in deadlines)


def test_avg_register_and_access_request(demo: Project, capsys: Capture, tmp_path: Path) -> None:
    a = demo.alice()
    rows = _json(capsys, ["avg", "register", *a])
    assert {r["register"] for r in rows} >= {"Meldingenregister", "Casustafel", "Register bestuurlijke maatregelen"}
    assert all(r["legal_ground"] and r["purpose"] and int(str(r["retention_days"])) > 0 for r in rows)
    store = demo.open()
    planted = json.loads(store.get_setting("demo.planted") or "{}")["vik"]
    person = planted["penalised"]
    name = store.get_entity(person).caption
    store.close()
    capsys.readouterr()
    target = tmp_path / "inzage.html"
    assert main(["avg", "access-request", person, "--to", str(target), *a]) == 0
    html = target.read_text()
    assert name in html and "BM-2026-0021" in html and "SIG-2026-0103" in html and "ONGERUBRICEERD" in html
    pdf = tmp_path / "inzage.pdf"
    assert main(["avg", "access-request", person, "--to", str(pdf), *a]) == 0
    from pypdf import PdfReader
    text = " ".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Inzageverzoek art. 15 AVG" in text and "pagina 1 van" in text
    assert main(["avg", "access-request", planted["closed_premises"], "--to", str(pdf), *a]) == 2
    assert "een inzageverzoek gaat over een persoon" in capsys.readouterr().err  # Dutch by default


def test_retention_per_register_purges_only_overdue_records(demo: Project, capsys: Capture) -> None:
    a, b = demo.alice(), demo.bob()
    # In 2034 the meeting of 06-10-2026 (5 years) and the ended measures are past their retention;
    # the 13b closure ends 15-07-2028 and is kept 7 years after that.
    rows = _json(capsys, ["avg", "retention", "--on", "01-01-2034", *a])
    registers = {r["register"] for r in rows}
    assert "meetings" in registers and "alerts" in registers
    assert not any(r["what"] == "BM-2026-0013" for r in rows)
    now = _json(capsys, ["avg", "retention", "--on", "01-01-2027", *a])
    assert {r["register"] for r in now} <= {"measures"}  # only the background's measures of 2014 and before
    assert all(str(r["reference_date"]).endswith(("2014", "2013", "2012")) for r in now)
    assert main(["avg", "retention", "--on", "01-01-2034", "--purge", "--yes", *b]) != 0  # an analyst may not
    capsys.readouterr()
    assert main(["avg", "retention", "--on", "01-01-2034", "--purge", "--yes", *a]) == 0
    assert f"{len(rows)} VIK-records verwijderd" in capsys.readouterr().out
    assert _json(capsys, ["meeting", "list", *a]) == []
    assert any(r["reference"] == "BM-2026-0013" for r in _json(capsys, ["measure", "list", *a]))
    store = demo.open()
    assert any(e.action == "vik purge" for e in store.audit_entries())


def test_access_request_redacts_third_parties_and_what_is_above_clearance(demo: Project, capsys: Capture,
                                                                          tmp_path: Path) -> None:
    store = demo.open()
    planted = json.loads(store.get_setting("demo.planted") or "{}")
    member, *relatives = planted["family"]
    relative_names = {store.get_entity(r).caption for r in relatives}
    # A person a confidential (MMA) signal is about: bob (open only) must not see that signal.
    from graph.vik import signals
    secret = next(s for s in store.iter_entities("Signal") if s.label == "confidential")
    subject = signals.subjects_of(store, secret.id)[0]
    store.close()
    target = tmp_path / "inzage.html"
    assert main(["avg", "access-request", member, "--to", str(target), *demo.alice()]) == 0
    html = target.read_text()
    assert "[derde]" in html and not any(name in html for name in relative_names)
    assert main(["avg", "access-request", subject.id, "--to", str(target), *demo.alice()]) == 0
    html = target.read_text()
    assert str(secret.get("signal_number")) in html and "VERTROUWELIJK" in html
    assert main(["avg", "access-request", subject.id, "--to", str(target), *demo.bob()]) == 0
    html = target.read_text()
    assert str(secret.get("signal_number")) not in html and "ONGERUBRICEERD" in html
    # bob cannot decrypt what is above his clearance (one file per label), so he cannot count it either:
    # the document says so instead of printing a number that would be an oracle or a lie.
    assert "boven de rubricering van de opsteller (open) staan versleuteld" in html and "niet meegeteld" in html
