"""The VIK part of the demo: registers with two planted patterns that raise alerts on import.

1. Premises closed under art. 13b Opiumwet where, after the closure started, a new company
   registers (alert `closure`).
2. A person under a last onder dwangsom who becomes director of a new company (alert `penalty`).

Plus signals about them, a casustafel with decisions and a verslag, and an action list with
one action past its deadline. A random generator of its own keeps the rest of the demo
(the seed's other planted patterns and background) exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from graph.model import Entity, Provenance
from graph.store import Store
from graph.vik import lists

CLOSURE_START = dt.date(2026, 7, 15)
PENALTY_DECIDED = dt.date(2026, 5, 1)


def plant(gen: Any, seed: int) -> dict[str, Any]:
    """Add the VIK entities to a `graph.demo._Generator`; returns their ids (Planted.vik)."""
    kept, gen.rng = gen.rng, random.Random(seed * 7919 + 17)
    try:
        premises = gen.address()
        closed = gen.company("5630", registered=dt.date(2023, 3, 1), ended=dt.date(2026, 7, 15))
        gen.link("located_at", closed, premises, "kvk", start=dt.date(2023, 3, 1), end=dt.date(2026, 7, 15),
                 kind="bezoekadres")
        closure = _measure(gen, "sluiting_13b", "BM-2026-0013", decided=dt.date(2026, 7, 1), start=CLOSURE_START,
                           end=dt.date(2028, 7, 15), status="uitgevoerd", duration_months=24,
                           description="Drugsvondst (4 kg hennep) in de bedrijfsruimte; sluiting voor 24 maanden.")
        gen.link("subject_of", premises, closure, "case")
        newcomer = gen.company("6810", registered=dt.date(2026, 9, 1))
        gen.link("located_at", newcomer, premises, "kvk", start=dt.date(2026, 9, 1), kind="bezoekadres")

        penalised = gen.person()
        penalty = _measure(gen, "dwangsom", "BM-2026-0021", decided=PENALTY_DECIDED, start=dt.date(2026, 5, 15),
                           status="uitgevoerd", amount=25000.0,
                           description="Last onder dwangsom: illegale kamerverhuur beëindigen, € 25.000.")
        gen.link("subject_of", penalised, penalty, "case")
        firm = gen.company("5510", registered=dt.date(2026, 8, 15))
        gen.link("director_of", penalised, firm, "kvk", start=dt.date(2026, 8, 15), role="bestuurder")
        pending = _measure(gen, "bibob_weigering", "BM-2026-0034", decided=dt.date(2026, 10, 20), status="besluit",
                           description="Weigering exploitatievergunning na Bibob-advies.")
        gen.link("subject_of", firm, pending, "case")

        sig1 = _signal(gen, "SIG-2026-0101", dt.date(2026, 6, 2), "mma", "drugs", "in_behandeling",
                       "Melding via Meld Misdaad Anoniem: hennepgeur en veel verkeer 's nachts bij het pand.")
        gen.link("involved_in", premises, sig1, "case", role="betrokkene")
        gen.link("involved_in", closed, sig1, "case", role="betrokkene")
        sig2 = _signal(gen, "SIG-2026-0102", dt.date(2026, 9, 20), "toezicht", "witwassen", "nieuw",
                       "Toezicht ziet een nieuwe onderneming in het gesloten pand; eigenaar onbekend.")
        gen.link("involved_in", newcomer, sig2, "case", role="betrokkene")
        gen.link("involved_in", premises, sig2, "case", role="betrokkene")
        sig3 = _signal(gen, "SIG-2026-0103", dt.date(2026, 9, 28), "politie", "mensenhandel", "nieuw",
                       "Politie meldt signalen van uitbuiting bij het hotel van de betrokkene.")
        gen.link("involved_in", penalised, sig3, "case", role="betrokkene")
        gen.link("involved_in", firm, sig3, "case", role="betrokkene")
    finally:
        gen.rng = kept
    return {"closed_premises": premises.id, "closure": closure.id, "new_company": newcomer.id,
            "penalised": penalised.id, "penalty": penalty.id, "penalty_company": firm.id,
            "signals": [sig1.id, sig2.id, sig3.id], "bibob": pending.id}


def _prov(gen: Any, source: str, ref: str, day: dt.date) -> dict[str, Any]:
    return {"provenance": Provenance(source=source, reference=ref, received=day.isoformat()),
            "reliability": "B", "credibility": "2"}


def _measure(gen: Any, kind: str, ref: str, *, decided: dt.date, status: str, start: dt.date | None = None,
             end: dt.date | None = None, duration_months: int | None = None, amount: float | None = None,
             description: str = "") -> Entity:
    props: dict[str, Any] = {"reference": ref, "kind": kind, "legal_basis": lists.measure_type(kind)["legal_basis"],
                             "decided": decided.isoformat(), "status": status, "description": description,
                             "owner": "demo"}
    for name, value in (("start", start), ("end", end)):
        if value:
            props[name] = value.isoformat()
    if duration_months:
        props["duration_months"] = duration_months
    if amount:
        props["amount"] = amount
    entity: Entity = gen._add(Entity(type="Measure", properties=props, **_prov(gen, "maatregelenregister", ref,
                                                                               decided)))
    return entity


def _signal(gen: Any, number: str, day: dt.date, source: str, phenomenon: str, status: str, text: str) -> Entity:
    entity: Entity = gen._add(Entity(type="Signal", properties={
        "signal_number": number, "received": day.isoformat(), "channel": source, "phenomenon": phenomenon,
        "status": status, "owner": "demo", "summary": text[:120], "description": text},
        **_prov(gen, lists.label("signal_sources", source), number, day)))
    return entity


def seed(store: Store, planted: dict[str, Any]) -> None:
    """The side-table part: a casustafel with decisions and verslag, actions (one overdue), a watch."""
    from graph.vik import alerts, meetings

    meeting = meetings.add_meeting(store, date="2026-10-06", title="Casustafel ondermijning Noord", chair="demo",
                                   participants=["demo", "J. Bakker (RIEC)", "S. el Amrani (politie)"],
                                   partners=["Politie", "RIEC", "Belastingdienst"])
    items = [meetings.add_agenda_item(store, meeting.id, sig) for sig in planted["signals"][:2]]
    meetings.decide(store, items[0].id, "maatregel", "Sluiting 13b is uitgevoerd; pand blijft in beeld.")
    meetings.decide(store, items[1].id, "riec", "Nieuwe onderneming in gesloten pand: RIEC vraagt KvK-historie op.")
    meetings.edit_meeting(store, meeting.id, verslag=(
        "De casustafel bespreekt het pand dat sinds 15-07-2026 op grond van art. 13b Opiumwet gesloten is.\n\n"
        "Sinds 01-09-2026 staat er een nieuwe onderneming op het adres ingeschreven. Afgesproken is dat het RIEC "
        "de achtergrond uitzoekt en dat toezicht het pand bezoekt."))
    meetings.add_action(store, text="Controlebezoek pand door toezicht", owner="Toezicht en handhaving",
                        deadline="2026-10-20", meeting_id=meeting.id, record_id=planted["closed_premises"])
    meetings.add_action(store, text="KvK-historie en UBO's opvragen", owner="RIEC", deadline="2027-01-15",
                        meeting_id=meeting.id, record_id=planted["new_company"])
    alerts.watch(store, planted["penalised"], "onder last onder dwangsom; nieuwe bestuursfuncties volgen")
