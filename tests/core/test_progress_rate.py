"""Progress with rate and time left (issue 18 item 4): the core meter, the CLI line, on a terminal and not."""

from __future__ import annotations

import itertools
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.progress import Cancelled, Progress, RateMeter, csv_rows, format_duration, format_rate
from workbench.output import TerminalProgress

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_and_eta_from_samples() -> None:
    clock = Clock()
    meter = RateMeter(clock)
    assert meter.rate == 0.0 and meter.eta is None  # nothing done yet: no rate, no time left
    clock.now += 2
    meter.update(1000, 10_000)
    assert meter.rate == pytest.approx(500.0)
    assert meter.eta == pytest.approx(18.0)
    clock.now += 2
    meter.update(3000)  # the total is kept when a report leaves it out
    assert meter.total == 10_000 and meter.rate == pytest.approx(750.0) and meter.eta == pytest.approx(7000 / 750)


def test_rate_follows_the_recent_window_not_the_whole_run() -> None:
    clock = Clock()
    meter = RateMeter(clock)
    clock.now += 60  # a slow start (reading the spec, opening partitions): nothing done for a minute
    meter.update(100, 100_100)
    for _ in range(30):  # then 1,000 a second for 30 s
        clock.now += 1
        meter.update(meter.done + 1000)
    assert meter.rate == pytest.approx(1000.0)  # the window forgot the slow start
    assert meter.average == pytest.approx(30_100 / 90)  # the whole run's average remembers it
    assert meter.eta == pytest.approx(70.0)


def test_eta_unknown_without_a_total_and_never_negative() -> None:
    clock = Clock()
    meter = RateMeter(clock)
    clock.now += 1
    meter.update(500)
    assert meter.rate == 500 and meter.eta is None
    meter.total = 400  # an estimate that fell short (a quoted line break counted as a row)
    clock.now += 1
    meter.update(600)
    assert meter.eta == 0.0


def test_progress_handle_measures_and_still_cancels() -> None:
    clock = Clock()
    progress = Progress(total=100, clock=clock)
    clock.now += 4
    progress.advance(40)
    assert progress.rate == pytest.approx(10.0) and progress.eta == pytest.approx(6.0)
    progress.cancel()
    with pytest.raises(Cancelled):
        progress.advance(1)


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (7.4, "0:07"), (754, "12:34"), (3723, "1:02:03")])
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_format_rate_in_both_languages() -> None:
    assert format_rate(12345.4) == "12,345" and format_rate(12345.4, "nl") == "12.345"
    assert format_rate(8.46) == "8.5" and format_rate(8.46, "nl") == "8,5"


def test_csv_rows_counts_data_lines(tmp_path: Path) -> None:
    data = tmp_path / "x.csv"
    data.write_text("a;b\n" + "".join(f"{i};y\n" for i in range(2500)), encoding="utf-8")
    assert csv_rows(data) == 2500
    assert csv_rows(tmp_path / "x.xlsx") == 0  # a workbook: unknown


def test_terminal_line_shows_rate_and_time_left_in_the_interface_language() -> None:
    ticks = itertools.count(0, 0.5)
    shown = TerminalProgress("x.csv", live=False, lang="nl", clock=lambda: next(ticks))
    shown.progress.total = 10_000
    for _ in range(4):
        shown(1500)
    line = shown.line(shown.done, 10_000)
    assert line.startswith("6.000 rijen / 10.000 · ") and " rijen/s · nog 0:0" in line
    assert shown.summary().startswith("6.000 rijen in 0:0") and shown.summary().endswith(" rijen/s)")
    english = TerminalProgress("x.csv", live=False, lang="en", clock=lambda: next(ticks))
    english(150_000)
    english(150_000)
    assert english.line(english.done, 0).startswith("300,000 rows · ") and "ETA" not in english.line(300_000, 0)


def _case_csv(path: Path, rows: int) -> Path:
    lines = ["Meldingsnummer;Ontvangen;Omschrijving;Categorie;Naam;Geboortedatum;BSN;Adres;Rol;KvK-nummer;"
             "Bedrijfsnaam;SBI;Functie;Casusnummer"]
    lines += [f"M-{i};05-03-2024;melding {i};Horeca;Persoon {i};;;;betrokkene;;;;;C-1" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _make_project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    from graph.access import session
    from tests.sandbox import FAST_KDF

    project = tmp_path / "zaak.knp"
    session.create(project, owner="anna", passphrase="anna: correct horse battery", name="zaak",
                   kdf=FAST_KDF).close()
    env = {**os.environ, "KNOOPPUNT_PASSPHRASE": "anna: correct horse battery", "KNOOPPUNT_USER": "anna",
           "PYTHONPATH": str(ROOT), "PYTHON_KEYRING_BACKEND": "tests.process_keyring.ProcessKeyring",
           "KNOOPPUNT_TEST_KEYRING_DIR": str(tmp_path), "COLUMNS": "200"}
    env.pop("KNOOPPUNT_LANG", None)
    return project, env


def _on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run `knooppunt ARGS` with stdout and stderr on a pseudo-terminal, as a user at a terminal does."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "workbench.cli", *args], stdin=subprocess.DEVNULL,
                            stdout=follower, stderr=follower, env=env, close_fds=True, cwd=ROOT)
    os.close(follower)
    output = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif proc.poll() is not None:
            break
    os.close(leader)
    return proc.wait(timeout=30), output.decode(errors="replace")


def test_cli_import_shows_rate_and_eta_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.sandbox import isolated

    gen = isolated(monkeypatch, tmp_path)
    next(gen)
    project, env = _make_project(tmp_path)
    data = _case_csv(tmp_path / "meldingen.csv", 1200)
    code, out = _on_a_terminal(["import", "case", str(data), "--spec", "meldingen", "--project", str(project)], env)
    assert code == 0, out
    lines = [part.replace("\x1b[K", "") for part in out.replace("\r\n", "\n").split("\r")]
    progress = [line for line in lines if line.startswith("meldingen.csv: ")]
    assert progress, out
    assert any(" / 1.200 · " in line and " rijen/s · nog " in line for line in progress), progress
    closing = progress[-1].splitlines()[0]
    assert closing.startswith("meldingen.csv: 1.200 rijen in 0:") and closing.endswith(" rijen/s)"), closing
    # English on request; each report shows count / total, rate and time left
    code, out = _on_a_terminal(["import", "case", str(data), "--spec", "meldingen", "--project", str(project),
                                "--lang", "en", "--dry-run"], env)
    assert code == 0, out
    assert "meldingen.csv: 1,200 rows in 0:" in out and " rows/s)" in out


def test_cli_import_is_quiet_when_not_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from tests.sandbox import isolated
    from workbench.cli import main

    gen = isolated(monkeypatch, tmp_path)
    next(gen)
    project, env = _make_project(tmp_path)
    for name in ("KNOOPPUNT_PASSPHRASE", "KNOOPPUNT_USER"):
        monkeypatch.setenv(name, env[name])
    data = _case_csv(tmp_path / "meldingen.csv", 300)
    assert main(["import", "case", str(data), "--spec", "meldingen", "--project", str(project)]) == 0
    err = capsys.readouterr().err
    assert "/s" not in err and "\r" not in err


def test_push_and_pull_report_progress_with_a_total(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph import sync
    from graph.demo import generate
    from graph.stores.sqlite_store import SQLiteStore

    monkeypatch.setattr(sync, "BATCH", 100)
    data = generate(600, seed=3)
    source = SQLiteStore(tmp_path / "a.knp", create=True)
    target = SQLiteStore(tmp_path / "b.knp", create=True)
    try:
        source.upsert_entities(data.entities)
        source.upsert_relations(data.relations)
        clock = Clock()
        seen: list[tuple[int, int]] = []

        class Watched(Progress):
            def report(self, done: int, total: int, text: str) -> None:
                clock.now += 0.5
                seen.append((done, total))

        progress = Watched(clock=clock)
        report = sync.push(source, target, progress=progress)
        total = sum(1 for _ in source.iter_entities()) + sum(1 for _ in source.iter_relations())
        assert report.entities.total + report.relations.total == total
        assert seen[-1] == (total, total) and len(seen) >= total // 100
        assert progress.rate > 0 and progress.eta == 0.0
    finally:
        source.close()
        target.close()
