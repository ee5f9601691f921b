"""The README runs as written: its command block, on the files of examples/, in a fresh directory.

Each line is run by a shell (globs, quotes and comments as a user's shell treats them) with the
installed `knooppunt` command, the passphrases in the environment variables the README tells a
script to set, and a keyring confined to the temporary directory. The KDF is the real one: the
block unlocks with a passphrase only four times (the keyring does the rest).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def sh_blocks(text: str) -> list[list[str]]:
    return [block.strip().splitlines() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def command_block() -> list[str]:
    """The README's command-line block: the sh block whose every line is a `knooppunt` command."""
    blocks = [b for b in sh_blocks(README.read_text(encoding="utf-8"))
              if b and all(line.startswith("knooppunt ") for line in b)]
    assert len(blocks) == 1, "the README should have exactly one block of knooppunt commands"
    return blocks[0]


def script_environment() -> dict[str, str]:
    """The variables the README's script block exports (names from the README; passphrases our own,
    other values as the README writes them)."""
    found = {name: value.strip("'\"") for b in sh_blocks(README.read_text(encoding="utf-8"))
             for line in b for name, value in re.findall(r"^export (\w+)=('[^']*'|\S+)", line)}
    assert {"KNOOPPUNT_PASSPHRASE", "KNOOPPUNT_NEW_PASSPHRASE", "KNOOPPUNT_USER"} <= set(found)
    return {name: f"{name.lower()}: a long test passphrase" if "PASSPHRASE" in name else value
            for name, value in found.items()}


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    return tmp_path


def run_line(line: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)


def readme_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNOOPPUNT_", "NEO4J_"))}
    env.update(script_environment())
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    # keyring's own setting: a test backend confined to this test (no desktop keyring here;
    # plain-text backends are refused by Knooppunt itself)
    env["PYTHON_KEYRING_BACKEND"] = "tests.process_keyring.ProcessKeyring"
    env["KNOOPPUNT_TEST_KEYRING_DIR"] = str(tmp_path / "keyring")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["KNOOPPUNT_STATE_DIR"] = str(tmp_path / "state")  # this computer's memory of projects (audit head, owners)
    env.pop("DISPLAY", None)
    return env


def test_readme_command_block_runs_as_written(workdir: Path) -> None:
    env = readme_env(workdir)
    shown: dict[str, str] = {}
    for line in command_block():
        result = run_line(line, workdir, env)
        assert result.returncode == 0, f"{line}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}"
        shown[line.split("--project")[0].strip()] = result.stdout
    # the project is the two files the README says, and the commands did what they say
    assert (workdir / "casus.knp").exists() and (workdir / "casus.knp.keys").exists()
    export = workdir / "katvangers.xlsx"
    assert export.exists() and export.stat().st_mode & 0o777 == 0o600  # exports: owner only, marked inside
    from openpyxl import load_workbook
    assert str(load_workbook(export).active["A1"].value).startswith("RUBRICERING: ")
    assert (workdir / "state").is_dir()
    out = "\n".join(shown.values())
    assert "Jan de Vries" in out and "Test BV Donald" in out and "Hoofdstraat 12A, 7607 AB Almelo" in out
    assert "auditlog intact" in out  # Dutch by default, as every line the README shows
    flags = next(v for k, v in shown.items() if k.startswith("knooppunt analyse flags"))
    assert flags.strip().endswith("(geen resultaten)")  # "none in these few rows", as the README's comment says
    search = next(v for k, v in shown.items() if k.startswith("knooppunt search"))
    assert search.splitlines()[0].split() == ["id", "soort", "naam", "rubricering"]  # Dutch headers by default


def test_readme_block_runs_without_a_desktop_keyring(workdir: Path) -> None:
    """A fresh server or CI has no keyring: the README says to leave out `unlock --remember` and
    `lock` and name the acting member with KNOOPPUNT_USER; then the commands after `members add`
    (two members) run. The first import and a search stand for the rest (each unlocks with the real KDF)."""
    env = readme_env(workdir)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    block = command_block()
    created = run_line(next(line for line in block if line.startswith("knooppunt project create")), workdir, env)
    assert created.returncode == 0, created.stderr
    remember = next(line for line in block if line.startswith("knooppunt unlock --remember"))
    refused = run_line(remember, workdir, env)  # refused for the keyring, not for a missing project
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1  # as the README says
    assert "de sleutel wordt niet onthouden" in refused.stderr  # in the interface language (Dutch)
    lock = run_line(next(line for line in block if line.startswith("knooppunt lock")), workdir, env)
    assert lock.returncode == 0 and "geen sleutel onthouden" in lock.stdout  # "says there was no key to forget"
    wanted = ("knooppunt members add", "knooppunt import kvk", "knooppunt search")
    for line in (line for line in block if line.startswith(wanted)):
        result = run_line(line, workdir, env)
        assert result.returncode == 0, f"{line}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert result.stdout.split()[:1] in (["id"], ["(geen"])  # the search printed its table (or "no results")
    env.pop("KNOOPPUNT_USER")
    without = run_line(next(line for line in block if line.startswith("knooppunt search")), workdir, env)
    assert without.returncode == 2 and "2 leden" in without.stderr  # what the README warns of


def test_the_readme_ids_are_those_of_the_examples(workdir: Path) -> None:
    """The ids in the README's block are derived from the example files, not placeholders."""
    ids = set(re.findall(r"\b(?:per|com|add)-[0-9a-f]{16}\b", "\n".join(command_block())))
    assert ids == {"per-49c0356f7967faba", "per-0ff3e7a9117fe6e4", "com-365fc6983114fa65"}


def test_examples_meldingen_spec_is_the_packaged_one() -> None:
    packaged = yaml.safe_load((ROOT / "importers" / "specs" / "meldingen.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load((ROOT / "examples" / "meldingen.yaml").read_text(encoding="utf-8")) == packaged


def test_basisprofielen_have_the_api_shape() -> None:
    """The fields the KvK API Basisprofiel documents (../shared/kvk/api_basisprofiel_*.yaml) for
    the parts the importer reads."""
    import json
    for path in sorted((ROOT / "examples" / "basisprofielen").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert re.fullmatch(r"\d{8}", data["kvkNummer"]) and path.stem == data["kvkNummer"]
        assert {"naam", "statutaireNaam", "handelsnamen", "sbiActiviteiten", "_embedded"} <= set(data)
        main = data["_embedded"]["hoofdvestiging"]
        assert re.fullmatch(r"\d{12}", main["vestigingsnummer"]) and main["kvkNummer"] == data["kvkNummer"]
        assert {a["type"] for a in main["adressen"]} <= {"bezoekadres", "postadres"}


def test_the_readme_says_where_the_command_is() -> None:
    """A new user types `knooppunt` after `scripts/run.sh`: the README says it lives in .venv and how to reach it,
    and setup.sh is what puts it there."""
    text = README.read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in text and ".venv/bin/knooppunt" in text
    assert ".venv" in (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
