"""Commands load only what they use: the REPL's prompt_toolkit, dateutil's parser and the
fuzzy matcher each cost tens of milliseconds, and Rich is not needed for JSON."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def imported_modules(*args: str) -> set[str]:
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "kachin_cli", *args],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = [line for line in r.stderr.splitlines() if line.startswith("import time:")]
    assert lines, "python -X importtime printed nothing"
    return {line.rsplit("|", 1)[1].strip() for line in lines}


def loaded(modules: set[str], package: str) -> bool:
    """Whether the package or any of its submodules was imported (dateutil 4 imports
    dateutil.parser._parser without a line for dateutil.parser itself)."""
    return any(m == package or m.startswith(package + ".") for m in modules)


def test_json_timeline_loads_no_repl_no_dateutil_parser_no_fuzzy_no_rich():
    modules = imported_modules("timeline", "--from", "2011", "--format", "json")
    assert "typer" in modules and "kachin_cli.cli" in modules  # the check itself works
    # msgspec is the knowledge base's loader (issue 13): it loads on every path that reads it
    for heavy in ("prompt_toolkit", "dateutil.parser", "rapidfuzz", "rich", "kachin_cli.layers",
                  *PICTURES_AND_EXPORTS):
        assert not loaded(modules, heavy), heavy


def test_table_timeline_loads_rich_but_not_the_rest():
    modules = imported_modules("timeline", "--from", "2011")
    assert "rich.table" in modules
    # the UCDP footer reads a cached index of the bundled layer, never its records
    assert "kachin_cli.layers.storage" in modules
    for heavy in ("prompt_toolkit", "dateutil.parser", "rapidfuzz", "kachin_cli.layers.record",
                  *PICTURES_AND_EXPORTS):
        assert not loaded(modules, heavy), heavy


# What only `chart`, `map`, `cite` and the export formats need. The pictures are drawn
# with no charting library (plotille and Rich's bars were not worth an import for two
# commands), and their text needs no Rich either; citeproc, geojson, jsonschema and pybtex
# are test-only consumers and must never load at run time.
PICTURES_AND_EXPORTS = ("kachin_cli.pictures", "kachin_cli.exports", "plotille", "drawille",
                        "citeproc", "geojson", "jsonschema", "pybtex", "lxml")


@pytest.mark.parametrize("args, needed", [
    (["chart"], "kachin_cli.pictures"),
    (["map", "--from", "2011"], "kachin_cli.pictures"),
    (["chart", "--source", "all"], "kachin_cli.layers.record"),
    (["map", "--source", "ucdp"], "kachin_cli.layers.record"),
    (["cite", "ucdp-49343"], "kachin_cli.exports.csl"),
    (["cite", "laiza", "--style", "bibtex"], "kachin_cli.exports.csl"),
    (["timeline", "--format", "timelinejs"], "kachin_cli.exports.timelinejs"),
])
def test_pictures_and_exports_load_only_what_they_need(args, needed):
    modules = imported_modules(*args)
    assert needed in modules
    for heavy in ("rich", "prompt_toolkit", "dateutil.parser", "rapidfuzz", "citeproc", "geojson", "jsonschema",
                  "pybtex", "lxml", "plotille"):
        assert not loaded(modules, heavy), heavy


@pytest.mark.parametrize("args, needed", [
    (["timeline", "--from", "9 June 2011"], "dateutil.parser"),
    (["search", "Min Aung Hliang"], "rapidfuzz"),
    (["timeline", "--source", "ucdp", "--format", "json"], "msgspec"),
])
def test_heavy_modules_load_when_needed(args, needed):
    assert loaded(imported_modules(*args), needed)


@pytest.mark.parametrize("command", ["chart", "map"])
def test_a_narrative_picture_reads_no_recorded_layer(command):
    modules = imported_modules(command)
    assert "kachin_cli.pictures" in modules
    for heavy in ("kachin_cli.layers.record", "kachin_cli.layers.ucdp", "kachin_cli.layers.storage"):
        assert not loaded(modules, heavy), heavy
