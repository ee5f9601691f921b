"""FollowTheMoney entity JSON lines, for Aleph / OpenAleph and OpenSanctions.

One entity per line, `{"id", "schema", "properties": {name: [strings]}}`; relations are
interstitial entities (Directorship, Ownership, Family, Associate, Employment,
UnknownLink). Phone numbers and e-mail addresses are `phone`/`email` values of the person
or company that uses them, not entities. Ids get a `kn-` prefix. The BSN never leaves (it
is a sensitive property, dropped by `common.collect`), nor records above the audience.
FtM has no per-entity classification, so the marking is a *sidecar* file `FILE.marking`
next to the export (a leading non-entity line would break `alephclient write-entities`);
the file itself holds only the audience's records. Mapping: `exchange-formats.md` (d).
An address's `street` is the street line with house number, letter and addition; a foreign
postcode (`postal_code`) is `postalCode` too, and reads back as `postal_code`. A property FtM
has no place for (employees, BAG id, ...) is named in the notes once per type, never dropped silently.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from graph.errors import ValidationError
from graph.exchange.common import ExchangeGraph, ImportReport, Incoming
from graph.identifiers import kvk_number, phone, postcode
from graph.model import Entity, Provenance, Relation
from graph.schema import Schema
from graph.text import counted

PREFIX = "kn-"
REFERENCE = "Bronkenmerk: "
_NODE = {"Person": "Person", "Company": "Company", "Address": "Address", "Vehicle": "Vehicle",
         "BankAccount": "BankAccount", "Event": "Event"}
# Knooppunt property -> FtM property, per entity type.
_PROPS: dict[str, dict[str, str]] = {
    "Person": {"name": "name", "first_names": "firstName", "last_name": "lastName", "aliases": "alias",
               "birth_date": "birthDate", "birth_place": "birthPlace", "gender": "gender",
               "nationality": "nationality", "notes": "notes", "topics": "topics"},
    "Company": {"name": "name", "trade_names": "alias", "kvk_number": "registrationNumber", "rsin": "taxNumber",
                "legal_form": "legalForm", "registration_date": "incorporationDate", "end_date": "dissolutionDate",
                "website": "website", "sbi_codes": "sector", "topics": "topics"},
    "Address": {"full": "full", "street": "street", "postcode": "postalCode", "city": "city", "country": "country",
                "po_box": "postOfficeBox"},
    "Vehicle": {"plate": "registrationNumber", "model": "model"},
    "BankAccount": {"iban": "iban", "bank": "bankName"},
    # FtM's `description` and `summary` carry our provenance and grading (_provenance): an event's in `notes`
    "Event": {"name": "name", "date": "date", "place": "location", "description": "notes", "kind": "keywords"},
}
# Who attended an event: FtM lists them in the Event's `involved` (persons and companies), not as links.
_ATTENDED = "attended"
# ... and who organised it in its `organizer`: an `attended` relation whose role says so
ORGANIZER_ROLE = "organisator"
# relation type -> (FtM schema, source property, target property, extra properties)
_RELS: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "director_of": ("Directorship", "director", "organization", {"role": "role"}),
    "owner_of": ("Ownership", "owner", "asset", {"share": "percentage"}),
    "shareholder_of": ("Ownership", "owner", "asset", {"share": "percentage"}),
    "ubo_of": ("Ownership", "owner", "asset", {"interest": "role"}),
    "employed_by": ("Employment", "employee", "employer", {"position": "role"}),
    "family_of": ("Family", "person", "relative", {"relationship": "relationship"}),
    "associate_of": ("Associate", "person", "associate", {"nature": "relationship"}),
    "registered_at": ("UnknownLink", "subject", "object", {"kind": "role"}),
    "located_at": ("UnknownLink", "subject", "object", {"kind": "role"}),
    "uses": ("UnknownLink", "subject", "object", {}),
}
_OWNERSHIP_TYPE = {"owner_of": "eigenaar", "shareholder_of": "aandeelhouder", "ubo_of": "UBO"}
# Written but not read back as such: a second Knooppunt property for an FtM property `_PROPS` already
# reads (FtM `alias` is read as trade names), or a value FtM holds in its own words.
_EXTRA: dict[str, dict[str, str]] = {
    "Company": {"aliases": "alias", "former_names": "previousName", "main_sbi": "sector",
                "sbi_descriptions": "sector", "risk_branches": "classification", "places": "address",
                "active": "status"},
    "Address": {"postal_code": "postalCode"},  # abroad: the postcode as written
}
# Held inside another FtM property: the house number, letter and addition are part of FtM's `street`.
_INSIDE = {"Address": {"house_number", "house_letter", "house_number_addition"}}


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(v) for v in items if v not in (None, "")]


def _provenance(record: Any, props: dict[str, list[str]]) -> None:
    if record.provenance is not None:
        props["publisher"] = [record.provenance.source]
        if record.provenance.reference:
            props["description"] = [REFERENCE + record.provenance.reference]  # FtM 4 has no recordId
        if record.provenance.received:
            props["retrievedAt"] = [record.provenance.received]
    if record.reliability or record.credibility:
        props["summary"] = [f"Betrouwbaarheid {record.grading}"]


def _contacts(graph: ExchangeGraph, by_id: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    """Phone numbers and e-mail addresses by the id of whoever uses them (FtM has them as properties)."""
    contacts: dict[str, dict[str, list[str]]] = {}
    for r in graph.relations:
        target = by_id.get(r.target_id)
        if r.type == "uses" and target is not None and target.type in ("PhoneNumber", "Email"):
            prop, value = ("phone", target.get("number")) if target.type == "PhoneNumber" else \
                ("email", target.get("address"))
            contacts.setdefault(r.source_id, {}).setdefault(prop, []).append(str(value))
    return contacts


def _street_line(e: Any) -> list[str]:
    """FtM's `street` is the street with house number, letter and addition (`Voorbeeldstraat 12A-2`)."""
    from importers.addresses import format_address  # the one spelling of a street line

    p = e.properties
    line = format_address(p.get("street"), p.get("house_number"), p.get("house_letter"),
                          p.get("house_number_addition"), None, None)
    return [line] if line else []


def _ftm_value(name: str, value: Any) -> list[str]:
    if name == "active" and isinstance(value, bool):
        return ["actief" if value else "niet actief"]
    return _strings(value)


def _entity_to_ftm(e: Any, schema: str, contacts: dict[str, list[str]],
                   dropped: dict[tuple[str, str], int]) -> dict[str, Any]:
    props: dict[str, list[str]] = {}
    for name, value in e.properties.items():
        ftm_name = _PROPS[e.type].get(name) or _EXTRA.get(e.type, {}).get(name)
        if ftm_name:
            target = props.setdefault(ftm_name, [])
            target.extend(v for v in _ftm_value(name, value) if v not in target)
        elif name not in _INSIDE.get(e.type, ()) and name != "identifications":  # entities of their own: _document
            dropped[(e.type, name)] = dropped.get((e.type, name), 0) + 1
    if e.type == "Address" and any(k in e.properties for k in ("house_number", "house_letter", "street")):
        props["street"] = _street_line(e)
    if e.type in ("Company", "Address", "Vehicle", "BankAccount") and "country" not in props:
        props["country"] = ["nl"] if e.type != "Address" else []
    if e.type == "Company":
        props["jurisdiction"] = ["nl"]
    if "name" not in props:
        props["name"] = [e.caption]
    for prop, values in contacts.items():
        props.setdefault(prop, []).extend(values)
    _provenance(e, props)
    return {"id": PREFIX + e.id, "schema": schema, "properties": {k: v for k, v in props.items() if v}}


_TWO_LETTERS = re.compile(r"[A-Z]{2}")


def _document(holder: Any, text: str) -> dict[str, Any]:
    """An entry of a company's `identifications` (`HRB 45678 (registration number, DE)`, as the import writes
    FtM register codes and Identification entities) as an FtM Identification of the company, so that an export
    and an import give the same text back. An entity, not the holder's `leiCode`/`registrationNumber`: those
    carry no country of their own. (A person's identity documents are sensitive: never in an export.)"""
    number, about = text, [""]
    if text.endswith(")") and " (" in text:
        number, inside = text[:-1].split(" (", 1)
        about = inside.split(", ")
    kind = "" if _TWO_LETTERS.fullmatch(about[0]) else about.pop(0)
    country = about.pop(0).lower() if about and _TWO_LETTERS.fullmatch(about[0]) else ""
    props = {"holder": [PREFIX + holder.id], "number": [number], "type": [kind] if kind else [],
             "country": [country] if country else [], "authority": [", ".join(about)] if any(about) else []}
    _provenance(holder, props)
    digest = hashlib.blake2b(text.encode(), digest_size=6).hexdigest()  # the same id at every export
    return {"id": f"{PREFIX}{holder.id}-id-{digest}", "schema": "Identification",
            "properties": {k: v for k, v in props.items() if v}}


def _relation_to_ftm(r: Any, spec: tuple[str, str, str, dict[str, str]]) -> dict[str, Any]:
    ftm_schema, src, dst, extra = spec
    props = {src: [PREFIX + r.source_id], dst: [PREFIX + r.target_id]}
    for name, value in r.properties.items():
        if name in extra:
            props[extra[name]] = _strings(value)
    if r.type in _OWNERSHIP_TYPE:
        props["ownershipType"] = [_OWNERSHIP_TYPE[r.type]]
    if ftm_schema == "UnknownLink":
        props.setdefault("role", []).insert(0, r.type)
    if r.valid_from:
        props["startDate"] = [r.valid_from]
    if r.valid_to:
        props["endDate"] = [r.valid_to]
    _provenance(r, props)
    return {"id": PREFIX + r.id, "schema": ftm_schema, "properties": props}


# A sanctions-list Measure (kind `sanctie`, as an FtM Sanction is read) written back as a Sanction: its
# FtM id is its reference, so a second import finds the same Measure.
_SANCTION_OUT = {"legal_basis": "program", "description": "reason", "decided": "listingDate",
                 "start": "startDate", "end": "endDate"}


def _sanction_to_ftm(e: Any, subjects: list[str], dropped: dict[tuple[str, str], int]) -> dict[str, Any]:
    props: dict[str, list[str]] = {"entity": subjects}
    for name, value in e.properties.items():
        if name in _SANCTION_OUT:
            props[_SANCTION_OUT[name]] = _strings(value)
        elif name not in ("reference", "kind"):
            dropped[(e.type, name)] = dropped.get((e.type, name), 0) + 1
    _provenance(e, props)
    return {"id": PREFIX + str(e.get("reference") or e.id), "schema": "Sanction",
            "properties": {k: v for k, v in props.items() if v}}


def to_ftm(graph: ExchangeGraph) -> tuple[list[dict[str, Any]], list[str]]:
    """FtM entities for the export, and what had no FtM form (reported, not dropped silently)."""
    by_id = {e.id: e for e in graph.entities}
    sanctions = {e.id for e in graph.entities if e.type == "Measure" and e.get("kind") == "sanctie"}
    subjects: dict[str, list[str]] = {}
    for r in graph.relations:
        if r.type == "subject_of" and r.target_id in sanctions:
            subjects.setdefault(r.target_id, []).append(PREFIX + r.source_id)
    out: list[dict[str, Any]] = []
    left_out: list[str] = []
    contacts = _contacts(graph, by_id)  # phone numbers and e-mail addresses become properties of their users
    involved: dict[str, dict[str, list[str]]] = {}  # event -> {"involved" | "organizer": [who]}
    for r in graph.relations:
        if r.type == _ATTENDED:
            part = "organizer" if r.properties.get("role") == ORGANIZER_ROLE else "involved"
            involved.setdefault(r.target_id, {}).setdefault(part, []).append(PREFIX + r.source_id)
    contact_ids = {e.id for e in graph.entities if e.type in ("PhoneNumber", "Email")}
    dropped: dict[tuple[str, str], int] = {}  # (type, property) -> how many entities had a value
    for e in graph.entities:
        if e.type in ("PhoneNumber", "Email"):
            continue
        if e.id in sanctions:
            out.append(_sanction_to_ftm(e, subjects.get(e.id, []), dropped))
            continue
        schema = _NODE.get(e.type)
        if schema is None:
            left_out.append(f"{e.id} ({e.type}): no FollowTheMoney form; left out")
            continue
        out.append(_entity_to_ftm(e, schema, contacts.get(e.id, {}), dropped))
        out[-1]["properties"].update(involved.get(e.id, {}))
        out.extend(_document(e, text) for text in _strings(e.get("identifications")))
    left_out.extend(f"{kind}.{name} ({counted(count, 'entity', 'entities')}): no FollowTheMoney property; left out"
                    for (kind, name), count in sorted(dropped.items()))
    dropped_rel: dict[str, int] = {}  # a property of an `attended` relation -> how many had one
    for r in graph.relations:
        if r.source_id in contact_ids or r.target_id in contact_ids or r.target_id in sanctions:
            continue  # contacts are properties of their users, a sanction names whom it concerns
        if r.type == _ATTENDED:  # in the event's `involved` or `organizer`; what else it says has no place
            for name in r.properties:
                if name == "role" and r.properties[name] == ORGANIZER_ROLE:
                    continue
                dropped_rel[name] = dropped_rel.get(name, 0) + 1
            continue
        spec = _RELS.get(r.type)
        if spec is None:
            left_out.append(f"{r.id} ({r.type}): no FollowTheMoney form; left out")
            continue
        out.append(_relation_to_ftm(r, spec))
    left_out.extend(f"{_ATTENDED}.{name} ({counted(count, 'relation', 'relations')}): no FollowTheMoney property; "
                    "left out" for name, count in sorted(dropped_rel.items()))
    return out, left_out


def write_ftm(graph: ExchangeGraph, path: Path, *, marking_path: Path | None = None) -> list[str]:
    """Write the JSON lines and the `.marking` sidecar (default PATH.marking); returns what was left out."""
    entities, left_out = to_ftm(graph)
    with path.open("w", encoding="utf-8") as fh:
        for item in entities:
            fh.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
    (marking_path or Path(f"{path}.marking")).write_text(f"{graph.marking}\nclassification={graph.classification}\n"
                                       f"audience={graph.audience}\n", encoding="utf-8")
    return left_out


# -- reading -------------------------------------------------------------------------------------------------
# FtM's own schemata for an organisation: a Company here (said once, with their count)
_NODE_BACK = {v: k for k, v in _NODE.items()} | {"Organization": "Company", "LegalEntity": "Company"}
_PROPS_BACK = {t: {v: k for k, v in m.items()} for t, m in _PROPS.items()}
_RELS_BACK: dict[str, list[tuple[str, str, str, dict[str, str]]]] = {}
for _name, (_schema, _src, _dst, _extra) in _RELS.items():
    _RELS_BACK.setdefault(_schema, []).append((_name, _src, _dst, {v: k for k, v in _extra.items()}))


# FtM links that name a tie by its role, read as associate_of (nature: the role, else these words):
# the ends' properties per schema. An UnknownLink our export wrote (role registered_at, ...) keeps its type.
_LINKS = {"UnknownLink": ("subject", "object"), "Representation": ("agent", "client"),
          "Membership": ("member", "organization")}
_LINK_NATURE = {"UnknownLink": "onbekende relatie", "Representation": "vertegenwoordiging",
                "Membership": "lidmaatschap"}


def _relation_type(ftm_schema: str, props: dict[str, list[str]]) -> str | None:
    if ftm_schema == "Ownership":
        kind = (props.get("ownershipType") or [""])[0]
        return {v: k for k, v in _OWNERSHIP_TYPE.items()}.get(kind, "owner_of")
    if ftm_schema == "UnknownLink":
        role = (props.get("role") or [""])[0]
        return role if role in ("registered_at", "located_at", "uses") else "associate_of"
    if ftm_schema in _LINKS:
        return "associate_of"
    options = _RELS_BACK.get(ftm_schema)
    return options[0][0] if options else None


def _read_fragments(path: Path, report: ImportReport) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """The file's entities by id, fragments of one id merged, and the line each first appeared on."""
    merged: dict[str, dict[str, Any]] = {}
    lines: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                entity_id, ftm_schema, props = item["id"], item["schema"], item.get("properties", {})
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                report.problems.append(f"{report.file}: line {n}: not an FtM entity ({exc}); left out")
                continue
            target = merged.setdefault(entity_id, {"schema": ftm_schema, "properties": {}, "datasets": []})
            for k, v in props.items():
                target["properties"].setdefault(k, []).extend(v if isinstance(v, list) else [v])
            datasets = item.get("datasets") if isinstance(item, dict) else None
            if isinstance(datasets, list):  # OpenSanctions: the lists that name the entity (its provenance)
                target["datasets"] += [str(d) for d in datasets if str(d) not in target["datasets"]]
            lines.setdefault(entity_id, n)
    return merged, lines


def _dutch_postcode(value: str) -> bool:
    try:
        postcode(value)
    except ValidationError:
        return False
    return True


def _street_parts(line: str) -> dict[str, Any]:
    """FtM's street line (`Voorbeeldstraat 12A`) as street, house number, letter and addition, so the
    address is identified by postcode + house number again; a line without a number stays as it is."""
    from importers.addresses import split_street_number

    street, number, letter, addition = split_street_number(line)
    if number is None or not street:
        return {}
    parts = {"street": street, "house_number": number, "house_letter": letter, "house_number_addition": addition}
    return {k: v for k, v in parts.items() if v is not None}


# FtM properties read elsewhere (provenance, grading, contacts) or written by our export as a second form of
# a value read from another property: never "left out".
_BOOKKEEPING = {"publisher", "description", "retrievedAt", "summary", "phone", "email", "country", "jurisdiction"}


_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?")  # FtM dates are prefixes: a year, or a year and month


def _property_back(kind: str, k: str, values: list[str], where: str, report: ImportReport) -> str | None:
    """The Knooppunt property an FtM property of a `kind` entity fills, or None (reported when it is data)."""
    name = _PROPS_BACK[kind].get(k)
    if name is None:
        if k not in _BOOKKEEPING and k not in _EXTRA.get(kind, {}).values() and values:
            report.left_out(kind, f"ftm:{k}", where, values[0])
        return None
    if name == "postcode" and not _dutch_postcode(values[0]):
        return "postal_code"  # abroad: kept as written
    if name == "kvk_number":
        try:
            kvk_number(values[0])
        except ValidationError:  # a foreign register's number (OpenSanctions: Russia's OGRN, ...): _codes keeps it
            report.left_out(kind, "ftm-kvk:registrationNumber", where, values[0])
            return None
    return name


# FtM's register and tax numbers of a person or company, kept among its identifications with their kind
_CODES = {"leiCode": "LEI", "innCode": "INN", "ogrnCode": "OGRN", "vatCode": "VAT", "swiftBic": "SWIFT/BIC",
          "dunsCode": "DUNS", "registrationNumber": "registration number"}


def _codes(kind: str, props: dict[str, list[str]], where: str, report: ImportReport) -> list[str]:
    """`7707083893 (INN, RU)`: the numbers FtM gives in `_CODES` properties (a registrationNumber only when it is
    no KvK number), with the holder's one country; they were left out as properties without a home."""
    countries = {c.strip().upper() for k in ("country", "jurisdiction") for c in props.get(k, []) if c.strip()}
    country = countries.pop() if len(countries) == 1 else ""
    out = []
    for k, label in _CODES.items():
        for value in props.get(k, []):
            if k == "registrationNumber" and kind == "Company" and _is_kvk(value):
                continue
            out.append(f"{value.strip()} ({label}{', ' + country if country else ''})")
    return out


def _is_kvk(value: str) -> bool:
    try:
        kvk_number(value)
    except ValidationError:
        return False
    return True


def _incoming_entity(entity_id: str, kind: str, ftm_schema: str, props: dict[str, list[str]], schema: Schema,
                     prov: Provenance | None, where: str, report: ImportReport) -> list[Incoming]:
    """The entity, and its phone numbers and e-mail addresses as entities it `uses`."""
    mine: dict[str, Any] = {}
    for k, values in props.items():
        if k in ("address", "addressEntity") and kind in _AT:
            continue  # an Address entity of its own, below
        if k in _CODES and kind in _AT and not (k == "registrationNumber" and kind == "Company"):
            continue  # among the identifications, below
        name = _property_back(kind, k, values, where, report)
        if name is None:
            continue
        spec = schema.entity_type(kind).properties[name]
        if spec.type == "date" and _PARTIAL_DATE.fullmatch(values[0]):
            report.left_out(kind, f"ftm-partial:{k}", where, values[0])  # `1965-01-01` would be a false day
            continue
        if len(values) > 1 and not spec.multi:
            report.left_out(kind, f"ftm-many:{k}", where, values)
        mine[name] = values if spec.multi else values[0]
    if kind == "Address" and mine.get("street"):
        mine.update(_street_parts(mine["street"]))
    if kind in _AT and (codes := _codes(kind, props, where, report)):
        mine["identifications"] = codes
    if kind == "Company" and ftm_schema != "Company":  # Organization, LegalEntity: once, with their count
        report.left_out(kind, f"ftm-as:{ftm_schema}", where)
    out = [Incoming(entity_id, Entity(type=kind, properties=mine, provenance=prov, label="", **_grading(props)),
                    where)]
    out += _addresses(entity_id, kind, props, prov, where)
    for prop, etype, field in (("phone", "PhoneNumber", "number"), ("email", "Email", "address")):
        for value in props.get(prop, []):
            number = _phone_back(value, props, kind, where, report) if prop == "phone" else value
            if number is None:
                continue
            contact = f"{entity_id}#{prop}:{value}"
            out.append(Incoming(contact, Entity(type=etype, properties={field: number}, label=""), where))
            out.append(Incoming("", Relation(type="uses", source_id=entity_id, target_id=contact,
                                             provenance=prov, label=""), where))
    return out


_AT = {"Person": "registered_at", "Company": "located_at"}  # how a person or company is at an address


@functools.cache
def _calling_codes() -> dict[str, tuple[str, str]]:
    """ISO 3166 alpha-2 and alpha-3 codes and English names (lower case) -> (alpha-2, calling code)."""
    text = resources.files("graph").joinpath("data/calling_codes.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {key.lower(): (row["iso2"], row["calling_code"]) for row in rows
            for key in (row["iso2"], row["iso3"], row["name"])}


# a trunk 0 that stays after the country code (Italy's fixed lines keep it: +39 06 ...)
_KEEPS_TRUNK_ZERO = {"IT", "SM", "VA"}


def _phone_back(value: str, props: dict[str, list[str]], kind: str, where: str,
                report: ImportReport) -> str | None:
    """An FtM phone number as the store takes it. Lists write national numbers (`42-7925774` for a person in
    Lahore): with the one country its holder names (`country`, `nationality`, `jurisdiction`) the number gets
    that country's code, and the import says so; without one it is left out, said with its count (the
    PhoneNumber was refused before, a line each, and a Pakistani `042-...` became a Dutch +3142...)."""
    text = value.strip()
    if text.startswith(("+", "00")):
        return text
    countries = {_calling_codes().get(c.strip().lower()) for k in ("country", "nationality", "jurisdiction")
                 for c in props.get(k, [])}
    countries.discard(None)
    if len(countries) != 1:
        if text.startswith("0") and not countries:  # a Dutch national number, as the store reads one
            try:
                return phone(text)
            except ValidationError:
                pass
        report.left_out(kind, "ftm-phone-none:phone", where, value)
        return None
    ((iso2, code),) = countries  # type: ignore[misc]
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0") and iso2 not in _KEEPS_TRUNK_ZERO:
        digits = digits[1:]
    number = f"+{code}{digits}"
    try:
        number = phone(number)
    except ValidationError:
        report.left_out(kind, "ftm-phone-none:phone", where, value)
        return None
    report.left_out(kind, "ftm-phone:phone", where, f"{value} -> {number}, {iso2}")
    return number


def _addresses(entity_id: str, kind: str, props: dict[str, list[str]], prov: Provenance | None,
               where: str) -> list[Incoming]:
    """A person's or company's `address` texts as Address entities (identified by postcode + house
    number when the text has them, else by the text: two persons at `638 Downey St, Salem, OR` share
    one) and their `addressEntity` references, each linked by registered_at / located_at."""
    from importers.addresses import AddressError, address_properties

    rel = _AT.get(kind)
    if rel is None:
        return []
    out: list[Incoming] = []
    for text in dict.fromkeys(t.strip() for t in props.get("address", []) if t.strip()):
        try:
            parts = address_properties(text)
        except AddressError:
            parts = {}
        mine = {"full": text}
        if parts.get("postcode") and parts.get("house_number") is not None:  # a Dutch address: its identity
            mine.update({k: v for k, v in parts.items() if v is not None and k != "full"})
        foreign = f"{entity_id}#address:{text}"
        out.append(Incoming(foreign, Entity(type="Address", properties=mine, provenance=prov, label=""), where))
        out.append(Incoming("", Relation(type=rel, source_id=entity_id, target_id=foreign, provenance=prov,
                                         label=""), where))
    for target in dict.fromkeys(props.get("addressEntity", [])):
        out.append(Incoming("", Relation(type=rel, source_id=entity_id, target_id=target, provenance=prov,
                                         label=""), where))
    return out


_SANCTION_TEXT = ("authority", "authorityId", "unscSanctionId", "reason", "provisions", "status")


def _incoming_sanction(entity_id: str, props: dict[str, list[str]], prov: Provenance | None, where: str,
                       report: ImportReport) -> list[Incoming]:
    """An FtM Sanction (OpenSanctions) as what a municipality records: a Measure of kind `sanctie`
    (program as legal basis, authority and reason in the description, listing and period as dates,
    the lists it came from as its source) and the sanctioned entity `subject_of` it."""
    measure: dict[str, Any] = {"reference": entity_id.removeprefix(PREFIX), "kind": "sanctie"}
    basis = props.get("program") or props.get("programId")
    if basis:
        measure["legal_basis"] = "; ".join(dict.fromkeys(basis))
    text = [f"{k}: {v}" if k in ("authorityId", "unscSanctionId", "status") else v
            for k in _SANCTION_TEXT for v in dict.fromkeys(props.get(k, []))]
    if text:
        measure["description"] = "; ".join(text)
    listed = _ftm_date(props, "listingDate", "Measure", where, report)
    dates = {"decided": listed, "start": _ftm_date(props, "startDate", "Measure", where, report) or listed,
             "end": _ftm_date(props, "endDate", "Measure", where, report, last=True)}
    measure.update({k: v for k, v in dates.items() if v})
    used = {"entity", "program", "programId", "startDate", "endDate", "listingDate", *_SANCTION_TEXT}
    for k, values in props.items():
        if k not in used and k not in _BOOKKEEPING and values:
            report.left_out("Measure", f"ftm:{k}", where, values[0])
    out = [Incoming(entity_id, Entity(type="Measure", properties=measure, provenance=prov, label="",
                                      **_grading(props)), where)]
    for subject in dict.fromkeys(props.get("entity", [])):
        out.append(Incoming("", Relation(type="subject_of", source_id=subject, target_id=entity_id,
                                         provenance=prov, label="", valid_from=measure.get("start"),
                                         valid_to=measure.get("end")), where))
    if not props.get("entity"):
        report.left_out("Measure", "ftm-missing:entity", where)
    return out


def _incoming_relation(entity_id: str, ftm_schema: str, props: dict[str, list[str]], prov: Provenance | None,
                       where: str, report: ImportReport) -> Incoming | None:
    rtype = _relation_type(ftm_schema, props)
    if rtype is None:
        report.left_out("FtM", f"ftm-schema:{ftm_schema}", where)
        return None
    _, src, dst, extra = _RELS[rtype]
    linked = ftm_schema in _LINKS and rtype == "associate_of"  # a link FtM names by its role
    if linked:
        src, dst = _LINKS[ftm_schema]
        extra = {"nature": "role"}
    back = {v: k for k, v in extra.items()}
    rprops = {back[k]: v[0] for k, v in props.items() if k in back and v and not
              (ftm_schema == "UnknownLink" and k == "role" and v[0] == rtype)}
    if ftm_schema == "UnknownLink" and len(props.get("role", [])) > 1 and "role" in back and not linked:
        rprops[back["role"]] = props["role"][1]
    if linked:
        rprops["nature"] = "; ".join(props.get("role") or [_LINK_NATURE[ftm_schema]])
    try:
        source, target = props[src][0], props[dst][0]
    except (KeyError, IndexError):
        report.problems.append(f"{report.file}: {where}: {src} or {dst} missing; left out")
        return None
    for k, values in props.items():
        if k not in back and k not in (src, dst, "startDate", "endDate", "ownershipType", "role") and \
                k not in _BOOKKEEPING and values:
            report.left_out(rtype, f"ftm:{k}", where, values[0])
    return Incoming(entity_id.removeprefix(PREFIX), Relation(
        type=rtype, source_id=source, target_id=target, properties=rprops, provenance=prov, label="",
        valid_from=_ftm_date(props, "startDate", rtype, where, report),
        valid_to=_ftm_date(props, "endDate", rtype, where, report, last=True), **_grading(props)), where)


def _ftm_date(props: dict[str, list[str]], name: str, kind: str, where: str, report: ImportReport,
              last: bool = False) -> str | None:
    """An FtM date as a day: FtM allows `2015` and `2015-03` (a prefix); a period starts on the first day
    of it and ends on the last, and the import says it read a partial date so."""
    value = _first(props, name)
    if value is None or len(value) >= 10:
        return value[:10] if value else None
    import calendar

    parts = value.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 2 or len(parts[0]) != 4:
        return value  # not a date FtM writes: the store says why it refuses it
    year, month = int(parts[0]), int(parts[1]) if len(parts) == 2 else (12 if last else 1)
    day = calendar.monthrange(year, month)[1] if last else 1
    day_text = f"{year:04d}-{month:02d}-{day:02d}"
    report.left_out(kind, f"ftm-date:{name}", where, f"{value} -> {day_text}")
    return day_text


# FtM identity documents: the number's property per schema (OpenSanctions writes a Passport's as either)
_DOCUMENTS = {"Identification": ("number",), "Passport": ("passportNumber", "number")}
_DOCUMENT_KEPT = {"holder", "number", "passportNumber", "type", "country", "authority"}


def _documents(merged: dict[str, dict[str, Any]], lines: dict[str, int],
               report: ImportReport) -> dict[str, list[str]]:
    """Identification and Passport entities as what their holder carries: `FP1234567 (passport, UA)` in the
    person's (or company's) `identifications`. They were left out as schemata without a type."""
    held: dict[str, list[str]] = {}
    for entity_id, item in merged.items():
        ftm_schema, props = item["schema"], item["properties"]
        if ftm_schema not in _DOCUMENTS:
            continue
        where = f"line {lines[entity_id]} ({ftm_schema} {entity_id})"
        number = next((v for k in _DOCUMENTS[ftm_schema] for v in props.get(k, []) if v.strip()), None)
        holders = [h for h in props.get("holder", []) if _NODE_BACK.get(merged.get(h, {}).get("schema", ""))
                   in ("Person", "Company")]
        if number is None:
            report.left_out(ftm_schema, "ftm-number:number", where)
            continue
        if not holders:
            report.left_out(ftm_schema, "ftm-holder:holder", where, (props.get("holder") or ["-"])[0])
            continue
        kind = (props.get("type") or ["passport" if ftm_schema == "Passport" else ""])[0]
        country = (props.get("country") or [""])[0]
        about = [kind, country.upper() if len(country) == 2 else country, *props.get("authority", [])[:1]]
        text = number.strip() + (f" ({', '.join(a for a in about if a)})" if any(about) else "")
        for holder in holders:
            held.setdefault(holder, [])
            if text not in held[holder]:
                held[holder].append(text)
        for k, values in props.items():
            if k not in _DOCUMENT_KEPT and k not in _BOOKKEEPING and values:
                report.left_out(ftm_schema, f"ftm:{k}", where, values[0])
    return held


def read_ftm(path: Path, schema: Schema, report: ImportReport) -> list[Incoming]:
    """Entities from JSON lines; fragments of one id are merged first; contacts become entities + `uses`;
    identity documents become their holder's `identifications`."""
    merged, lines = _read_fragments(path, report)
    documents = _documents(merged, lines, report)
    incoming: list[Incoming] = []
    for entity_id, item in merged.items():
        ftm_schema, props = item["schema"], item["properties"]
        if ftm_schema in _DOCUMENTS:
            continue
        where = f"line {lines[entity_id]} ({ftm_schema} {entity_id})"
        prov = _read_provenance(props, item["datasets"], entity_id)
        if prov is not None and item["datasets"] and props.get("sourceUrl"):
            props = {k: v for k, v in props.items() if k != "sourceUrl"}  # the provenance's reference
        kind = _NODE_BACK.get(ftm_schema)
        if kind == "Event":  # who attended or organised: FtM's `involved`/`organizer`, as `attended` relations
            incoming += _attendance(entity_id, props.pop("involved", []), merged, prov, where, report)
            incoming += _attendance(entity_id, props.pop("organizer", []), merged, prov, where, report,
                                    ORGANIZER_ROLE)
        if kind is not None:
            made = _incoming_entity(entity_id, kind, ftm_schema, props, schema, prov, where, report)
            if entity_id in documents:
                held = made[0].record.properties.setdefault("identifications", [])
                held += [d for d in documents[entity_id] if d not in held]
            incoming.extend(made)
            continue
        if ftm_schema == "Sanction":
            incoming.extend(_incoming_sanction(entity_id, props, prov, where, report))
            continue
        relation = _incoming_relation(entity_id, ftm_schema, props, prov, where, report)
        if relation is not None:
            incoming.append(relation)
    for came in incoming:  # our own ids come back without the prefix (stable across round trips)
        came.foreign_id = came.foreign_id.removeprefix(PREFIX)
        if isinstance(came.record, Relation):
            came.record.source_id = came.record.source_id.removeprefix(PREFIX)
            came.record.target_id = came.record.target_id.removeprefix(PREFIX)
    report.fold()
    return incoming


def _attendance(event_id: str, involved: list[str], merged: dict[str, dict[str, Any]], prov: Provenance | None,
                where: str, report: ImportReport, role: str | None = None) -> list[Incoming]:
    """An FtM Event's `involved` (or, with `role`, `organizer`) persons and companies as `attended` relations
    to the event."""
    out = []
    part = "organizer" if role else "involved"
    for who in involved:
        if _NODE_BACK.get(merged.get(who, {}).get("schema", "")) not in ("Person", "Company"):
            report.left_out("Event", f"ftm-{part}:{part}", where, who)
            continue
        out.append(Incoming("", Relation(type=_ATTENDED, source_id=who, target_id=event_id, provenance=prov, label="",
                                         properties={"role": role} if role else {}), where))
    return out


def _first(props: dict[str, list[str]], name: str) -> str | None:
    values = props.get(name)
    return values[0] if values else None


def _read_provenance(props: dict[str, list[str]], datasets: list[str] | None = None,
                     entity_id: str = "") -> Provenance | None:
    """Our export's `publisher`; else OpenSanctions' `datasets` (the sanctions lists that name the record,
    its `sourceUrl` or id the reference); else None (the file itself is the source)."""
    publisher = _first(props, "publisher")
    if not publisher and datasets:
        return Provenance(source=f"OpenSanctions: {', '.join(datasets)}",
                          reference=_first(props, "sourceUrl") or entity_id or None,
                          received=date.today().isoformat())
    if not publisher:
        return None
    reference = next((d.removeprefix(REFERENCE) for d in props.get("description", []) if d.startswith(REFERENCE)),
                     None)
    return Provenance(source=publisher, reference=reference,
                      received=(_first(props, "retrievedAt") or "")[:10] or None)


def _grading(props: dict[str, list[str]]) -> dict[str, Any]:
    for text in props.get("summary", []):
        if text.startswith("Betrouwbaarheid ") and len(text) == len("Betrouwbaarheid ") + 2:
            code = text[-2:]
            return {"reliability": code[0] if code[0] != "-" else None,
                    "credibility": code[1] if code[1] != "-" else None}
    return {"reliability": None, "credibility": None}
