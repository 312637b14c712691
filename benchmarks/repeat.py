"""Flakiness as a measurement: run the whole suite N times in a row, each with new random
Hypothesis examples, and stop at the first failure. Not part of CI (CI runs once, with the
derandomized "ci" profile).

    python benchmarks/repeat.py            # 50 runs
    python benchmarks/repeat.py 10 -- -m "not slow"   # arguments after -- go to pytest

Each run starts with no Hypothesis example database, so a failure found by one run is not
replayed by the next (that would turn one unlucky draw into 50 failures), and with a private,
empty cache directory. It prints one line per run (time, outcome) and a summary; the exit
status is 1 if any run failed, and the failing run's output is kept in a file it names."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in args:
        extra = args[args.index("--") + 1 :]
        args = args[: args.index("--")]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=50, help="how many runs (default 50)")
    opts = parser.parse_args(args)
    if opts.runs < 1:
        parser.error(f"runs must be at least 1, not {opts.runs}")

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    print(f"commit {head.stdout.strip() or '(not a git checkout)'}, {opts.runs} runs, Python {sys.version.split()[0]}")
    times: list[float] = []
    for run in range(1, opts.runs + 1):
        shutil.rmtree(ROOT / ".hypothesis", ignore_errors=True)
        env = dict(os.environ)
        env["HYPOTHESIS_PROFILE"] = "dev"  # random examples, unlike CI
        with tempfile.TemporaryDirectory(prefix="kachin-repeat-") as tmp:
            env["XDG_CACHE_HOME"] = tmp
            start = time.monotonic()
            proc = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra],
                cwd=ROOT, env=env, capture_output=True, text=True,
            )
            took = time.monotonic() - start
        times.append(took)
        last = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
        print(f"run {run:>3}: {took:6.1f} s  {last}", flush=True)
        if proc.returncode != 0:
            kept = Path(tempfile.mkstemp(prefix="kachin-repeat-failure-", suffix=".txt")[1])
            kept.write_text(proc.stdout + proc.stderr, encoding="utf-8")
            print(f"run {run} failed (exit {proc.returncode}); its output is in {kept}")
            print(f"{run - 1} consecutive runs passed before it")
            return 1
    print(f"{opts.runs} consecutive runs passed, 0 failures; "
          f"{min(times):.0f} to {max(times):.0f} s a run, {sum(times) / 60:.0f} min in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
