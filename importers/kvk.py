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
A file holds one such document, a JSON array of them, or JSON lines (one per line); a folder
holds such files (one import, read as one stream). `importers.kvk_json` maps the documents,
working out each repeated value once per import, and counts what no property keeps (reported
in the result's warnings, never dropped silently). A document of another shape is refused,
not guessed; a KvK error body (`{"fout": [...]}`, saved instead of an answer) is refused with
the KvK's own message.

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

A document's reference is what it is (`basisprofiel/<kvkNummer>`, `vestigingsprofiel/<vestigingsnummer>`,
`naamgeving/<kvkNummer>`, `zoeken/<kvkNummer>/<vestigingsnummer>`), never the file or line it was saved in:
the same profile saved twice is one source restating itself, and a record it names twice (in one batch
or far apart) is stored as a record named once. Documents reach the store BATCH_DOCUMENTS at a time as
columns (`KvkRows` -> `graph.prepared_entities.canonical_entity_rows` and `graph.prepared.relation_rows`,
the store's bulk entries `upsert_entity_rows` / `upsert_relation_rows`): the mapper made each record
canonical with the schema's own normalisers (id, caption, canonical JSON, search text; an address once
per distinct address), so neither an Entity object nor a second preparation is made per record. A large
input (`importers.kvk_pipeline.PIPELINE_BYTES`) is mapped in a child process while this one stores the batch
before: the same batches in the same order, so the same project, in about the time the store alone takes. The
object path (`upsert_entities(canonical=True)`) stays behind `COLUMNS = False`: a test holds the two
to storing the same project.

The API does not return functionarissen (directors, owners, partners, signatories);
KvK extracts and case files do, as tables. Those and bulk company tables go through the
case importer with the packaged specs `kvk_companies` and `kvk_functionarissen`, after
their headers are mapped to KvK field names (`HEADER_ALIASES`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from graph.errors import ValidationError
from graph.ids import keep_legacy_ids
from graph.model import Entity, Provenance
from graph.prepared import follow_moved, upsert_rows
from graph.prepared_entities import keep_legacy_ids as keep_legacy_rows
from graph.prepared_entities import store_entity_rows
from graph.schema import Schema
from graph.store import Store
from graph.stores.records import made_props
from graph.text import fold
from importers import kvk_pipeline
from importers.activity import bulk_load, cyclic_gc_paused, import_transaction
from importers.addresses import is_whole_address, parse_address
from importers.case_import import ImportResult, _add, _DryRun, import_table_file
from importers.errors import ImportDataError
from importers.kvk_json import (  # noqa: F401  (the document mapper's names, as callers know them)
    KvkRecords,
    KvkRows,
    MapCache,
    _Where,
    iter_documents,
    kvk_date,
    not_kept_warning,
    records_from_document,
    rows_from_document,
    shape_of,
)
from importers.kvk_pipeline import JSON_SUFFIXES, json_files  # noqa: F401  (as callers know them)
from importers.limits import DEFAULT_LIMITS, Limits
from importers.spec import load_spec
from importers.tables import EXCEL_SUFFIXES

SOURCE = "KvK Handelsregister"
BATCH_DOCUMENTS = 5000
COLUMNS = True  # the bulk path (columns); False: Entity and Relation objects, as before (tests compare)
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
    ("Basisprofiel", "totaalWerkzamePersonen", "Company.employees (else the hoofdvestiging's)"),
    ("Basisprofiel", "_embedded.hoofdvestiging.voltijdWerkzamePersonen", "Company.employees_fulltime"),
    ("Basisprofiel", "_embedded.hoofdvestiging.deeltijdWerkzamePersonen", "Company.employees_parttime"),
    ("Basisprofiel", "_embedded.hoofdvestiging.sbiActiviteiten[]",
     "Company.sbi_codes, sbi_descriptions (+ risk_branches); main_sbi when the company names none"),
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
    ("Vestigingsprofiel", "indHoofdvestiging", "Ja: totaalWerkzamePersonen -> Company.employees, "
     "voltijdWerkzamePersonen -> employees_fulltime, deeltijdWerkzamePersonen -> employees_parttime; "
     "Nee: the counts are reported as not kept"),
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
    ("adres", "aanduidingBijHuisnummer", "Address.house_number_addition gets `T/O` (tegenover) or `BIJ` after it: "
     "`t/o 101` is another Address than 101, the one free text `101 t/o` names"),
    ("adres", "toevoegingAdres", "located_at.address_addition (the company's part of the address; a place gets it "
     "in brackets)"),
    ("adres", "geoData.nummerAanduidingId", "Address.bag_id"),
    ("adres", "postcode", "Address.postcode"),
    ("adres", "postbusnummer", "Address.po_box"),
    ("adres", "plaats", "Address.city"),
    ("adres", "land", "Address.country (foreign when not Nederland)"),
    ("adres", "straatHuisnummer", "Address.street + house_number (foreign)"),
    ("adres", "postcodeWoonplaats", "Address.city (foreign)"),
    ("adres", "volledigAdres", "parsed when the parts are missing"),
    ("adres", "(no postcode + huisnummer, no postbus)", "Company.places, not an Address"),
    ("any", "links[], _links", "not kept, unsaid: the API's own hyperlinks"),
    ("Zoeken", "pagina, aantal, totaal, resultatenPerPagina, vorige, volgende",
     "not kept, unsaid: the answer's paging"),
    ("any", "(every other field)", "not kept: listed with its count in the import's warnings (`not kept: ...`)"),
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
    """Import KvK JSON documents (files, or folders of them) and bulk tables, all in ONE transaction
    (dry run rolls back). A folder is one result: its JSON files (sorted, subfolders too) in one stream."""
    meta = {"source": source, "reliability": reliability, "credibility": credibility, "label": label,
            "received": received or dt.date.today().isoformat(), "limits": limits}
    results: list[ImportResult] = []
    files = [Path(p) for p in paths]
    try:
        with import_transaction(store, kind="kvk", files=[str(p) for p in files], source=source) as summary, \
                bulk_load(store, (f for p in files for f in json_files(p)), JSON_BYTES_PER_RECORD):
            for path in files:
                if not path.exists():
                    raise ImportDataError("no such file", file=path)
                if path.suffix.lower() in EXCEL_SUFFIXES | {".csv", ".txt", ".tsv"} and not path.is_dir():
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


def _checked_meta(schema: Schema, meta: dict[str, Any], path: Path) -> dict[str, Any]:
    """Grading, label and date received checked once (the mapper makes records that need no second look)."""
    probe = Entity(type="Company", properties={"kvk_number": "00000000"},
                   provenance=Provenance(source=meta["source"], reference="probe", received=meta["received"]),
                   reliability=meta["reliability"], credibility=meta["credibility"], label=meta["label"])
    try:
        schema.prepare_entity(probe)
    except ValidationError as exc:
        raise ImportDataError(str(exc), file=path, field=exc.field or None, value=exc.value) from None
    assert probe.provenance is not None
    return {**meta, "received": probe.provenance.received, "credibility": probe.credibility,
            "cache": MapCache(schema)}


def _import_kvk_json(store: Store, path: Path, meta: dict[str, Any],
                     progress: Callable[[int], None] | None) -> ImportResult:
    """One file or folder of KvK documents, handed to the store in batches of BATCH_DOCUMENTS."""
    with cyclic_gc_paused():
        return _import_documents(store, path, meta, progress)


def _import_documents(store: Store, path: Path, meta: dict[str, Any],
                      progress: Callable[[int], None] | None) -> ImportResult:
    result = ImportResult(file=str(path))
    meta = _checked_meta(store.schema, meta, path)
    if COLUMNS:  # mapped in a child process while this one stores, when the input is large (importers.kvk_pipeline)
        with kvk_pipeline.batches(path, store.schema, meta, BATCH_DOCUMENTS) as mapped:
            for documents, rows in mapped:
                _store_rows(store, rows, result)
                result.rows += documents
                if progress is not None and documents:
                    progress(documents)
    else:
        _import_records(store, path, meta, progress, result)
    warning = not_kept_warning(path.name, meta["cache"])
    if warning:
        result.warnings.append(warning)
    return result


def _import_records(store: Store, path: Path, meta: dict[str, Any], progress: Callable[[int], None] | None,
                    result: ImportResult) -> None:
    """The object path (`COLUMNS = False`), kept so that a test can compare what the two store."""
    limits = meta["limits"]
    batch = _RecordBatch()
    pending = 0
    for file in json_files(path):
        for row, doc in iter_documents(file):
            batch.add(doc, store.schema, _Where(file, row, limits), meta)
            result.rows += 1
            pending += 1
            if pending >= BATCH_DOCUMENTS:
                batch.flush(store, meta, result)
                batch = _RecordBatch()
                if progress is not None:
                    progress(pending)
                pending = 0
    batch.flush(store, meta, result)
    if progress is not None and pending:
        progress(pending)


def _store_rows(store: Store, batch: kvk_pipeline.Prepared, result: ImportResult) -> None:
    """A batch's records through the store's bulk entries (`upsert_entity_rows`, `upsert_relation_rows`)."""
    entities, relations, counts, forms = batch
    entities, moved = keep_legacy_rows(store, entities)  # only a record without identity can hold an old id
    if moved:
        relations = follow_moved(store.schema, relations, moved)
    with made_props(forms):
        _add(result.entities, store_entity_rows(store, entities))
    _add(result.relations, upsert_rows(store, relations))
    result.records_by_type.update(counts)


class _RecordBatch:
    """A batch of documents' records as Entity and Relation objects (`upsert_entities(canonical=True)`):
    the path before the bulk entries, kept so that a test can compare what the two store."""

    def __init__(self) -> None:
        self.records = KvkRecords()

    def add(self, doc: Any, schema: Schema, where: _Where, meta: dict[str, Any]) -> None:
        recs = records_from_document(doc, schema, where, meta)
        self.records.entities += recs.entities
        self.records.relations += recs.relations
        self.records.keyless += recs.keyless

    def flush(self, store: Store, meta: dict[str, Any], result: ImportResult) -> None:
        batch = self.records
        keep_legacy_ids(store, batch.keyless, batch.relations)
        _add(result.entities, store.upsert_entities(batch.entities, canonical=True))  # the mapper made them canonical
        _add(result.relations, store.upsert_relations(batch.relations))
        result.records_by_type.update(e.type for e in batch.entities)
        result.records_by_type.update(r.type for r in batch.relations)


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
