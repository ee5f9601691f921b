"""Mutation testing by group (issue 19 item 4): do the tests notice a changed line?

    scripts/mutation.sh [GROUP ...] [--jobs 1] [--fresh] [--diff] [--list] [--recheck TEST ...]

Slow (minutes to an hour per group), so never run in CI. For each named group (default:
all) it runs mutmut 3 over the group's source files with only the group's tests, then
prints killed / survived / timeout per module, the group's killed share, and every
surviving mutant (with `--diff` its changed line). Survivors that are equivalent or
harmless are listed with the reason in docs/mutation.md.

How the groups are run (mutmut 3 reads its whole config from pyproject [tool.mutmut] in
the current directory and has no notion of groups): every group gets its own work
directory `.mutation/<group>/` (git-ignored) holding a copy of the tracked and untracked
files of the repository and a pyproject.toml with a [tool.mutmut] table written for that
group (`only_mutate` = its files, `pytest_add_cli_args_test_selection` = its tests).
mutmut keeps its results there (`mutants/**/*.meta`), so a second run re-tests only
what is needed:

* mutants of functions whose source changed (mutmut compares a hash per function);
* every mutant that survived, had no tests or was suspicious (it may be killed by a test
  added since: mutmut itself would keep the old verdict);
* the test-to-function map is collected anew (a changed test may cover more).

A group may name only some functions of a file (`functions`: mutmut mutant-name globs,
e.g. `graph.schema.x_key_of__mutmut_*`); the file's other mutants are generated but marked
"skipped" before the run, so they cost nothing. `--fresh` throws a group's results away.

`--jobs` is mutmut's --max-children (default 1: the machine is shared). A mutant counts
as caught when the tests fail (killed) or run out of time (timeout: the change made the
code loop); "killed share" = (killed + timeout) / all mutants of the group, where a
mutant no test runs ("no tests") counts as not caught.

Adding a group: one `Group(...)` in GROUPS below: the files, the tests that cover them
(keep the selection small: each mutant runs the selected tests that reach the mutated
function, stopping at the first failure), and optionally function globs.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"
PACKAGES = ("graph", "importers", "workbench", "views")  # copied into mutants/; only the group's files mutate
ALSO_COPY = ("tests", "examples", "docs", "bench", "tools", "scripts", "README.md", "LICENSE")
MUTMUT_REQUIREMENT = "mutmut>=3.8,<3.9"  # the pre-generation below uses mutmut's own functions


@dataclass(frozen=True)
class Group:
    """Source files to mutate and the tests that should notice; `functions` narrows to some functions."""

    files: tuple[str, ...]
    tests: tuple[str, ...]
    functions: tuple[str, ...] = ()
    about: str = ""


GROUPS: dict[str, Group] = {
    # Who may open the project and with which keys. The functions that decide it (about 2,500 mutants in the
    # six files in all; their plumbing -- file writing, rotation bookkeeping -- is left out to keep a run
    # under an hour): opening a slot, the key file's MAC and the owners' pins, KDF bounds, signatures of the
    # log and the members table, permissions, the member check on open, and the remembered key.
    "access": Group(
        files=("graph/access/keyslots.py", "graph/access/signing.py", "graph/access/roles.py",
               "graph/access/session.py", "graph/access/keyring_store.py", "graph/project.py"),
        functions=tuple(f"{module}.{name}__mutmut_*" for module, names in (
            ("graph.access.keyslots", ("xǁKeyFileǁopen_slot", "xǁKeyFileǁ_unwrap", "xǁKeyFileǁcheck_mac",
                                       "xǁKeyFileǁ_mac_for", "xǁKeyFileǁpinned",
                                       "xǁKeyFileǁ_pin_value", "x_checked_kdf", "xǁKeyFileǁ_info",
                                       "xǁKeyFileǁ_aad")),
            ("graph.access.signing", ("x_verify_signatures", "x_check_members", "x__verifies",
                                      "xǁSignerǁ__call__", "x__entry_message")),
            ("graph.access.roles", ("x_check", "xǁMemberǁmay", "x_parse_clearance", "x_parse_role")),
            ("graph.access.session", ("x_grants_for", "x__checked_member", "x_local_head_problem")),
            ("graph.access.keyring_store", ("x_insecure_reason", "x_recall", "x__backends")),
            ("graph.project", ("x_open_project",)),
        ) for name in names),
        tests=("tests/access",),
        about="slots, MAC and pins, signatures, permissions, member check, remembered key",
    ),
    # The tamper-evident log: chain, head record, failed-unlock sidecar.
    "audit": Group(
        files=("graph/access/audit.py",),
        tests=("tests/access",),
        about="hash chain, head record and the failed-unlock log",
    ),
    # Which records are one: ids from identity, merges, resolution candidates.
    "identity": Group(
        files=("graph/schema.py", "graph/merge.py", "importers/resolution.py"),
        functions=("graph.schema.x_key_of__mutmut_*", "graph.schema.x_format_id__mutmut_*",
                   "graph.schema.x_parse_id__mutmut_*", "graph.schema.x_type_prefix__mutmut_*",
                   "graph.schema.xǁSchemaǁidentity_key__mutmut_*", "graph.schema.xǁSchemaǁentity_id__mutmut_*",
                   "graph.schema.xǁSchemaǁrelation_id__mutmut_*", "graph.merge.*", "importers.resolution.*"),
        tests=("tests/core/test_schema.py", "tests/core/test_identity_ids.py", "tests/importers/test_resolution.py",
               "tests/importers/test_resolution_rules.py",
               "tests/access/test_inside_attacks.py", "tests/importers/test_cli_import.py"),
        about="record ids, merges and resolution candidates",
    ),
    # Canonical identifiers: one spelling, so two sources merge (KvK, postcode, IBAN, dates ...).
    "identifiers": Group(
        files=("graph/identifiers.py",),
        tests=("tests/core/test_schema.py", "tests/core/test_identifiers.py", "tests/importers/test_addresses.py",
               "tests/importers/test_case_import.py", "tests/records/test_extraction.py"),
        about="canonical forms of KvK numbers, postcodes, IBANs, plates, phones, dates",
    ),
    # Free-text Dutch addresses: the parts the Address id is made of.
    "addresses": Group(
        files=("importers/addresses.py",),
        tests=("tests/importers/test_addresses.py", "tests/importers/test_case_import.py",
               "tests/importers/test_kvk.py"),
        about="address parsing: street, number, letter, addition, postcode, city, PO box",
    ),
    # What leaves the project: the marking inside every file, formula-safe cells, owner-only atomic writes.
    "exports": Group(
        files=("graph/exportfile.py", "graph/exchange/tables.py", "graph/exchange/common.py"),
        tests=("tests/exchange", "tests/core/test_cli.py"),
        about="export marking, audience, safe cells, private atomic files, exchange imports",
    ),
    # Who holds the network together: the functions that decide the sampled results and what their bound
    # says -- Riondato-Kornaropoulos betweenness (sample size, vertex diameter, the estimate), the places the
    # bound settles and its wording, sampled closeness with its correction and Hoeffding's bound. Left out
    # (a full run of the 906 mutants takes hours on the shared machine; many loop mutants time out): the
    # orchestration `centrality` and its method notes, the exact measures checked against networkx
    # (betweenness, eigenvector, PageRank, bridging), ranking, option checks and the path drawing itself
    # (its uniformity has its own test).
    "centrality": Group(
        files=("graph/analysis/centrality.py",),
        functions=tuple(f"graph.analysis.centrality.{name}__mutmut_*" for name in (
            "x_hoeffding_eps", "x_rk_sample_size", "x_vertex_diameter_bound", "x_betweenness_rk",
            "xǁPathSampleǁsettled", "xǁPathSampleǁdescribe", "x__closeness")),
        tests=("tests/analysis/test_centrality.py", "tests/analysis/test_centrality_rules.py"),
        about="sampled betweenness (Riondato-Kornaropoulos) and closeness, their bounds and wording",
    ),
    # The chart export's marking: the project's classification raised to the highest label shown, in the band
    # at the top and at the bottom of the page (GUI tests: about 10 s a mutant). The rest of the page (title,
    # chart scale, legend: `_paint`) is layout, left out.
    "chart-marking": Group(
        files=("views/chart/export.py", "views/project_session.py", "views/chart/widget.py",
               "graph/exchange/common.py"),
        functions=("views.chart.export.x__paint_marking__mutmut_*", "views.chart.export.x_marking_text__mutmut_*",
                   "views.project_session.xǁSessionǁmarking__mutmut_*",
                   "views.chart.widget.xǁChartWidgetǁprepare_export__mutmut_*",
                   "graph.exchange.common.x_highest_labels__mutmut_*"),
        tests=("tests/gui/test_export.py", "tests/exchange/test_export_rules.py"),
        about="chart export marking: the labels named, the classification setting, the bands top and bottom",
    ),
}

# mutmut's exit codes per mutant (mutmut.stats.status_by_exit_code), folded into what we report.
_STATUS = {1: "killed", 3: "killed", 37: "killed", 0: "survived", 33: "no tests", 5: "no tests", 34: "skipped",
           36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout", None: "not checked"}
_RERUN = {"survived", "no tests", "suspicious", "not checked", "segfault"}
SKIPPED = 34


def status(code: int | None) -> str:
    return _STATUS.get(code, "suspicious" if code not in (-9, -11) else "segfault")


# -- the work directory -------------------------------------------------------------------------
def _repo_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                         check=True, capture_output=True).stdout.decode()
    return [f for f in out.split("\0") if f and not f.startswith(".mutation/")]


def sync(work: Path) -> None:
    """Copy the repository's files into `work`, keeping mtimes, rewriting only files that differ.

    mutmut regenerates a file's mutants when the source is newer than its mutated copy.
    """
    for rel in _repo_files():
        src, dst = ROOT / rel, work / rel
        if not src.is_file():
            continue  # deleted but still in the index
        if dst.is_file() and dst.stat().st_size == src.stat().st_size and dst.read_bytes() == src.read_bytes():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def sync_data(work: Path) -> None:
    """Refresh the packages' data files (yaml, translations) in `work/mutants/`.

    mutmut copies a non-Python file into mutants/ only when it is missing there, so a data
    file changed since an earlier run would stay stale and fail tests of a resumed run.
    """
    mutants = work / "mutants"
    if not mutants.is_dir():
        return
    for rel in _repo_files():
        if rel.endswith(".py") or not rel.startswith(tuple(p + "/" for p in PACKAGES)):
            continue
        src, dst = ROOT / rel, mutants / rel
        if src.is_file() and not (dst.is_file() and dst.read_bytes() == src.read_bytes()):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def _toml_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def write_config(work: Path, group: Group) -> None:
    """The repository's pyproject.toml plus a [tool.mutmut] table for this group."""
    base = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    table = "\n".join([
        "", "[tool.mutmut]  # written by bench/mutation.py for one group",
        f"source_paths = {_toml_list(PACKAGES)}",
        f"only_mutate = {_toml_list(group.files)}",
        f"also_copy = {_toml_list(ALSO_COPY)}",
        f"pytest_add_cli_args_test_selection = {_toml_list(group.tests)}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider"]',
        "use_git_change_detection = false",
        "timeout_multiplier = 10.0",
        "",
    ])
    (work / "pyproject.toml").write_text(base + table, encoding="utf-8")


_GENERATE = """
from pathlib import Path
from os import makedirs
from mutmut.__main__ import copy_src_dir, copy_also_copy_files, setup_source_paths, create_mutants
makedirs(Path("mutants"), exist_ok=True)
copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(1)
"""


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    return env


def _meta_files(work: Path, group: Group) -> list[Path]:
    return [work / "mutants" / (f + ".meta") for f in group.files]


def _in_group(group: Group, key: str) -> bool:
    return not group.functions or any(fnmatch.fnmatch(key, g) for g in group.functions)


def prepare(work: Path, group: Group) -> None:
    """Generate mutants; mark those outside the group skipped and those to re-test unchecked."""
    subprocess.run([sys.executable, "-c", _GENERATE], cwd=work, env=_env(), check=True,
                   stdout=subprocess.DEVNULL)
    for meta_path in _meta_files(work, group):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        codes = meta["exit_code_by_key"]
        for key, code in codes.items():
            if not _in_group(group, key):
                codes[key] = SKIPPED
            elif code == SKIPPED or status(code) in _RERUN:
                codes[key] = None
        meta_path.write_text(json.dumps(meta, indent=4), encoding="utf-8")
    (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)


def run_group(name: str, group: Group, jobs: int, fresh: bool) -> float:
    work = WORK / name
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    sync(work)
    sync_data(work)
    write_config(work, group)
    started = time.monotonic()
    prepare(work, group)
    mutmut = Path(sys.executable).with_name("mutmut")
    log = work / "mutmut-run.log"
    with open(log, "w", encoding="utf-8") as fh:
        done = subprocess.run([str(mutmut), "run", "--max-children", str(jobs)], cwd=work, env=_env(),
                              stdout=fh, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
        raise SystemExit(f"mutation: mutmut failed for group {name} (exit {done.returncode}); "
                         f"log {log}:\n" + "\n".join(tail))
    return time.monotonic() - started


def recheck(name: str, group: Group, tests: list[str], only: tuple[str, ...] = ()) -> tuple[int, int]:
    """Re-test the last run's survivors of a group with only `tests`; returns (re-tested, now killed).

    The mutants are mutmut's own (the last run's `mutants/` tree), switched on as mutmut does it
    (`MUTANT_UNDER_TEST`), with the repository's current tests copied in. A survivor the tests now
    fail is recorded as killed -- a subset of the group's tests failing is what mutmut's own run
    would find first; one they pass stays a survivor. Much faster than a run after tests were
    written for known survivors (a run re-tests every survivor with all the group's tests); the
    source must not have changed since the run (a changed function needs a real run). `only`:
    mutant-name globs, to re-test just the survivors the tests were written for.
    """
    work = WORK / name
    mutants = work / "mutants"
    if not mutants.is_dir():
        raise SystemExit(f"mutation: group {name} has not run yet (no {mutants})")
    for rel in _repo_files():
        src, dst = ROOT / rel, mutants / rel
        if rel.startswith("tests/") and src.is_file() and not (dst.is_file() and dst.read_bytes() == src.read_bytes()):
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    tried = killed = 0
    for meta_path in _meta_files(work, group):
        if not meta_path.exists():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        codes = meta["exit_code_by_key"]
        for key, code in sorted(codes.items()):
            if not _in_group(group, key) or status(code) not in ("survived", "no tests"):
                continue
            if only and not any(fnmatch.fnmatch(key, g) for g in only):
                continue
            env = dict(_env(), MUTANT_UNDER_TEST=key, PYTHONPATH=str(mutants))
            done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                                  cwd=mutants, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            tried += 1
            if done.returncode == 1:  # pytest: tests failed (2-5: interrupted, usage, nothing collected)
                codes[key] = 1
                killed += 1
            print(f"   {key}: {'killed' if done.returncode == 1 else 'survives'}", flush=True)
        meta_path.write_text(json.dumps(meta, indent=4), encoding="utf-8")
    return tried, killed


# -- the report ---------------------------------------------------------------------------------
def results(name: str, group: Group) -> dict[str, dict[str, int | None]]:
    """Module -> {mutant name: exit code} for the group's mutants (skipped ones left out)."""
    out: dict[str, dict[str, int | None]] = {}
    for file, meta_path in zip(group.files, _meta_files(WORK / name, group), strict=True):
        if not meta_path.exists():
            continue
        codes = json.loads(meta_path.read_text(encoding="utf-8"))["exit_code_by_key"]
        out[file] = {k: v for k, v in codes.items() if _in_group(group, k) and v != SKIPPED}
    return out


def diff_of(name: str, mutant: str) -> str:
    """The changed line(s) of one mutant, as `mutmut show` prints them."""
    mutmut = Path(sys.executable).with_name("mutmut")
    shown = subprocess.run([str(mutmut), "show", mutant], cwd=WORK / name, env=_env(), capture_output=True,
                           text=True).stdout
    lines = [ln for ln in shown.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    return "\n".join("        " + ln.strip() for ln in lines)


def report(name: str, group: Group, show_diff: bool) -> float:
    """Print the figures of one group; returns its killed share."""
    per_module = results(name, group)
    total: Counter[str] = Counter()
    print(f"\n== {name}: {group.about}")
    print(f"   {'module':44} {'mutants':>7} {'killed':>7} {'timeout':>7} {'survived':>8} {'no tests':>8} "
          f"{'unchecked':>9}")
    survivors: list[tuple[str, str]] = []
    for file, codes in per_module.items():
        c = Counter(status(v) for v in codes.values())
        total += c
        print(f"   {file:44} {len(codes):7} {c['killed']:7} {c['timeout']:7} {c['survived']:8} {c['no tests']:8} "
              f"{c['not checked']:9}")
        survivors += sorted((k, status(v)) for k, v in codes.items()
                            if status(v) not in ("killed", "timeout", "not checked"))
    count = sum(total.values())
    share = (total["killed"] + total["timeout"]) / count if count else 0.0
    print(f"   {'total':44} {count:7} {total['killed']:7} {total['timeout']:7} {total['survived']:8} "
          f"{total['no tests']:8} {total['not checked']:9}")
    print(f"   killed share {share:.1%} ((killed + timeout) / mutants)")
    if total["not checked"]:  # an interrupted run: the share of those tested says how far the tests reach
        tested = count - total["not checked"]
        print(f"   {total['not checked']} not checked yet (run interrupted); killed share of the {tested} tested: "
              f"{(total['killed'] + total['timeout']) / tested if tested else 0.0:.1%}")
    if survivors:
        print(f"   not caught ({len(survivors)}):")
        for key, what in survivors:
            print(f"     {key}  [{what}]")
            if show_diff:
                print(diff_of(name, key))
    return share


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/mutation.sh", description=__doc__.split("\n")[0])
    parser.add_argument("groups", nargs="*", metavar="GROUP", help=f"default: all ({', '.join(GROUPS)})")
    parser.add_argument("--jobs", "-j", type=int, default=1, help="mutants tested at once (mutmut --max-children)")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results of these groups")
    parser.add_argument("--diff", action="store_true", help="show the changed line of every survivor")
    parser.add_argument("--report", action="store_true", help="only print the figures of the last run")
    parser.add_argument("--list", action="store_true", help="list the groups and exit")
    parser.add_argument("--recheck", nargs="+", metavar="TEST",
                        help="re-test the last run's survivors with only these tests (after writing tests for them)")
    parser.add_argument("--only", nargs="+", default=(), metavar="GLOB",
                        help="with --recheck: only the survivors whose mutant name matches a glob")
    args = parser.parse_args(argv)
    if args.list:
        for name, group in GROUPS.items():
            print(f"{name:12} {group.about}: {', '.join(group.files)}")
        return 0
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group {unknown[0]!r}: choose from {', '.join(GROUPS)}")
    names = args.groups or list(GROUPS)
    shares = {}
    for name in names:
        if args.recheck:
            tried, killed = recheck(name, GROUPS[name], args.recheck, tuple(args.only))
            print(f"mutation: group {name}: {killed} of {tried} survivors killed by {' '.join(args.recheck)}")
        elif not args.report:
            seconds = run_group(name, GROUPS[name], args.jobs, args.fresh)
            print(f"mutation: group {name} ran in {seconds:.0f} s (--jobs {args.jobs})")
        shares[name] = report(name, GROUPS[name], args.diff)
    print("\nkilled share: " + ", ".join(f"{n} {s:.1%}" for n, s in shares.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
