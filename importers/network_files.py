"""Network files (Pajek `.net`, UCINET `.dl`): which reader a file takes, its ties as from/to/value rows.

Its own module because the readers (importers.tables, importers.ucinet) build on importers.networks:
the import wizard and the case import ask here which file is a network and read its ties.
"""

from __future__ import annotations

from pathlib import Path

from importers.pajek import read_pajek
from importers.spec import MATRIX_FROM, MATRIX_RELATION, MATRIX_TEXT, MATRIX_TO, MATRIX_VALUE
from importers.tables import DL_SUFFIXES, PAJEK_SUFFIXES, Chunk
from importers.ucinet import read_ucinet_dl


def is_network_file(path: Path) -> bool:
    """A Pajek or UCINET DL file: read by its own reader into from/to/value, never as a table."""
    return path.suffix.lower() in PAJEK_SUFFIXES | DL_SUFFIXES


def read_network_ties(path: Path) -> Chunk:
    """A Pajek or UCINET DL file's ties as from/to/value/relation/text rows (what the case import maps
    with `matrix:`); the first three are what the import wizard shows."""
    reader = read_ucinet_dl if path.suffix.lower() in DL_SUFFIXES else read_pajek
    return reader(path, (MATRIX_FROM, MATRIX_TO, MATRIX_VALUE, MATRIX_RELATION, MATRIX_TEXT))


def relation_names(ties: Chunk) -> list[str]:
    """The relations a network file's ties belong to, in file order (UCINET matrix labels, Pajek
    `*Arcs :1 "Business"`); empty when the file names none."""
    names = list(dict.fromkeys(ties.frame[MATRIX_RELATION].tolist()))
    return [] if names in ([], [""]) else names
