"""Every Cypher statement the Neo4j store sends, in one place so a test can lint them all.

Statements are module constants (names in upper case, values `str`) or come from the
`render_*` functions, which fill a schema type's label into a template (Cypher cannot take
a label as a parameter on every supported server). `all_statements(schema)` returns every
constant and every rendered template; tests/neo4j lints that list with Neo4j's own parser.

Isolation: every statement that touches records names `$project` in its first pattern,
and every read of records filters on the caller's clearance (`$clearance`, a list of
security labels) in Cypher, so records the caller may not see never leave the server.
Relations are visible only when the relation and both its ends are.

Graph model (one project, any server):
- `(:KnEntity:<Type> {project, id, type, caption, props, identity, search, ...meta, p_<name>})`
  `props` is the JSON of the properties (exact round trip); `p_<name>` repeats them as
  native properties so analysts can query them and the per-type identity indexes can use
  them; `search` is the folded search text (graph.text.fold) for the full-text index.
- `()-[:KN_REL {project, id, type, src, dst, props, ...meta, p_<name>}]->()` one
  relationship type, so a relation id lookup is an index seek whatever its type.
- `(:KnSetting {project, key, value})`, `(:KnAudit {project, seq, ...})`, `(:KnProject {project})`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graph.stores.neo4j_seal import SEAL_KEYS
from graph.stores.records import META_FIELDS

if TYPE_CHECKING:
    from graph.schema import EntityType, Schema

ENTITY = "KnEntity"
REL = "KN_REL"
FULLTEXT_INDEX = "kn_entity_search"
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Property keys the store writes. The lint test declares exactly these (and the labels) to
# Neo4j's linter, so a misspelt property or label in any statement is reported.
META_KEYS = META_FIELDS
ENTITY_KEYS = ("project", "id", "type", "caption", "props", "identity", "search", "extra_sources", "statements",
               *META_KEYS)
RELATION_KEYS = ("project", "id", "type", "src", "dst", "props", "extra_sources", "statements", *META_KEYS)
OTHER_KEYS = ("key", "value", "seq", "at", "actor", "action", "details", "prev_hash", "hash", "audit_lock",
              "kn_lock", *SEAL_KEYS)

# -- server ------------------------------------------------------------------------------------
COMPONENTS = "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
GDS_VERSION = "RETURN gds.version() AS version"
# Run against the `system` database (Enterprise / Aura tiers that allow several databases).
SHOW_DATABASE = "SHOW DATABASES YIELD name, currentStatus WHERE name = $name RETURN name, currentStatus"
CREATE_DATABASE = "CREATE DATABASE $name IF NOT EXISTS WAIT"

# -- schema: constraints and indexes (idempotent) -----------------------------------------------
CONSTRAINT_ENTITY_KEY = (f"CREATE CONSTRAINT kn_entity_key IF NOT EXISTS FOR (n:{ENTITY}) "
                         "REQUIRE (n.project, n.id) IS UNIQUE")
CONSTRAINT_RELATION_KEY = (f"CREATE CONSTRAINT kn_relation_key IF NOT EXISTS FOR ()-[r:{REL}]-() "
                           "REQUIRE (r.project, r.id) IS UNIQUE")
CONSTRAINT_PROJECT_KEY = "CREATE CONSTRAINT kn_project_key IF NOT EXISTS FOR (p:KnProject) REQUIRE p.project IS UNIQUE"
CONSTRAINT_SETTING_KEY = ("CREATE CONSTRAINT kn_setting_key IF NOT EXISTS FOR (s:KnSetting) "
                          "REQUIRE (s.project, s.key) IS UNIQUE")
CONSTRAINT_AUDIT_KEY = ("CREATE CONSTRAINT kn_audit_key IF NOT EXISTS FOR (a:KnAudit) "
                        "REQUIRE (a.project, a.seq) IS UNIQUE")
INDEX_ENTITY_TYPE = f"CREATE INDEX kn_entity_type IF NOT EXISTS FOR (n:{ENTITY}) ON (n.project, n.type)"
INDEX_ENTITY_IDENTITY = f"CREATE INDEX kn_entity_identity IF NOT EXISTS FOR (n:{ENTITY}) ON (n.project, n.identity)"
INDEX_RELATION_TYPE = f"CREATE INDEX kn_relation_type IF NOT EXISTS FOR ()-[r:{REL}]-() ON (r.project, r.type)"
# The search text is folded in Python (lower case, no diacritics, words split on
# punctuation), so the whitespace analyzer indexes exactly the words SQLite's FTS5 does.
INDEX_FULLTEXT = (f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{ENTITY}) ON EACH [n.search] "
                  "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}")
SCHEMA_STATEMENTS = (CONSTRAINT_ENTITY_KEY, CONSTRAINT_RELATION_KEY, CONSTRAINT_PROJECT_KEY, CONSTRAINT_SETTING_KEY,
                     CONSTRAINT_AUDIT_KEY, INDEX_ENTITY_TYPE, INDEX_ENTITY_IDENTITY, INDEX_RELATION_TYPE,
                     INDEX_FULLTEXT)
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

# -- project, settings, audit ------------------------------------------------------------------
PROJECT_MERGE = ("MERGE (p:KnProject {project: $project}) ON CREATE SET p.created_at = $now "
                 "RETURN p.created_at AS created_at")
PROJECT_EXISTS = "MATCH (p:KnProject {project: $project}) RETURN p.project AS project"
# Taking the project node's write lock serialises audit appends of concurrent analysts.
PROJECT_LOCK = "MATCH (p:KnProject {project: $project}) SET p.audit_lock = coalesce(p.audit_lock, 0) + 1"
SETTING_GET = "MATCH (s:KnSetting {project: $project, key: $key}) RETURN s.value AS value"
SETTING_SET = "MERGE (s:KnSetting {project: $project, key: $key}) SET s.value = $value"
AUDIT_LAST = ("MATCH (a:KnAudit {project: $project}) RETURN a.seq AS seq, a.hash AS hash "
              "ORDER BY a.seq DESC LIMIT 1")
AUDIT_APPEND = ("CREATE (a:KnAudit {project: $project, seq: $seq, at: $at, actor: $actor, action: $action, "
                "details: $details, prev_hash: $prev_hash, hash: $hash})")
AUDIT_ENTRIES = ("MATCH (a:KnAudit {project: $project}) RETURN a.seq AS seq, a.at AS at, a.actor AS actor, "
                 "a.action AS action, a.details AS details, a.prev_hash AS prev_hash, a.hash AS hash ORDER BY a.seq")
# Remove one project's data in batches (tests, dropping a shared project): repeat until 0.
PROJECT_DROP_ENTITIES = (f"MATCH (n:{ENTITY} {{project: $project}}) WITH n LIMIT $batch "
                         "DETACH DELETE n RETURN count(*) AS deleted")
PROJECT_DROP_SETTINGS = ("MATCH (n:KnSetting {project: $project}) WITH n LIMIT $batch "
                         "DELETE n RETURN count(*) AS deleted")
PROJECT_DROP_AUDIT = "MATCH (n:KnAudit {project: $project}) WITH n LIMIT $batch DELETE n RETURN count(*) AS deleted"
PROJECT_DROP_NODE = "MATCH (n:KnProject {project: $project}) DETACH DELETE n RETURN count(*) AS deleted"

# -- entity reads ------------------------------------------------------------------------------
_E_VISIBLE = "n.label IN $clearance"
# Merging reads the stored records WITH their write locks (MERGE, then a property write),
# so two analysts upserting the same record at once merge in turn instead of one overwriting
# the other. A record that did not exist comes back as {project, id} only: the caller treats
# it as new and writes it whole, or the transaction rolls back and the stub never existed.
LOCK_ENTITIES = (f"UNWIND $ids AS id MERGE (n:{ENTITY} {{project: $project, id: id}}) "
                 "SET n.kn_lock = true REMOVE n.kn_lock RETURN properties(n) AS n")
# The ends of relations being written: their types, and their labels (a sealed relation is sealed
# at the highest label of itself and its ends; ids, types and labels are clear on every node).
ENTITY_TYPES_BY_ID = (f"MATCH (n:{ENTITY} {{project: $project}}) WHERE n.id IN $ids "
                      "RETURN n.id AS id, n.type AS type, n.label AS label")
ENTITIES_BY_ID = (f"MATCH (n:{ENTITY} {{project: $project}}) WHERE n.id IN $ids AND {_E_VISIBLE} "
                  "RETURN properties(n) AS n")
ENTITY_BY_ID = f"MATCH (n:{ENTITY} {{project: $project, id: $id}}) WHERE {_E_VISIBLE} RETURN properties(n) AS n"
ENTITIES_BY_TYPE = (f"MATCH (n:{ENTITY} {{project: $project}}) WHERE ($types IS NULL OR n.type IN $types) "
                    f"AND {_E_VISIBLE} RETURN properties(n) AS n ORDER BY n.id")
# Search candidates (id, caption): Lucene yields them by descending score (exact words are
# boosted), the filters keep that order and stop at $limit; the store ranks them like the
# embedded store (graph.stores.records.rank_hits) and then reads the best ones whole.
SEARCH = (f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query) YIELD node, score "
          f"WHERE node.project = $project AND node.label IN $clearance AND ($types IS NULL OR node.type IN $types) "
          "RETURN node.id AS id, node.caption AS caption, node.label AS label, node.seal_label AS seal_label, "
          "node.sealed AS sealed LIMIT $limit")
ENTITY_COUNTS = (f"MATCH (n:{ENTITY} {{project: $project}}) WHERE {_E_VISIBLE} "
                 "RETURN n.type AS type, count(*) AS total ORDER BY type")

# -- relation reads ----------------------------------------------------------------------------
# A relation is visible when it and both its ends are (graph.store.Caller).
_R_PATTERN = f"(a:{ENTITY} {{project: $project}})-[r:{REL} {{project: $project}}]->(b:{ENTITY} {{project: $project}})"
_R_VISIBLE = "r.label IN $clearance AND a.label IN $clearance AND b.label IN $clearance"
_R_RETURN = "RETURN properties(r) AS r, a.id AS src, b.id AS dst"
LOCK_RELATIONS = (f"UNWIND $rows AS row "
                  f"MATCH (a:{ENTITY} {{project: $project, id: row.src}}) "
                  f"MATCH (b:{ENTITY} {{project: $project, id: row.dst}}) "
                  f"MERGE (a)-[r:{REL} {{project: $project, id: row.id}}]->(b) "
                  "SET r.kn_lock = true REMOVE r.kn_lock RETURN properties(r) AS r, a.id AS src, b.id AS dst")
RELATION_BY_ID = (f"MATCH (a:{ENTITY})-[r:{REL} {{project: $project, id: $id}}]->(b:{ENTITY}) WHERE {_R_VISIBLE} "
                  + _R_RETURN)
RELATIONS_OF = (f"MATCH (e:{ENTITY} {{project: $project, id: $id}})-[r:{REL} {{project: $project}}]-(:{ENTITY}) "
                "WITH DISTINCT r, startNode(r) AS a, endNode(r) AS b "
                f"WHERE ($types IS NULL OR r.type IN $types) AND {_R_VISIBLE} {_R_RETURN}")
RELATIONS_BY_TYPE = (f"MATCH {_R_PATTERN} WHERE ($types IS NULL OR r.type IN $types) AND {_R_VISIBLE} "
                     f"{_R_RETURN} ORDER BY r.id")
RELATIONS_AMONG = (f"MATCH {_R_PATTERN} WHERE a.id IN $ids AND b.id IN $ids AND {_R_VISIBLE} {_R_RETURN}")
RELATION_COUNTS = (f"MATCH {_R_PATTERN} WHERE {_R_VISIBLE} RETURN r.type AS type, count(*) AS total ORDER BY type")
# One breadth-first step: the visible neighbours of a frontier.
NEIGHBOUR_STEP = (f"MATCH (a:{ENTITY} {{project: $project}})-[r:{REL} {{project: $project}}]-"
                  f"(b:{ENTITY} {{project: $project}}) WHERE a.id IN $frontier "
                  f"AND ($types IS NULL OR r.type IN $types) AND {_R_VISIBLE} RETURN DISTINCT b.id AS id")

# -- writes ------------------------------------------------------------------------------------
# Relations are written after both ends exist; the store checks ends before it sends rows.
UPSERT_RELATIONS = (f"UNWIND $rows AS row "
                    f"MATCH (a:{ENTITY} {{project: $project, id: row.src}}) "
                    f"MATCH (b:{ENTITY} {{project: $project, id: row.dst}}) "
                    f"MERGE (a)-[r:{REL} {{project: $project, id: row.id}}]->(b) "
                    "SET r = row.props RETURN count(r) AS written")
# What deleting ids takes with it: the visible entities among them and all their relations.
DELETE_PLAN = (f"MATCH (n:{ENTITY} {{project: $project}}) WHERE n.id IN $ids AND {_E_VISIBLE} "
               f"OPTIONAL MATCH (n)-[r:{REL} {{project: $project}}]-() "
               "RETURN collect(DISTINCT n.id) AS entities, collect(DISTINCT r.id) AS relations")
VISIBLE_RELATION_IDS = f"MATCH {_R_PATTERN} WHERE r.id IN $ids AND {_R_VISIBLE} RETURN r.id AS id"
DELETE_RELATIONS = f"MATCH ()-[r:{REL} {{project: $project}}]->() WHERE r.id IN $ids DELETE r"
DELETE_ENTITIES = f"MATCH (n:{ENTITY} {{project: $project}}) WHERE n.id IN $ids DETACH DELETE n"


# -- templates: one statement per schema type (labels cannot be parameters) -------------------------
def label(name: str) -> str:
    """A schema type name as a Cypher label; refuses anything that is not a plain identifier."""
    if not _IDENT.match(name):
        raise ValueError(f"type name {name!r} cannot be a Neo4j label")
    return f"`{name}`"


def native(name: str) -> str:
    """The node property that repeats a schema property natively (`kvk_number` -> `p_kvk_number`)."""
    if not _IDENT.match(name):
        raise ValueError(f"property name {name!r} cannot be a Neo4j property")
    return f"p_{name}"


def render_upsert_entities(type_name: str) -> str:
    """Create or replace entities of one type; `row` holds every node property, project and id included."""
    return (f"UNWIND $rows AS row MERGE (n:{ENTITY} {{project: $project, id: row.id}}) "
            f"SET n = row SET n:{label(type_name)} RETURN count(n) AS written")


def render_identity_index(et: EntityType) -> str | None:
    """An index on the type's identifying properties (first set), scoped by project."""
    if not et.identity:
        return None
    props = ", ".join(f"n.{native(p)}" for p in et.identity)
    return (f"CREATE INDEX kn_{et.name.lower()}_identity IF NOT EXISTS "
            f"FOR (n:{label(et.name)}) ON (n.project, {props})")


def schema_statements(schema: Schema) -> list[str]:
    """Constraints and indexes for a project: the fixed ones plus one identity index per type."""
    out = list(SCHEMA_STATEMENTS)
    for et in schema.entities.values():
        stmt = render_identity_index(et)
        if stmt:
            out.append(stmt)
    return out


def all_statements(schema: Schema) -> dict[str, str]:
    """Every statement this module can produce, by name: constants and rendered templates."""
    out = {name: value for name, value in globals().items()
           if name.isupper() and not name.startswith("_") and isinstance(value, str)
           and name not in ("ENTITY", "REL", "FULLTEXT_INDEX")}
    for et in schema.entities.values():
        out[f"render_upsert_entities[{et.name}]"] = render_upsert_entities(et.name)
        stmt = render_identity_index(et)
        if stmt:
            out[f"render_identity_index[{et.name}]"] = stmt
    return out


def lint_schema(schema: Schema) -> dict[str, list[str]]:
    """What a Knooppunt database holds, in the linter's DbSchema shape (labels, types, property keys)."""
    natives = {native(p) for et in schema.entities.values() for p in et.properties}
    natives |= {native(p) for rt in schema.relations.values() for p in rt.properties}
    return {"labels": sorted({ENTITY, "KnProject", "KnSetting", "KnAudit", *schema.entities}),
            "relationshipTypes": [REL],
            "propertyKeys": sorted({*ENTITY_KEYS, *RELATION_KEYS, *OTHER_KEYS, *natives})}
