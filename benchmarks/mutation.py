"""Mutation testing as a measurement: how many small deliberate mistakes in kachin's core
modules the test suite notices. Not part of CI (a full run takes a long while).

    pip install -e '.[test]' 'mutmut==3.8.1' && python benchmarks/mutation.py
    python benchmarks/mutation.py --report      # the last run's results again, without running
    python benchmarks/mutation.py --report --stamp   # fingerprint the explanations just re-read
    python benchmarks/mutation.py --resume      # go on with a run that was stopped (Ctrl-C), or after
                                                # an edit: only what changed is tested again

mutmut (configured in pyproject.toml, [tool.mutmut]) copies the project to mutants/, makes
every small change it can to dates, query, model, safe, output and the loader (store, cache) (a `<` for a `<=`,
a string emptied, a call's argument dropped...), runs the tests that reach each changed
function, and records whether some test failed ("killed") or all passed ("survived").
This script runs it, prints the share killed per module and overall, and lists the
survivors: those explained below as equivalent (no behaviour a user or a caller could see
changes) apart from the rest, which each want a test.

Subprocess tests (the installed `kachin`, a real terminal) import the mutated package too:
PYTHONPATH points them at mutants/, and mutmut's MUTANT_UNDER_TEST reaches them through
the environment."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("dates", "query", "model", "safe", "output", "store", "cache")
GOAL = 0.85

# Survivors that change nothing observable, by mutant name (as `mutmut show NAME` prints it),
# each with the reason: one `NAME [FINGERPRINT]: reason` a line in the files of
# benchmarks/equivalent/. A name that no longer survives is simply not listed. Mutants are
# numbered within their function, so once a function is edited, NAME may be another change:
# the fingerprint (of the changed lines, see `fingerprint`) says which change the reason was
# written for, and a survivor whose change no longer matches it counts as unexplained.
# `--stamp` adds the fingerprint to each entry that has none, after its reasons were re-read.
EQUIVALENT_DIR = Path(__file__).resolve().parent / "equivalent"
EQUIVALENT: dict[str, tuple[str, str | None]] = {}
for _file in sorted(EQUIVALENT_DIR.glob("*.txt")):
    for _line in _file.read_text(encoding="utf-8").splitlines():
        if _line.strip() and not _line.startswith("#"):
            _m = re.match(r"\s*(\S+?)(?:\s+\[([0-9a-f]{12})\])?:\s*(.*)$", _line)
            if _m:
                EQUIVALENT[_m.group(1)] = (_m.group(3), _m.group(2))
# Whole families, by a pattern over the mutant's diff, for changes that can never be seen.
EQUIVALENT_PATTERNS: list[tuple[str, str]] = [
    (r"^[-+]\s*(\"\"\"|#)", "a docstring or comment"),
    (r"^\+.*__slots__", "__slots__ only saves memory"),
]


def refresh_copies() -> None:
    """Bring mutants/ up to date with the checkout before going on with a run. mutmut mutates a
    module again once its source is newer, but copies the tests and the modules it does not mutate
    only when they are missing: after a checkout or an edit, the run would test the old ones."""
    mutants = ROOT / "mutants"
    if not mutants.is_dir():
        return
    shutil.rmtree(mutants / "tests", ignore_errors=True)
    shutil.copytree(ROOT / "tests", mutants / "tests", ignore=shutil.ignore_patterns("__pycache__"))
    package = ROOT / "kachin_cli"
    for source in package.rglob("*"):
        relative = source.relative_to(package)
        if "__pycache__" in relative.parts or not source.is_file() or (
                len(relative.parts) == 1 and source.suffix == ".py" and source.stem in MODULES):
            continue
        copy = mutants / "kachin_cli" / relative
        if not copy.exists() or copy.read_bytes() != source.read_bytes():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)


def run_mutmut(children: int, resume: bool = False) -> int:
    if shutil.which("mutmut") is None and not (Path(sys.executable).parent / "mutmut").exists():
        print("mutmut is not installed: pip install 'mutmut==3.8.1' (the version this script reads)", file=sys.stderr)
        return 2
    if not resume:  # a run stopped part-way keeps its results in mutants/: --resume goes on from there
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    else:
        refresh_copies()
    # mutmut runs the tests in its own process, whose sys.path comes from PYTHONPATH at start-up:
    # a directory missing then is remembered as missing, and the tests would import the
    # unmutated package (mutmut then finds no test reaching any mutant).
    (ROOT / "mutants").mkdir(exist_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "mutants") + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kachin-mutation-cache-")
    # Tests that run the installed `kachin` start a new interpreter each time, which imports the
    # mutated modules (query.py alone is some 86,000 lines with every mutant in it): without
    # bytecode files each such run compiles them again, and a test of 120 runs takes minutes.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["HYPOTHESIS_PROFILE"] = "ci"  # the same examples for every mutant
    mutmut = str(Path(sys.executable).parent / "mutmut")
    return subprocess.run([mutmut, "run", "--max-children", str(children)], cwd=ROOT, env=env).returncode


def results() -> dict[str, str]:
    mutmut = str(Path(sys.executable).parent / "mutmut")
    out = subprocess.run([mutmut, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True).stdout
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*(kachin_cli\.\S+): (.+)$", line)
        if m:
            found[m.group(1)] = m.group(2).strip()
    return found


_SOURCES: dict[str, dict[str, str]] = {}


def _functions(module: str) -> dict[str, str]:
    """Every function of a mutated module in mutants/, by name, as source text: the original
    (`..._mutmut_orig`) and each mutant (`..._mutmut_N`). Reading them is much faster than
    asking `mutmut show` once per survivor."""
    if module not in _SOURCES:
        import ast

        text = (ROOT / "mutants" / "kachin_cli" / f"{module}.py").read_text(encoding="utf-8")
        lines = text.splitlines()
        _SOURCES[module] = {node.name: "\n".join(lines[node.lineno - 1:node.end_lineno])
                            for node in ast.walk(ast.parse(text))
                            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
    return _SOURCES[module]


def diff_of(name: str) -> str:
    """The mutant's change against the original function, as a unified diff."""
    import difflib

    module, function = name.split(".")[1], name.split(".")[-1]
    functions = _functions(module)
    original = functions.get(re.sub(r"__mutmut_\d+$", "__mutmut_orig", function), "")
    mutant = functions.get(function, "")
    lines = difflib.unified_diff(original.splitlines(), mutant.splitlines(), "original", name, n=1, lineterm="")
    return "\n".join(lines)


def _changed_lines(name: str) -> list[str]:
    """The lines a mutant removes and adds, without the function's own (renamed) `def` line."""
    return [line for line in diff_of(name).splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))
            and not re.match(r"[-+]\s*(async\s+)?def ", line)]


def fingerprint(name: str) -> str:
    import hashlib

    text = "\n".join(line[0] + " ".join(line[1:].split()) for line in _changed_lines(name))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=6).hexdigest()


STALE = "its explanation was written for another change of this number: read it again"


def equivalent_reason(name: str) -> str | None:
    if name in EQUIVALENT:
        reason, stamp = EQUIVALENT[name]
        return reason if stamp is None or stamp == fingerprint(name) else None
    changed = _changed_lines(name)
    for pattern, reason in EQUIVALENT_PATTERNS:
        if changed and all(re.search(pattern, line) for line in changed):
            return reason
    return None


def report(found: dict[str, str], show_diffs: bool) -> float:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    survivors: list[str] = []
    for name, status in found.items():
        module = name.split(".")[1]
        by_module[module][status] += 1
        if status == "survived":
            survivors.append(name)
    explained = {n: r for n in survivors if (r := equivalent_reason(n)) is not None}
    print(f"{'module':<10} {'mutants':>8} {'killed':>8} {'survived':>9} {'other':>6} {'score':>7}")
    total_killed = total_counted = 0
    for module in MODULES:
        c = by_module.get(module, Counter())
        killed = c["killed"] + c["timeout"]  # a mutant that hangs the tests is caught too
        survived = c["survived"] - sum(1 for n in explained if n.split(".")[1] == module)
        counted = killed + survived
        total_killed += killed
        total_counted += counted
        other = sum(c.values()) - c["killed"] - c["timeout"] - c["survived"]
        score = killed / counted if counted else 1.0
        print(f"{module:<10} {sum(c.values()):>8} {killed:>8} {survived:>9} {other:>6} {score:>7.1%}")
    score = total_killed / total_counted if total_counted else 1.0
    print(f"\nkilled {total_killed} of {total_counted} mutants that change behaviour: {score:.1%} "
          f"(goal {GOAL:.0%}); {len(explained)} equivalent survivors explained below")
    other = Counter(s for s in found.values() if s not in ("killed", "survived", "timeout"))
    if other:
        print("not counted: " + ", ".join(f"{n} {s}" for s, n in other.items())
              + " (no test reaches the function, or mutmut skipped it)")
    if explained:
        print("\nEquivalent survivors:")
        for name, reason in sorted(explained.items()):
            print(f"  {name}: {reason}")
    unexplained = sorted(n for n in survivors if n not in explained)
    if unexplained:
        print(f"\nSurvivors that want a test ({len(unexplained)}):")
        for name in unexplained:
            print(f"  {name}" + (f" ({STALE})" if name in EQUIVALENT else ""))
            if show_diffs:
                print("".join(f"      {line}\n" for line in diff_of(name).splitlines()[2:]))
    return score


def stamp(found: dict[str, str]) -> None:
    """Write each surviving mutant's fingerprint into its entry, where the entry has none."""
    for file in sorted(EQUIVALENT_DIR.glob("*.txt")):
        lines = file.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"(\s*)(\S+?):(\s.*)$", line)
            if m and not line.startswith("#") and found.get(m.group(2)) == "survived":
                lines[i] = f"{m.group(1)}{m.group(2)} [{fingerprint(m.group(2))}]:{m.group(3)}"
        file.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", action="store_true", help="report the last run without running again")
    parser.add_argument("--diffs", action="store_true", help="print each unexplained survivor's change")
    parser.add_argument("--children", type=int, default=os.cpu_count() or 2, help="mutants tested at once")
    parser.add_argument("--resume", action="store_true",
                        help="go on with a run that was stopped, testing only the mutants it had not reached")
    parser.add_argument("--stamp", action="store_true",
                        help="add the present fingerprint to each explained survivor's entry that has none")
    args = parser.parse_args()
    if not args.report:
        code = run_mutmut(args.children, args.resume)
        if code not in (0, 1):
            print(f"mutmut stopped with status {code}", file=sys.stderr)
            return code
    found = results()
    if not found:
        print("no results: run without --report first", file=sys.stderr)
        return 1
    if args.stamp:
        stamp(found)
    score = report(found, args.diffs)
    return 0 if score >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
