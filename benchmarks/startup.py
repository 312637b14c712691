"""Start-up cost of kachin against the framework's own floor, and the REPL's time per command.

    python benchmarks/startup.py [--runs N]

Runs each command and its floor alternately, in one go, in the Python environment that
runs this script (install kachin there first: `pip install .`), and prints median wall
times and their ratios:

- `kachin timeline --from 2011` (table) against `python -c "import typer, rich.console, rich.table"`;
  goal: at most 1.15.
- `kachin timeline --from 2011 --format json` against `python -c "import typer"`; goal: at most 1.1.
- the REPL: median time per command of a script of 50 mixed commands on the bundled knowledge
  base, after start-up; goal: at most 20 ms.

Measure an installed copy (`pip install .`, which writes bytecode): an editable install with
PYTHONDONTWRITEBYTECODE set recompiles kachin on every run and measures that instead.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
KACHIN = shutil.which("kachin", path=str(Path(sys.executable).parent)) or shutil.which("kachin")

PAIRS = [
    ("kachin timeline --from 2011 (table)", [KACHIN, "timeline", "--from", "2011"],
     'python -c "import typer, rich.console, rich.table"', [PYTHON, "-c", "import typer, rich.console, rich.table"], 1.15),
    ("kachin timeline --from 2011 --format json", [KACHIN, "timeline", "--from", "2011", "--format", "json"],
     'python -c "import typer"', [PYTHON, "-c", "import typer"], 1.1),
]

REPL_SCRIPT = [
    "timeline --from 2011", "timeline --from 2013 --to 2013", "commanders zau", "show laiza", "search laiza",
    "ceasefire", "casualties --category killed", "timeline --phase ceasefire", "commanders --side kachin",
    "show 2", "timeline --place laiza", "timeline --actor kia --limit 10", "more", "search \"Min Aung Hliang\"",
    "overview", "commanders --active-in 2013", "ceasefire --from 2013 --to 2013", "casualties --from 2018",
    "timeline --type airstrike", "show lashio-treasury-raid-1961", "timeline --search treasury",
    "timeline --from \"9 June 2011\" --to 2011", "show zaw-tu", "search hpakant", "casualties --format json",
    "timeline --reverse --limit 5", "more", "show 1", "commanders \"Nban La\"", "ceasefire --format csv",
    "timeline --format markdown --from 2021", "search kwat", "show kwat-report-2013", "timeline --to 1961",
    "commanders", "show first-conflict", "casualties --category displaced", "timeline --from 2012-03",
    "search ruili", "show ruili-talks-mar-2013", "timeline --actor \"thein sein\"", "about", "show 1",
    "timeline --phase post-coup", "commanders --side government --active-in 1990", "search tatmadaw",
    "timeline --from 2014 --to 2014 --format json", "show gun-maw", "casualties", "timeline --place hpakant",
]
assert len(REPL_SCRIPT) == 50


def wall(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def startup(runs: int) -> list[tuple[str, float]]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("KACHIN_DATA", None)
    results = []
    for label, cmd, floor_label, floor, goal in PAIRS:
        for argv in (cmd, floor):  # warm the file cache and kachin's knowledge-base cache
            wall(argv, env)
        ours, base = [], []
        for i in range(runs):  # alternate, so drift on the machine hits both alike
            pair = [(cmd, ours), (floor, base)]
            for argv, into in pair if i % 2 == 0 else reversed(pair):
                into.append(wall(argv, env))
        m_ours, m_base = statistics.median(ours), statistics.median(base)
        ratio = m_ours / m_base
        print(f"{label:<44} {m_ours * 1000:7.1f} ms")
        print(f"  floor: {floor_label:<36} {m_base * 1000:7.1f} ms")
        print(f"  ratio {ratio:.2f} (goal <= {goal}) {'OK' if ratio <= goal else 'OVER'}")
        results.append((label, ratio))
    return results


def repl_per_command() -> float:
    from kachin_cli import cli, repl

    state = cli.State()
    state.in_repl = True
    state.no_pager = True
    state.knowledge_base()
    for line in REPL_SCRIPT[:5]:  # first use of each module is start-up, not the REPL's pace
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            repl.run_line(state, line)
    times = []
    for line in REPL_SCRIPT:
        sink = io.StringIO()
        start = time.perf_counter()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
            code = repl.run_line(state, line)
        times.append(time.perf_counter() - start)
        if code not in (0,):
            raise SystemExit(f"REPL benchmark line failed ({code}): {line}")
    median = statistics.median(times)
    print(f"{'REPL, 50 mixed commands: median per command':<44} {median * 1000:7.1f} ms "
          f"(slowest {max(times) * 1000:.1f} ms)")
    print(f"  goal <= 20 ms {'OK' if median <= 0.020 else 'OVER'}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="alternating runs per pair (default 40)")
    args = parser.parse_args()
    if not KACHIN:
        raise SystemExit("kachin is not installed in this environment: pip install . first")
    print(f"python {sys.version.split()[0]} at {PYTHON}; {args.runs} alternating runs per pair\n")
    startup(args.runs)
    print()
    repl_per_command()


if __name__ == "__main__":
    main()
