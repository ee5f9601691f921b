"""PDF pages as PNG images through pdftoppm (Debian poppler-utils): the GUI preview and the .docx chart."""

from __future__ import annotations

from pathlib import Path

from graph.errors import KnooppuntError


def first_page_png(pdf: bytes, *, dpi: int = 60) -> bytes:
    """The first page as PNG for the GUI preview (pdftoppm, Debian poppler-utils)."""
    import shutil
    import subprocess
    import tempfile

    if shutil.which("pdftoppm") is None:
        raise KnooppuntError("pdftoppm not found: install poppler-utils (scripts/apt-packages.txt)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "b.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(src),
                        str(Path(tmp) / "page")], check=True, capture_output=True)
        return (Path(tmp) / "page.png").read_bytes()
