"""Record ids above `open` sealed under their label's key wherever the main file would name them.

A record id is a hash of the record's identity (`graph.schema.format_id`): a company's id
follows from its KvK number, a person's from a BSN. The hash is unkeyed, so a member who
reads an id can try every KvK number (10^8: minutes) until one gives it. In a partitioned
project the main file is under the `open` key every member holds, and the audit log there
names records (`view`, `edit`, `merge`, an import's ids): a viewer cleared for `open` would
learn the KvK number of a `police-wpg` company from the log (issue 11, found by the red team).

So before an audit entry is written, every id in it of a record stored above `open` is
replaced by a token: the id encrypted with AES-SIV under a key derived from that label's
key (deterministic, so one record gives one token and a key holder can still follow a
record through the log; SIV, so nothing about the id is learnt without the key). A member
holding the key reads the id back (`unseal_text`); anyone else reads `[police-wpg record …]`.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable, Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# format_id: the type's first three letters, a dash, 16 hex digits (the 63-bit key)
RECORD_ID = re.compile(r"(?<![\w-])[a-z0-9_]{3}-[0-9a-f]{16}(?![\w-])")
TOKEN = re.compile(r"\[(?P<label>[a-z0-9/_-]+) record (?P<body>[A-Za-z0-9_-]+)\]")
_INFO = b"knooppunt: record ids in the audit log"


def seal_key(label_key: bytes) -> AESSIV:
    """The cipher for ids of one label: its own key, derived (the label key itself stays a file key)."""
    return AESSIV(HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=_INFO).derive(label_key))


def seal(cipher: AESSIV, label: str, record_id: str) -> str:
    body = cipher.encrypt(record_id.encode(), [label.encode()])
    return f"[{label} record {base64.urlsafe_b64encode(body).decode().rstrip('=')}]"


def unseal(cipher: AESSIV, label: str, body: str) -> str | None:
    """The id in a token's body, or None when it does not decrypt (another project, a changed token)."""
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return cipher.decrypt(raw, [label.encode()]).decode()
    except (ValueError, InvalidTag):  # a malformed token is left as it is
        return None


def named_ids(text: str) -> list[str]:
    """The record ids a text names (an audit entry's JSON, a setting's value), each once."""
    return list(dict.fromkeys(RECORD_ID.findall(text)))


def seal_text(text: str, labels_of: Callable[[Iterable[str]], Mapping[str, str]],
              cipher_of: Callable[[str], AESSIV | None]) -> str:
    """`text` with every id of a record above `open` replaced by its token.

    `labels_of` gives the label of each id that names a stored record; `cipher_of` the cipher of a label
    (None for one whose key is not held: such a record is not the writer's to name, and stays as given).
    """
    ids = named_ids(text)
    if not ids:
        return text
    above = {i: label for i, label in labels_of(ids).items() if label != "open"}
    for record_id, label in above.items():
        cipher = cipher_of(label)
        if cipher is not None:
            text = text.replace(record_id, seal(cipher, label, record_id))
    return text


def unseal_text(text: str, cipher_of: Callable[[str], AESSIV | None]) -> str:
    """`text` with the tokens of the labels whose keys are held back as ids."""
    if "record " not in text:
        return text

    def back(m: re.Match[str]) -> str:
        cipher = cipher_of(m.group("label"))
        found = unseal(cipher, m.group("label"), m.group("body")) if cipher is not None else None
        return found or m.group(0)
    return TOKEN.sub(back, text)
