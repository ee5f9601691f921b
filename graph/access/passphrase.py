"""The one passphrase rule for every way a new passphrase enters Knooppunt.

A project's data key is wrapped under each member's passphrase with Argon2id, so an
attacker who copies the project file can guess offline: the passphrase is the only
secret. The CLI (prompt, `--passphrase-file`, environment), the core (`create`,
`add_member`, `change_passphrase`) and the GUI dialogs all call `check()` here, so a
passphrase refused in one place is refused in all of them.

Strength is estimated with zxcvbn (Dropbox's estimator: dictionaries, keyboard patterns,
dates, repeats, l33t), which the GUI shows as the user types. The rule: at least
`MIN_LENGTH` characters, not only whitespace, and a zxcvbn score of at least `MIN_SCORE`
(about 10^8 guesses; with Argon2id at ~0.3 s a guess that is years of one core).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import KnooppuntError

MIN_LENGTH = 8
MIN_SCORE = 2  # zxcvbn 0..4: 2 = "somewhat guessable" (>= 10^6 guesses ... < 10^8), see the module doc
_USER_INPUTS = ("knooppunt", "project", "wachtwoord", "passphrase", "gemeente", "ondermijning")


class WeakPassphrase(KnooppuntError):
    """A new passphrase that the rule refuses; the message says why in one line."""


@dataclass(frozen=True)
class Strength:
    """A strength estimate to show while typing: score 0-4, and why a passphrase is refused."""

    score: int
    guesses_log10: float
    problem: str | None  # None when the passphrase is acceptable
    code: str | None  # machine-readable reason: "short", "blank", "guessable"

    @property
    def acceptable(self) -> bool:
        return self.problem is None


def estimate(passphrase: str, user_inputs: tuple[str, ...] = ()) -> Strength:
    """Score a passphrase (zxcvbn) and say why it would be refused, without raising."""
    from zxcvbn import zxcvbn  # imported here: the dictionaries take ~0.1 s to load

    if not passphrase.strip():
        return Strength(0, 0.0, "passphrase is empty or only whitespace", "blank")
    result = zxcvbn(passphrase[:100], user_inputs=[*_USER_INPUTS, *user_inputs])  # zxcvbn is slow on long input
    score = int(result["score"])
    guesses = float(result["guesses_log10"])
    if len(passphrase) < MIN_LENGTH:
        return Strength(min(score, 1), guesses, f"passphrase too short: use at least {MIN_LENGTH} characters",
                        "short")
    if score < MIN_SCORE:
        return Strength(score, guesses, "passphrase too easy to guess (a common word, name, date or pattern): "
                        "use several unrelated words", "guessable")
    return Strength(score, guesses, None, None)


def check(passphrase: str, user_inputs: tuple[str, ...] = ()) -> str:
    """Return the passphrase when the rule accepts it; raise WeakPassphrase (one line) otherwise."""
    strength = estimate(passphrase, user_inputs)
    if strength.problem is not None:
        raise WeakPassphrase(strength.problem)
    return passphrase
