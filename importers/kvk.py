"""KvK Handelsregister import: the KVK-API's JSON shapes, and bulk tables of companies and functionarissen.

The API answers in three shapes that analysts save as files:
- *Zoeken* (`resultaten[]`: `kvkNummer`, `vestigingsnummer`, `naam`, `type`, `adres`
  with `binnenlandsAdres` or `buitenlandsAdres`),
- *Basisprofiel* (the company: `kvkNummer`, `statutaireNaam`, `handelsnamen`,
  `sbiActiviteiten`, `formeleRegistratiedatum`, `materieleRegistratie`, with
  `_embedded.hoofdvestiging` and `_embedded.eigenaar`),
- *Vestigingsprofiel* (one establishment: `vestigingsnummer`, `eersteHandelsnaam`,
  `adressen`, `sbiActiviteiten`),
- *Naamgeving* (every name: `statutaireNaam`, `naam`, `ookGenoemd`, `startdatum`,
  `einddatum`, `vestigingen[]` with their trade names).
A file holds one such document, a JSON array of them, or JSON lines (one per line). A
document of another shape is refused, not guessed; a KvK error body (`{"fout": [...]}`,
saved instead of an answer) is refused with the KvK's own message.

An Address entity needs what identifies it (postcode + house number, a PO box, or abroad
street + number + city): a Zoeken result with only a street and a city, or only a city,
is a place the company is in (`Company.places`), not an address other companies share.
Letter and addition follow `importers.addresses.house_parts`, the rule the free-text
parser uses too.

`KVK_FIELDS` lists, with the API's exact field names, what lands where. The schema has
no separate establishment type: an establishment is an `establishment_number` of its
Company and its addresses are `located_at` (kind `bezoekadres`/`postadres`). Shielded
addresses (`indAfgeschermd: "Ja"`) are never imported as an address; the company
records which kinds are shielded (`shielded_addresses`). Foreign addresses become
Address entities identified by street, number, city and country.

The API does not return functionarissen (directors, owners, partners, signatories);
KvK extracts and case files do, as tables. Those and bulk company tables go through the
case importer with the packaged specs `kvk_companies` and `kvk_functionarissen`, after
their headers are mapped to KvK field names (`HEADER_ALIASES`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from graph import identifiers
from graph.errors import ValidationError
from graph.ids import keep_legacy_ids
from graph.model import Entity, Provenance, Relation
from graph.risk import branches_for
from graph.schema import Schema
from graph.store import Store
from graph.text import fold
from importers.activity import bulk_load, import_transaction
from importers.addresses import (
    _city,
    _street,
    format_address,
    house_parts,
    is_whole_address,
    parse_address,
    split_street_number,
)
from importers.case_import import ImportResult, _add, _DryRun, import_table_file
from importers.errors import ImportDataError
from importers.limits import DEFAULT_LIMITS, JSON_DEPTH, Limits, json_depth
from importers.spec import load_spec
from importers.tables import EXCEL_SUFFIXES

SOURCE = "KvK Handelsregister"
BATCH_DOCUMENTS = 5000
JSON_BYTES_PER_RECORD = 400  # a Basisprofiel document of ~2 KB makes ~5 records: sizes the bulk path

# (shape, KvK API field path, Knooppunt target). The API's names, spelled exactly.
KVK_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("Zoeken", "resultaten[].kvkNummer", "Company.kvk_number"),
    ("Zoeken", "resultaten[].rsin", "Company.rsin"),
    ("Zoeken", "resultaten[].vestigingsnummer", "Company.establishment_number"),
    ("Zoeken", "resultaten[].naam", "Company.trade_names (Company.name when type is rechtspersoon)"),
    ("Zoeken", "resultaten[].type", "hoofdvestiging | nevenvestiging | rechtspersoon: decides name/trade name"),
    ("Zoeken", "resultaten[].actief", "Company.active"),
    ("Zoeken", "resultaten[].vervallenNaam", "Company.former_names"),
    ("Zoeken", "resultaten[].handelsnaam", "Company.trade_names (Zoeken v1.3)"),
    ("Zoeken", "resultaten[].{straatnaam,huisnummer,huisnummerToevoeging,postcode,plaats}",
     "Address + located_at(kind=bezoekadres) (Zoeken v1.3; its `type` is the result's, not the address's)"),
    ("Zoeken", "resultaten[].adres.binnenlandsAdres.{type,straatnaam,huisnummer,huisletter,postbusnummer,"
               "postcode,plaats}", "Address + located_at(kind=type)"),
    ("Zoeken", "resultaten[].adres.buitenlandsAdres.{straatHuisnummer,postcodeWoonplaats,land}",
     "Address (foreign) + located_at"),
    ("Basisprofiel", "kvkNummer", "Company.kvk_number"),
    ("Basisprofiel", "statutaireNaam", "Company.name"),
    ("Basisprofiel", "naam", "Company.name when statutaireNaam is absent, else Company.trade_names"),
    ("Basisprofiel", "handelsnamen[].naam", "Company.trade_names"),
    ("Basisprofiel", "sbiActiviteiten[].sbiCode", "Company.sbi_codes (+ risk_branches)"),
    ("Basisprofiel", "sbiActiviteiten[].indHoofdactiviteit", "Company.main_sbi when Ja"),
    ("Basisprofiel", "sbiActiviteiten[].sbiOmschrijving", "Company.sbi_descriptions (`code omschrijving`)"),
    ("Basisprofiel", "indNonMailing", "Company.non_mailing"),
    ("Basisprofiel", "_embedded.hoofdvestiging.{vestigingsnummer,eersteHandelsnaam,formeleRegistratiedatum}",
     "Company.establishments (`nummer naam, ingeschreven jjjj-mm-dd`)"),
    ("Basisprofiel", "formeleRegistratiedatum", "Company.registration_date"),
    ("Basisprofiel", "materieleRegistratie.datumAanvang", "Company.valid_from"),
    ("Basisprofiel", "materieleRegistratie.datumEinde", "Company.end_date, Company.valid_to"),
    ("Basisprofiel", "totaalWerkzamePersonen", "Company.employees"),
    ("Basisprofiel", "_embedded.hoofdvestiging.vestigingsnummer", "Company.establishment_number"),
    ("Basisprofiel", "_embedded.hoofdvestiging.adressen[]", "Address + located_at(kind=type)"),
    ("Basisprofiel", "_embedded.hoofdvestiging.websites[]", "Company.website"),
    ("Basisprofiel", "_embedded.eigenaar.rsin", "Company.rsin"),
    ("Basisprofiel", "_embedded.eigenaar.uitgebreideRechtsvorm", "Company.legal_form"),
    ("Basisprofiel", "_embedded.eigenaar.rechtsvorm", "Company.legal_form when uitgebreideRechtsvorm is absent"),
    ("Basisprofiel", "_embedded.eigenaar.adressen[]", "Address + located_at(kind=type)"),
    ("Vestigingsprofiel", "vestigingsnummer", "Company.establishment_number"),
    ("Vestigingsprofiel", "kvkNummer", "Company.kvk_number"),
    ("Vestigingsprofiel", "rsin", "Company.rsin"),
    ("Vestigingsprofiel", "statutaireNaam", "Company.name"),
    ("Vestigingsprofiel", "eersteHandelsnaam", "Company.trade_names"),
    ("Vestigingsprofiel", "handelsnamen[].naam", "Company.trade_names"),
    ("Vestigingsprofiel", "indHoofdvestiging", "Ja: totaalWerkzamePersonen -> Company.employees"),
    ("Vestigingsprofiel", "sbiActiviteiten[].sbiCode", "Company.sbi_codes (+ risk_branches)"),
    ("Vestigingsprofiel", "adressen[]", "Address + located_at(kind=type)"),
    ("Vestigingsprofiel", "indNonMailing", "Company.non_mailing"),
    ("Vestigingsprofiel", "sbiActiviteiten[].sbiOmschrijving", "Company.sbi_descriptions"),
    ("Vestigingsprofiel", "{vestigingsnummer,eersteHandelsnaam,formeleRegistratiedatum}", "Company.establishments"),
    ("Naamgeving", "kvkNummer", "Company.kvk_number"),
    ("Naamgeving", "rsin", "Company.rsin"),
    ("Naamgeving", "statutaireNaam", "Company.name"),
    ("Naamgeving", "naam", "Company.name when statutaireNaam is absent, else Company.trade_names"),
    ("Naamgeving", "ookGenoemd", "Company.aliases"),
    ("Naamgeving", "startdatum", "Company.valid_from"),
    ("Naamgeving", "einddatum", "Company.end_date, Company.valid_to"),
    ("Naamgeving", "vestigingen[].vestigingsnummer", "Company.establishment_number, Company.establishments"),
    ("Naamgeving", "vestigingen[].{eersteHandelsnaam,handelsnamen[].naam}", "Company.trade_names"),
    ("Naamgeving", "vestigingen[].{naam,ookGenoemd}", "Company.aliases (non-commercial establishment)"),
    ("fout", "fout[].{code,omschrijving}", "refused: the file is a KvK error answer"),
    ("Vestigingsprofiel", "websites[]", "Company.website"),
    ("adres", "type", "located_at.kind (bezoekadres | postadres)"),
    ("adres", "indAfgeschermd", "Ja: no Address; Company.shielded_addresses gets the type"),
    ("adres", "straatnaam", "Address.street"),
    ("adres", "huisnummer", "Address.house_number"),
    ("adres", "huisletter", "Address.house_letter"),
    ("adres", "huisnummerToevoeging", "Address.house_number_addition"),
    ("adres", "postcode", "Address.postcode"),
    ("adres", "postbusnummer", "Address.po_box"),
    ("adres", "plaats", "Address.city"),
    ("adres", "land", "Address.country (foreign when not Nederland)"),
    ("adres", "straatHuisnummer", "Address.street + house_number (foreign)"),
    ("adres", "postcodeWoonplaats", "Address.city (foreign)"),
    ("adres", "volledigAdres", "parsed when the parts are missing"),
    ("adres", "(no postcode + huisnummer, no postbus)", "Company.places, not an Address"),
)

# Bulk tables: folded header -> KvK field name, so `KvK-nummer`, `KVK nummer` and `kvkNummer` all map.
HEADER_ALIASES: dict[str, str] = {
    "kvknummer": "kvkNummer", "kvk nummer": "kvkNummer", "kvk": "kvkNummer", "kvk nr": "kvkNummer",
    "kvk nummer onderneming": "kvkNummer", "vestigingsnummer": "vestigingsnummer", "vestigingsnr": "vestigingsnummer",
    "rsin": "rsin", "statutairenaam": "statutaireNaam", "statutaire naam": "statutaireNaam",
    "naam onderneming": "statutaireNaam", "bedrijfsnaam": "statutaireNaam", "handelsnaam": "handelsnamen",
    "handelsnamen": "handelsnamen", "eerste handelsnaam": "handelsnamen", "eerstehandelsnaam": "handelsnamen",
    "rechtsvorm": "rechtsvorm", "uitgebreide rechtsvorm": "rechtsvorm", "uitgebreiderechtsvorm": "rechtsvorm",
    "sbi": "sbiCode", "sbi code": "sbiCode", "sbicode": "sbiCode", "sbi codes": "sbiCode", "sbicodes": "sbiCode",
    "sbi activiteiten": "sbiCode", "hoofdactiviteit": "hoofdactiviteit", "sbi hoofdactiviteit": "hoofdactiviteit",
    "straat": "straatnaam", "straatnaam": "straatnaam", "huisnummer": "huisnummer", "huisnr": "huisnummer",
    "huisletter": "huisletter", "toevoeging": "huisnummerToevoeging",
    "huisnummertoevoeging": "huisnummerToevoeging", "huisnummer toevoeging": "huisnummerToevoeging",
    "postcode": "postcode", "plaats": "plaats", "vestigingsplaats": "plaats", "woonplaats": "plaats",
    "land": "land", "adres": "volledigAdres", "volledig adres": "volledigAdres", "volledigadres": "volledigAdres",
    "postbus": "postbusnummer", "postbusnummer": "postbusnummer",
    "datum aanvang": "datumAanvang", "datumaanvang": "datumAanvang", "datum oprichting": "datumAanvang",
    "datum inschrijving": "formeleRegistratiedatum", "formeleregistratiedatum": "formeleRegistratiedatum",
    "datum einde": "datumEinde", "datumeinde": "datumEinde", "datum opheffing": "datumEinde",
    "werkzame personen": "totaalWerkzamePersonen", "totaalwerkzamepersonen": "totaalWerkzamePersonen",
    "functie": "functie", "rol": "functie", "functietitel": "functie", "bevoegdheid": "bevoegdheid",
    "datum in functie": "datumAanvang", "datum uit functie": "datumEinde",
    "naam functionaris": "naam", "naam": "naam", "functionaris": "naam",
    "voornamen": "voornamen", "voorvoegsel": "voorvoegsel", "tussenvoegsel": "voorvoegsel",
    "geslachtsnaam": "geslachtsnaam", "achternaam": "geslachtsnaam", "geboortedatum": "geboortedatum",
    "geboorteplaats": "geboorteplaats", "kvk nummer functionaris": "functionarisKvkNummer",
    "kvknummer functionaris": "functionarisKvkNummer", "functionariskvknummer": "functionarisKvkNummer",
    "naam functionaris rechtspersoon": "functionarisNaam", "functionarisnaam": "functionarisNaam",
}


# -- small readers of KvK values --------------------------------------------------------------------------
class _Where:
    """Names the record and field for errors: `file: row 3, column '_embedded.hoofdvestiging...'`."""

    def __init__(self, file: Path, row: int, limits: Limits = DEFAULT_LIMITS):
        self.file = file
        self.row = row
        self.limits = limits

    def error(self, path: str, message: str, value: Any = None) -> ImportDataError:
        return ImportDataError(message, file=self.file, row=self.row, field=path, value=value)


def _obj(value: Any, where: _Where, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise where.error(path, f"expected an object, got {type(value).__name__}", value)
    return value


def _list(value: Any, where: _Where, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error(path, f"expected a list, got {type(value).__name__}", value)
    return value


_NAME_FIELDS = ("naam", "statutaireNaam", "eersteHandelsnaam", "ookGenoemd", "vervallenNaam", "handelsnaam")


def _text(value: Any, where: _Where, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise where.error(path, f"expected text, got {type(value).__name__}", value)
    raw = str(value)
    problem = where.limits.problem(raw, is_name=path.rsplit(".", 1)[-1] in _NAME_FIELDS)
    if problem is not None:
        raise where.error(path, problem, value)
    text = " ".join(raw.split())
    return text or None


def _yes(value: Any) -> bool:
    return (isinstance(value, str) and value.strip().lower() in {"ja", "j", "true", "yes"}) or value is True


def kvk_date(value: Any, where: _Where, path: str) -> str | None:
    """KvK dates are `yyyymmdd`; unknown parts are `00` (`20150100`): day 00 -> 01, month 00 -> no date."""
    text = _text(value, where, path)
    if text is None or set(text) <= {"0"}:
        return None
    if len(text) == 8 and text.isdigit():
        if text[4:6] == "00":
            return None
        if text[6:8] == "00":
            text = text[:6] + "01"
    try:
        return identifiers.date(text)
    except ValidationError as exc:
        raise where.error(path, str(exc), value) from None


def _normal(kind: str, value: Any, where: _Where, path: str) -> Any:
    try:
        return identifiers.NORMALISERS[kind](value)
    except ValidationError as exc:
        raise where.error(path, str(exc), value) from None


# -- records ---------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class KvkRecords:
    """What one KvK document makes."""

    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


class _Builder:
    def __init__(self, schema: Schema, where: _Where, meta: dict[str, Any], reference: str):
        self.schema = schema
        self.where = where
        self.meta = meta
        self.reference = reference
        self.out = KvkRecords()

    def provenance(self) -> Provenance:
        return Provenance(source=self.meta["source"], reference=self.reference, received=self.meta["received"])

    def record_kwargs(self) -> dict[str, Any]:
        return {"provenance": self.provenance(), "reliability": self.meta["reliability"],
                "credibility": self.meta["credibility"], "label": self.meta["label"]}

    def company(self, props: dict[str, Any], valid_from: str | None = None, valid_to: str | None = None) -> Entity:
        props = {k: v for k, v in props.items() if v not in (None, "", [])}
        codes = list(props.get("sbi_codes", [])) + ([props["main_sbi"]] if props.get("main_sbi") else [])
        branches = branches_for(codes)
        if branches:
            props["risk_branches"] = branches
        entity = Entity(type="Company", properties=props, valid_from=valid_from, valid_to=valid_to,
                        **self.record_kwargs())
        try:
            self.schema.prepare_entity(entity)
        except ValidationError as exc:
            raise self.where.error(exc.field or "", str(exc), exc.value) from None
        self.out.entities.append(entity)
        return entity

    def address(self, company: Entity, adres: dict[str, Any], path: str, default_kind: str | None = None) -> None:
        """An address of the company: Address + located_at, or a note that it is shielded."""
        kind = _text(adres.get("type"), self.where, f"{path}.type") or default_kind or "bezoekadres"
        if _yes(adres.get("indAfgeschermd")):
            shielded = set(company.properties.get("shielded_addresses", [])) | {kind}
            company.properties["shielded_addresses"] = sorted(shielded)
            return
        props = self.address_props(adres, path)
        if not props:
            return
        if not is_whole_address(props):
            place = props.get("full") or format_address(props.get("street"), props.get("house_number"),
                                                        props.get("house_letter"),
                                                        props.get("house_number_addition"), props.get("postcode"),
                                                        props.get("city"), None, props.get("country"))
            company.properties["places"] = sorted(set(company.properties.get("places", [])) | {place})
            return
        entity = Entity(type="Address", properties=props, **self.record_kwargs())
        try:
            self.schema.prepare_entity(entity)
        except ValidationError as exc:
            raise self.where.error(f"{path}.{exc.field or ''}", str(exc), exc.value) from None
        self.out.entities.append(entity)
        self.out.relations.append(Relation(type="located_at", source_id=company.id, target_id=entity.id,
                                           properties={"kind": kind}, **self.record_kwargs()))

    def address_props(self, adres: dict[str, Any], path: str) -> dict[str, Any]:
        w = self.where
        land = _text(adres.get("land"), w, f"{path}.land")
        country = identifiers.country(land) if land else None
        full_text = _text(adres.get("volledigAdres"), w, f"{path}.volledigAdres")
        # The Basisprofiel may give straatHuisnummer/postcodeWoonplaats on a Dutch address as well:
        # its own Dutch fields (postcode is part of the address's identity) take precedence then.
        dutch_fields = any(adres.get(k) not in (None, "") for k in ("postcode", "huisnummer", "postbusnummer"))
        combined = "straatHuisnummer" in adres or "postcodeWoonplaats" in adres
        if (country and country != "NL") or (combined and not dutch_fields):
            sh = _text(adres.get("straatHuisnummer"), w, f"{path}.straatHuisnummer")
            street, number, letter, addition = split_street_number(sh) if sh else (None, None, None, None)
            letter, addition = house_parts(letter, addition)
            pw = _text(adres.get("postcodeWoonplaats"), w, f"{path}.postcodeWoonplaats")
            city = _city(" ".join(t for t in (pw or "").split() if not any(ch.isdigit() for ch in t))) if pw else None
            foreign: dict[str, Any] = {"street": street, "house_number": number, "house_letter": letter,
                                       "house_number_addition": addition, "city": city, "country": country or None}
            if not street and full_text:
                foreign = {"full": full_text, "country": country}
            else:
                foreign["full"] = ", ".join(p for p in (sh, pw, land) if p)
            return {k: v for k, v in foreign.items() if v not in (None, "")}
        raw_number, raw_po_box = adres.get("huisnummer"), adres.get("postbusnummer")
        number = None if raw_number in (None, "") else _normal("number", raw_number, w, f"{path}.huisnummer")
        po_box = None if raw_po_box in (None, "") else _normal("number", raw_po_box, w, f"{path}.postbusnummer")
        for value, name in ((number, "huisnummer"), (po_box, "postbusnummer")):
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise w.error(f"{path}.{name}", f"{value!r} is not a positive whole number", value)
        street = _street(_text(adres.get("straatnaam"), w, f"{path}.straatnaam") or "")
        letter, addition = house_parts(_text(adres.get("huisletter"), w, f"{path}.huisletter"),
                                       _text(adres.get("huisnummerToevoeging"), w, f"{path}.huisnummerToevoeging"))
        if letter is not None and len(letter) != 1:
            raise w.error(f"{path}.huisletter", f"a house letter is one letter, got {letter!r}", letter)
        postcode = (None if not adres.get("postcode")
                    else str(_normal("postcode", adres["postcode"], w, f"{path}.postcode")))
        city = _city(_text(adres.get("plaats"), w, f"{path}.plaats") or "")
        if not postcode and not street and full_text:
            try:
                return parse_address(full_text).properties()
            except ValidationError as exc:
                raise w.error(f"{path}.volledigAdres", str(exc), full_text) from None
        props: dict[str, Any] = {"street": street, "house_number": number, "house_letter": letter,
                                 "house_number_addition": addition, "postcode": postcode, "po_box": po_box,
                                 "city": city}
        props = {k: v for k, v in props.items() if v not in (None, "")}
        if not props:
            return {}
        props["full"] = format_address(street, number, letter, addition, postcode, city, po_box)
        bag_id = _bag_id(adres.get("geoData"))
        if bag_id:
            props["bag_id"] = bag_id
        return props


def _bag_id(geo: Any) -> str | None:
    """The BAG nummeraanduiding (the address's own id in the Basisregistratie) from `geoData`."""
    if not isinstance(geo, dict):
        return None
    value = geo.get("nummerAanduidingId")
    return str(value).strip() or None if value not in (None, "") else None


def _sbi(items: list[Any], where: _Where, path: str) -> tuple[list[str], str | None, list[str]]:
    """(codes, main code, `code omschrijving` texts)."""
    codes, main, described = [], None, []
    for i, item in enumerate(items):
        item = _obj(item, where, f"{path}[{i}]")
        code = item.get("sbiCode")
        if code in (None, ""):
            continue
        code = _normal("sbi", code, where, f"{path}[{i}].sbiCode")
        codes.append(code)
        if _yes(item.get("indHoofdactiviteit")):
            main = code
        text = _text(item.get("sbiOmschrijving"), where, f"{path}[{i}].sbiOmschrijving")
        if text:
            described.append(f"{code} {text}")
    return codes, main, described


def _flag(value: Any, where: _Where, path: str) -> bool | None:
    """KvK `Ja`/`Nee` (or a JSON boolean); None when absent; an error for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    text = _text(value, where, path) or ""
    if text.lower() in {"ja", "j", "true"}:
        return True
    if text.lower() in {"nee", "n", "false"}:
        return False
    raise where.error(path, f"expected Ja or Nee, got {text!r}", value)


def _establishment(number: str | None, name: str | None, registered: str | None) -> str | None:
    """`000038509504 Test EMZ Dagobert, ingeschreven 2017-10-10`: an establishment and when it was registered."""
    if not number:
        return None
    text = f"{number} {name}" if name else number
    return f"{text}, ingeschreven {registered}" if registered else text


def _names(items: list[Any], where: _Where, path: str) -> list[str]:
    out = []
    for i, item in enumerate(items):
        item = _obj(item, where, f"{path}[{i}]")
        name = _text(item.get("naam"), where, f"{path}[{i}].naam")
        if name:
            out.append(name)
    return out


def _websites(items: list[Any], where: _Where, path: str) -> list[str]:
    return [t for i, w in enumerate(items) if (t := _text(w, where, f"{path}[{i}]"))]


def _kvk_number(doc: dict[str, Any], where: _Where, path: str = "kvkNummer") -> str:
    value = doc.get("kvkNummer")
    if value in (None, ""):
        raise where.error(path, "kvkNummer is missing")
    return str(_normal("kvk", value, where, path))


def basisprofiel(doc: dict[str, Any], b: _Builder) -> None:
    w = b.where
    emb = _obj(doc.get("_embedded"), w, "_embedded")
    hoofd = _obj(emb.get("hoofdvestiging"), w, "_embedded.hoofdvestiging")
    eigenaar = _obj(emb.get("eigenaar"), w, "_embedded.eigenaar")
    mat = _obj(doc.get("materieleRegistratie"), w, "materieleRegistratie")
    codes, main, described = _sbi(_list(doc.get("sbiActiviteiten"), w, "sbiActiviteiten"), w, "sbiActiviteiten")
    statutair = _text(doc.get("statutaireNaam"), w, "statutaireNaam")
    naam = _text(doc.get("naam"), w, "naam")
    trade = _names(_list(doc.get("handelsnamen"), w, "handelsnamen"), w, "handelsnamen")
    if statutair and naam and naam != statutair:
        trade.append(naam)
    end = kvk_date(mat.get("datumEinde"), w, "materieleRegistratie.datumEinde")
    start = kvk_date(mat.get("datumAanvang"), w, "materieleRegistratie.datumAanvang")
    employees = doc.get("totaalWerkzamePersonen")
    props = {
        "kvk_number": _kvk_number(doc, w), "name": statutair or naam, "trade_names": trade,
        "rsin": _text(eigenaar.get("rsin") or doc.get("rsin"), w, "_embedded.eigenaar.rsin"),
        "legal_form": _text(eigenaar.get("uitgebreideRechtsvorm") or eigenaar.get("rechtsvorm"), w,
                            "_embedded.eigenaar.uitgebreideRechtsvorm"),
        "sbi_codes": codes, "main_sbi": main, "sbi_descriptions": described,
        "non_mailing": _flag(doc.get("indNonMailing"), w, "indNonMailing"),
        "establishments": [e for e in (_establishment(
            _normal("vestiging", hoofd["vestigingsnummer"], w, "_embedded.hoofdvestiging.vestigingsnummer")
            if hoofd.get("vestigingsnummer") else None,
            _text(hoofd.get("eersteHandelsnaam"), w, "_embedded.hoofdvestiging.eersteHandelsnaam"),
            kvk_date(hoofd.get("formeleRegistratiedatum"), w, "_embedded.hoofdvestiging.formeleRegistratiedatum")),)
            if e],
        "registration_date": kvk_date(doc.get("formeleRegistratiedatum"), w, "formeleRegistratiedatum"),
        "end_date": end,
        "employees": None if employees in (None, "") else _normal("number", employees, w, "totaalWerkzamePersonen"),
        "establishment_number": ([_normal("vestiging", hoofd["vestigingsnummer"], w,
                                          "_embedded.hoofdvestiging.vestigingsnummer")]
                                 if hoofd.get("vestigingsnummer") else []),
        "website": _websites(_list(hoofd.get("websites"), w, "_embedded.hoofdvestiging.websites"), w,
                             "_embedded.hoofdvestiging.websites")
        + _websites(_list(eigenaar.get("websites"), w, "_embedded.eigenaar.websites"), w,
                    "_embedded.eigenaar.websites"),
    }
    if start and end and end < start:
        raise w.error("materieleRegistratie.datumEinde", f"end date {end} is before start date {start}", end)
    company = b.company(props, valid_from=start, valid_to=end)
    for base, holder in (("_embedded.hoofdvestiging.adressen", hoofd), ("_embedded.eigenaar.adressen", eigenaar)):
        for i, adres in enumerate(_list(holder.get("adressen"), w, base)):
            b.address(company, _obj(adres, w, f"{base}[{i}]"), f"{base}[{i}]")


def vestigingsprofiel(doc: dict[str, Any], b: _Builder) -> None:
    w = b.where
    codes, main, described = _sbi(_list(doc.get("sbiActiviteiten"), w, "sbiActiviteiten"), w, "sbiActiviteiten")
    trade = _names(_list(doc.get("handelsnamen"), w, "handelsnamen"), w, "handelsnamen")
    first = _text(doc.get("eersteHandelsnaam"), w, "eersteHandelsnaam")
    if first:
        trade.append(first)
    hoofd = _yes(doc.get("indHoofdvestiging"))
    employees = doc.get("totaalWerkzamePersonen")
    props = {
        "kvk_number": _kvk_number(doc, w), "name": _text(doc.get("statutaireNaam"), w, "statutaireNaam"),
        "trade_names": trade, "rsin": _text(doc.get("rsin"), w, "rsin"),
        "establishment_number": [_normal("vestiging", doc["vestigingsnummer"], w, "vestigingsnummer")],
        "sbi_codes": codes, "main_sbi": main if hoofd else None, "sbi_descriptions": described,
        "non_mailing": _flag(doc.get("indNonMailing"), w, "indNonMailing"),
        "establishments": [e for e in (_establishment(
            _normal("vestiging", doc["vestigingsnummer"], w, "vestigingsnummer"), first,
            kvk_date(doc.get("formeleRegistratiedatum"), w, "formeleRegistratiedatum")),) if e],
        "employees": (_normal("number", employees, w, "totaalWerkzamePersonen")
                      if hoofd and employees not in (None, "") else None),
        "website": _websites(_list(doc.get("websites"), w, "websites"), w, "websites"),
    }
    company = b.company(props)
    for i, adres in enumerate(_list(doc.get("adressen"), w, "adressen")):
        b.address(company, _obj(adres, w, f"adressen[{i}]"), f"adressen[{i}]")


def zoeken_resultaat(doc: dict[str, Any], b: _Builder, path: str) -> None:
    w = b.where
    naam = _text(doc.get("naam"), w, f"{path}.naam") or _text(doc.get("handelsnaam"), w, f"{path}.handelsnaam")
    kind = _text(doc.get("type"), w, f"{path}.type") or ""
    vest = doc.get("vestigingsnummer")
    props: dict[str, Any] = {
        "kvk_number": _kvk_number(doc, w, f"{path}.kvkNummer"), "rsin": _text(doc.get("rsin"), w, f"{path}.rsin"),
        "establishment_number": ([_normal("vestiging", vest, w, f"{path}.vestigingsnummer")]
                                 if vest not in (None, "") else []),
        "active": _flag(doc.get("actief"), w, f"{path}.actief"),
        "former_names": [n for n in (_text(doc.get("vervallenNaam"), w, f"{path}.vervallenNaam"),) if n],
    }
    if kind.lower() == "rechtspersoon":
        props["name"] = naam
    elif naam:
        props["trade_names"] = [naam]
    company = b.company(props)
    adres = _obj(doc.get("adres"), w, f"{path}.adres")
    binnen = _obj(adres.get("binnenlandsAdres"), w, f"{path}.adres.binnenlandsAdres")
    buiten = _obj(adres.get("buitenlandsAdres"), w, f"{path}.adres.buitenlandsAdres")
    if binnen:
        b.address(company, binnen, f"{path}.adres.binnenlandsAdres")
    if buiten:
        b.address(company, {**buiten, "land": buiten.get("land") or "onbekend"}, f"{path}.adres.buitenlandsAdres")
    if not adres and any(k in doc for k in ("straatnaam", "postcode", "plaats")):
        # Zoeken v1.3: flat fields; its `type` says hoofdvestiging/rechtspersoon, not the kind of address
        b.address(company, {k: doc.get(k) for k in ("straatnaam", "huisnummer", "huisletter",
                                                      "huisnummerToevoeging", "postcode", "plaats")},
                  path, default_kind="bezoekadres")


def naamgeving(doc: dict[str, Any], b: _Builder) -> None:
    """Naamgeving: every name of the registration and of each establishment, and its start/end dates."""
    w = b.where
    statutair = _text(doc.get("statutaireNaam"), w, "statutaireNaam")
    naam = _text(doc.get("naam"), w, "naam")
    trade = [naam] if statutair and naam and naam != statutair else []
    aliases = [a for a in (_text(doc.get("ookGenoemd"), w, "ookGenoemd"),) if a]
    numbers, establishments = [], []
    for i, vest in enumerate(_list(doc.get("vestigingen"), w, "vestigingen")):
        where = f"vestigingen[{i}]"
        vest = _obj(vest, w, where)
        if vest.get("vestigingsnummer") in (None, ""):
            raise w.error(f"{where}.vestigingsnummer", "vestigingsnummer is missing")
        number = str(_normal("vestiging", vest["vestigingsnummer"], w, f"{where}.vestigingsnummer"))
        first = _text(vest.get("eersteHandelsnaam"), w, f"{where}.eersteHandelsnaam")
        names = _names(_list(vest.get("handelsnamen"), w, f"{where}.handelsnamen"), w, f"{where}.handelsnamen")
        trade += [n for n in (first, *names) if n]
        other = _text(vest.get("naam"), w, f"{where}.naam")  # a non-commercial establishment's name
        aliases += [n for n in (other, _text(vest.get("ookGenoemd"), w, f"{where}.ookGenoemd")) if n]
        numbers.append(number)
        establishments.append(_establishment(number, first or other, None))
    start = kvk_date(doc.get("startdatum"), w, "startdatum")
    end = kvk_date(doc.get("einddatum"), w, "einddatum")
    if start and end and end < start:
        raise w.error("einddatum", f"end date {end} is before start date {start}", end)
    b.company({"kvk_number": _kvk_number(doc, w), "name": statutair or naam, "trade_names": trade,
               "aliases": aliases, "rsin": _text(doc.get("rsin"), w, "rsin"), "end_date": end,
               "establishment_number": numbers, "establishments": establishments},
              valid_from=start, valid_to=end)


_BASIS_FIELDS = {"_embedded", "formeleRegistratiedatum", "materieleRegistratie", "sbiActiviteiten",
                 "statutaireNaam", "handelsnamen", "indNonMailing", "totaalWerkzamePersonen", "naam"}
_NAAMGEVING_FIELDS = {"vestigingen", "startdatum", "einddatum", "ookGenoemd"}


def shape_of(doc: Any) -> str:
    """`zoeken`, `basisprofiel`, `vestigingsprofiel`, `naamgeving` or `fout` (an error answer), from the
    fields the API returns; "" for anything else (refused, never guessed)."""
    if not isinstance(doc, dict):
        return ""
    if "fout" in doc and "kvkNummer" not in doc:
        return "fout"
    if "resultaten" in doc:
        return "zoeken"
    if "kvkNummer" not in doc:
        return ""
    if "vestigingsnummer" in doc:
        return "vestigingsprofiel"
    if doc.keys() & _NAAMGEVING_FIELDS and "_embedded" not in doc:
        return "naamgeving"
    if doc.keys() & _BASIS_FIELDS:
        return "basisprofiel"
    return ""


def _fout_message(doc: dict[str, Any]) -> str:
    """The KvK's own words from an error body: `IPD0004: Het KvK-nummer is niet valide`."""
    raw = doc.get("fout")
    items: list[Any] = raw if isinstance(raw, list) else [raw]
    parts = []
    for item in items[:5]:
        if isinstance(item, dict):
            code, text = item.get("code"), item.get("omschrijving")
            parts.append(": ".join(str(p)[:200] for p in (code, text) if p not in (None, "")))
        elif item not in (None, ""):
            parts.append(str(item)[:200])
    return "; ".join(p for p in parts if p) or "no message"


def records_from_document(doc: Any, schema: Schema, where: _Where, meta: dict[str, Any]) -> KvkRecords:
    """Entities and relations of one KvK API document; ImportDataError names file, record and field."""
    shape = shape_of(doc)
    if shape == "zoeken":
        out = KvkRecords()
        for i, res in enumerate(_list(doc["resultaten"], where, "resultaten")):
            res = _obj(res, where, f"resultaten[{i}]")
            ref = f"zoeken/{res.get('kvkNummer')}/{res.get('vestigingsnummer') or ''}"
            b = _Builder(schema, where, meta, ref)
            zoeken_resultaat(res, b, f"resultaten[{i}]")
            out.entities += b.out.entities
            out.relations += b.out.relations
        return out
    if shape == "basisprofiel":
        b = _Builder(schema, where, meta, f"basisprofiel/{doc.get('kvkNummer')}")
        basisprofiel(doc, b)
        return b.out
    if shape == "vestigingsprofiel":
        b = _Builder(schema, where, meta, f"vestigingsprofiel/{doc.get('vestigingsnummer')}")
        vestigingsprofiel(doc, b)
        return b.out
    if shape == "naamgeving":
        b = _Builder(schema, where, meta, f"naamgeving/{doc.get('kvkNummer')}")
        naamgeving(doc, b)
        return b.out
    if shape == "fout":
        raise where.error("fout", f"the file holds a KvK error answer, not data: {_fout_message(doc)}")
    keys = ", ".join(sorted(map(str, doc))[:8]) if isinstance(doc, dict) else type(doc).__name__
    raise where.error("", "not a KvK Zoeken, Basisprofiel, Vestigingsprofiel or Naamgeving document "
                      f"(fields: {keys or 'none'})")


def _check_depth(doc: Any, path: Path, row: int) -> None:
    depth = json_depth(doc)
    if depth is not None:
        raise ImportDataError(f"JSON nested more than {JSON_DEPTH} levels deep (KvK documents nest 4)", file=path,
                              row=row)


def iter_documents(path: Path) -> Iterator[tuple[int, Any]]:
    """(record number, document): a JSON object, a JSON array of objects, or JSON lines."""
    try:
        with path.open("r", encoding="utf-8-sig") as fh:
            head = fh.read(1 << 16)
            stripped = head.lstrip()
            if path.suffix.lower() in {".jsonl", ".ndjson"} or (stripped.startswith("{") and "}\n{" in head):
                fh.seek(0)
                for n, line in enumerate(fh, 1):
                    if line.strip():
                        try:
                            doc = json.loads(line)
                        except json.JSONDecodeError as exc:
                            raise ImportDataError(f"not valid JSON ({exc.msg}, column {exc.colno})", file=path,
                                                  row=n) from None
                        except RecursionError:
                            raise ImportDataError("JSON nested too deeply", file=path, row=n) from None
                        if line.count("{") + line.count("[") > JSON_DEPTH:  # else it cannot nest deeper
                            _check_depth(doc, path, n)
                        yield n, doc
                return
            text = head + fh.read()
    except UnicodeDecodeError as exc:
        raise ImportDataError(f"not UTF-8 JSON ({exc.reason} at byte {exc.start})", file=path) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportDataError(f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})", file=path,
                              row=exc.lineno) from None
    except RecursionError:
        raise ImportDataError("JSON nested too deeply", file=path, row=1) from None
    _check_depth(data, path, 1)
    if isinstance(data, list):
        yield from enumerate(data, 1)
    else:
        yield 1, data


# -- bulk tables -----------------------------------------------------------------------------------------------
def canonical_headers(columns: Iterable[Any]) -> dict[str, str]:
    """Original header -> KvK field name, for the headers we know."""
    out = {}
    for c in columns:
        key = fold(str(c)).strip()
        if key in HEADER_ALIASES:
            out[str(c)] = HEADER_ALIASES[key]
        elif key.replace(" ", "") in HEADER_ALIASES:
            out[str(c)] = HEADER_ALIASES[key.replace(" ", "")]
    return out


def table_kind(columns: Iterable[Any]) -> str:
    """`functionarissen` when the table has a function/role column, else `companies`."""
    fields = set(canonical_headers(columns).values())
    if "kvkNummer" not in fields:
        return ""
    return "functionarissen" if "functie" in fields else "companies"


@lru_cache(maxsize=100_000)
def _whole_address_text(text: str) -> bool:
    """True when the text reads as an address that identifies a place (or cannot be read at all: the
    importer then reports it with its row)."""
    if not text.strip():
        return False
    try:
        return is_whole_address(parse_address(text).properties())
    except ValidationError:
        return True


def prepare_kvk_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename known headers to KvK field names and derive what the packaged specs read."""
    mapping = canonical_headers(frame.columns)
    seen: set[str] = set()
    rename = {}
    for c in frame.columns:
        target = mapping.get(str(c))
        if target and target not in seen:
            rename[c] = target
            seen.add(target)
    frame = frame.rename(columns=rename)
    n = len(frame)
    blank = pd.Series([""] * n, index=frame.index, dtype=object)
    for col in ("kvkNummer", "vestigingsnummer", "statutaireNaam", "handelsnamen", "rechtsvorm", "sbiCode",
                "hoofdactiviteit", "straatnaam", "huisnummer", "huisletter", "huisnummerToevoeging", "postcode",
                "postbusnummer", "plaats", "land", "volledigAdres", "datumAanvang", "datumEinde",
                "formeleRegistratiedatum", "functie", "bevoegdheid", "naam", "voornamen", "voorvoegsel",
                "geslachtsnaam", "geboortedatum", "geboorteplaats", "functionarisKvkNummer", "functionarisNaam",
                "rsin", "totaalWerkzamePersonen"):
        if col not in frame.columns:
            frame[col] = blank
    # A functionaris's name from its parts when there is no full name.
    parts = (frame["voornamen"].str.strip() + " " + frame["voorvoegsel"].str.strip() + " "
             + frame["geslachtsnaam"].str.strip()).str.split().str.join(" ")
    frame["naam"] = frame["naam"].where(frame["naam"].str.strip() != "", parts)
    # A structured address as one text for the address parser, when there is no full address.
    street = (frame["straatnaam"].str.strip() + " " + frame["huisnummer"].str.strip()
              + frame["huisletter"].str.strip() + ("-" + frame["huisnummerToevoeging"].str.strip()).where(
                  frame["huisnummerToevoeging"].str.strip() != "", ""))
    po = ("Postbus " + frame["postbusnummer"].str.strip()).where(frame["postbusnummer"].str.strip() != "", "")
    first = street.where(street.str.strip() != "", po).str.strip()
    second = (frame["postcode"].str.strip() + " " + frame["plaats"].str.strip()).str.strip()
    built = (first + ", " + second).str.strip(", ")
    land = frame["land"].str.strip()
    built = built.where((land == "") | land.str.lower().isin(["nederland", "nl", "nld"]), built + ", " + land)
    frame["volledigAdres"] = frame["volledigAdres"].where(frame["volledigAdres"].str.strip() != "", built)
    # A place without postcode + house number is the company's property (`places`), not an Address.
    whole = frame["volledigAdres"].map(_whole_address_text)
    frame["plaatsen"] = frame["volledigAdres"].where(~whole & (frame["volledigAdres"].str.strip() != ""), "")
    frame["volledigAdres"] = frame["volledigAdres"].where(whole, "")
    # Legal persons as functionaris: no person row.
    is_company = frame["functionarisKvkNummer"].str.strip() != ""
    frame["persoonNaam"] = frame["naam"].where(~is_company, "")
    frame["persoonGeboortedatum"] = frame["geboortedatum"].where(~is_company, "")
    frame["persoonGeboorteplaats"] = frame["geboorteplaats"].where(~is_company, "")
    frame["functionarisNaam"] = frame["functionarisNaam"].where(frame["functionarisNaam"].str.strip() != "",
                                                                frame["naam"].where(is_company, ""))
    return frame


# -- the import ------------------------------------------------------------------------------------------------
def import_kvk_files(store: Store, paths: Iterable[str | Path], *, dry_run: bool = False,
                     source: str = SOURCE, reliability: str | None = "A", credibility: str | None = "1",
                     label: str = "open", received: str | None = None,
                     progress: Callable[[int], None] | None = None,
                     limits: Limits = DEFAULT_LIMITS) -> list[ImportResult]:
    """Import KvK JSON documents and bulk tables, all files in ONE transaction (dry run rolls back)."""
    meta = {"source": source, "reliability": reliability, "credibility": credibility, "label": label,
            "received": received or dt.date.today().isoformat(), "limits": limits}
    results: list[ImportResult] = []
    files = [Path(p) for p in paths]
    try:
        with import_transaction(store, kind="kvk", files=[str(p) for p in files], source=source) as summary, \
                bulk_load(store, files, JSON_BYTES_PER_RECORD):
            for path in files:
                if not path.exists():
                    raise ImportDataError("no such file", file=path)
                if path.suffix.lower() in EXCEL_SUFFIXES | {".csv", ".txt", ".tsv"}:
                    results.append(_import_kvk_table(store, path, meta, progress))
                else:
                    results.append(_import_kvk_json(store, path, meta, progress))
            if dry_run:
                raise _DryRun
            summary.update(rows=sum(r.rows for r in results),
                           entities_created=sum(r.entities.created for r in results),
                           entities_updated=sum(r.entities.updated for r in results),
                           relations_created=sum(r.relations.created for r in results),
                           relations_updated=sum(r.relations.updated for r in results))
    except _DryRun:
        for r in results:
            r.dry_run = True
    return results


def _import_kvk_json(store: Store, path: Path, meta: dict[str, Any],
                     progress: Callable[[int], None] | None) -> ImportResult:
    result = ImportResult(file=str(path))
    entities: list[Entity] = []
    relations: list[Relation] = []
    pending = 0

    def flush() -> None:
        keep_legacy_ids(store, entities, relations)
        _add(result.entities, store.upsert_entities(entities))
        _add(result.relations, store.upsert_relations(relations))
        entities.clear()
        relations.clear()

    for row, doc in iter_documents(path):
        recs = records_from_document(doc, store.schema, _Where(path, row, meta["limits"]), meta)
        entities.extend(recs.entities)
        relations.extend(recs.relations)
        result.records_by_type.update(e.type for e in recs.entities)
        result.records_by_type.update(r.type for r in recs.relations)
        result.rows += 1
        pending += 1
        if pending >= BATCH_DOCUMENTS:
            flush()
            if progress is not None:
                progress(pending)
            pending = 0
    flush()
    if progress is not None and pending:
        progress(pending)
    return result


def _import_kvk_table(store: Store, path: Path, meta: dict[str, Any],
                      progress: Callable[[int], None] | None) -> ImportResult:
    from importers.tables import excel_sheets, read_csv_chunks

    if path.suffix.lower() in EXCEL_SUFFIXES:
        sheets = excel_sheets(path)
        header = pd.read_excel(path, sheet_name=sheets[0] if sheets else 0, nrows=0).columns
    else:
        header = next(iter(read_csv_chunks(path, chunk_rows=1))).frame.columns
    kind = table_kind(header)
    if not kind:
        raise ImportDataError("not a KvK table: no column kvkNummer / KvK-nummer (columns: "
                              f"{', '.join(map(str, header))})", file=path, row=1, field="kvkNummer")
    spec = load_spec(f"kvk_{kind}", schema=store.schema)
    from dataclasses import replace
    spec = replace(spec, source=meta["source"], reliability=meta["reliability"], credibility=meta["credibility"],
                   label=meta["label"], received=meta["received"], limits=meta["limits"])
    return import_table_file(store, path, spec, progress=progress, prepare=prepare_kvk_frame)
