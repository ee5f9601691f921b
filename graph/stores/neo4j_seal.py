"""Label isolation on Neo4j: values of records above `open` sealed client-side under their label key.

The embedded store keeps each security label in its own SQLCipher file; a Neo4j server holds
every record of a shared project, so here the *values* are encrypted before they leave the
member's computer, with the same kind of key: one random 32-byte key per label, sealed to
each member's key slot (`graph.access.keyslots`), never sent to the server. This module is
plain Python between the store and the driver: `seal_entity`/`seal_relation` turn the node
or relationship map the store would write into its sealed form; `open_map` turns what the
server returns back. The server, its administrator, its backups and a member whose slot
lacks the label key see only ciphertext.

Cipher: AES-256-GCM (`cryptography`), a fresh 96-bit nonce per write, under a subkey
HKDF(label key, "knooppunt neo4j values" + project). The associated data binds the
ciphertext to the project, the record id, the label and the part (`record`, `statements`):
moving a ciphertext to another record, or relabelling a record on the server, makes it fail
to open (reported as tampering), it never opens as something else. A record relabelled
`open` on the server while it still carries a sealed part is refused the same way.

What stays in clear on a sealed record (the server needs it to scope, filter and traverse):
`project`, `id`, `type` (also as node label), `label`, `seal_label`, reliability and
credibility, created/updated by and at; for relations also `src`, `dst` and the edge itself.
Sealed: caption, every property (`props` and the native `p_<name>` copies, which are left
out), identity, sources and references, received, validity, the statements, the further
sources. Statements keep their own labels: a `police-wpg` source's statement about an
`open` company is sealed under the `police-wpg` key (`st_police_wpg`) even though the
company itself is in clear.

Search over sealed records uses a **keyed blind index**: the folded words of the search text
become tokens HMAC-SHA256(label subkey, "w:" + word) for the whole word and
HMAC(label subkey, "p:" + prefix) for each prefix (up to PREFIX_MAX characters), stored in
`search` where the full-text index finds them. A member holding the key computes the same
tokens for what they type. What it leaks to the server: which sealed records of one label
share a word or a word prefix (equality, hence frequency), and roughly how long the words
are (a word of n letters gives n + 1 tokens); not the words themselves, and nothing across
labels (each label has its own key).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from graph.errors import KnooppuntError, ProjectError
from graph.model import SECURITY_LABELS
from graph.stores.records import canonical_json, label_rank
from graph.text import fold

OPEN = SECURITY_LABELS[0]
FORMAT = "kn-seal/1"
PREFIX_MAX = 24  # longest prefix indexed: a search for a longer prefix matches its first 24 characters
TOKEN_HEX = 20  # 80 bits of each HMAC in the index: collisions are negligible at any project size
TOKEN_MARK = "kx"  # tokens look like kx<hex>: no folded word of a name is 22 such characters
SEALED_KEY = "sealed"
SEAL_LABEL_KEY = "seal_label"
# Node / relationship properties that stay in clear on a sealed record (see the module docstring).
CLEAR_ENTITY = ("project", "id", "type", "label", "reliability", "credibility", "created_by", "created_at",
                "updated_by", "updated_at")
CLEAR_RELATION = (*CLEAR_ENTITY, "src", "dst")


class SealError(ProjectError):
    """A sealed value that does not open under its own key: altered, moved or relabelled on the server."""


def statements_key(label: str) -> str:
    """The property that holds one label's sealed statements (`st_police_wpg`, `st_fiod_tax`)."""
    return "st_" + re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


STATEMENT_KEYS = tuple(statements_key(lab) for lab in SECURITY_LABELS[1:])
SEAL_KEYS = (SEALED_KEY, SEAL_LABEL_KEY, *STATEMENT_KEYS)  # what sealing adds to the written properties
_BY_STATEMENT_KEY = {statements_key(lab): lab for lab in SECURITY_LABELS[1:]}


def _subkey(key: bytes, purpose: str, project: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=json.dumps([FORMAT, purpose, project]).encode()).derive(key)


@dataclass(frozen=True)
class _LabelKeys:
    aead: AESGCM
    blind: bytes


class LabelSeal:
    """Seals and opens record maps for one project with the label keys a member holds.

    `keys` maps security labels to their 32-byte keys (a member's slot: only their clearance's);
    the `open` key is not needed (open records stay in clear).
    """

    def __init__(self, keys: Mapping[str, bytes], project: str) -> None:
        self.project = project
        self._keys = {label: _LabelKeys(AESGCM(_subkey(key, "values", project)), _subkey(key, "blind", project))
                      for label, key in keys.items() if label in SECURITY_LABELS and label != OPEN}

    @property
    def labels(self) -> frozenset[str]:
        """The labels this member can seal and open (besides `open`)."""
        return frozenset(self._keys) | {OPEN}

    def holds(self, label: str) -> bool:
        return label == OPEN or label in self._keys

    # -- the AEAD --------------------------------------------------------------------------------
    def _aad(self, record_id: str, label: str, part: str) -> bytes:
        return json.dumps([FORMAT, self.project, record_id, label, part]).encode()

    def _keys_for(self, label: str, record_id: str) -> _LabelKeys:
        keys = self._keys.get(label)
        if keys is None:
            raise KnooppuntError(f"{record_id}: cannot write a record or statement labelled {label!r} without "
                                 "that label's key (not in your key slot)")
        return keys

    def seal_value(self, value: Any, record_id: str, label: str, part: str) -> str:
        nonce = os.urandom(12)
        data = canonical_json(value).encode()
        box = self._keys_for(label, record_id).aead.encrypt(nonce, data, self._aad(record_id, label, part))
        return base64.b64encode(nonce + box).decode()

    def open_value(self, text: str, record_id: str, label: str, part: str) -> Any:
        keys = self._keys.get(label)
        if keys is None:
            raise KeyError(label)
        try:
            raw = base64.b64decode(text.encode(), validate=True)
            data = keys.aead.decrypt(raw[:12], raw[12:], self._aad(record_id, label, part))
        except (InvalidTag, ValueError):
            raise SealError(f"{record_id}: its sealed {part} does not open under the {label!r} key: altered, "
                            "moved from another record or relabelled on the server") from None
        return json.loads(data)

    # -- blind index -----------------------------------------------------------------------------
    def _token(self, label: str, what: str) -> str:
        digest = hmac.new(self._keys[label].blind, what.encode(), hashlib.sha256).hexdigest()
        return TOKEN_MARK + digest[:TOKEN_HEX]

    def blind_tokens(self, text: str, label: str) -> str:
        """The sealed record's `search` value: whole-word and prefix tokens, sorted (no word order)."""
        tokens: set[str] = set()
        for word in fold(text).split():
            tokens.add(self._token(label, "w:" + word))
            for end in range(1, min(len(word), PREFIX_MAX) + 1):
                tokens.add(self._token(label, "p:" + word[:end]))
        return " ".join(sorted(tokens))

    def query_terms(self, word: str) -> list[str]:
        """Lucene terms for one typed (folded) word in every sealed label this member holds:
        the whole-word token boosted (as the clear `word^2`), the prefix token plain (as `word*`)."""
        out = []
        for label in sorted(self._keys):
            out.append(f"{self._token(label, 'w:' + word)}^2")
            out.append(self._token(label, "p:" + word[:PREFIX_MAX]))
        return out

    # -- records ---------------------------------------------------------------------------------
    def _split_statements(self, props: dict[str, Any], record_id: str, record_label: str) -> list[Any]:
        """Seal statements of labels above open per label; return the open ones (for the record's own part).

        The further sources (`extra_sources`) carry no label: a source known only from statements
        above the record's label is taken out of them (its `@record` statement, sealed under its
        own label, keeps it for members who may see it), so neither the clear map nor the record's
        own sealed part names it.
        """
        text = props.pop("statements", None)
        rows = json.loads(text) if text else []
        by_label: dict[str, list[Any]] = {}
        for row in rows:
            by_label.setdefault(str(row[7]), []).append(row)
        for label, group in by_label.items():
            if label != OPEN:
                props[statements_key(label)] = self.seal_value(group, record_id, label, "statements")
        rank = label_rank(record_label)
        shown = {(r[2], r[3]) for r in rows if label_rank(str(r[7])) <= rank}
        hidden = {(r[2], r[3]) for r in rows if label_rank(str(r[7])) > rank} - shown
        if hidden and props.get("extra_sources"):
            extra = [s for s in json.loads(props["extra_sources"]) if (s[0], s[1] or "") not in hidden]
            props["extra_sources"] = canonical_json(extra) if extra else None
            if not extra:
                props.pop("extra_sources")
        return by_label.get(OPEN, [])

    def _seal(self, props: dict[str, Any], clear: tuple[str, ...], record_id: str, seal_label: str,
              kept: Mapping[str, str]) -> dict[str, Any]:
        out: dict[str, Any] = dict(props)
        open_rows = self._split_statements(out, record_id, str(out.get("label") or OPEN))
        for key, box in kept.items():  # statements this member cannot open: carried over as they are
            out.setdefault(key, box)
        if seal_label == OPEN:
            if open_rows:
                out["statements"] = canonical_json(open_rows)
            return out
        secret = {k: v for k, v in out.items() if k not in clear and k not in STATEMENT_KEYS}
        search = secret.pop("search", None)
        if open_rows:
            secret["statements"] = canonical_json(open_rows)
        sealed = {k: v for k, v in out.items() if k in clear or k in STATEMENT_KEYS}
        sealed[SEAL_LABEL_KEY] = seal_label
        sealed[SEALED_KEY] = self.seal_value(secret, record_id, seal_label, "record")
        if search is not None:
            sealed["search"] = self.blind_tokens(str(search), seal_label)
        return sealed

    def seal_entity(self, row: Mapping[str, Any], kept: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The node map to write (`SET n = row`) for an entity row of `neo4j_store.entity_row`."""
        return self._seal(dict(row), CLEAR_ENTITY, str(row["id"]), str(row.get("label") or OPEN), kept or {})

    def seal_relation(self, props: Mapping[str, Any], end_labels: Iterable[str],
                      kept: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The relationship map to write; a relation is sealed at the highest label of itself and its ends."""
        label = max([str(props.get("label") or OPEN), *end_labels], key=label_rank)
        return self._seal(dict(props), CLEAR_RELATION, str(props["id"]), label, kept or {})

    def open_map(self, stored: Mapping[str, Any]) -> dict[str, Any] | None:
        """What the store reads from a stored node/relationship map; None when the record is sealed under
        a label this member holds no key for (it stays invisible). Statements of labels the member
        cannot open are left out of `statements` and kept sealed under `kept`."""
        out = dict(stored)
        record_id = str(out.get("id"))
        seal_label = out.pop(SEAL_LABEL_KEY, None)
        sealed = out.pop(SEALED_KEY, None)
        if sealed is not None:
            if seal_label in (None, OPEN) or seal_label not in SECURITY_LABELS:
                raise SealError(f"{record_id}: sealed values on a record marked {seal_label or OPEN!r}: "
                                "relabelled on the server")
            if label_rank(str(seal_label)) < label_rank(str(out.get("label") or OPEN)):
                raise SealError(f"{record_id}: sealed under {seal_label!r}, below its label {out.get('label')!r}")
            try:
                secret = self.open_value(str(sealed), record_id, str(seal_label), "record")
            except KeyError:
                return None
            out.pop("search", None)  # blind tokens: of no use once opened
            out.update(secret)
        elif seal_label is not None or ((out.get("label") or OPEN) != OPEN and "props" in out):
            raise SealError(f"{record_id}: a {out.get('label')!r} record stored in clear: written without its "
                            "label key, or its seal removed on the server")
        rows = json.loads(out.pop("statements", None) or "[]")
        kept: dict[str, str] = {}
        for key in STATEMENT_KEYS:
            box = out.pop(key, None)
            if box is None:
                continue
            try:
                rows += self.open_value(str(box), record_id, _BY_STATEMENT_KEY[key], "statements")
            except KeyError:
                kept[key] = str(box)
        if rows:
            out["statements"] = canonical_json(rows)
        if kept:
            out["kept"] = kept
        return out


def caption_of(seal: LabelSeal | None, hit: Mapping[str, Any]) -> str | None:
    """A search hit's caption: in clear, or opened from its sealed part; None when it cannot be opened."""
    if hit.get("sealed") is None:
        return str(hit.get("caption") or "")
    if seal is None:
        return None
    opened = seal.open_map({"id": hit["id"], "label": hit.get("label"), SEAL_LABEL_KEY: hit.get("seal_label"),
                            SEALED_KEY: hit["sealed"]})
    return None if opened is None else str(opened.get("caption") or "")
