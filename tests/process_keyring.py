"""A keyring backend for tests that run `knooppunt` in subprocesses (the README test).

The OS keyring of a desktop session is not available here, and Knooppunt refuses plain-text
backends such as keyrings.alt's. This stands in for the OS keyring across the processes of one
test: entries live in a JSON file in KNOOPPUNT_TEST_KEYRING_DIR (a temporary directory).
Select it with PYTHON_KEYRING_BACKEND=tests.process_keyring.ProcessKeyring and the project root
on PYTHONPATH. Test-only: it is not packaged.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.backend
import keyring.errors


class ProcessKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _file(self) -> Path:
        return Path(os.environ["KNOOPPUNT_TEST_KEYRING_DIR"]) / "keyring.json"

    def _load(self) -> dict[str, str]:
        return json.loads(self._file.read_text()) if self._file.exists() else {}

    def _save(self, entries: dict[str, str]) -> None:
        self._file.parent.mkdir(parents=True, exist_ok=True)
        self._file.write_text(json.dumps(entries))

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\0{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._load()
        entries[f"{service}\0{username}"] = password
        self._save(entries)

    def delete_password(self, service: str, username: str) -> None:
        entries = self._load()
        if entries.pop(f"{service}\0{username}", None) is None:
            raise keyring.errors.PasswordDeleteError(f"no entry for {service}/{username}")
        self._save(entries)
