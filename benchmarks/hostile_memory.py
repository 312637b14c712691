"""Peak memory of kachin refusing huge hostile files, against their size.

    python benchmarks/hostile_memory.py [--mb 300]

Writes, in a temporary folder, a file holding one JSON string of the given size and a file of
only blank space, runs `kachin --data FILE timeline` and `kachin validate FILE` on each, and
prints the one-line error, the wall time and the peak resident memory as a multiple of the
file's size. Goal (issue 15): at most 2x the file size before the one-line error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KACHIN = shutil.which("kachin", path=str(Path(sys.executable).parent)) or shutil.which("kachin")


def write(path: Path, head: bytes, fill: bytes, tail: bytes, size: int) -> None:
    chunk = fill * (1024 * 1024)
    with open(path, "wb") as f:
        f.write(head)
        for _ in range(size // len(chunk)):
            f.write(chunk)
        f.write(tail)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=300)
    args = parser.parse_args()
    if not KACHIN:
        raise SystemExit("kachin is not installed in this environment: pip install . first")
    work = Path(tempfile.mkdtemp(prefix="kachin-hostile-"))
    try:
        cases = {"one JSON string": (b'"', b"x", b'"\n'), "only blank space": (b"", b" ", b"\n")}
        for name, (head, fill, tail) in cases.items():
            path = work / "hostile.json"
            write(path, head, fill, tail, args.mb * 1024 * 1024)
            size_mb = path.stat().st_size / 1024 / 1024
            for argv in ([KACHIN, "--data", str(path), "timeline"], [KACHIN, "validate", str(path)]):
                start = time.perf_counter()
                with open(work / "out", "wb") as out:
                    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
                    _, status, usage = os.wait4(proc.pid, 0)
                elapsed = time.perf_counter() - start
                peak = usage.ru_maxrss / 1024  # KB on Linux
                line = (work / "out").read_text().strip().splitlines()[0][:110]
                code = os.waitstatus_to_exitcode(status)
                print(f"{name:<18} {argv[1] if argv[1] == 'validate' else 'timeline':<9} exit {code}"
                      f"  {elapsed:5.2f} s  peak {peak:6.0f} MB = {peak / size_mb:.2f}x the file"
                      f"  {'OK' if peak <= 2 * size_mb else 'OVER'}\n    {line}")
            path.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
