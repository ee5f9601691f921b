"""Benchmark of CLI start-up: `knooppunt --help` and `knooppunt stats` as separate processes.

    .venv/bin/python -m bench.bench_cli [--records 5000] [--runs 7]

Prints medians (and min/max) of several process runs, wall clock, and their CPU time
(user + system: on a shared, busy machine the wall clock mostly measures the others), of:
* `knooppunt --help` (target < 0.3 s: nothing heavy is imported to list the commands);
* `knooppunt stats` on an encrypted demo project of about `--records` records, unlocked
  with KNOOPPUNT_PASSPHRASE and the default Argon2id cost (target < 0.5 s + key derivation);
* `knooppunt stats` with the key remembered in the OS keyring (`unlock --remember`): the
  same work without the key derivation, measured rather than subtracted (on a busy
  machine a subtraction of two noisy medians says little);
* the key derivation alone (Argon2id of one key slot, in-process);
* `python -c pass`, the interpreter's own start-up, for scale.

The commands run interleaved, so a load change on the machine hits all of them alike.
The project is made with `knooppunt demo` in a temporary directory and removed afterwards;
the keyring entry is removed again with `knooppunt lock` (XDG_DATA_HOME points into the
temporary directory, which confines file-based keyrings such as keyrings.alt's).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PASSPHRASE = "bench: correct horse battery staple"


def _run(argv: Sequence[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one process run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _kdf_seconds(project: Path, runs: int) -> list[float]:
    from graph.access import session
    from graph.access.keyslots import KeyFile, key_file

    member = session.default_member(project)
    times = []
    for _ in range(runs):
        keys = KeyFile.load(key_file(project))
        started = time.perf_counter()
        keys.unlock(member, PASSPHRASE)
        times.append(time.perf_counter() - started)
    return times


def _line(label: str, times: list[float], cpu: list[float] | None = None) -> str:
    used = f"   cpu {statistics.median(cpu):6.3f} s" if cpu else ""
    return (f"{label:<44} median {statistics.median(times):6.3f} s   "
            f"min {min(times):6.3f}   max {max(times):6.3f}{used}   ({len(times)} runs)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000, help="size of the demo project (entities + relations)")
    parser.add_argument("--runs", type=int, default=7, help="process runs per command")
    args = parser.parse_args(argv)

    knooppunt = [sys.executable, "-m", "workbench.cli"]
    with tempfile.TemporaryDirectory(prefix="knooppunt-bench-cli-") as tmp:
        project = Path(tmp) / "bench.knp"
        env = {**os.environ, "KNOOPPUNT_PASSPHRASE": PASSPHRASE, "KNOOPPUNT_PROJECT": str(project)}
        for var in ("KNOOPPUNT_USER", "KNOOPPUNT_NEW_PASSPHRASE"):
            env.pop(var, None)
        subprocess.run([*knooppunt, "demo", "--size", str(args.records), "--owner", "bench"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not (Path(tmp) / "bench.knp.keys").exists():
            raise SystemExit("the demo project was not encrypted; the figures would not include a key derivation")

        remembered_env = {**env, "XDG_DATA_HOME": str(Path(tmp) / "data")}
        remembered_env.pop("KNOOPPUNT_PASSPHRASE")
        commands = {"python": ([sys.executable, "-c", "pass"], env), "help": ([*knooppunt, "--help"], env),
                    "stats": ([*knooppunt, "stats"], env), "remembered": ([*knooppunt, "stats"], remembered_env)}
        subprocess.run([*knooppunt, "unlock", "--remember"], env={**remembered_env, **{
            "KNOOPPUNT_PASSPHRASE": PASSPHRASE}}, check=True, stdout=subprocess.DEVNULL)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        try:
            for _ in range(args.runs):
                for name, (command, command_env) in commands.items():
                    wall, used = _run(command, command_env)
                    times[name].append(wall)
                    cpu[name].append(used)
        finally:
            subprocess.run([*knooppunt, "lock"], env=remembered_env, check=True, stdout=subprocess.DEVNULL)
        kdf = _kdf_seconds(project, args.runs)

    print(f"CLI start-up, {args.records:,} records, encrypted (default Argon2id), {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}; wall clock, and the median CPU time (user + system)")
    print(_line("python -c pass (interpreter only)", times["python"], cpu["python"]))
    print(_line("knooppunt --help            (target < 0.3 s)", times["help"], cpu["help"]))
    print(_line("knooppunt stats, passphrase", times["stats"], cpu["stats"]))
    print(_line("key derivation (Argon2id, one slot)", kdf))
    print(_line("knooppunt stats, key remembered (< 0.5 s)", times["remembered"], cpu["remembered"]))
    print(f"{'knooppunt stats minus key derivation':<44} median "
          f"{statistics.median(times['stats']) - statistics.median(kdf):6.3f} s   (subtracted)")


if __name__ == "__main__":
    main()
