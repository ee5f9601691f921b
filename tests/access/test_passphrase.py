"""One passphrase rule (graph/access/passphrase.py) on every path a new passphrase takes.

CLI: prompt (on a real pseudo-terminal), --passphrase-file, the environment; core: create,
add_member, change_passphrase. The GUI's new-project dialog is in tests/gui/test_unlock.py.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.access import passphrase as rule
from graph.access import session
from tests.sandbox import FAST_KDF, OWNER, OWNER_PW
from workbench.cli import main


@pytest.mark.parametrize(("text", "code"), [("kort", "short"), ("        ", "blank"), ("", "blank"),
                                            ("wachtwoord", "guessable"), ("password1", "guessable"),
                                            ("12345678", "guessable"), ("xxxxxxxxxx", "guessable")])
def test_the_rule_refuses_short_blank_and_guessable_passphrases(text: str, code: str) -> None:
    strength = rule.estimate(text)
    assert strength.code == code and not strength.acceptable
    with pytest.raises(rule.WeakPassphrase, match="passphrase"):
        rule.check(text)


def test_the_rule_accepts_several_unrelated_words_and_scores_them_higher() -> None:
    good = rule.estimate("tuin vol tulpen op dinsdag")
    fair = rule.estimate("Almelo2024!")
    assert good.acceptable and good.score == 4
    assert good.guesses_log10 > fair.guesses_log10
    assert not rule.estimate("alice2024", ("alice",)).acceptable  # the member's own name does not count


def test_the_core_refuses_weak_passphrases_on_create_add_and_change(tmp_path: Path) -> None:
    with pytest.raises(rule.WeakPassphrase, match="too short"):
        session.create(tmp_path / "p.knp", owner=OWNER, passphrase="kort", kdf=FAST_KDF)
    assert not (tmp_path / "p.knp").exists()  # refused before anything is written
    store = session.create(tmp_path / "p.knp", owner=OWNER, passphrase=OWNER_PW, kdf=FAST_KDF)
    try:
        with pytest.raises(rule.WeakPassphrase, match="easy to guess"):
            session.add_member(store, "bob", role="viewer", passphrase="password1", kdf=FAST_KDF)
        assert session.slot_members(tmp_path / "p.knp") == [OWNER]
    finally:
        store.close()
    with pytest.raises(rule.WeakPassphrase):
        session.change_passphrase(tmp_path / "p.knp", OWNER, OWNER_PW, "        ")
    session.unlock(tmp_path / "p.knp", OWNER, OWNER_PW).close()  # the old passphrase still opens it


def test_cli_refuses_a_weak_passphrase_from_a_file_or_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    weak = tmp_path / "weak.pw"
    weak.write_text("kort\n", encoding="utf-8")
    assert main(["project", "create", str(tmp_path / "a.knp"), "--owner", "alice", "--passphrase-file",
                 str(weak)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(weak) in err and "too short" in err
    monkeypatch.setenv("KNOOPPUNT_PASSPHRASE", "wachtwoord")
    assert main(["project", "create", str(tmp_path / "b.knp"), "--owner", "alice"]) == 2
    err = capsys.readouterr().err.strip()
    assert "KNOOPPUNT_PASSPHRASE" in err and "easy to guess" in err
    assert not (tmp_path / "a.knp").exists() and not (tmp_path / "b.knp").exists()


def _run_on_a_terminal(args: list[str], answers: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run the CLI on a pseudo-terminal (the prompt needs one) and type the answers."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "workbench.cli", *args], stdin=follower, stdout=follower,
                            stderr=follower, env=env, close_fds=True)
    os.close(follower)
    output = b""
    pending = list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
            if pending and output.rstrip().endswith(b":"):
                time.sleep(0.5)  # getpass flushes what was typed before it switched echo off
                os.write(leader, (pending.pop(0) + "\n").encode())
        elif proc.poll() is not None:
            break
    os.close(leader)
    return proc.wait(timeout=30), output.decode(errors="replace")


def test_cli_prompt_refuses_kort_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("KNOOPPUNT_PASSPHRASE", "KNOOPPUNT_PROJECT")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    code, out = _run_on_a_terminal(["project", "create", str(tmp_path / "c.knp"), "--owner", "alice"],
                                   ["kort", "kort"], env)
    assert code == 2, out
    assert "too short" in out and "Traceback" not in out
    assert not (tmp_path / "c.knp").exists()
