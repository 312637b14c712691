"""How kachin scales: synthetic knowledge bases of 1k, 10k and 100k events.

    python benchmarks/scale.py [--sizes 1000,10000,100000] [--runs 3] [--keep DIR] [--only NAME,...]

For each size it writes a valid knowledge base with people, organisations, places, talks and
figures in the same proportions to events as the bundled file, then runs every command as a
user would (output to /dev/null, no pager) and prints, side by side, the first run on the
new file and the median of the runs after it, each with its peak memory (maximum resident
set size). The first run of each command starts with an empty cache (`$XDG_CACHE_HOME/kachin`,
in the work folder): it checks the file in full and caches the verdict and intervals; the
later runs read them from the cache. Goals at 100,000 events (issue 13): `timeline --from 2020 --limit 20` and
`search laiza` within 1.0 s and 400 MB on the first run and 0.3 s later; `timeline` in full
as JSON or CSV within 3 s and 400 MB; casualties, overview, validate and any search within
1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KACHIN = shutil.which("kachin", path=str(Path(sys.executable).parent)) or shutil.which("kachin")
BUNDLED_RATIOS = {"people": 28 / 74, "organisations": 36 / 74, "places": 42 / 74, "talks": 16 / 74,
                  "figures": 33 / 74}
WORDS = ["army", "offensive", "ceasefire", "talks", "village", "township", "jade", "mine", "airstrike", "ambush", "convoy", "base", "hydropower", "river", "refugees", "displaced", "brigade", "battalion", "commander", "junta", "negotiators", "observers", "border", "road", "railway", "monastery", "camp", "artillery", "landmines", "clinic", "school", "market"]
TOWNS = ["Laiza", "Myitkyina", "Bhamo", "Hpakant", "Lashio", "Putao", "Momauk", "Kutkai", "Ruili", "Tanai"]
EVENT_TYPES = ["attack", "battle", "airstrike", "ambush", "statement", "report", "displacement", "talks"]
CATEGORIES = ["killed", "wounded", "captured", "displaced", "refugees"]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(n_events: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    counts = {k: max(3, round(n_events * r)) for k, r in BUNDLED_RATIOS.items()}
    cite = [{"source": "article", "section": s} for s in ("2011", "2012", "2013", "2014")]
    places = [{"id": "laiza", "name": "Laiza", "kind": "town", "country": "Myanmar",
               "summary": "The KIA's headquarters town.", "sources": cite[:1]}]
    places += [{"id": f"place-{i}", "name": f"{rng.choice(TOWNS)} {rng.choice(WORDS).title()} {i}",
                "kind": rng.choice(["town", "village", "township"]), "country": "Myanmar",
                "state": "Kachin State", "summary": sentence(rng, 8), "sources": [rng.choice(cite)]}
               for i in range(counts["places"] - 1)]
    orgs = [{"id": f"org-{i}", "name": f"{rng.choice(WORDS).title()} Brigade {i}", "side": rng.choice(["government", "kachin"]),
             "kind": "armed_group", "summary": sentence(rng, 8), "sources": [rng.choice(cite)]}
            for i in range(counts["organisations"])]
    people = [{"id": f"person-{i}", "name": f"Zaw {rng.choice(WORDS).title()} {i}", "aliases": [f"Zau {i}"],
               "side": rng.choice(["government", "kachin", "other"]),
               "roles": [{"title": "Commander", "organisation": rng.choice(orgs)["id"],
                          "start": rng.randint(1961, 2015), "end": None}],
               "summary": sentence(rng, 10), "sources": [rng.choice(cite)]}
              for i in range(counts["people"])]
    events = []
    for i in range(n_events):
        year = rng.randint(1949, 2024)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if rng.random() < 0.7 else str(year)
        events.append({
            "id": f"event-{i}", "date": date, "title": f"{sentence(rng, 4)[:-1]} near {rng.choice(TOWNS)}",
            "summary": sentence(rng, 30), "type": rng.choice(EVENT_TYPES),
            "phase": "second-conflict" if year >= 2011 else "first-conflict",
            "people": [rng.choice(people)["id"] for _ in range(rng.randint(0, 2))],
            "organisations": [rng.choice(orgs)["id"] for _ in range(rng.randint(1, 2))],
            "places": [rng.choice(places)["id"] for _ in range(rng.randint(1, 2))],
            "sources": [rng.choice(cite)],
        })
    figures = [{"id": f"figure-{i}", "category": rng.choice(CATEGORIES), "description": sentence(rng, 6),
                "qualifier": rng.choice(["exactly", "at_least", "stated"]), "count": rng.randint(1, 5000),
                "party": rng.choice(["government", "kachin", "civilians"]), "date": rng.choice(events)["date"],
                "sources": [rng.choice(cite)]} for i in range(counts["figures"])]
    talks = [{"id": f"talk-{i}", "name": f"Round {i} of talks", "kind": "talks", "date": rng.choice(events)["date"],
              "venue": rng.choice(places)["id"], "parties": [rng.choice(orgs)["id"]], "summary": sentence(rng, 10),
              "outcome": sentence(rng, 6), "status": "unknown", "sources": [rng.choice(cite)]}
             for i in range(counts["talks"])]
    phases = [{"id": "first-conflict", "name": "First conflict", "start": "1949", "end": "2011-06-08",
               "summary": "Before.", "sources": cite[:1]},
              {"id": "second-conflict", "name": "Second conflict", "start": "2011-06-09", "end": None,
               "summary": "After.", "sources": cite[:1]}]
    sources = [{"id": "article", "name": "Synthetic article", "kind": "encyclopedia_article",
                "description": "Generated for benchmarks.", "sections": ["2011", "2012", "2013", "2014"]}]
    return {"phases": phases, "events": events, "people": people, "organisations": orgs, "places": places,
            "talks": talks, "figures": figures, "sources": sources}


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one run. (CPU time, user and system,
    is printed beside the wall time of the later runs: on a shared machine it is the
    steadier figure.)"""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    CPU.append(usage.ru_utime + usage.ru_stime)
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


CPU: list[float] = []


# name -> (arguments, goal in seconds, goal in MB); None: no goal of its own
COMMANDS: dict[str, tuple[list[str], float | None, float | None]] = {
    "timeline --from 2020 --limit 20": (["timeline", "--from", "2020", "--limit", "20"], 1.0, 400),
    "timeline (table)": (["timeline"], None, None),
    "timeline --format json": (["timeline", "--format", "json"], 3.0, 400),
    "timeline --format csv": (["timeline", "--format", "csv"], 3.0, 400),
    "timeline --place laiza": (["timeline", "--place", "laiza", "--limit", "20"], None, None),
    "search laiza": (["search", "laiza"], 1.0, 400),
    "search laiza --format json": (["search", "laiza", "--format", "json"], 1.5, None),
    "search a --format json": (["search", "a", "--format", "json"], 1.5, None),
    'search "brigad 12"': (["search", "brigad 12"], 1.5, None),
    "show laiza": (["show", "laiza"], None, None),
    "commanders": (["commanders"], None, None),
    "ceasefire": (["ceasefire"], None, None),
    "casualties": (["casualties"], 1.5, None),
    "places": (["places"], None, None),
    "chart": (["chart"], None, None),
    "map": (["map"], None, None),
    "cite event-5": (["cite", "event-5"], None, None),
    "overview": (["overview"], 1.5, None),
    "about": (["about"], None, None),
    "validate": (["validate"], 1.5, None),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3, help="runs after the first (default 3)")
    parser.add_argument("--keep", help="write the generated files here and keep them")
    parser.add_argument("--only", help="comma-separated command names (default: every command)")
    parser.add_argument("--generate", nargs=2, metavar=("EVENTS", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        count, target = args.generate
        Path(target).write_text(json.dumps(generate(int(count))), encoding="utf-8")
        return
    if not KACHIN:
        raise SystemExit("kachin is not installed in this environment: pip install . first")
    work = Path(args.keep or tempfile.mkdtemp(prefix="kachin-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "XDG_CACHE_HOME": str(work / "cache")}
    commands = {k: v for k, v in COMMANDS.items() if not args.only or k in args.only.split(",")}
    print(f"{'events':>7} {'file':>7}  {'command':<32} {'first run':>9} {'(cpu)':>7} {'peak':>7}  {'later':>7} "
          f"{'(cpu)':>7} {'peak':>7}  goal")
    for size in [int(s) for s in args.sizes.split(",")]:
        path = work / f"kachin-{size}.json"
        if not path.exists():
            # generated in a process of its own: a forked child's peak memory would otherwise
            # count the generator's data, which it shares until it runs kachin
            subprocess.run([sys.executable, __file__, "--generate", str(size), str(path)], check=True)
        mb = path.stat().st_size / 1e6
        subprocess.run(["sh", "-c", f"cat {path} > /dev/null"], check=True)  # the file as the OS caches it
        for name, (cmd, goal_s, goal_mb) in commands.items():
            shutil.rmtree(work / "cache", ignore_errors=True)  # a first run: nothing cached yet
            first, first_peak = run([KACHIN, "--data", str(path), *cmd], env)
            first_cpu = CPU[-1]
            CPU.clear()
            later = [run([KACHIN, "--data", str(path), *cmd], env) for _ in range(args.runs)]
            median, cpu = statistics.median(t for t, _ in later), statistics.median(CPU)
            peak = max(m for _, m in later)
            goal = ""
            if size == 100_000 and goal_s is not None:
                ok = max(first, median) <= goal_s and (goal_mb is None or max(first_peak, peak) <= goal_mb)
                goal = f"{goal_s} s" + (f", {goal_mb} MB" if goal_mb else "") + (" OK" if ok else " OVER")
            print(f"{size:>7} {mb:>5.0f}MB  {name:<32} {first:>8.2f}s {first_cpu:>6.2f}s {first_peak:>5.0f}MB  {median:>6.2f}s "
                  f"{cpu:>6.2f}s {peak:>5.0f}MB  {goal}", flush=True)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
