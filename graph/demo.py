"""Synthetic Dutch demo data with planted patterns that analyses must find.

Realistic enough to train on and to test against: Dutch names, streets and cities from
Faker's `nl_NL`, postcodes of the form `1234 AB`, KvK numbers that pass the eleven test,
real SBI codes (some in Bibob risk branches), dated directorships and registrations.

Planted, and recorded in `Planted` so tests can check that analyses find them:
- one address with 25+ registered companies (a "verzamelpand" / virtual office),
- one straw-man director of 12 companies, most in risk branches and short-lived,
- a family cluster sharing addresses and vehicles,
- a bridging person, the only link between two otherwise separate groups.

Same seed, same data: Faker supplies name pools once; all choices come from one
`random.Random(seed)`, and ids derive from identity or from a demo reference.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from faker import Faker

from graph.model import Entity, Provenance, Relation
from graph.risk import branches_for
from graph.schema import Schema, default_schema

RISK_SBI = ["56101", "56102", "5630", "45201", "45111", "4520", "96021", "96022", "47789", "4776",
            "38110", "3832", "4677", "43110", "43120", "6820", "5590", "92001", "4742", "9604"]
PLAIN_SBI = ["4711", "62010", "69201", "70221", "41201", "43221", "47191", "86221", "85599",
             "74101", "49410", "47711", "10711", "73110", "63110", "01131", "64191", "71121"]
LEGAL_FORMS = [("Besloten Vennootschap", 45), ("Eenmanszaak", 35), ("Vennootschap onder firma", 10),
               ("Stichting", 5), ("Commanditaire Vennootschap", 3), ("Coöperatie", 2)]
COMPANY_WORDS = ["Holding", "Beheer", "Groep", "Services", "Trading", "Invest", "Vastgoed", "Logistiek",
                 "Handel", "Bouw", "Techniek", "Consultancy", "Import Export", "Design", "Solutions"]
BRANCH_WORDS = {"56101": "Restaurant", "56102": "Snackbar", "5630": "Shisha Lounge", "45201": "Autoservice",
                "45111": "Autohandel", "4520": "Carwash", "96021": "Barbershop", "96022": "Nagelstudio",
                "47789": "Smartshop", "4776": "Growshop", "38110": "Afvalinzameling", "3832": "Recycling",
                "4677": "Schroothandel", "43110": "Sloopwerken", "43120": "Grondverzet", "6820": "Kamerverhuur",
                "5590": "Pension", "92001": "Speelautomaten", "4742": "Belwinkel", "9604": "Massagesalon"}
VEHICLE_MAKES = ["Volkswagen", "Mercedes-Benz", "BMW", "Audi", "Toyota", "Renault", "Peugeot", "Kia",
                 "Opel", "Ford", "Range Rover", "Porsche"]
PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
START = dt.date(2012, 1, 1)
END = dt.date(2026, 10, 31)
SOURCES = {
    "kvk": ("KvK Handelsregister (demo)", "A", "1"),
    "brp": ("BRP (demo)", "A", "1"),
    "rdw": ("RDW kentekenregister (demo)", "A", "2"),
    "mma": ("Meld Misdaad Anoniem (demo)", "C", "3"),
    "police": ("Politie BVI-IB (demo)", "B", "2"),
    "case": ("Casusregistratie gemeente (demo)", "B", "2"),
}


@dataclass
class Planted:
    """What the generator hid in the data, by entity id."""

    hotspot_address: str = ""
    hotspot_companies: list[str] = field(default_factory=list)
    strawman: str = ""
    strawman_companies: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)
    family_addresses: list[str] = field(default_factory=list)
    family_vehicles: list[str] = field(default_factory=list)
    bridge: str = ""
    group_a: list[str] = field(default_factory=list)
    group_b: list[str] = field(default_factory=list)
    vik: dict[str, Any] = field(default_factory=dict)  # graph.vik.demo: measures, signals, the two alerts


@dataclass
class DemoData:
    entities: list[Entity]
    relations: list[Relation]
    planted: Planted

    def __len__(self) -> int:
        return len(self.entities) + len(self.relations)


def kvk_with_check(rng: random.Random) -> str:
    """A random 8-digit KvK number that passes the eleven test (weights 8..1)."""
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
        total = sum(d * w for d, w in zip(digits, range(8, 1, -1), strict=True))
        last = (-total) % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


def iban_nl(rng: random.Random) -> str:
    bank = rng.choice(["INGB", "RABO", "ABNA", "SNSB", "TRIO", "BUNQ", "KNAB", "ASNB"])
    account = f"{rng.randint(0, 9_999_999_999):010d}"
    base = bank + account + "NL00"
    digits = "".join(str(int(c, 36)) for c in base)
    check = 98 - int(digits) % 97
    return f"NL{check:02d}{bank}{account}"


def random_date(rng: random.Random, start: dt.date = START, end: dt.date = END) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


class _Generator:
    def __init__(self, seed: int, schema: Schema):
        self.rng = random.Random(seed)
        self.schema = schema
        fake = Faker("nl_NL")
        fake.seed_instance(seed)
        self.first_names = sorted({fake.first_name() for _ in range(1500)})
        self.last_names = sorted({fake.last_name() for _ in range(2500)})
        self.streets = sorted({fake.street_name() for _ in range(3000)})
        self.cities = sorted({fake.city() for _ in range(400)})
        self.entities: list[Entity] = []
        self.relations: list[Relation] = []
        self.planted = Planted()
        self.counter = 0
        self.used_postcodes: set[tuple[str, int]] = set()
        self.used_kvk: set[str] = set()
        self.used_identifiers: set[str] = set()

    # -- helpers ----------------------------------------------------------------------------
    def _prov(self, key: str, ref: str) -> dict[str, Any]:
        name, rel, cred = SOURCES[key]
        return {"provenance": Provenance(source=name, reference=ref, received="2026-10-01"),
                "reliability": rel, "credibility": cred}

    def _ref(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter:08d}"

    def _add(self, entity: Entity) -> Entity:
        self.schema.prepare_entity(entity)
        self.entities.append(entity)
        return entity

    def link(self, rtype: str, src: Entity, dst: Entity, source: str = "kvk", start: dt.date | None = None,
             end: dt.date | None = None, label: str = "open", **props: object) -> Relation:
        rel = Relation(type=rtype, source_id=src.id, target_id=dst.id, properties=dict(props),
                       valid_from=start.isoformat() if start else None, valid_to=end.isoformat() if end else None,
                       label=label, **self._prov(source, self._ref("R")))
        self.relations.append(rel)
        return rel

    # -- entities ---------------------------------------------------------------------------
    def person(self, last_name: str | None = None, label: str = "open") -> Entity:
        rng = self.rng
        first = rng.choice(self.first_names)
        last = last_name or rng.choice(self.last_names)
        birth = random_date(rng, dt.date(1950, 1, 1), dt.date(2004, 12, 31))
        return self._add(Entity(type="Person", properties={
            "name": f"{first} {last}", "first_names": first, "last_name": last,
            "birth_date": birth.isoformat(), "gender": rng.choice(["M", "V"])},
            label=label, **self._prov("brp", self._ref("P"))))

    def address(self) -> Entity:
        rng = self.rng
        while True:
            pc = f"{rng.randint(1000, 9999)} {rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"
            nr = rng.randint(1, 250)
            if pc[-2:] not in ("SA", "SD", "SS") and (pc, nr) not in self.used_postcodes:
                self.used_postcodes.add((pc, nr))
                break
        letter = rng.choice(["", "", "", "", "", "", "A", "B"])
        street, city = rng.choice(self.streets), rng.choice(self.cities)
        full = f"{street} {nr}{letter}, {pc} {city}"
        return self._add(Entity(type="Address", properties={
            "full": full, "street": street, "house_number": nr, "house_letter": letter,
            "postcode": pc, "city": city, "country": "NL"}, **self._prov("brp", self._ref("A"))))

    def company(self, sbi: str, registered: dt.date | None = None, ended: dt.date | None = None,
                name: str | None = None) -> Entity:
        rng = self.rng
        while True:
            kvk = kvk_with_check(rng)
            if kvk not in self.used_kvk:
                self.used_kvk.add(kvk)
                break
        forms, weights = zip(*LEGAL_FORMS, strict=True)
        form = rng.choices(forms, weights)[0]
        base = name or f"{rng.choice(self.last_names)} {BRANCH_WORDS.get(sbi) or rng.choice(COMPANY_WORDS)}"
        suffix = {"Besloten Vennootschap": " B.V.", "Vennootschap onder firma": " V.O.F.",
                  "Commanditaire Vennootschap": " C.V.", "Stichting": ""}.get(form, "")
        full_name = ("Stichting " + base) if form == "Stichting" else base + suffix
        registered = registered or random_date(rng, dt.date(1995, 1, 1), dt.date(2026, 6, 30))
        props: dict[str, object] = {
            "name": full_name, "trade_names": [base], "kvk_number": kvk, "legal_form": form,
            "sbi_codes": [sbi], "main_sbi": sbi, "risk_branches": branches_for([sbi]),
            "registration_date": registered.isoformat(),
            "establishment_number": f"{rng.randint(1, 99_999_999_999):012d}",
            "employees": rng.choice([0, 1, 1, 2, 3, 5, 8, 12, 25, 60])}
        if ended:
            props["end_date"] = ended.isoformat()
        return self._add(Entity(type="Company", properties=props,
                                valid_from=registered.isoformat(), valid_to=ended.isoformat() if ended else None,
                                **self._prov("kvk", kvk)))

    def _unique(self, make: Callable[[], str]) -> str:
        """A fresh identifier: a plate or IBAN the demo has not used, so each is one entity."""
        while (value := make()) in self.used_identifiers:
            pass
        self.used_identifiers.add(value)
        return value

    def vehicle(self) -> Entity:
        rng = self.rng
        plate = self._unique(lambda: (
            f"{rng.randint(1, 9)}{''.join(rng.choices(PLATE_LETTERS, k=3))}{rng.randint(10, 99)}"
            if rng.random() < 0.5 else
            f"{''.join(rng.choices(PLATE_LETTERS, k=2))}{rng.randint(100, 999)}{rng.choice(PLATE_LETTERS)}"))
        return self._add(Entity(type="Vehicle", properties={
            "plate": plate, "make": rng.choice(VEHICLE_MAKES)}, **self._prov("rdw", plate)))

    def phone(self) -> Entity:
        number = self._unique(lambda: f"06{self.rng.randint(10_000_000, 99_999_999)}")
        return self._add(Entity(type="PhoneNumber", properties={"number": number},
                                **self._prov("police", self._ref("T"))))

    def account(self) -> Entity:
        return self._add(Entity(type="BankAccount", properties={"iban": self._unique(lambda: iban_nl(self.rng))},
                                label="fiod/tax", **self._prov("police", self._ref("B"))))

    # -- background -------------------------------------------------------------------------
    def background(self, size: int, progress: Callable[[int], None] | None) -> None:
        """About `size` records (entities + relations) of ordinary, sparse life."""
        rng = self.rng
        n_people = max(10, int(size * 0.98 / 5.3))  # each person brings ~5.3 records (see below)
        addresses = [self.address() for _ in range(max(5, n_people // 2))]
        people = []
        for i in range(n_people):
            p = self.person()
            people.append(p)
            home = rng.choice(addresses)
            since = random_date(rng, dt.date(2000, 1, 1), dt.date(2025, 12, 31))
            self.link("registered_at", p, home, "brp", start=since, kind="woonadres")
            if rng.random() < 0.15:
                old = rng.choice(addresses)
                if old is not home:
                    self.link("registered_at", p, old, "brp", start=since - dt.timedelta(days=rng.randint(200, 3000)),
                              end=since, kind="woonadres")
            if rng.random() < 0.25:
                self.link("uses", p, self.vehicle(), "rdw", start=random_date(rng))
            if rng.random() < 0.15:
                self.link("uses", p, self.phone(), "police", start=random_date(rng), label="police-wpg")
            if progress and i % 1000 == 0:
                progress(len(self.entities) + len(self.relations))
        n_companies = max(5, n_people // 2)
        for i in range(n_companies):
            sbi = rng.choice(RISK_SBI) if rng.random() < 0.2 else rng.choice(PLAIN_SBI)
            c = self.company(sbi)
            self.link("located_at", c, rng.choice(addresses), "kvk",
                      start=dt.date.fromisoformat(c.properties["registration_date"]), kind="bezoekadres")
            for _ in range(rng.choice([1, 1, 1, 2])):
                d = rng.choice(people)
                self.link("director_of", d, c, "kvk",
                          start=dt.date.fromisoformat(c.properties["registration_date"]), role="bestuurder")
            if rng.random() < 0.3:
                self.link("employed_by", rng.choice(people), c, "kvk", start=random_date(rng))
            if rng.random() < 0.05:
                self.link("uses", c, self.account(), "police", start=random_date(rng), label="fiod/tax")
            if progress and i % 1000 == 0:
                progress(len(self.entities) + len(self.relations))
        n_cases = max(1, size // 400)
        for i in range(n_cases):
            case = self._add(Entity(type="Case", properties={
                "case_number": f"CAS-{2020 + i % 7}-{i + 1:05d}", "name": f"Casus {rng.choice(self.streets)}",
                "status": rng.choice(["open", "in onderzoek", "afgesloten"]),
                "opened": random_date(rng).isoformat()}, label="confidential",
                **self._prov("case", f"CAS{i}")))
            for _ in range(rng.randint(1, 3)):
                sig = self._add(Entity(type="Signal", properties={
                    "signal_number": f"MMA-{rng.randint(100000, 999999)}", "channel": "Meld Misdaad Anoniem",
                    "received": random_date(rng).isoformat(),
                    "summary": rng.choice(["Vermoeden hennepkwekerij", "Veel wisselende bewoners",
                                           "Verdachte geldstromen", "Mogelijke witwasconstructie",
                                           "Overlast en drugshandel", "Vermoeden van uitbuiting"])},
                    label="confidential", **self._prov("mma", self._ref("M"))))
                self.link("part_of", sig, case, "case", label="confidential")
                self.link("involved_in", rng.choice(people), sig, "mma", role="betrokkene", label="confidential")
            if rng.random() < 0.3:
                m = self._add(Entity(type="Measure", properties={
                    "reference": f"BM-{rng.randint(10000, 99999)}",
                    "kind": rng.choice(["bibob_weigering", "sluiting_13b", "dwangsom"]),  # codes of vik.yaml
                    "decided": random_date(rng).isoformat()}, **self._prov("case", self._ref("BM"))))
                self.link("part_of", m, case, "case")
                self.link("subject_of", rng.choice(addresses), m, "case")

    # -- planted patterns -------------------------------------------------------------------
    def plant(self) -> None:
        rng = self.rng
        # 1. The address that hosts 28 companies over the years.
        hotspot = self.address()
        self.planted.hotspot_address = hotspot.id
        for i in range(28):
            start = random_date(rng, dt.date(2019, 1, 1), dt.date(2026, 6, 30))
            end = start + dt.timedelta(days=rng.randint(90, 700)) if i % 3 == 0 else None
            c = self.company(rng.choice(PLAIN_SBI + RISK_SBI), registered=start,
                             ended=end if end and end < END else None)
            self.link("located_at", c, hotspot, "kvk", start=start, end=end if end and end < END else None,
                      kind="bezoekadres")
            self.planted.hotspot_companies.append(c.id)
        # 2. The straw man: director of 12 companies, 9 in risk branches, most short-lived.
        straw = self.person()
        self.planted.strawman = straw.id
        for i in range(12):
            sbi = RISK_SBI[i % len(RISK_SBI)] if i < 9 else rng.choice(PLAIN_SBI)
            start = random_date(rng, dt.date(2021, 1, 1), dt.date(2025, 12, 31))
            end = start + dt.timedelta(days=rng.randint(60, 400)) if i % 4 != 0 else None
            end = end if end and end < END else None
            c = self.company(sbi, registered=start, ended=end)
            self.link("director_of", straw, c, "kvk", start=start, end=end, role="bestuurder")
            self.link("located_at", c, self.address(), "kvk", start=start, kind="bezoekadres")
            self.planted.strawman_companies.append(c.id)
        # 3. The family: 6 persons, one surname, two shared homes, three shared vehicles.
        surname = rng.choice(self.last_names)
        family = [self.person(last_name=surname) for _ in range(6)]
        homes = [self.address(), self.address()]
        cars = [self.vehicle() for _ in range(3)]
        for i, member in enumerate(family):
            self.link("registered_at", member, homes[i % 2], "brp", start=random_date(rng), kind="woonadres")
            self.link("registered_at", member, homes[(i + 1) % 2], "brp", start=dt.date(2015, 1, 1),
                      end=dt.date(2018, 12, 31), kind="woonadres")
            for car in cars:
                if (i + cars.index(car)) % 2 == 0:
                    self.link("uses", member, car, "rdw", start=random_date(rng))
            for other in family[i + 1:]:
                self.link("family_of", member, other, "brp", relationship="familie")
        self.planted.family = [p.id for p in family]
        self.planted.family_addresses = [a.id for a in homes]
        self.planted.family_vehicles = [v.id for v in cars]
        # 4. Two separate groups, and the one person who links them.
        for group in (self.planted.group_a, self.planted.group_b):
            members = [self.person() for _ in range(10)]
            firms = [self.company(rng.choice(RISK_SBI)) for _ in range(4)]
            base = self.address()
            for i, m in enumerate(members):
                self.link("associate_of", m, members[(i + 1) % len(members)], "police", label="open", nature="contact")
                self.link("director_of", m, firms[i % len(firms)], "kvk", start=random_date(rng), role="bestuurder")
            for f in firms:
                self.link("located_at", f, base, "kvk", start=random_date(rng), kind="bezoekadres")
            group.extend([e.id for e in (*members, *firms, base)])
        bridge = self.person()
        self.planted.bridge = bridge.id
        by_id = {e.id: e for e in self.entities}
        # A broker knows several people on each side, so every path between the groups runs
        # through them and through no single contact of theirs.
        for index in (0, 3, 6):
            self.link("associate_of", bridge, by_id[self.planted.group_a[index]], "police", nature="contact")
        self.link("associate_of", bridge, by_id[self.planted.group_b[5]], "police", nature="contact")
        for firm in (10, 12):
            self.link("director_of", bridge, by_id[self.planted.group_b[firm]], "kvk", start=dt.date(2024, 3, 1),
                      role="bestuurder")


def generate(size: int = 2000, seed: int = 42, *, schema: Schema | None = None,
             progress: Callable[[int], None] | None = None) -> DemoData:
    """About `size` records (entities + relations), planted patterns included."""
    gen = _Generator(seed, schema or default_schema())
    gen.plant()
    gen.background(max(0, size - len(gen.entities) - len(gen.relations)), progress)
    from graph.vik.demo import plant

    gen.planted.vik = plant(gen, seed)
    return DemoData(gen.entities, gen.relations, gen.planted)


def iter_records(data: DemoData) -> Iterator[Entity | Relation]:
    yield from data.entities
    yield from data.relations
