"""JSON read from what another member can write: the main file's rows, the failed-unlock sidecar.

`json.loads` raises ValueError on malformed text, but RecursionError on text nested deeper than
Python's stack (a line of 200,000 '['): callers that catch ValueError to refuse or report a damaged
row in one line ended every open in a traceback instead (red team 3). `loads` raises ValueError for both.
"""

from __future__ import annotations

import json
from typing import Any


def loads(text: str | bytes) -> Any:
    """`json.loads`, with text nested too deeply to parse raising ValueError like any malformed text."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
