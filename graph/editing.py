"""Records by hand: create, edit and delete entities and relations as an analyst does.

Imports and hand entry follow one set of rules: values are checked and canonicalised by
the schema (`graph/schema.yaml`, `graph/identifiers.py`), and identity decides which
record a value belongs to -- entering a KvK number that the project holds yields that
company, not a second one. What hand entry adds:

- errors name the field at fault (`birth_date: date '31-02-1980' is not a valid date`),
  so the CLI prints one line and a form marks the field;
- the acting member's clearance is checked before anything is written, and refusals
  are audited;
- every change is one audit entry with the record as it was before and after, so a
  correction is traceable and the GUI can undo it.

An edit merges like an import does (single values replaced, multi values gathered).
What a merge cannot express -- removing a value, clearing a validity date, lowering a
label, changing a relation's start date (part of its identity) -- is done by replacing
the record: delete and write back with its relations and sources. That needs a member
who sees every label (else relations hidden from them would be lost with it); others
get a one-line refusal. A replaced record gets the time of the edit as its creation time.

Works through the `Store` protocol, so the SQLite and the Neo4j store alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any, NoReturn

from graph import identifiers
from graph.access.audit import masked
from graph.errors import KnooppuntError, NotFound, PermissionDenied, SchemaError, ValidationError
from graph.ids import keep_legacy_ids
from graph.model import DEFAULT_LABEL, SECURITY_LABELS, Entity, Provenance, Record, Relation, now_iso
from graph.said import Said, relabelled, said_about, write_back
from graph.schema import PropertySpec, Schema
from graph.store import SourceRecord, Store
from graph.stores.records import label_rank
from graph.text import counted

MANUAL_SOURCE = "handmatige invoer"  # the source of a record entered without one
_GRADING = re.compile(r"^\s*([A-Fa-f-]?)\s*([1-6-]?)\s*$")
MULTI_SEPARATOR = ";"


@dataclass(slots=True)
class RecordMeta:
    """What an analyst states about a record besides its properties (all optional)."""

    source: str | None = None
    reference: str | None = None
    received: str | None = None
    grading: str | None = None  # "B2", "B", "-2"
    label: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(slots=True)
class HandStatement:
    """What a hand edit says (only what changed) and which values of the view it takes away."""

    record: Record
    said_anything: bool
    removed: list[tuple[str, Any]]


class NeedsEveryLabel(PermissionDenied):
    """Undoing (or replacing) a record rewrites it from every source's statements, so it needs a member
    who sees every label: a member with a lower clearance cannot read the statements and relations above
    it (their key does not open those files), and writing the record back without them loses them.

    Why not just take back the member's own statements? The store has no way to remove a single
    statement: the record is deleted and written back, which is what loses the hidden ones.
    `action`: "undo" or "replace"; `record_id`, `member`: for a message in the interface language."""

    def __init__(self, message: str, *, record_id: str, member: str, action: str):
        super().__init__(message)
        self.record_id, self.member, self.action = record_id, member, action


@dataclass(slots=True)
class Change:
    """One change to the project: what the audit log and the GUI's undo stack keep."""

    action: str  # create | update | delete | replace
    record_id: str
    before: Record | None
    after: Record | None
    relations: list[Relation] = field(default_factory=list)  # deleted with an entity
    sources: list[SourceRecord] = field(default_factory=list)  # the record's sources before
    said: list[Said] = field(default_factory=list)  # what each source said before (undo writes it back)
    relations_said: dict[str, list[Said]] = field(default_factory=dict)  # the same for the relations
    hand: Provenance | None = None  # who the edit's statements are attributed to
    statement: HandStatement | None = None  # what the edit said and took back (redo says it again)


def is_relation_id(record_id: str) -> bool:
    return record_id.startswith("rel-")


def parse_assignments(pairs: Iterable[str], option: str = "--set") -> dict[str, str]:
    """`name=value` pairs (the CLI's --set); a pair without `=` is an error naming it."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"{option} {pair!r}: expected NAME=VALUE", field=option, value=pair)
        out[name.strip()] = value
    return out


def parse_grading(text: str | None) -> tuple[str | None, str | None]:
    """Admiralty code as analysts write it (`B2`, `b2`, `B`, `-2`) -> (reliability, credibility)."""
    if text is None or not text.strip():
        return None, None
    m = _GRADING.match(text)
    if not m or not (m.group(1) or m.group(2)):
        raise ValidationError(f"grading: {text!r} is not an Admiralty code such as B2 (A-F, 1-6)",
                              field="grading", value=text)
    rel, cred = m.group(1).upper(), m.group(2)
    return (rel if rel and rel != "-" else None), (cred if cred and cred != "-" else None)


def _field_error(name: str, exc: ValidationError) -> ValidationError:
    message = str(exc)
    text = message if message.startswith(f"{name}:") else f"{name}: {message}"
    return ValidationError(text, field=name, value=exc.value)


def normalise_value(spec: PropertySpec, value: Any) -> Any:
    """One form value in canonical form; `a; b` splits into several for a multi property."""
    try:
        if spec.multi:
            items = value if isinstance(value, list | tuple) else str(value).split(MULTI_SEPARATOR)
            clean = sorted({spec.normalise(v) for v in items if str(v).strip()}, key=str)
            return clean or None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return spec.normalise(value)
    except ValidationError as exc:
        raise _field_error(spec.name, exc) from None


def normalise_values(schema: Schema, type_name: str, values: Mapping[str, Any], *,
                     relation: bool = False) -> dict[str, Any]:
    """Form or --set values as canonical properties; an unknown name or bad value names the field.

    An empty value means "no value" (the caller decides whether that clears one).
    """
    specs = schema.relation_type(type_name).properties if relation else schema.entity_type(type_name).properties
    out: dict[str, Any] = {}
    for name, value in values.items():
        spec = specs.get(name)
        if spec is None:
            known = ", ".join(specs) or "none"
            raise ValidationError(f"{name}: {type_name} has no property {name!r} (known: {known})",
                                  field=name, value=value)
        out[name] = normalise_value(spec, value)
    return out


def _date(name: str, value: str | None) -> str | None:
    if value is None or not str(value).strip():
        return None
    try:
        return identifiers.date(value)
    except ValidationError as exc:
        raise _field_error(name, exc) from None


def _label(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if value not in SECURITY_LABELS:
        raise ValidationError(f"label: {value!r} is not one of {', '.join(SECURITY_LABELS)}",
                              field="label", value=value)
    return value


def apply_meta(record: Record, meta: RecordMeta, *, new: bool) -> None:
    """Put the stated provenance, grading, label and validity on a record (checked, named)."""
    if meta.grading is not None:
        record.reliability, record.credibility = parse_grading(meta.grading)
    label = _label(meta.label)
    if label is not None:
        record.label = label
    for name in ("valid_from", "valid_to"):
        value = getattr(meta, name)
        if value is not None:
            setattr(record, name, _date(name, value))
    if record.valid_from and record.valid_to and record.valid_to < record.valid_from:
        raise ValidationError(f"valid_to: {record.valid_to} is before valid_from {record.valid_from}",
                              field="valid_to", value=record.valid_to)
    received = _date("received", meta.received)
    if meta.source is not None or meta.reference is not None or received is not None or new:
        old = record.provenance
        source = (meta.source or "").strip() or (old.source if old else "") or MANUAL_SOURCE
        reference = (meta.reference.strip() or None) if meta.reference is not None else (old.reference if old
                                                                                          else None)
        record.provenance = Provenance(source=source, reference=reference,
                                       received=received or (old.received if old else None))


def check_clearance(store: Store, label: str, what: str) -> None:
    """Refuse (and audit) writing a record above the acting member's clearance."""
    if label not in store.caller.clearance:
        denied = getattr(store, "audit_denied", None)
        if denied is not None:
            denied(f"write a record labelled {label!r}")
        raise PermissionDenied(f"label: member {store.caller.user!r} may not {what} a record labelled {label!r} "
                               f"(clearance: {', '.join(sorted(store.caller.clearance))})")


@contextmanager
def audited(store: Store, action: str, **details: Any) -> Iterator[None]:
    """One audit entry for a hand edit; a guarded store also checks the `edit` permission."""
    activity = getattr(store, "activity", None)
    if activity is not None:
        with activity(action, **details):
            yield
        return
    with store.transaction():
        yield
        store.audit(action, **details)


def kept_label(store: Store, record: Record) -> str:
    """The label a record is kept under: an entity's own; a relation's own or its ends', the highest (it lives
    in that label's file). A note, document, agenda item or audit entry about a relation labelled `open` between
    Olaf and a police company took the relation's own label, and put its text in the main file (red team 3)."""
    if not isinstance(record, Relation):
        return record.label
    from graph.access import labelled_settings
    ends = labelled_settings.labels_of(store, [record.source_id, record.target_id]).values()
    return max([record.label, *ends], key=label_rank)


def snapshot(record: Record | None, store: Store | None = None) -> dict[str, Any] | None:
    """A record as the audit log keeps it (before/after): above `open` (for a relation, also when an end is above
    it: `kept_label`, with `store`), its texts as their lengths."""
    if record is None:
        return None
    d = asdict(record)
    for key in ("created_by", "created_at", "updated_by", "updated_at"):
        d.pop(key, None)
    label = record.label if store is None else kept_label(store, record)
    return masked(label, d)  # the log is readable with the `open` key: no values of a higher label


def get_record(store: Store, record_id: str) -> Record:
    """An entity or a relation by id (NotFound when absent or above the caller's clearance)."""
    if is_relation_id(record_id):
        return store.get_relation(record_id)
    return store.get_entity(record_id)


# -- create --------------------------------------------------------------------------------------
def new_entity(schema: Schema, type_name: str, values: Mapping[str, Any], meta: RecordMeta | None = None,
               *, author: str | None = None) -> Entity:
    """A checked, canonical entity from form values; its id follows the identity rules."""
    et = schema.entity_type(type_name)
    props = {k: v for k, v in normalise_values(schema, type_name, values).items() if v is not None}
    if not props:
        first = next(iter(et.caption or et.properties), "name")
        raise ValidationError(f"{first}: a {type_name} needs at least one property value", field=first)
    entity = Entity(type=type_name, properties=props, label=DEFAULT_LABEL, created_by=author)
    apply_meta(entity, meta or RecordMeta(), new=True)
    schema.prepare_entity(entity)  # the id first: a hand entry without identity gets a random one
    _sign(entity, author)
    return entity


def _sign(record: Record, member: str | None) -> None:
    """A record entered by hand is the member's word: `handmatige invoer` with the member as reference."""
    p = record.provenance
    if p is not None and p.source == MANUAL_SOURCE and not p.reference and member:
        record.provenance = Provenance(source=p.source, reference=member, received=p.received or now_iso())


def create_entity(store: Store, type_name: str, values: Mapping[str, Any],
                  meta: RecordMeta | None = None) -> tuple[Entity, Change]:
    """Create an entity, or add to the one with the same identity (same KvK number: that company).

    Returns the entity as stored and the change (`create`, or `update` of the existing one).
    """
    entity = new_entity(store.schema, type_name, values, meta, author=store.caller.user)
    check_clearance(store, entity.label, "create")
    keep_legacy_ids(store, [entity])
    try:
        before: Entity | None = store.get_entity(entity.id)
    except NotFound:
        before = None
    action = "create" if before is None else "update"
    said = said_about(store, before) if before is not None else []
    sources = store.sources(entity.id) if before is not None else []
    with audited(store, "edit", op=f"{action} entity", id=entity.id, type=type_name,
                 before=snapshot(before, store), after=snapshot(entity, store)):
        store.upsert_entities([entity])
    after = store.get_entity(entity.id)
    return after, Change(action, entity.id, before, after, sources=sources, said=said)


def _refuse_end(name: str, type_name: str, end_type: str, allowed: Iterable[str]) -> NoReturn:
    """Each wording whole (not start/end filled in), so the Dutch table has a phrase for each."""
    if name == "source":
        raise SchemaError(f"{name}: {type_name} cannot start at a {end_type} (allowed: {', '.join(allowed)})")
    raise SchemaError(f"{name}: {type_name} cannot end at a {end_type} (allowed: {', '.join(allowed)})")


def create_relation(store: Store, type_name: str, source_id: str, target_id: str,
                    values: Mapping[str, Any] | None = None, meta: RecordMeta | None = None) -> tuple[Relation, Change]:
    """Link two entities; both must exist and be visible, and the schema must allow the pair."""
    schema = store.schema
    rt = schema.relation_type(type_name)
    ends = []
    for name, end_id, allowed in (("source", source_id, rt.source), ("target", target_id, rt.target)):
        try:
            end = store.get_entity(end_id)
        except NotFound:
            raise NotFound(f"{name}: no entity {end_id!r} in the project") from None
        if end.type not in allowed:
            _refuse_end(name, type_name, end.type, allowed)
        ends.append(end)
    props = {k: v for k, v in normalise_values(schema, type_name, values or {}, relation=True).items()
             if v is not None}
    rel = Relation(type=type_name, source_id=source_id, target_id=target_id, properties=props,
                   created_by=store.caller.user)
    apply_meta(rel, meta or RecordMeta(), new=True)
    schema.prepare_relation(rel, ends[0].type, ends[1].type)
    _sign(rel, store.caller.user)
    check_clearance(store, rel.label, "create")
    try:
        before: Relation | None = store.get_relation(rel.id)
    except NotFound:
        before = None
    action = "create" if before is None else "update"
    said = said_about(store, before) if before is not None else []
    with audited(store, "edit", op=f"{action} relation", id=rel.id, type=type_name,
                 before=snapshot(before, store), after=snapshot(rel, store)):
        store.upsert_relations([rel])
    after = store.get_relation(rel.id)
    return after, Change(action, rel.id, before, after, said=said)


# -- edit ------------------------------------------------------------------------------------------
def _specs(schema: Schema, record: Record) -> dict[str, PropertySpec]:
    if isinstance(record, Relation):
        return schema.relation_type(record.type).properties
    return schema.entity_type(record.type).properties


def edited(store: Store, record: Record, values: Mapping[str, Any], meta: RecordMeta | None = None,
           unset: Iterable[str] = ()) -> Record:
    """The record with the changes applied, checked but not written (what a form previews)."""
    schema = store.schema
    is_rel = isinstance(record, Relation)
    props = dict(record.properties)
    for name, value in normalise_values(schema, record.type, values, relation=is_rel).items():
        if value is None:
            props.pop(name, None)
        else:
            props[name] = value
    specs = _specs(schema, record)
    for name in unset:
        if name not in specs:
            raise ValidationError(f"{name}: {record.type} has no property {name!r}", field=name)
        props.pop(name, None)
    new = record.evolve(properties=props)
    new.provenance = Provenance(**asdict(record.provenance)) if record.provenance else None
    apply_meta(new, meta or RecordMeta(), new=False)
    if isinstance(new, Entity):
        et = schema.entity_type(new.type)
        old_key = schema.identity_key(et, record.properties)
        new_key = schema.identity_key(et, new.properties)
        if old_key is not None and new_key != old_key:
            name = next(n for n in (*et.identity, *(p for a in et.identity_alternatives for p in a))
                        if record.properties.get(n) != new.properties.get(n))
            raise ValidationError(f"{name}: identifies this {new.type}; a different value is a different "
                                  f"record (add it, then merge if they are the same)", field=name)
        schema.prepare_entity(new)
        new.id = record.id
    else:
        assert isinstance(new, Relation)
        ends = store.get_entities([new.source_id, new.target_id])
        src = ends.get(new.source_id)
        dst = ends.get(new.target_id)
        new.id = ""
        schema.prepare_relation(new, src.type if src else None, dst.type if dst else None)
    return new


def hand_provenance(store: Store, meta: RecordMeta | None = None) -> Provenance:
    """Whose word a hand edit is: the source the member names, else the member's own hand.

    Hand statements are `handmatige invoer` with the member as reference, so a member's
    edit replaces that member's earlier value and never another member's or a source's.
    """
    meta = meta or RecordMeta()
    source = (meta.source or "").strip() or MANUAL_SOURCE
    reference = (meta.reference or "").strip() or (store.caller.user if source == MANUAL_SOURCE else None)
    # received: the moment of the edit, to the second, so a later word of equal grading outranks
    # an earlier one of the same day (the view's rule: best grading, then most recent)
    received = _date("received", meta.received) or now_iso()
    return Provenance(source=source, reference=reference, received=received)


def update_record(store: Store, record_id: str, values: Mapping[str, Any], meta: RecordMeta | None = None,
                  unset: Iterable[str] = ()) -> tuple[Record, Change]:
    """Edit a record by hand; returns it as stored and the change (with before, for undo).

    What the member changed is a statement of their hand (see `hand_provenance`), folded
    like every source's: other sources' statements stay, and the view follows the schema's
    rules (the KvK decides statutory fields; otherwise the best grading, then the newest).
    """
    before = get_record(store, record_id)
    new = edited(store, before, values, meta, unset)
    check_clearance(store, new.label, "edit")
    explicit = meta is not None and (meta.source is not None or meta.reference is not None)
    return write_record(store, before, new, hand_provenance(store, meta), explicit=explicit)


def _hand_statement(schema: Schema, before: Record, new: Record, hand: Provenance) -> HandStatement:
    specs = _specs(schema, before)
    stated: dict[str, Any] = {}
    removed: list[tuple[str, Any]] = []
    for name, value in new.properties.items():
        old = before.properties.get(name)
        if specs[name].multi:
            added = sorted(set(value) - set(old or []), key=str)
            if added:
                stated[name] = added
        elif value != old:
            stated[name] = value
    for name, old in before.properties.items():
        value = new.properties.get(name)
        if specs[name].multi:
            removed += [(name, v) for v in sorted(set(old) - set(value or []), key=str)]
        elif value is None:
            removed.append((name, old))
    validity: dict[str, str | None] = {"valid_from": None, "valid_to": None}
    for attr in validity:
        value, old = getattr(new, attr), getattr(before, attr)
        if value and value != old:
            validity[attr] = value
        elif old and not value:
            removed.append((f"@{attr}", old))
    record = new.evolve(properties=stated, provenance=hand, created_by=None, created_at=None, updated_by=None,
                        updated_at=None, **validity)
    graded = (new.reliability, new.credibility) != (before.reliability, before.credibility)
    return HandStatement(record, bool(stated) or any(validity.values()) or graded, removed)


def _check_removals(said: list[Said], hand: Provenance, removed: list[tuple[str, Any]]) -> None:
    """A hand edit takes back its own words only; another source's value stays (named, refused)."""
    mine = (hand.source, hand.reference or "")
    for prop, value in removed:
        others = [s for s in said if s.who != mine and (
            s.validity.get(prop) == value if prop.startswith("@") else
            value in s.properties.get(prop, []) if isinstance(s.properties.get(prop), list) else
            s.properties.get(prop) == value)]
        if others:
            names = ", ".join(sorted({f"{s.source} {s.reliability or '-'}{s.credibility or '-'}" for s in others}))
            field_name = prop.lstrip("@")
            raise ValidationError(f"{field_name}: {value!r} is said by {names}; a hand edit does not erase another "
                                  "source's statement (state another value instead)", field=field_name, value=value)


def write_record(store: Store, before: Record, new: Record, hand: Provenance | None = None, *,
                 explicit: bool = False, statement: HandStatement | None = None) -> tuple[Record, Change]:
    """State what changed between `before` and `new` as the hand's statements; audited with both.

    An upsert expresses it when nothing is taken away and the record keeps its id and label
    (or raises it). Taking back the member's own value, lowering a label or moving a relation's
    start replaces the record: deleted and written back from every source's statements, so no
    other source loses a word. That needs a member who sees every label.
    """
    hand = hand or hand_provenance(store)
    said = said_about(store, before)
    sources = store.sources(before.id)
    statement = statement or _hand_statement(store.schema, before, new, hand)
    _check_removals(said, hand, statement.removed)
    lowered = label_rank(new.label) < label_rank(before.label)
    if not statement.removed and new.id == before.id and not lowered:
        with audited(store, "edit", op="update", id=before.id, before=snapshot(before, store),
                     after=snapshot(new, store),
                     hand=f"{hand.source} ({hand.reference or ''})"):
            if statement.said_anything or explicit or new.label != before.label:
                _upsert(store, [statement.record.evolve(label=new.label)])
            if new.label != before.label:
                _raise_label(store, before, new.label, sources)
        after = get_record(store, new.id)
        return after, Change("update", new.id, before, after, sources=sources, said=said, hand=hand,
                             statement=statement)
    if not store.caller.sees_all():
        raise NeedsEveryLabel(f"{before.id}: taking back a value, lowering a label or changing a relation's "
                              f"start needs a member who sees every label (relations hidden from "
                              f"{store.caller.user!r} would be lost); ask the owner",
                              record_id=before.id, member=store.caller.user, action="replace")
    kept = _without(said, hand, statement.removed)
    if lowered:
        kept = relabelled(kept, before.label, new.label)
    base = new.evolve(provenance=before.provenance)
    with audited(store, "edit", op="replace", id=before.id, new_id=new.id, before=snapshot(before, store),
                 after=snapshot(new, store), hand=f"{hand.source} ({hand.reference or ''})"):
        _replace(store, before, base, kept)
        if statement.said_anything:
            _upsert(store, [statement.record.evolve(id=new.id, label=new.label)])
        _move_attachments(store, before.id, new.id)
    after = get_record(store, new.id)
    return after, Change("replace", new.id, before, after, sources=sources, said=said, hand=hand,
                         statement=statement)


def _upsert(store: Store, records: list[Record]) -> None:
    if isinstance(records[0], Entity):
        store.upsert_entities(records)  # type: ignore[arg-type]
    else:
        store.upsert_relations(records)  # type: ignore[arg-type]


def _raise_label(store: Store, before: Record, label: str, sources: list[SourceRecord]) -> None:
    """A record's own first source raises its label (as `fold_statements` allows it), its grading its own."""
    if label_rank(label) <= label_rank(before.label):
        return
    first = sources[0] if sources else None
    grading = (first.reliability, first.credibility) if first else (before.reliability, before.credibility)
    _upsert(store, [before.evolve(properties={}, valid_from=None, valid_to=None, label=label, reliability=grading[0],
                                  credibility=grading[1], created_by=None, created_at=None, updated_by=None,
                                  updated_at=None)])


def _without(said: list[Said], hand: Provenance, removed: list[tuple[str, Any]]) -> list[Said]:
    """The statements minus the hand's own words that the edit takes back."""
    mine = (hand.source, hand.reference or "")
    out = []
    for s in said:
        copy = Said(s.source, s.reference, s.received, s.reliability, s.credibility, s.label, dict(s.properties),
                    dict(s.validity))
        if s.who == mine:
            for prop, value in removed:
                if prop.startswith("@"):
                    copy.validity.pop(prop, None)
                elif isinstance(copy.properties.get(prop), list):
                    copy.properties[prop] = [v for v in copy.properties[prop] if v != value]
                    if not copy.properties[prop]:
                        del copy.properties[prop]
                elif copy.properties.get(prop) == value:
                    del copy.properties[prop]
        out.append(copy)
    return out


def _replace(store: Store, before: Record, base: Record, said: list[Said]) -> None:
    """Delete `before` and write `base` back from `said`; an entity's relations from their own statements.

    Its own relations only: those of an entity merged into it stay with that entity (the merge
    is an alias applied when reading), so they are read below the alias view.
    """
    from graph.access.aliases import unaliased

    relations = unaliased(store).relations_of(before.id) if isinstance(before, Entity) else []
    relations_said = {r.id: said_about(store, r) for r in relations}
    store.delete([before.id])
    write_back(store, base, said)
    for r in relations:
        write_back(store, r, relations_said[r.id])


# -- delete ----------------------------------------------------------------------------------------
def delete_record(store: Store, record_id: str, *, relations: str | None = None) -> Change:
    """Delete an entity or relation. An entity's relations need an explicit choice.

    relations: "delete" -- they go with it; "keep" -- refuse while it has any (delete or
    re-point them first). Without a choice an entity with relations is refused, naming them.
    Returns the change with everything needed to put it back (`restore`).
    """
    before = get_record(store, record_id)
    check_clearance(store, before.label, "delete")
    rels: list[Relation] = []
    if isinstance(before, Entity):
        rels = store.relations_of(record_id)
        if rels and relations != "delete":
            shown = ", ".join(r.id for r in rels[:3]) + (" ..." if len(rels) > 3 else "")
            if relations == "keep":
                raise KnooppuntError(f"{record_id}: has {counted(len(rels), 'relation', 'relations')} ({shown}); it "
                                     "keeps them: delete or re-point them first")
            raise KnooppuntError(f"{record_id}: has {counted(len(rels), 'relation', 'relations')} ({shown}); "
                                 "choose --with-relations or --keep-relations")
        hidden = _hidden_relations(store, record_id, len(rels))
        if hidden is None:
            raise PermissionDenied(f"{record_id}: relations may exist in label files the key of "
                                   f"{store.caller.user!r} cannot open, and would go with it; ask a member who "
                                   "holds every label")
        if hidden:
            raise PermissionDenied(f"{record_id}: has {counted(hidden, 'relation', 'relations')} above the clearance "
                                   f"of {store.caller.user!r} that would go with it; ask a member who sees them")
    sources = store.sources(record_id)
    said = said_about(store, before)
    relations_said = {r.id: said_about(store, r) for r in rels}
    with audited(store, "edit", op="delete", id=record_id, before=snapshot(before, store),
                 relations=[r.id for r in rels]):
        store.delete([record_id])
    return Change("delete", record_id, before, None, relations=rels, sources=sources, said=said,
                  relations_said=relations_said)


def _hidden_relations(store: Store, entity_id: str, visible: int) -> int | None:
    """How many relations of an entity the caller cannot see (a store deletes them with it).

    The embedded store counts them where this connection reads every label's file; None where it
    cannot know (a member without every label key, or a store that cannot count), so the delete is
    refused whether or not any exist -- the answer tells nothing about hidden records.
    """
    if store.caller.sees_all():
        return 0
    from graph.access.guarded import GuardedStore
    if isinstance(store, GuardedStore):
        total = store.relations_total(entity_id)
        return None if total is None else max(0, total - visible)
    conn = getattr(store, "conn", None)
    if conn is None:
        return None
    from graph.schema import parse_id

    key = parse_id(entity_id)
    total = conn.execute("SELECT count(*) FROM relations WHERE src = ? OR dst = ?", (key, key)).fetchone()[0]
    return max(0, int(total) - visible)


def restore(store: Store, change: Change) -> None:
    """Put back what `change` deleted or overwrote (the GUI's undo): every source's statements as they were.

    Taking back an edit's statements rewrites the record, so it needs a member who sees every
    label (a statement above the member's clearance would be lost otherwise).
    """
    if change.before is None:  # a creation: undo deletes it
        with audited(store, "edit", op="undo create", id=change.record_id):
            rels = store.relations_of(change.record_id) if not is_relation_id(change.record_id) else []
            store.delete([change.record_id, *(r.id for r in rels)])
        return
    before = change.before
    if change.action != "delete":
        current = get_record(store, change.record_id)
        if not store.caller.sees_all():
            raise NeedsEveryLabel(f"{before.id}: undoing an edit writes the record back from every source's "
                                  f"statements, also those above the clearance of {store.caller.user!r}, which "
                                  "their key cannot read and the undo would lose; ask a member who sees every "
                                  "label (the owner)", record_id=before.id, member=store.caller.user, action="undo")
        with audited(store, "edit", op="undo", id=current.id, restored_id=before.id,
                     before=snapshot(current, store), after=snapshot(before, store)):
            _replace(store, current, before, change.said or [_said_of(before)])
            _move_attachments(store, current.id, before.id)
        return
    with audited(store, "edit", op="undo delete", id=before.id, after=snapshot(before, store)):
        write_back(store, before, change.said or [_said_of(before)])
        for r in change.relations:
            write_back(store, r, change.relations_said.get(r.id) or [_said_of(r)])


def _said_of(record: Record) -> Said:
    p = record.provenance
    validity = {f"@{a}": v for a in ("valid_from", "valid_to") if (v := getattr(record, a))}
    return Said(p.source if p else "", p.reference if p else None, p.received if p else None, record.reliability,
                record.credibility, record.label, dict(record.properties), validity)


def redo(store: Store, change: Change) -> None:
    """Apply `change` again after an undo (the GUI's redo)."""
    if change.action == "delete":
        delete_record(store, change.record_id, relations="delete")
        return
    assert change.after is not None
    try:
        current: Record | None = get_record(store, change.before.id if change.before else change.record_id)
    except NotFound:
        current = None
    if current is None:
        with audited(store, "edit", op="redo create", id=change.record_id, after=snapshot(change.after, store)):
            write_back(store, change.after, [_said_of(change.after)])
        return
    write_record(store, current, change.after, change.hand, statement=change.statement)


def _move_attachments(store: Store, old_id: str, new_id: str) -> None:
    """Notes and documents follow a record whose id changed (a relation's new start date)."""
    if old_id == new_id:
        return
    from graph import attachments

    attachments.move(store, old_id, new_id)


@dataclass(frozen=True, slots=True)
class Overruled:
    """A value the member stated that the view does not show, and whose word it shows instead."""

    prop: str
    value: Any
    shown: Any
    winners: tuple[str, ...]
    authoritative: bool  # the winner is the schema's authority for the field (the KvK)

    def describe(self, hand: str = MANUAL_SOURCE) -> str:
        why = "authoritative for it" if self.authoritative else "by grading, then date"
        return (f"{self.prop}: {self.value!r} is kept as a claim of {hand}; the view shows {self.shown!r} of "
                f"{', '.join(self.winners) or 'another source'} ({why})")


def overruled(store: Store, change: Change) -> list[Overruled]:
    """The single values the member stated that the view does not show (the rules chose another source's)."""
    if change.statement is None or change.after is None:
        return []
    after, out = change.after, []
    specs = _specs(store.schema, after)
    statements = store.statements(after.id)
    for name, value in change.statement.record.properties.items():
        shown = after.properties.get(name)
        if specs[name].multi or shown == value:
            continue
        winners = tuple(sorted({s.source for s in statements if s.prop == name and s.value == shown}))
        out.append(Overruled(name, value, shown, winners,
                             any(store.schema.authoritative(w, after.type, name) for w in winners)))
    return out
