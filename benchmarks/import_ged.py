"""`kachin import` of a full-size UCDP GED release: time and peak memory.

    python benchmarks/import_ged.py [--rows 330000] [--keep FILE] [--all-rows]

Generates a file in GED's CSV layout (the 49 columns of the bundled extract, in its order)
the size of a global release: about 330,000 rows and 250 MB, one row in 500 of the Kachin
conflict, text fields as long as real ones. Then, in the Python environment running this
script, it measures:

- the floor: reading the file with Python's csv module and nothing else;
- `kachin import FILE --name bench` (into a temporary $XDG_DATA_HOME): wall time and the
  peak resident memory of that process. Goals: at most 5 s and 150 MB.

The generated file is deleted afterwards unless --keep names where to write it.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUNDLED = HERE.parent / "data" / "ucdp-ged-kachin.csv"
KACHIN = str(Path(sys.executable).with_name("kachin"))

TEXT = ("clashes between government forces and rebels were reported near the town; several soldiers and "
        "civilians died, according to local sources and news agencies quoting officials")
WORDS = TEXT.split()


def generate(path: Path, n: int, seed: int = 11) -> int:
    rnd = random.Random(seed)
    with open(BUNDLED, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        templates = list(reader)
    with open(path, "w", encoding="utf-8", newline="") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(header)
        for i in range(n):
            row = dict(templates[i % len(templates)])
            row["id"] = str(1_000_000 + i)
            if i % 500:  # not Kachin: another conflict somewhere else
                row["conflict_new_id"] = str(300 + i % 400)
                row["conflict_name"] = f"Country {i % 90}: Government"
                row["adm_1"] = f"Province {i % 250}"
                row["adm_2"] = f"District {i % 2000}"
                row["where_coordinates"] = row["where_description"] = f"Town {i % 50000}"
            year = 1989 + i % 35
            day = f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d} 00:00:00.000"
            row.update(year=str(year), date_start=day, date_end=day,
                       latitude=f"{rnd.uniform(-40, 60):.6f}", longitude=f"{rnd.uniform(-120, 150):.6f}")
            text = " ".join(rnd.choice(WORDS) for _ in range(22))
            row["source_article"] = f'"Agency,{day[:10]},{text[:120]}";"Daily,{day[:10]},{text[120:]}"'
            row["source_headline"] = text[:150]
            row["source_original"] = text[150:200]
            w.writerow([row[h] for h in header])
    return path.stat().st_size


def csv_floor(path: Path) -> float:
    start = time.perf_counter()
    with open(path, encoding="utf-8", newline="") as f:
        for _ in csv.reader(f):
            pass
    return time.perf_counter() - start


def run_import(path: Path, data_home: str, all_rows: bool) -> tuple[float, float, str]:
    """Wall time, peak RSS in MB and output of one `kachin import` process."""
    env = {**os.environ, "XDG_DATA_HOME": data_home, "NO_COLOR": "1"}
    argv = [KACHIN, "import", str(path), "--name", "bench"] + (["--all-rows"] if all_rows else [])
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    out = proc.stdout.read().decode() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"kachin import failed:\n{out}")
    return wall, usage.ru_maxrss / 1024, out  # ru_maxrss is in KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=330_000)
    ap.add_argument("--keep", type=Path, help="write the generated file here and keep it")
    ap.add_argument("--all-rows", action="store_true", help="import every row, not only the Kachin ones")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "ged-global.csv"
        t0 = time.perf_counter()
        size = generate(path, args.rows)
        print(f"generated {args.rows:,} rows, {size / 1e6:.0f} MB in GED layout ({time.perf_counter() - t0:.1f} s)")
        print(f"floor: csv module reads it in {csv_floor(path):.2f} s")
        wall, rss, out = run_import(path, tmp, args.all_rows)
        print(out.strip().splitlines()[0])
        print(f"kachin import{' --all-rows' if args.all_rows else ''}: {wall:.2f} s (goal 5 s), "
              f"peak memory {rss:.0f} MB (goal 150 MB)")


if __name__ == "__main__":
    main()
