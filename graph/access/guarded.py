"""The guarded store: roles enforced and activity audited for every front end.

`graph.project.open_project` returns a `GuardedStore` around the real store (already
narrowed to the member's clearance through `Caller`). `ProjectStore` declares what
callers may use of it: the `Store` protocol, plus the member, the project path, grouped
activities, exports, the member list, the audit-chain check and retention. Writes check
the member's role (raising PermissionDenied), and the actions the audit log must show are
written there: open, search (with the query), view entity, load graph, import, edit,
delete, export, settings, purge, members -- and refused attempts.

Importers wrap their writes in `activity(store, "import", source=...)` (this module), so
a file lands as one `import` entry with its counts whether the store is guarded or a
plain store (tests, benchmarks); exporters call `store.record_export(...)` (which also
checks the `export` permission). There is no fall-through to the raw store: `inner` is
for the access package itself (key rotation, the members table), not for callers.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from graph.access import audit as audit_log
from graph.access import localstate
from graph.access.roles import Member, check, list_members
from graph.errors import KnooppuntError, NotFound, PermissionDenied
from graph.model import SECURITY_LABELS, Entity, Relation
from graph.prepared import RelationRows, upsert_rows
from graph.prepared_entities import EntityRows, store_entity_rows
from graph.schema import Schema, parse_id
from graph.store import AuditEntry, Caller, SourceRecord, Statement, Store, UpsertStats
from graph.stores.records import label_rank

if TYPE_CHECKING:
    import networkx as nx

    from graph.access.generations import Acceptance
    from graph.access.session import ProjectKeys
    from graph.access.signing import SignatureReport, Signer
    from graph.stores.sqlite_store import SQLiteStore

_CHUNK = 5000
_MAX_IDS = 200  # ids listed per audit entry; beyond that the entry holds counts only
PROTECTED_SETTINGS = ("name", "owner", "created_at", "retention.", "access.", "audit.")
R = TypeVar("R", Entity, Relation)


class ProjectStore(Store, Protocol):
    """What callers (CLI, GUI, importers, analyses) may use of an opened project."""

    member: Member
    keys: ProjectKeys | None
    signer: Signer | None  # the member's signing key (audit entries, the members table), when unlocked
    warnings: tuple[str, ...] | list[str]  # what the open found wrong but did not refuse (a shortened log)

    @property
    def path(self) -> Path: ...

    def require(self, permission: str) -> None:
        """PermissionDenied (audited) unless the member may do `permission`."""

    def activity(self, action: str, **details: Any) -> AbstractContextManager[UpsertStats]:
        """Writes inside land as one audit entry with their totals."""

    def record_export(self, target: str, count: int, **details: Any) -> None:
        """Check the `export` permission and audit the export, before writing it."""

    def members(self) -> list[Member]: ...

    def integrity_check(self) -> str: ...

    def verify_audit(self) -> audit_log.Verdict: ...

    def verify_signatures(self) -> SignatureReport | None: ...

    def verify_rows(self) -> list[str]: ...
    def verify_label_files(self) -> tuple[list[str], list[str]]: ...

    def label_file_acceptances(self) -> list[Acceptance]: ...

    def label_files_put_back(self) -> list[str]: ...

    def accept_label_file(self, label: str, reason: str) -> Acceptance: ...

    def delivered_before(self, cutoff: str) -> list[tuple[str, str, str, str, str]]: ...

    def purge(self, ids: list[str], **details: Any) -> int: ...


class GuardedStore:
    """A store seen by one member: role checks on writes, audit entries for what matters."""

    keys: ProjectKeys | None = None  # set when the project is encrypted
    signer: Signer | None = None  # set when the member's signing key is unlocked
    on_close: Any = None  # called with this store just before it closes (remember the audit head)
    machine_state: Path | None = None  # this computer's memory (localstate) as the open found it
    _warnings: tuple[str, ...] | list[str] = ()
    check_files: Callable[[], None] | None = None  # checks the label files' write generations (see `warnings`)

    @property
    def warnings(self) -> tuple[str, ...] | list[str]:
        """What the open found wrong but did not refuse: a shortened or rewritten log, a label file put back
        to an older copy.

        The label files are checked when they are attached (the first read of records) or when this is
        first asked, whichever comes first: the command line and the workbench ask at once; a worker's or
        a reader's connection, which never asks, does not attach files it may not read (graph.access.session)."""
        if self.check_files is not None:
            check, self.check_files = self.check_files, None
            check()
        return self._warnings

    @warnings.setter
    def warnings(self, value: tuple[str, ...] | list[str]) -> None:
        self._warnings = value

    def __init__(self, inner: SQLiteStore, member: Member):
        self._inner = inner.with_caller(Caller(user=member.name, clearance=member.clearance))
        self.member = member
        self._activity: list[tuple[str, dict[str, Any], UpsertStats]] = []
        self._alias_cache: tuple[tuple[str, str], Any] | None = None

    # -- plumbing ---------------------------------------------------------------------------
    @property
    def inner(self) -> SQLiteStore:
        """The raw store, unguarded: for the access package only (members table, re-keying)."""
        return self._inner

    @property
    def path(self) -> Path:
        return self._inner.path

    @property
    def schema(self) -> Schema:
        return self._inner.schema

    @property
    def caller(self) -> Caller:
        return self._inner.caller

    def with_caller(self, caller: Caller) -> GuardedStore:
        """Only ever a narrower view of the same member (a clearance can not be raised)."""
        if caller.user != self.member.name or not caller.clearance <= self.member.clearance:
            raise PermissionDenied(f"member {self.member.name!r} may not act as {caller.user!r} "
                                   f"with clearance {sorted(caller.clearance)}")
        narrowed = Member(self.member.name, self.member.role, caller.clearance, self.member.added_by,
                          self.member.added_at)
        view = GuardedStore(self._inner, narrowed)
        view.keys, view.signer = self.keys, self.signer
        return view

    def transaction(self) -> AbstractContextManager[None]:
        return self._inner.transaction()

    def bulk_load(self, expected: int = 0) -> AbstractContextManager[None]:
        """The embedded store's bulk path (see SQLiteStore.bulk_load): writes still go through this guard."""
        return self._inner.bulk_load(expected)

    def load_memory_bytes(self) -> int:
        """The embedded store's key memories of a load, in bytes (an import's budget counts them)."""
        measure = getattr(self._inner, "load_memory_bytes", None)
        return 0 if measure is None else int(measure())

    def close(self) -> None:
        if self.on_close is not None:
            flush = getattr(self._inner, "_flush_audit", None)
            with contextlib.suppress(Exception):  # closing must not fail over this computer's memo
                if flush is not None:
                    flush(wait=True)
                self.on_close(self)
        self._inner.close()

    def __enter__(self) -> GuardedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def require(self, permission: str) -> None:
        check(self, permission)

    def audit_denied(self, permission: str) -> None:
        with contextlib.suppress(Exception):  # a refused action stays refused even if logging fails
            self._inner.audit("denied", permission=permission, role=self.member.role)

    # -- audit ------------------------------------------------------------------------------
    def audit(self, action: str, **details: Any) -> None:
        """Append to the audit log; an `export` or `import` entry first checks that permission."""
        if action in ("export", "import"):
            check(self, action)
        self._inner.audit(action, **details)

    def audit_entries(self) -> list[AuditEntry]:
        check(self, "audit")
        return self._inner.audit_entries()

    def unseal_ids(self, text: str) -> str:
        """Audit details with the ids sealed under the keys this member holds read back (graph.stores.sealed_ids)."""
        unseal = getattr(self._inner, "unseal_ids", None)
        return text if unseal is None else str(unseal(text))

    @contextmanager
    def activity(self, action: str, **details: Any) -> Iterator[UpsertStats]:
        """Group writes (an import, a merge) into one audit entry with their totals."""
        check(self, "import" if action == "import" else "edit")
        stats = UpsertStats()
        self._activity.append((action, details, stats))
        try:
            with self._inner.transaction():
                yield stats
                # the log is in the main file every member reads: the name of the file an import of records
                # above `open` came from -- often its subject's -- is given as its length (red team 3)
                written: set[str] = getattr(self._inner, "labels_written", lambda: set())()
                top = max(written, key=label_rank, default=SECURITY_LABELS[0])
                shown = {k: audit_log.masked(top, v) if k in _FILE_DETAILS else v for k, v in details.items()}
                self._inner.audit(action, **shown, created=stats.created, updated=stats.updated,
                                  unchanged=stats.unchanged, **_ids(stats.ids, total=stats.total))
        finally:
            self._activity.pop()

    def record_export(self, target: str, count: int, **details: Any) -> None:
        """Call once an export is written (check `export` before writing): checks again and audits it."""
        check(self, "export")
        # the log is in the main file every member decrypts: the file name of an export marked above `open`
        # -- often the subject's name -- is kept as its length (a saved chart's name is a setting there anyway)
        marked = [m for m in str(details.get("marking") or "").split("+") if m in SECURITY_LABELS]
        chart = details.get("chart")
        if chart:  # a chart kept in a label file is named by what it is about: its name is kept there too, and
            from graph.access import labelled_settings  # an export of its open part must not give it away
            marked.append(labelled_settings.chart_label(self, str(chart)))
        if marked and not target.startswith("stdout ("):
            target = audit_log.masked(max(marked, key=label_rank), target)
        if chart:
            details["chart"] = audit_log.masked(max(marked, key=label_rank), chart)
        self._inner.audit("export", target=target, count=count, **details)

    def briefing_entries(self) -> list[AuditEntry]:
        """The `briefing` entries: any member may check whether a file came from this project (`briefing verify`)."""
        return [e for e in self._inner.audit_entries() if e.action == "briefing"]

    def members(self) -> list[Member]:
        """Every member with role and clearance (any member may see who shares the project)."""
        return list_members(self._inner.conn)

    def side_tables(self, ddl: str) -> Any:
        """The project database with the side tables of `ddl` (notes, documents, VIK registers) in place.

        Each row lives in the file of its label (`graph.access.side_tables`), so a member reads
        only the rows of the labels they hold keys for; the owning module checks the role and the
        label of every row itself, so this hands out the connection, not the records.
        """
        from graph.access import side_tables
        from graph.stores.sqlite_store import SQLiteStore
        if not isinstance(self._inner, SQLiteStore):
            raise KnooppuntError("notes and documents are kept in an embedded (.knp) project; this shared "
                                 "Neo4j project does not hold them")
        return side_tables.prepare(self._inner, ddl)

    def relations_total(self, entity_id: str) -> int | None:
        """How many relations an entity has in the whole project, hidden ones included (a count only).

        A hand delete must know whether the store would take relations the member cannot see. None
        when this connection cannot read every label's file: relations may exist where it cannot count.
        """
        from graph.model import SECURITY_LABELS
        from graph.schema import parse_id
        if not set(SECURITY_LABELS) <= self._inner.labels_held():
            return None
        key = parse_id(entity_id)
        row = self._inner.conn.execute("SELECT count(*) FROM relations WHERE src = ? OR dst = ?", (key, key)).fetchone()
        return int(row[0])

    def integrity_check(self) -> str:
        """The database's own consistency check ("ok" when sound); reads nothing a member could not."""
        return self._inner.integrity_check()

    def verify_audit(self) -> audit_log.Verdict:
        """Check the audit hash chain; any member may, without the right to read the entries."""
        return audit_log.verify(self._inner.audit_entries(), self._inner.get_setting("audit.head"))

    def verify_signatures(self) -> SignatureReport | None:
        """Every audit entry's signature by its actor; None for an unencrypted project (no member keys)."""
        if self.keys is None:
            return None
        from graph.access import roles, signing
        conn = self._inner.conn
        return signing.verify_signatures(conn, self._inner.audit_entries(), self.keys.keyfile.project_id,
                                         roles.signing_keys(conn))

    def verify_rows(self) -> list[str]:
        """The rows of the main file (notes, documents, VIK registers) whose signatures do not hold, each in one
        line (`graph.access.row_signatures`); reads treat them as absent. Any member may run it."""
        from graph.access import row_signatures
        check = row_signatures.check_of(self._inner)
        return [] if check is None else row_signatures.verify(self._inner, check)

    def verify_label_files(self) -> tuple[list[str], list[str]]:
        """Label files put back to an older copy: the problems, and the labels not checked (no key held).

        Each file this member decrypts must hold at least the write generation the log last recorded
        for it (and this computer remembered), and the log's numbers for a file must rise
        (`graph.access.generations`), unless an owner accepted the copy since. Any member may run it,
        like `verify_audit`."""
        from graph.access import generations
        state = self._label_file_state()
        if state is None:
            return [], []
        found, wanted, in_log, _ = state
        return [p for _, p in in_log] + generations.behind(found, wanted), generations.not_checked(found, wanted)

    def label_file_acceptances(self) -> list[Acceptance]:
        """The owners' acceptances of put-back label files in the log (`generations.Acceptance`), oldest first."""
        state = self._label_file_state()
        return [] if state is None else state[3]

    def label_files_put_back(self) -> list[str]:
        """The labels whose file this member holds and that was put back to an older copy, not accepted since."""
        state = self._label_file_state()
        return [] if state is None else _put_back(state)

    def _label_file_state(self) -> _FileState | None:
        """What the label files hold, what they must hold, the log's findings and its acceptances."""
        from graph.access import generations
        from graph.stores.sqlite_store import SQLiteStore
        inner = self._inner
        if self.keys is None or not isinstance(inner, SQLiteStore) or not inner.partitioned:
            return None
        conn, project_id = inner.conn, self.keys.keyfile.project_id
        recorded, problems, accepted = generations.check_log(
            inner.audit_entries(), lambda e: generations.honoured(conn, project_id, e),
            generations.key_holders(conn, project_id))
        with contextlib.ExitStack() as stack:
            if self.machine_state is not None:
                stack.enter_context(localstate.pinned(self.machine_state))
            wanted, _ = generations.expected(conn, project_id)
        return inner.file_generations(), generations.merged(recorded, wanted), problems, accepted

    def accept_label_file(self, label: str, reason: str) -> Acceptance:
        """An owner keeps the copy of a label file that was put back (restored from a backup on purpose):
        a signed audit entry records its write number as the one expected from now on, and the number
        it replaces (what was written in between is lost). Opens and `audit verify` then no longer
        report it; a copy put back later below the accepted number is reported again.

        Only an owner who holds the label's key (they must be able to read the file's number) and whose
        signing key is unlocked: an acceptance another member signs is not honoured (`generations.honoured`)."""
        from graph.access import generations, row_signatures
        if label not in SECURITY_LABELS:
            raise KnooppuntError(f"unknown security label {label!r}: choose from {', '.join(SECURITY_LABELS)}")
        reason = reason.strip()
        if not reason:
            raise KnooppuntError("give a reason for accepting the label file (why this copy is the one kept)")
        if label not in self._inner.labels_held():
            raise PermissionDenied(f"you hold no key for label {label}: you cannot check or accept its file")
        if self.member.role != "owner":
            self.audit_denied("accept label file")
            raise PermissionDenied(f"member {self.member.name!r} ({self.member.role}) may not accept a label file "
                                   "put back to an older copy: only an owner may")
        if self.signer is None:
            raise PermissionDenied("accepting a label file needs your signing key: open the project with your "
                                   "passphrase")
        state = self._label_file_state()
        if state is None:
            raise KnooppuntError("only an encrypted project with label files keeps write numbers to accept")
        found, wanted, _, _ = state
        if label not in _put_back(state):
            raise KnooppuntError(f"the file for label {label} was not put back to an older copy (it holds write "
                                 f"{found.get(label, 0)}): there is nothing to accept")
        # Outside a transaction: written (and signed) after what the session keeps (its open, its warning), in
        # one commit, so the log reads open, warning, acceptance.
        self._inner.audit(generations.ACCEPT_ACTION, label=label, accepted=found[label],
                          replaced=wanted.get(label, 0), reason=reason)
        if (rows := row_signatures.check_of(self._inner)) is not None:
            rows.accept_digest(self._inner, label)  # and its signed rows as they are (row_digests)
        return self.label_file_acceptances()[-1]

    def delivered_before(self, cutoff: str) -> list[tuple[str, str, str, str, str]]:
        """Visible records last delivered before `cutoff` (see `SQLiteStore.delivered_before`)."""
        return self._inner.delivered_before(cutoff)

    def purge(self, ids: list[str], **details: Any) -> int:
        """Delete records past retention (owner only) as one `purge` audit entry, not `delete`."""
        check(self, "purge")
        with self._inner.transaction():
            deleted = self._inner.delete(ids)
            self._inner.audit("purge", **details, records=len(ids), deleted=deleted, **_ids(ids, limit=1000))
        return deleted

    def _written(self, kind: str, stats: UpsertStats) -> UpsertStats:
        if self._activity:
            # Counts add up; ids only as many as the audit entry will list (an import of a
            # million rows would otherwise hold every id in memory until it commits).
            group = self._activity[-1][2]
            group.created += stats.created
            group.updated += stats.updated
            group.unchanged += stats.unchanged
            group.sources_added += stats.sources_added
            group.ids.extend(stats.ids[: max(0, _MAX_IDS - len(group.ids))])
        elif stats.created or stats.updated:
            self._inner.audit("edit", kind=kind, created=stats.created, updated=stats.updated,
                              **_ids(stats.ids))
        return stats

    def _labels_allowed(self, records: Iterable[R], kind: str) -> Iterator[R]:
        """Refuse writing above the clearance, and writing onto records the member cannot see.

        Without the second check an upsert whose identity matches a hidden record would
        silently merge into it (and `relations` could hang off hidden entities). The refusal
        names only the id the member supplied or derived, and is audited.
        """
        allowed = self.member.clearance
        chunk: list[R] = []
        for r in records:
            if r.label not in allowed:
                check_label = f"write a record labelled {r.label!r}"
                self.audit_denied(check_label)
                raise PermissionDenied(f"member {self.member.name!r} may not {check_label} "
                                       f"(clearance: {', '.join(sorted(allowed))})")
            if self.caller.sees_all():
                yield r
                continue
            chunk.append(r)
            if len(chunk) >= _CHUNK:
                yield from self._visible_targets(chunk, kind)
                chunk = []
        if chunk:
            yield from self._visible_targets(chunk, kind)

    def _visible_targets(self, chunk: list[R], kind: str) -> list[R]:
        ids: list[str] = []
        for r in chunk:
            if isinstance(r, Entity):
                self.schema.prepare_entity(r)
                ids.append(r.id)
            else:
                ids.extend(i for i in (r.id, r.source_id, r.target_id) if i)
        keys = {}
        for i in ids:
            with contextlib.suppress(KnooppuntError):
                keys[parse_id(i)] = i
        conn = self._inner.conn
        labels = json.dumps(sorted(self.member.clearance))
        hidden = conn.execute(
            "SELECT key FROM entities WHERE key IN (SELECT value FROM json_each(?)) AND label NOT IN "
            "(SELECT value FROM json_each(?)) UNION SELECT key FROM relations WHERE key IN "
            "(SELECT value FROM json_each(?)) AND label NOT IN (SELECT value FROM json_each(?)) LIMIT 1",
            (json.dumps(list(keys)), labels, json.dumps(list(keys)), labels)).fetchone()
        if hidden:
            record_id = keys[hidden[0]]
            self.audit_denied(f"write onto {record_id}, which is above the clearance")
            raise PermissionDenied(f"{record_id}: in use by a record above the clearance of {self.member.name!r}; "
                                   "ask a member who may see it")
        return chunk

    # -- writes -----------------------------------------------------------------------------
    def upsert_entities(self, entities: Iterable[Entity], *, canonical: bool = False) -> UpsertStats:
        check(self, "edit")
        with self._inner.transaction():
            return self._written("entities", self._inner.upsert_entities(self._labels_allowed(entities, "entities"),
                                                                         canonical=canonical))

    def upsert_relations(self, relations: Iterable[Relation]) -> UpsertStats:
        check(self, "edit")
        with self._inner.transaction():
            stats = self._inner.upsert_relations(self._labels_allowed(relations, "relations"))
            return self._written("relations", stats)

    def upsert_entity_rows(self, rows: EntityRows) -> UpsertStats:
        """An import's entities as prepared columns (graph.prepared_entities): the checks of `upsert_entities`."""
        check(self, "edit")
        self._rows_labels_allowed(rows.labels)
        with self._inner.transaction():
            if not self.caller.sees_all():
                for start in range(0, len(rows), _CHUNK):
                    self._visible_targets(rows.part(start, start + _CHUNK).records(), "entities")
            return self._written("entities", store_entity_rows(self._inner, rows))

    def _rows_labels_allowed(self, labels: list[str]) -> None:
        """Refuse (audited) rows labelled above the clearance, as `_labels_allowed` does records."""
        allowed = self.member.clearance
        for label in sorted(set(labels) - set(allowed)):
            check_label = f"write a record labelled {label!r}"
            self.audit_denied(check_label)
            raise PermissionDenied(f"member {self.member.name!r} may not {check_label} "
                                   f"(clearance: {', '.join(sorted(allowed))})")

    def upsert_relation_rows(self, rows: RelationRows) -> UpsertStats:
        """An import's relations as prepared columns (graph.prepared): the checks of `upsert_relations`."""
        check(self, "edit")
        self._rows_labels_allowed(rows.labels)
        with self._inner.transaction():
            if not self.caller.sees_all():
                for start in range(0, len(rows), _CHUNK):
                    self._visible_targets(rows.part(start, start + _CHUNK).records(), "relations")
            return self._written("relations", upsert_rows(self._inner, rows))

    def delete(self, ids: Iterable[str]) -> int:
        check(self, "edit")
        ids = list(ids)
        with self._inner.transaction():
            n = int(self._inner.delete(ids))
            self._inner.audit("delete", requested=len(ids), deleted=n, **_ids(ids))
        return n

    def set_setting(self, key: str, value: str) -> None:
        check(self, "settings" if key.startswith(PROTECTED_SETTINGS) else "edit")
        with self._inner.transaction():
            self._inner.set_setting(key, value)
            self._inner.audit("setting", key=key, value=value if len(value) <= 200 else f"{len(value)} characters")

    # -- reads ------------------------------------------------------------------------------
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        return self._inner.get_setting(key, default)

    def _aliases(self) -> Any:
        """Merges applied for this member (graph.merge.AliasView), or None when there are none.

        One settings read per call; the view is rebuilt only when the aliases changed.
        """
        from graph.access import labelled_settings
        from graph.access.aliases import AliasView, main_marks
        raw = main_marks(self._inner)
        if raw == ("{}", "") and not labelled_settings.partitioned(self._inner):
            return None  # a partitioned project looks in its label files once: the count may have been emptied
        if self._alias_cache is not None and self._alias_cache[0] == raw:
            return self._alias_cache[1]
        view = AliasView(self._inner)
        self._alias_cache = (raw, view if view else None)
        return self._alias_cache[1]

    def search(self, query: str, *, types: Iterable[str] | None = None, limit: int = 25) -> list[Entity]:
        types = None if types is None else list(types)
        hits: list[Entity] = self._inner.search(query, types=types, limit=limit)
        aliases = self._aliases()
        if aliases is not None:
            hits = aliases.entities(hits)
        # the log is readable with the `open` key: what was asked that found records above `open` is kept
        # as its length (it would tell a member below their label what is in them)
        top = max((h.label for h in hits), key=label_rank, default="open")
        self._inner.audit("search", query=audit_log.masked(top, query), types=types, hits=len(hits))
        return hits

    def get_entity(self, entity_id: str) -> Entity:
        aliases = self._aliases()
        if aliases is not None and entity_id in aliases.to_keep:
            raise NotFound(f"{entity_id} was merged into {aliases.to_keep[entity_id]} (see `knooppunt resolve merges`)")
        entity: Entity = self._inner.get_entity(entity_id)
        self._inner.audit("view", id=entity_id)
        return aliases.entity(entity) if aliases is not None else entity

    def graph(self, *, entity_types: Iterable[str] | None = None,
              relation_types: Iterable[str] | None = None) -> nx.MultiDiGraph:
        g: nx.MultiDiGraph = self._inner.graph(entity_types=entity_types, relation_types=relation_types)
        aliases = self._aliases()
        if aliases is not None:
            g = aliases.graph(g)
        self._inner.audit("load graph", nodes=g.number_of_nodes(), edges=g.number_of_edges())
        return g

    def get_entities(self, ids: Iterable[str]) -> dict[str, Entity]:
        found: dict[str, Entity] = self._inner.get_entities(ids)
        aliases = self._aliases()
        if aliases is None:
            return found
        return {i: aliases.entity(e) for i, e in found.items() if i not in aliases.to_keep}

    def get_relation(self, relation_id: str) -> Relation:
        relation: Relation = self._inner.get_relation(relation_id)
        aliases = self._aliases()
        if aliases is None:
            return relation
        mapped = aliases.relation(relation)
        if mapped is None:
            raise NotFound(f"relation {relation_id} joins two entities that were merged")
        return mapped

    def sources(self, record_id: str) -> list[SourceRecord]:
        aliases = self._aliases()
        if aliases is not None and not record_id.startswith("rel-"):
            found: list[SourceRecord] = aliases.sources(record_id)
            return found
        return self._inner.sources(record_id)

    def statements(self, record_id: str) -> list[Statement]:
        """What each source said about the record (issue 19); [] where the store keeps no statements."""
        inner = getattr(self._inner, "statements", None)
        return list(inner(record_id)) if inner is not None else []

    def relations_of(self, entity_id: str, relation_types: Iterable[str] | None = None) -> list[Relation]:
        aliases = self._aliases()
        if aliases is None:
            return self._inner.relations_of(entity_id, relation_types)
        if entity_id in aliases.to_keep:
            raise NotFound(f"{entity_id} was merged into {aliases.to_keep[entity_id]}")
        types = None if relation_types is None else list(relation_types)
        found = list(self._inner.relations_of(entity_id, types))
        for merged in aliases.merged.get(entity_id, []):
            found.extend(self._inner.relations_of(merged, types))
        return sorted(aliases.relations(found), key=lambda r: (r.type, r.valid_from or "", r.id))

    def neighbours(self, ids: Iterable[str], depth: int = 1, *,
                   relation_types: Iterable[str] | None = None, max_nodes: int | None = None) -> set[str]:
        aliases = self._aliases()
        if aliases is None:
            return self._inner.neighbours(ids, depth, relation_types=relation_types, max_nodes=max_nodes)
        types = None if relation_types is None else list(relation_types)
        seen = {aliases.canon(i) for i in self._inner.neighbours(aliases.expand(ids), 0, relation_types=types)}
        frontier = set(seen)
        for _ in range(depth):
            if not frontier:
                break
            found = {aliases.canon(i) for i in self._inner.neighbours(aliases.expand(frontier), 1,
                                                                      relation_types=types)} - seen
            if max_nodes is not None and len(seen) + len(found) > max_nodes:
                found = set(sorted(found)[: max(0, max_nodes - len(seen))])
            seen |= found
            frontier = found
        return seen

    def subgraph(self, ids: Iterable[str]) -> nx.MultiDiGraph:
        aliases = self._aliases()
        if aliases is None:
            return self._inner.subgraph(ids)
        graph: nx.MultiDiGraph = aliases.graph(self._inner.subgraph(aliases.expand(ids)))
        return graph

    def iter_entities(self, entity_type: str | None = None) -> Iterator[Entity]:
        aliases = self._aliases()
        for e in self._inner.iter_entities(entity_type):
            if aliases is None:
                yield e
            elif e.id not in aliases.to_keep:
                yield aliases.entity(e)

    def iter_relations(self, relation_type: str | None = None) -> Iterator[Relation]:
        aliases = self._aliases()
        for r in self._inner.iter_relations(relation_type):
            mapped = r if aliases is None else aliases.relation(r)
            if mapped is not None:
                yield mapped

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = self._inner.counts()
        aliases = self._aliases()
        if aliases is not None:
            for e in self._inner.get_entities(list(aliases.to_keep)).values():
                counts[e.type] = counts.get(e.type, 0) - 1
        return counts


_: type[ProjectStore] = GuardedStore  # mypy: the guarded store offers all that callers may use


_FILE_DETAILS = ("file", "files")  # an activity's details that name the files it read


def _ids(ids: list[str], total: int | None = None, limit: int = _MAX_IDS) -> dict[str, Any]:
    """The first ids for an audit entry, and how many there were when that is more."""
    total = len(ids) if total is None else total
    if total <= limit and len(ids) == total:
        return {"ids": ids}
    return {"ids": ids[:limit], "ids_total": total}


@contextmanager
def activity(store: Store, action: str, **details: Any) -> Iterator[dict[str, Any]]:
    """Group writes into one audited activity (an import, a merge), whichever kind of store.

    A guarded store checks the role and writes one entry with its own counts; a plain store
    (tests, benchmarks, internal tools) is trusted and gets one entry with `details` plus
    what the caller put in the yielded dict. Either way it is ONE transaction: an
    exception inside rolls everything back and writes no entry.
    """
    summary: dict[str, Any] = {}
    if isinstance(store, GuardedStore):
        with store.activity(action, **details):
            yield summary
        return
    with store.transaction():
        yield summary
        store.audit(action, **details, **summary)


# the label files' state (GuardedStore._label_file_state): found, wanted, the log's findings, acceptances
_FileState = tuple[dict[str, int], dict[str, int], list[tuple[str, str]], list["Acceptance"]]


def _put_back(state: _FileState) -> list[str]:
    """The labels behind the number wanted, or with a finding in the log, not accepted since."""
    found, wanted, in_log, _ = state
    return sorted(label for label in found
                  if found[label] < wanted.get(label, 0) or any(label == at for at, _ in in_log))
