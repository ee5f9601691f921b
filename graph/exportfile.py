"""Writing an export file: owner-only (mode 600), atomic, audited before it appears.

In the core so that every writer -- the CLI's tables (`workbench.output`) and the GUI's
chart exports (`views.chart.export`) -- uses the same rule.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Every C0 control but tab and newline (CR too); a leading tab is caught as a formula start.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def safe_text(text: str) -> str:
    """A cell text no spreadsheet will run or hide: formula starts neutralised, controls escaped.

    One rule for every table a member takes out of a project: the CLI's tables and the
    exchange formats' entity lists.
    """
    if text.startswith(FORMULA_START):
        text = "'" + text
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def write_private(path: Path, write: Callable[[Path], None], written: Callable[[], None] | None = None) -> None:
    """Write a file readable by its owner only (600), atomically; `written` runs before it appears.

    The data goes to a temporary file beside `path` (same file system, created 600), then
    `written` (the audit entry) runs, then the file is renamed into place. Any failure
    removes the temporary file: nothing half-written, nothing unaudited is left behind.
    """
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")  # writers pick the format by suffix
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        os.chmod(tmp, 0o600)
        write(tmp)
        os.chmod(tmp, 0o600)  # writers that replace the file (Qt, openpyxl) must not widen it
        if written is not None:
            written()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
