"""The installed `kachin` command as a user runs it: from another directory, in pipes,
on odd terminals, and every README example with the output the README shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from conftest import REPO, installed_kachin, run_installed


def test_runs_from_another_directory_with_the_bundled_data():
    r = run_installed("timeline", "--from", "2011", "--limit", "1")
    assert r.returncode == 0, r.stderr
    assert "Ceasefire collapses on the Taping River" in r.stdout or "Reports tie the fighting" in r.stdout


def test_python_dash_m():
    r = subprocess.run([sys.executable, "-m", "kachin_cli", "--version"], capture_output=True, text=True, cwd="/")
    assert r.returncode == 0 and r.stdout.startswith("kachin ")


def _shell(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    path = os.path.dirname(installed_kachin()) + os.pathsep + os.environ.get("PATH", "")
    full_env = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "PAGER")}
    full_env.update({"PATH": path, "COLUMNS": "100", "NO_COLOR": "1", **env})
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=full_env, cwd="/")


@pytest.mark.parametrize("command", [
    "kachin timeline | head -1", "kachin timeline --format json | head -2", "kachin casualties --format csv | head -1",
    "kachin search kia | head -3",
])
def test_piping_into_head_ends_quietly(command):
    r = _shell(f"set -o pipefail; {command}; echo status=$?")
    assert r.stderr == ""
    assert r.stdout.strip().splitlines()[-1] in ("status=0", "status=141")
    assert "Traceback" not in r.stdout


def test_ascii_terminal_degrades_gracefully():
    r = _shell("kachin show nban-la", LANG="C", LC_ALL="C", PYTHONIOENCODING="ascii")
    assert r.returncode == 0, r.stderr
    assert "N'Ban La" in r.stdout
    assert "Traceback" not in r.stderr


def test_dumb_terminal_and_narrow_width():
    r = _shell("kachin timeline --from 2013-01 --to 2013-01", TERM="dumb", COLUMNS="30")
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout
    # an id wider than the screen is the one line allowed past it: ids are never cut
    assert all(len(line) <= 30 or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", line.strip())
               for line in r.stdout.splitlines())


def readme_examples() -> list[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [(m.group(1), m.group(2)) for m in re.finditer(r"```console\n\$ ([^\n]+)\n(.*?)```", text, re.S)]


def test_readme_has_examples():
    assert len(readme_examples()) >= 6


@pytest.mark.parametrize("command, expected", readme_examples(), ids=[c for c, _ in readme_examples()])
def test_readme_example_prints_what_the_readme_says(command, expected):
    r = _shell(command)
    assert r.returncode == 0, r.stderr
    got = "\n".join(line.rstrip() for line in r.stdout.rstrip("\n").split("\n")) + "\n"
    assert got == expected


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_environment(tmp_path):
    """pip install of a built wheel into a new venv; `kachin about` from outside the checkout."""
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("kachin-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], capture_output=True, text=True)
    assert pip.returncode == 0, pip.stderr
    kachin = venv / "bin" / "kachin"
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "400", "HOME": str(tmp_path)}
    about = subprocess.run([str(kachin), "about"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert about.returncode == 0, about.stderr
    assert "site-packages/kachin_cli/data/kachin.json" in about.stdout
    assert re.search(r"events\s+\d{2,}", about.stdout)
    timeline = subprocess.run([str(kachin), "timeline", "--from", "2011"], capture_output=True, text=True,
                              cwd="/", env=env)
    assert timeline.returncode == 0 and "laiza-assault-2013" in timeline.stdout
    # the UCDP extract ships inside the wheel too
    recorded = subprocess.run([str(kachin), "show", "ucdp-49343"], capture_output=True, text=True, cwd="/", env=env)
    assert recorded.returncode == 0 and "Mohnyin town" in recorded.stdout, recorded.stderr
    path = subprocess.run([str(kachin), "layers", "path", "ucdp"], capture_output=True, text=True, cwd="/", env=env)
    assert path.stdout.strip().endswith("site-packages/kachin_cli/data/ucdp-ged-kachin.csv")
    # the map's outline ships in the wheel too, and the map says where it comes from
    drawn = subprocess.run([str(kachin), "map"], capture_output=True, text=True, cwd="/", env={**env, "COLUMNS": "80"})
    assert drawn.returncode == 0, drawn.stderr
    assert "Borders: Natural Earth 1:50m (public domain)." in drawn.stdout and "CHINA" in drawn.stdout
