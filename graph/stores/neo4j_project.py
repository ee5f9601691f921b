"""A Neo4j project on this computer: a small descriptor file that says where it lives.

`knooppunt project create-neo4j` writes `NAME.kn4j` (JSON: server URI, user, project name,
database, how it is isolated). It holds no password: that stays in the keyring or
NEO4J_PASSWORD. `--project NAME.kn4j` can then name the shared project wherever a local
project file is accepted by the commands that support Neo4j (push, pull, check).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from graph.errors import KnooppuntError, ProjectError
from graph.store import Caller
from graph.stores.neo4j_connect import Neo4jConnectionError, check, check_uri, explain
from graph.stores.neo4j_connect import driver as make_driver
from graph.stores.neo4j_keys import init_keys, is_sealed, unlock
from graph.stores.neo4j_store import Neo4jStore, check_batch, choose_database, project_database

DESCRIPTOR_SUFFIX = ".kn4j"
KIND = "knooppunt-neo4j-project"
MODES = ("auto", "database", "property")


@dataclass(frozen=True, slots=True)
class Neo4jProject:
    uri: str
    user: str
    project: str
    database: str | None = None
    isolation: str = ""
    batch: int = 0  # rows per UNWIND statement; 0: neo4j_store.BATCH (tune with bench/bench_neo4j.py)
    sealed: bool = False  # values above `open` sealed client-side (graph.stores.neo4j_seal)

    def save(self, path: Path) -> None:
        if path.exists():
            raise ProjectError(f"{path}: already exists")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"kind": KIND, **asdict(self)}, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Neo4jProject:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ProjectError(f"{path}: no such Neo4j project descriptor") from None
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ProjectError(f"{path}: not a Neo4j project descriptor (expected JSON)") from None
        if not isinstance(data, dict) or data.get("kind") != KIND:
            raise ProjectError(f"{path}: not a Knooppunt Neo4j project descriptor")
        try:
            batch = data.get("batch", 0)
            if batch:
                check_batch(batch)
            return cls(uri=check_uri(data["uri"]), user=data["user"], project=data["project"],
                       database=data.get("database"), isolation=data.get("isolation", ""), batch=batch,
                       sealed=bool(data.get("sealed", False)))
        except KeyError as exc:
            raise ProjectError(f"{path}: descriptor lacks {exc.args[0]!r}") from None
        except KnooppuntError as exc:
            raise ProjectError(f"{path}: {exc}") from None

    def open(self, caller: Caller | None = None, password: str | None = None, batch: int = 0,
             passphrase: Callable[[], str] | None = None) -> Neo4jStore:
        """Connect; `batch` (e.g. `--batch`) overrides the descriptor's rows per statement. A sealed
        project also needs the member's passphrase for their key slot (asked only then)."""
        store = Neo4jStore.connect(self.uri, self.user, self.project, password=password, database=self.database,
                                   caller=caller, batch=batch or self.batch)
        try:
            if is_sealed(store) or self.sealed:
                if passphrase is None:
                    raise ProjectError(f"{self.project}: sealed project: your passphrase for it is needed")
                store.use_keys(unlock(store, store.caller.user, passphrase(), where=self.project))
        except BaseException:
            store.close()
            raise
        return store


def is_descriptor(path: str | Path) -> bool:
    return Path(path).suffix == DESCRIPTOR_SUFFIX


def create_neo4j_project(uri: str, user: str, name: str, *, descriptor: Path, mode: str = "auto",
                         owner: str | None = None, password: str | None = None,
                         passphrase: Callable[[], str] | None = None) -> tuple[Neo4jProject, Neo4jStore]:
    """Create a project on a Neo4j server and its descriptor file; what `project create --neo4j URI` calls.

    `mode`: `database` insists on a database of its own, `property` shares the default
    database (records carry the project's name), `auto` takes its own database when the
    server allows it (Enterprise; Aura tiers with several databases) and shares otherwise.
    """
    if mode not in MODES:
        raise ProjectError(f"isolation mode {mode!r}: use one of {', '.join(MODES)}")
    if descriptor.exists():
        raise ProjectError(f"{descriptor}: already exists")
    info = check(uri, user, password)
    secret = passphrase() if passphrase is not None else None
    drv = make_driver(uri, user, password)
    try:
        if project_database(drv, name) is not None:
            raise ProjectError(f"{uri} already has a database for project {name!r}")
        database, how = choose_database(drv, name, mode, info.enterprise)
        store = Neo4jStore(drv, name, database=database, caller=Caller(user=owner or user), create=True,
                           owns_driver=True, uri=uri)
    except KnooppuntError:  # ours already say what is wrong (ProjectError, Neo4jConnectionError)
        drv.close()
        raise
    except Exception as exc:
        drv.close()
        raise Neo4jConnectionError(explain(exc, uri, user, password)) from None
    store.set_setting("name", name)
    store.set_setting("owner", owner or user)
    store.set_setting("isolation", how)
    if secret is not None:
        store.use_keys(init_keys(store, owner or user, secret))
    project = Neo4jProject(uri=uri, user=user, project=name, database=database, isolation=how,
                           sealed=secret is not None)
    project.save(descriptor)
    store.audit("project.create", uri=uri, isolation=how)
    return project, store


def adopt_neo4j_project(uri: str, user: str, name: str, *, descriptor: Path, database: str | None = None,
                        password: str | None = None) -> Neo4jProject:
    """A project that `neo4j-admin database import` loaded (graph.stores.neo4j_admin): create its
    constraints and indexes (idempotent; the importer creates none), wait until they are online,
    and write the descriptor that names it on this computer."""
    if descriptor.exists():
        raise ProjectError(f"{descriptor}: already exists")
    store = Neo4jStore.connect(uri, user, name, password=password, database=database)
    try:
        store.ensure_schema()
        store.audit("project.adopt", uri=uri)
        sealed = is_sealed(store)
    finally:
        store.close()
    project = Neo4jProject(uri=uri, user=user, project=name, database=database, sealed=sealed,
                           isolation="loaded with neo4j-admin" + (f" into database {database}" if database else ""))
    project.save(descriptor)
    return project
