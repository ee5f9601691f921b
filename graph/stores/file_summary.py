"""What a label file holds, kept beside it sealed under its key, so a search can leave out a file it cannot hit.

A partitioned project's first search attaches every label file the member holds a key for: SQLite opens
it and parses its schema, FTS5 reads its index's configuration and structure, and each hit is looked up
in the file's key index for twins -- about 0.4 ms CPU a file (issue 11, `bench/bench_access.py`), while a
search for a person's name often cannot hit a file of bank accounts, case files, or relations only.

So the first read of a file after it changed leaves a summary beside it (`name.knp.<label>-summary`): the
entity types the file holds and, for a file of at most `TERMS_KEPT` index terms, those terms. A search
leaves a file out when no entity of its types, or no term starting with one of its words, is in it. The
summary is

* readable only by a member holding the label's key: AES-GCM under a key derived from the label key
  (like the ids in the audit log, `graph.stores.sealed_ids`); a member without that key learns only its
  length;
* made only by a key holder: the same AEAD, so a member without the key cannot forge one;
* bound to the file as it was read: the associated data is the label and the file's whole first page as
  stored (ciphertext). SQLite rewrites page 1 at every commit of a file in rollback-journal mode (its
  change counter), and SQLCipher encrypts every page write under a fresh random IV with an HMAC, so any
  commit, re-key or older copy put back changes those bytes and the summary no longer opens: the file is
  attached and searched, and its summary made again. A file with a `-journal` or `-wal` beside it
  (a write under way, a journal to roll back, changes in a write-ahead log) is always searched.

What it does not stop, plainly: a member holding the key can write a false summary, as they can change
or delete the file's records directly (records are not signed). A member without the key who splices an
older first page into the current file, with that page's older summary, could make a search leave out
records added since; the same splice of the page holding the write generation already hides an older
copy from the put-back check (`graph.access.generations`), and the records stay in counts, the graph and
every other read. A summary is an aid to reading, never a record: losing it (not written on a read-only
folder) only costs the attach it saves.
"""

from __future__ import annotations

import bisect
import contextlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SUFFIX = "-summary"
TERMS_KEPT = 8192  # index terms kept in a summary at most (~10 bytes each); a file with more keeps its types only
TERMS_ENTITIES = 2048  # ... listed only for a file of at most this many entities (`SQLiteStore._what_file_holds`)
FIRST_PAGE = 4096  # bytes of the file's start that bind a summary (SQLCipher's page, IV and HMAC included)
_INFO = b"knooppunt: label file summary"
_MAGIC = b"KNPS1"
_NONCE = 12


@dataclass(frozen=True, slots=True)
class Summary:
    """The entity types a label file holds, and its index terms sorted (None: more than `TERMS_KEPT`)."""

    types: frozenset[str]
    terms: tuple[str, ...] | None

    def may_hold(self, types: Iterable[str] | None) -> bool:
        """Whether the file may hold an entity of `types` (None: of any type)."""
        return bool(self.types) if types is None else not self.types.isdisjoint(types)

    def may_hit(self, words: Iterable[str], types: Iterable[str] | None) -> bool:
        """Whether a search for `words` (folded, as `SQLiteStore.search` splits them) among entities of `types`
        may find one in the file: one of those types is held, and every word may start one of its index terms
        (a search ANDs the words' prefixes).

        Only a word of ASCII letters and digits is judged by the terms: FTS5's unicode61 tokenizer makes it one
        token, in its own lower case. Any other word (accents, punctuation: the tokenizer may split or fold
        it) may match."""
        if not self.may_hold(types):
            return False
        if self.terms is None:
            return True
        for word in words:
            if not (word.isascii() and word.isalnum()):
                continue
            word = word.lower()
            at = bisect.bisect_left(self.terms, word)
            if at == len(self.terms) or not self.terms[at].startswith(word):
                return False
        return True

    def encode(self) -> bytes:
        terms = self.terms if self.terms is not None else ()
        lines = [str(len(self.types)), str(-1 if self.terms is None else len(terms)), *sorted(self.types), *terms]
        return "\n".join(lines).encode()

    @classmethod
    def decode(cls, raw: bytes) -> Summary:
        lines = raw.decode().split("\n")
        n_types, n_terms = int(lines[0]), int(lines[1])
        types = frozenset(lines[2 : 2 + n_types])
        if n_terms < 0:
            return cls(types, None)
        return cls(types, tuple(lines[2 + n_types : 2 + n_types + n_terms]))


def summary_file(label_file: Path) -> Path:
    return label_file.with_name(label_file.name + SUFFIX)


def cipher(label_key: bytes) -> AESGCM:
    """The summaries' cipher of one label: its own key derived from the label key."""
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(label_key))


def first_page(label_file: Path) -> bytes | None:
    """The file's first page as stored, or None when a summary cannot stand for it: the file is missing or
    shorter than a page, or a rollback journal or write-ahead log is beside it."""
    name = str(label_file)
    if os.path.exists(name + "-journal") or os.path.exists(name + "-wal"):
        return None
    try:
        fd = os.open(name, os.O_RDONLY)
    except OSError:
        return None
    try:
        page = os.pread(fd, FIRST_PAGE, 0)
    finally:
        os.close(fd)
    return page if len(page) == FIRST_PAGE else None


def _ad(label: str, page: bytes, version: int) -> bytes:
    return _MAGIC + f"{label}\0{version}\0".encode() + page


def read(label_file: Path, label: str, aead: AESGCM, page: bytes, version: int) -> Summary | None:
    """The summary beside the file, if it was made for this label, under this key, from this first page, by a
    Knooppunt of this storage format (`version`: another reads the file's own format and may refuse it)."""
    try:
        blob = summary_file(label_file).read_bytes()
    except OSError:
        return None
    if len(blob) < _NONCE + 16:
        return None
    try:
        return Summary.decode(aead.decrypt(blob[:_NONCE], blob[_NONCE:], _ad(label, page, version)))
    except (InvalidTag, ValueError):
        return None


def write(label_file: Path, label: str, aead: AESGCM, page: bytes, version: int, summary: Summary) -> None:
    """Leave the summary beside the file (private, replaced whole); a folder that cannot be written keeps none."""
    nonce = os.urandom(_NONCE)
    blob = nonce + aead.encrypt(nonce, summary.encode(), _ad(label, page, version))
    target = summary_file(label_file)
    tmp = target.with_name(target.name + ".tmp")
    with contextlib.suppress(OSError):
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, blob)
        finally:
            os.close(fd)
        os.replace(tmp, target)
