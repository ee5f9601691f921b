"""Writes `format9.knp` (+ its label files and key file): an encrypted project in storage format 9.

Run once with main's store before format 10 (commit 6ab1f87: relation rows coded, entity types as text), from the
repository root: `python -m tests.access.data.make_format9 tests/access/data`.
The records of format4.knp (format3's plus KvK-shaped ones with '/' references); bob holds `open` and
`confidential`, alice every label. Kept for the record; today's store writes format 10.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.access import keyslots
from tests.access.data import make_format4
from tests.sandbox import FAST_KDF, memory_keyring

BOB_PW = make_format4.BOB_PW
build = make_format4.build  # the same project; the store that runs it decides the format


def main(folder: Path) -> None:
    keyslots.DEFAULT_KDF = FAST_KDF
    with memory_keyring():
        build(folder / "format9.knp")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
