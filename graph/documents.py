"""Evidence documents: files kept with a record, inside the encrypted project.

A document (a melding as PDF, an e-mail, a Word questionnaire, a photo, a spreadsheet) is
stored as a blob in the project database (`graph.attachments`), so SQLCipher encrypts it
with the project's key; it is never written beside the project. It takes the record's
security label and is only listed for members cleared for it.

Opening one writes a temporary decrypted copy in a private directory (mode 0700) and
removes it when the viewer is closed (`opened`); copies left by a crash are swept on the
next open.

Text is extracted on attach with a well-kept library per format -- `pypdf` (PDF), the
standard `email` package (.eml), `extract-msg` (.msg), `python-docx` (Word), `openpyxl`
(spreadsheets) -- and is searchable. Images have no text without OCR, and no OCR engine is
packaged here, so an image is found by its name and description only (and says so).
A file the library cannot read -- corrupt, or protected by a password -- is still kept
(it is evidence), with a one-line note saying why its text is missing.

Identifiers found in the text are offered as candidates (`candidates`), never created:
the analyst confirms each (`confirm_candidate`).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import mimetypes
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph import attachments, identifiers
from graph.errors import KnooppuntError, NotFound, ValidationError
from graph.model import Entity, now_iso
from graph.store import Store
from graph.stores.records import label_rank
from graph.text import fold

DEFAULT_MAX_MB = 50
MAX_SETTING = "documents.max_mb"  # project setting: the size limit per file in MB
TEMP_PREFIX = "knooppunt-open-"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic"}
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM",
                b"RIFF")
NO_OCR = "image: no OCR engine is installed, so its text is not extracted; describe it with --description"


class DocumentError(KnooppuntError):
    """A file that cannot be attached (too large, unreadable, not found)."""


@dataclass(frozen=True, slots=True)
class Document:
    """A document's description; its bytes stay in the project until `read_bytes`/`opened`."""

    id: str
    record_id: str
    name: str
    mime: str
    size: int
    sha256: str
    label: str
    added_by: str
    added_at: str
    description: str
    extract_note: str | None  # why no (or partial) text was extracted; None when all went well


@dataclass(frozen=True, slots=True)
class Candidate:
    """An identifier found in a document's text, offered as an entity (and relation) to confirm."""

    entity_type: str
    properties: dict[str, Any]
    value: str  # the canonical identifier, as shown
    context: str  # the text around it
    existing_id: str | None  # an entity the project already holds with this identity
    relation_type: str | None  # how it could be linked to the document's record
    relation_reversed: bool = False  # the candidate is the relation's source, the record its target


def max_bytes(store: Store) -> int:
    """The size limit per file: the project setting `documents.max_mb`, else 50 MB."""
    raw = store.get_setting(MAX_SETTING)
    try:
        mb = float(raw) if raw else DEFAULT_MAX_MB
    except ValueError:
        raise DocumentError(f"setting {MAX_SETTING}: {raw!r} is not a number of megabytes") from None
    return int(mb * 1024 * 1024)


# -- text extraction ---------------------------------------------------------------------------------
def extract_text(name: str, data: bytes) -> tuple[str, str | None]:
    """(text, note): the file's text and, when it could not all be read, why (one line)."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".pdf" or data.startswith(b"%PDF"):
            return _pdf_text(data)
        if suffix == ".eml":
            return _eml_text(data), None
        if suffix == ".msg":
            return _msg_text(data)
        if suffix == ".docx":
            return _docx_text(data), None
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_text(data), None
        if suffix in IMAGE_SUFFIXES:
            if not data.startswith(_IMAGE_MAGIC):
                return "", f"{name}: not a readable image (corrupt or of another type)"
            return "", NO_OCR
        if suffix in (".txt", ".csv", ".md", ".log", ".json", ".xml", ".html", ".htm"):
            return _decode(data), None
    except Exception as exc:  # each library has its own errors; the file is kept, its text is not
        kind = "password-protected" if "password" in str(exc).lower() or "encrypt" in str(exc).lower() else \
            "corrupt or unreadable"
        return "", f"{name}: {kind} {suffix.lstrip('.').upper() or 'file'}, text not extracted ({_short(exc)})"
    return "", f"{name}: no text extraction for {suffix or 'files without an extension'}"


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(encoding)
    return data.decode("latin-1")


def _pdf_text(data: bytes) -> tuple[str, str | None]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened_without_password = bool(reader.decrypt(""))
        except Exception:
            opened_without_password = False
        if not opened_without_password:
            return "", "PDF is password-protected: stored, text not extracted"
    pages = [page.extract_text() or "" for page in reader.pages]
    return "\n".join(pages), None


def _eml_text(data: bytes) -> str:
    import email
    from email import policy
    from email.message import EmailMessage

    msg = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    if not msg.keys():
        raise ValueError("no e-mail headers found")
    parts = [f"{h}: {msg[h]}" for h in ("From", "To", "Cc", "Date", "Subject") if msg[h]]
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is not None:
        content = body.get_content()
        if body.get_content_type() == "text/html":
            content = re.sub(r"<[^>]+>", " ", content)
        parts.append(str(content))
    for part in msg.iter_attachments():
        parts.append(f"Bijlage: {part.get_filename() or '(naamloos)'}")
    return "\n".join(parts)


def _msg_text(data: bytes) -> tuple[str, str | None]:
    try:
        import extract_msg
    except ImportError:
        return "", ".msg: extract-msg is not installed, text not extracted"
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:  # the library reads a path
        path = Path(tmp) / "message.msg"
        path.write_bytes(data)
        msg: Any = extract_msg.openMsg(str(path))  # a Message for an e-mail; other .msg kinds lack fields
        try:
            fields = (("From", "sender"), ("To", "to"), ("Cc", "cc"), ("Date", "date"), ("Subject", "subject"))
            parts = [f"{h}: {getattr(msg, a, None)}" for h, a in fields if getattr(msg, a, None)]
            parts.append(getattr(msg, "body", None) or "")
            return "\n".join(parts), None
        finally:
            msg.close()


def _docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    try:
        for sheet in book.worksheets:
            lines.append(f"[{sheet.title}]")
            for row in sheet.iter_rows(values_only=True):
                cells = [str(c) for c in row if c is not None]
                if cells:
                    lines.append(" | ".join(cells))
    finally:
        book.close()
    return "\n".join(lines)


# -- storing ---------------------------------------------------------------------------------------
_COLUMNS = "id, record_id, name, mime, size, sha256, label, added_by, added_at, description, extract_note"


def read_file(store: Store, path: str | Path) -> bytes:
    """A file's bytes for attaching, after the size limit was checked (one line naming the file)."""
    source = Path(path)
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise DocumentError(f"{source}: {exc.strerror or exc}") from None
    limit = max_bytes(store)
    if size > limit:
        raise DocumentError(f"{source}: {size / 1024 / 1024:.1f} MB is above the limit of {limit / 1024 / 1024:g} "
                            f"MB per document (project setting {MAX_SETTING})")
    return source.read_bytes()


def attach(store: Store, record_id: str, path: str | Path, *, description: str = "",
           name: str | None = None) -> Document:
    """Keep a file with a record, inside the project under the record's label."""
    attachments.require_edit(store)
    from graph.editing import get_record, kept_label

    record = get_record(store, record_id)
    data = read_file(store, path)
    return attach_bytes(store, record.id, name or Path(path).name, data, description=description,
                        record_label=kept_label(store, record))


def attach_bytes(store: Store, record_id: str, name: str, data: bytes, *, description: str = "",
                 record_label: str | None = None, extracted: tuple[str, str | None] | None = None) -> Document:
    """Keep bytes as a document of a record (what `attach` and the GUI do).

    extracted: the (text, note) of `extract_text`, when the caller already read it (the GUI
    does that off the interface thread: pypdf reads some PDFs at ~10,000 characters/s).
    """
    attachments.require_edit(store)
    if record_label is None:
        from graph.editing import get_record, kept_label

        record_label = kept_label(store, get_record(store, record_id))
    attachments.check_label(store, record_label, record_label, "document")
    if len(data) > max_bytes(store):
        raise DocumentError(f"{name}: {len(data) / 1024 / 1024:.1f} MB is above the limit per document "
                            f"(project setting {MAX_SETTING})")
    if not data:
        raise DocumentError(f"{name}: the file is empty")
    text, note = extracted if extracted is not None else extract_text(name, data)
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    doc = Document(id=f"doc-{secrets.token_hex(8)}", record_id=record_id, name=Path(name).name, mime=mime,
                   size=len(data), sha256=hashlib.sha256(data).hexdigest(), label=record_label,
                   added_by=store.caller.user, added_at=now_iso(), description=description.strip(),
                   extract_note=note)
    conn = attachments.connection(store)
    searchable = fold(" ".join((doc.name, doc.description, text)))
    with store.transaction():
        conn.execute(f"INSERT INTO documents({_COLUMNS}, text, folded, data) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     (doc.id, doc.record_id, doc.name, doc.mime, doc.size, doc.sha256, doc.label, doc.added_by,
                      doc.added_at, doc.description, doc.extract_note, text, searchable, data))
        store.audit("document attach", id=doc.id, record=record_id, name=attachments.audited(doc.label, doc.name),
                    size=doc.size,
                    sha256=doc.sha256, label=doc.label, extract_note=note)
    return doc


def documents_of(store: Store, record_id: str) -> list[Document]:
    """Visible documents of a record, oldest first."""
    conn = attachments.connection(store)
    return [Document(*row) for row in conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE record_id = ? AND label IN (SELECT value FROM json_each(?)) "
        "ORDER BY added_at, id", (record_id, attachments.visible_labels(store)))]


def get_document(store: Store, doc_id: str) -> Document:
    conn = attachments.connection(store)
    row = conn.execute(f"SELECT {_COLUMNS} FROM documents WHERE id = ? AND label IN (SELECT value FROM json_each(?))",
                       (doc_id, attachments.visible_labels(store))).fetchone()
    if row is None:
        raise NotFound(f"no document {doc_id!r} in the project")
    return Document(*row)


def document_text(store: Store, doc_id: str) -> str:
    """The extracted text (audited: reading evidence is a view)."""
    doc = get_document(store, doc_id)
    conn = attachments.connection(store)
    store.audit("document view", id=doc_id, record=doc.record_id, what="text")
    return str(conn.execute("SELECT text FROM documents WHERE id = ?", (doc.id,)).fetchone()[0])


def read_bytes(store: Store, doc_id: str) -> bytes:
    doc = get_document(store, doc_id)
    conn = attachments.connection(store)
    store.audit("document view", id=doc_id, record=doc.record_id, what="file")
    data = bytes(conn.execute("SELECT data FROM documents WHERE id = ?", (doc.id,)).fetchone()[0])
    # the bytes are not in the row's signature (graph.access.row_signatures), their checksum is: bytes put in
    # the main file outside Knooppunt do not pass for the signed document
    if hashlib.sha256(data).hexdigest() != doc.sha256:
        raise KnooppuntError(f"document {doc_id}: its bytes do not match its checksum (changed outside Knooppunt)")
    return data


def search_documents(store: Store, query: str, *, limit: int = 100) -> list[Document]:
    """Visible documents whose name, description or text holds every word of the query."""
    conn = attachments.connection(store)
    words = fold(query).split()
    hits = [Document(*row) for row in conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE {attachments.words_clause(words)} AND label IN (SELECT value "
        f"FROM json_each(?)) ORDER BY added_at DESC {attachments.literal_limit(limit)}",
        (*words, attachments.visible_labels(store)))]
    top = max((d.label for d in hits), key=label_rank, default="open")
    store.audit("search documents", query=attachments.audited(top, query), hits=len(hits))
    return hits


def delete_document(store: Store, doc_id: str) -> Document:
    attachments.require_edit(store)
    doc = get_document(store, doc_id)
    conn = attachments.connection(store)
    with store.transaction():
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        store.audit("document delete", id=doc_id, record=doc.record_id,
                    name=attachments.audited(doc.label, doc.name), sha256=doc.sha256)
    return doc


# -- opening through a temporary copy -------------------------------------------------------------------
def temp_root() -> Path:
    return Path(tempfile.gettempdir())


def sweep_stale_copies() -> int:
    """Remove decrypted copies left by a process that ended without cleaning up (a crash)."""
    removed = 0
    for d in temp_root().glob(f"{TEMP_PREFIX}*"):
        pid_text = d.name.removeprefix(TEMP_PREFIX).split("-")[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid() or _alive(int(pid_text)):
            continue
        shutil.rmtree(d, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def opened(store: Store, doc_id: str) -> Iterator[Path]:
    """A temporary decrypted copy of a document, removed (directory and all) on leaving."""
    sweep_stale_copies()
    data = read_bytes(store, doc_id)
    doc = get_document(store, doc_id)
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))
    folder.chmod(0o700)
    path = folder / _safe_name(doc.name)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _safe_name(name: str) -> str:
    clean = re.sub(r"[^\w.\- ]", "_", Path(name).name).strip(" .")
    return clean or "document"


# -- candidate identifiers ------------------------------------------------------------------------------
_KVK = re.compile(r"(?i)\b(?:kvk|k\.v\.k\.|kamer van koophandel|handelsregister)[\s\-:.]*(?:nummer|nr\.?|no\.?)?"
                  r"[\s:.]*(\d{8}|\d{2}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{4})\b")
_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?)\b")
_ADDRESS = re.compile(r"\b([A-Z][\w'.-]+(?:[ ][\w'.-]+){0,3})[ ]+(\d{1,5})[ ]?([a-zA-Z])?(?:[ -]([\w]{1,4}))?"
                      r",?[ ]+([1-9]\d{3})[ ]?([A-Z]{2})\b(?:[ ]+([A-Z][a-zA-Z'-]+(?:[ ][A-Z][a-zA-Z'-]+)?))?")
_POSTCODE_ONLY = re.compile(r"\b([1-9]\d{3})[ ]?([A-Z]{2})[ ,]+(?:huisnummer|nr\.?)?[ ]*(\d{1,5})\b")
_PLATE_DASHED = re.compile(r"\b([A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3})\b")
_PLATE_WORD = re.compile(r"(?i)\bkenteken[\s:]+([A-Z0-9]{6}|[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3})\b")
_PHONE = re.compile(r"(?<![\w+])((?:\+31|0031)[\s-]?\(?0?\)?[\s-]?\d(?:[\s-]?\d){7,8}|0\d(?:[\s-]?\d){8})(?!\d)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")


def _context(text: str, start: int, end: int) -> str:
    return " ".join(text[max(0, start - 40):end + 40].split())


_STREET_SUFFIX = re.compile(r"(?i)(straat|weg|laan|plein|gracht|kade|dijk|singel|park|hof|steeg|dreef|markt|pad|"
                            r"veld|baan|dam|wal|burg|haven|kanaal|plantsoen|boulevard|allee|erf|ring|zijde|"
                            r"dreef|oord|hoven|akker|poort|brink|wijk|straatweg)$")
_PARTICLES = {"van", "de", "der", "den", "het", "'t", "op", "aan", "in", "ten", "ter", "te", "v.d."}


def _street(words_text: str) -> str:
    """The street name out of the words before a house number ("Bij Kerkstraat" -> "Kerkstraat").

    From the last word that ends like a street (-straat, -weg, -laan, ...) back over name
    particles (van, de, der ...) and the one name word before them; without such a word, the
    words as found.
    """
    words = words_text.split()
    ends = [i for i, w in enumerate(words) if _STREET_SUFFIX.search(w)]
    if not ends:
        return words_text
    start = ends[-1]
    while start > 0 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    if start < ends[-1] and start > 0:
        start -= 1  # "Burgemeester de Vlugtlaan": the name word before the particles
    return " ".join(words[start:ends[-1] + 1])


def _plate_ok(text: str) -> bool:
    compact = text.replace("-", "")
    return len(compact) == 6 and any(c.isdigit() for c in compact) and any(c.isalpha() for c in compact)


class _Scan:
    """One text being scanned: the identifiers found so far and the characters they cover.

    The finders run in a fixed order and a later one skips text an earlier one took (the
    digits of an IBAN are no phone number), so they share this state.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[tuple[str, str], tuple[str, dict[str, Any], str, str]] = {}
        self.taken = bytearray(len(text))  # characters already part of an identifier

    def add(self, kind: str, props: dict[str, Any], value: str, m: re.Match[str], group: int = 0) -> None:
        s, e = m.span(group)
        self.taken[s:e] = b"\x01" * (e - s)
        self.found.setdefault((kind, value), (kind, props, value, _context(self.text, s, e)))

    def free(self, m: re.Match[str], group: int = 0) -> bool:
        """Not inside an identifier found before."""
        s, e = m.span(group)
        return not any(self.taken[s:e])


def _find_emails(scan: _Scan) -> None:
    for m in _EMAIL.finditer(scan.text):
        with contextlib.suppress(ValidationError):
            v = identifiers.email(m.group(0))
            scan.add("Email", {"address": v}, v, m)


def _find_ibans(scan: _Scan) -> None:
    for m in _IBAN.finditer(scan.text):
        with contextlib.suppress(ValidationError):
            v = identifiers.iban(m.group(1))
            scan.add("BankAccount", {"iban": v}, v, m, 1)


def _find_kvk_numbers(scan: _Scan) -> None:
    for m in _KVK.finditer(scan.text):
        with contextlib.suppress(ValidationError):
            v = identifiers.kvk_number(m.group(1))
            scan.add("Company", {"kvk_number": v}, v, m, 1)


def _find_addresses(scan: _Scan) -> None:
    """Street, house number (letter, addition), postcode and optionally the city."""
    for m in _ADDRESS.finditer(scan.text):
        if not scan.free(m):
            continue
        with contextlib.suppress(ValidationError):
            pc = identifiers.postcode(f"{m.group(5)} {m.group(6)}")
            street = _street(m.group(1))
            props: dict[str, Any] = {"street": street, "house_number": int(m.group(2)), "postcode": pc}
            if m.group(3):
                props["house_letter"] = m.group(3).upper()
            if m.group(4):
                props["house_number_addition"] = m.group(4)
            if m.group(7):
                props["city"] = m.group(7)
            value = f"{street} {m.group(2)}{m.group(3) or ''}, {pc}" + (f" {m.group(7)}" if m.group(7) else "")
            scan.add("Address", props, value, m)


def _find_postcode_addresses(scan: _Scan) -> None:
    """Postcode and house number without a street ("1234 AB, huisnummer 5")."""
    for m in _POSTCODE_ONLY.finditer(scan.text):
        if not scan.free(m):
            continue
        with contextlib.suppress(ValidationError):
            pc = identifiers.postcode(f"{m.group(1)} {m.group(2)}")
            scan.add("Address", {"postcode": pc, "house_number": int(m.group(3))}, f"{pc} {m.group(3)}", m)


def _find_plates(scan: _Scan) -> None:
    for pattern in (_PLATE_WORD, _PLATE_DASHED):
        for m in pattern.finditer(scan.text):
            if not scan.free(m, 1) or not _plate_ok(m.group(1).upper()):
                continue
            with contextlib.suppress(ValidationError):
                v = identifiers.plate(m.group(1))
                scan.add("Vehicle", {"plate": v}, v, m, 1)


def _find_phones(scan: _Scan) -> None:
    for m in _PHONE.finditer(scan.text):
        if not scan.free(m, 1):
            continue
        with contextlib.suppress(ValidationError):
            v = identifiers.phone(re.sub(r"\(0\)", "", m.group(1)))
            scan.add("PhoneNumber", {"number": v}, v, m, 1)


# In this order: an address or phone number is only looked for in text no earlier finder took.
_FINDERS = (_find_emails, _find_ibans, _find_kvk_numbers, _find_addresses, _find_postcode_addresses,
            _find_plates, _find_phones)


def find_identifiers(text: str) -> list[tuple[str, dict[str, Any], str, str]]:
    """(entity type, properties, canonical value, context) for each identifier in the text, once each."""
    scan = _Scan(re.sub(r"[ \t\u00a0]+", " ", text))  # PDF text comes with tabs between words
    for finder in _FINDERS:
        finder(scan)
    return list(scan.found.values())


def suggest_relation(store: Store, record_type: str, candidate_type: str) -> tuple[str | None, bool]:
    """A relation type that may link the record and the candidate: (type, reversed) or (None, False).

    A record and an identifier found in its document are most likely holder and held (a person
    *uses* a phone number), so types between peers (contact between persons, companies and phones,
    where each end may also be the other) come last, and narrower types before broader ones.
    """
    found: list[tuple[tuple[bool, int], str, bool]] = []
    for name, rt in store.schema.relations.items():
        peer = set(rt.source) == set(rt.target)
        rank = (peer, len(rt.source) + len(rt.target))
        if record_type in rt.source and candidate_type in rt.target:
            found.append((rank, name, False))
        elif candidate_type in rt.source and record_type in rt.target:
            found.append(((rank[0], rank[1] + 1000), name, True))
    if not found:
        return None, False
    _, name, reverse = min(found, key=lambda f: f[0])
    return name, reverse


def candidates(store: Store, doc_id: str) -> list[Candidate]:
    """Identifiers in a document's text, each with the entity it is (if the project holds it)."""
    doc = get_document(store, doc_id)
    text = document_text(store, doc_id)
    from graph.editing import get_record

    record = get_record(store, doc.record_id)
    schema = store.schema
    out = []
    for kind, props, value, context in find_identifiers(f"{doc.description}\n{text}"):
        probe = Entity(type=kind, properties=dict(props))
        try:
            schema.prepare_entity(probe)
        except ValidationError:
            continue
        existing = store.get_entities([probe.id]).get(probe.id)
        rel, reverse = suggest_relation(store, record.type, kind) if isinstance(record, Entity) else (None, False)
        out.append(Candidate(kind, props, value, context, existing.id if existing else None, rel, reverse))
    return out


def confirm_candidate(store: Store, doc_id: str, candidate: Candidate, *, link: bool = True,
                      grading: str | None = None) -> tuple[Entity, str | None]:
    """Create (or find) the candidate's entity, sourced to the document, and link it if asked.

    Returns the entity and the relation id (None when not linked).
    """
    from graph.editing import RecordMeta, create_entity, create_relation

    doc = get_document(store, doc_id)
    meta = RecordMeta(source=f"document {doc.name}", reference=doc.id, grading=grading, label=doc.label)
    entity, _ = create_entity(store, candidate.entity_type, candidate.properties, meta)
    relation_id = None
    if link and candidate.relation_type:
        ends = (entity.id, doc.record_id) if candidate.relation_reversed else (doc.record_id, entity.id)
        rel, _ = create_relation(store, candidate.relation_type, *ends, meta=meta)
        relation_id = rel.id
    return entity, relation_id
