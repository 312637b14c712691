"""What every output format carries (issue 10, Output): each --format a command offers is
honoured; CSV and Markdown carry the JSON's fields, read back by Python's csv module; ids are
whole at every width; `show` speaks in words; only a title is bold; help reads at 80 columns;
and JSON and CSV are written in parts, never held whole."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import REPO, run_installed

from kachin_cli import cli, model, render, store

RAW = json.loads((REPO / "data" / "kachin.json").read_text(encoding="utf-8"))
ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"


# ---------------------------------------------------------------- 1. formats honoured or not offered


# A command line for each command that has --format; a new command with --format must be added here.
FORMAT_COMMANDS = {
    "timeline": ["timeline", "--from", "2013-01", "--to", "2013-01"],
    "commanders": ["commanders", "gun maw"],
    "ceasefire": ["ceasefire", "--from", "2013", "--to", "2013"],
    "casualties": ["casualties", "--from", "2013", "--to", "2013"],
    "search": ["search", "laiza"],
    "show": ["show", "laiza-hq-attack-2014"],
    "places": ["places", "laiza"],
    "overview": ["overview"],
    "about": ["about"],
    "layers": ["layers"],
}


def _format_choices() -> dict[str, list[str]]:
    group = cli.command()
    out = {}
    for name in group.commands:
        cmd = group.commands[name]
        for p in cmd.params:
            if "--format" in getattr(p, "opts", ()):
                out[name] = [str(c) for c in p.type.choices]
    return out


def test_every_command_with_a_format_is_checked_here():
    assert set(_format_choices()) == set(FORMAT_COMMANDS)


def _looks_like(fmt: str, out: str) -> bool:
    if fmt in ("json", "timelinejs", "geojson"):
        json.loads(out)
        return True
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        return len(rows) >= 1 and all(len(r) == len(rows[0]) for r in rows) and "id" in rows[0] + ["id"]
    if fmt == "markdown":
        return out.startswith("| ") and out.splitlines()[1].startswith("|---")
    return not out.startswith(("[", "{", "| ")) and bool(out.strip())


@pytest.mark.parametrize("name, fmt", [(n, f) for n, fs in _format_choices().items() for f in fs])
def test_every_offered_format_is_honoured(kachin, name, fmt):
    r = kachin(*FORMAT_COMMANDS[name], "--format", fmt)
    assert r.code == 0, r.err
    assert _looks_like(fmt, r.out), r.out[:300]


@pytest.mark.parametrize("args", [["show", "laiza"], ["overview"], ["about"], ["layers"]])
@pytest.mark.parametrize("fmt", ["csv", "markdown"])
def test_one_record_or_summary_refuses_csv_and_markdown(kachin, args, fmt):
    r = kachin(*args, "--format", fmt)
    assert r.code == 2 and r.out == ""
    assert r.err == (f"kachin {args[0]}: Invalid value for '--format' / '-f': '{fmt}' is not one of 'table', "
                     "'json'.\n")


def test_show_json_is_the_record_and_its_related_ids(kachin):
    data = kachin("show", "laiza-hq-attack-2014", "--format", "json").json
    raw = next(e for e in RAW["events"] if e["id"] == "laiza-hq-attack-2014")
    def plain(v):  # the file leaves out what JSON spells as null
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items() if x is not None}
        return [plain(x) for x in v] if isinstance(v, list) else v

    assert {k: plain(data[k]) for k in raw} == raw
    assert data["record"] == "event" and "laiza" in data["related"]["Places"]


def test_casualties_by_year_markdown_is_its_csv_as_a_table(kachin):
    rows = list(csv.reader(io.StringIO(kachin("casualties", "--by", "year", "--format", "csv").out)))
    md = kachin("casualties", "--by", "year", "--format", "markdown").out.splitlines()
    assert md[0] == "| " + " | ".join(rows[0]) + " |"
    assert md[2] == "| " + " | ".join(rows[1]) + " |"
    assert len(md) == len(rows) + 1


# ---------------------------------------------------------------- 2. CSV and Markdown carry what JSON carries


EXPORTS = [["timeline"], ["commanders"], ["ceasefire"], ["casualties"], ["search", "laiza"], ["places"],
           ["casualties", "--by", "event"], ["timeline", "--source", "all", "--from", "2014", "--to", "2014"]]


def _expected_cell(key, value):
    """The documented rules, written out again: what a CSV cell holds for a JSON value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return model.SIDE_LABELS[value] if key == "side" else value
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_expected_cell(k, v)}" for k, v in value.items() if v not in (None, [], ""))
    if key == "sources":
        return "; ".join(c["source"] + (f", section {c['section']}" if c.get("section") else "")
                         + (f": {c['note']}" if c.get("note") else "") for c in value)
    return "; ".join(_expected_cell("", v) for v in value)


def _safe(text: str) -> str:
    """What csv_cell does to a cell a spreadsheet would run as a formula."""
    return "'" + text if text.startswith(("=", "+", "-", "@")) and not re.fullmatch(r"-?[0-9.]+", text) else text


@pytest.mark.parametrize("args", EXPORTS, ids=" ".join)
def test_csv_has_the_fields_and_values_of_the_json(kachin, args):
    objects = kachin(*args, "--format", "json").json
    r = kachin(*args, "--format", "csv")
    reader = csv.DictReader(io.StringIO(r.out))
    rows = list(reader)
    header = []
    for o in objects:
        header.extend(k for k in o if k not in header)
    assert reader.fieldnames == header
    assert len(rows) == len(objects) > 0
    for o, row in zip(objects, rows):
        assert row["id"] == o["id"]
        for key in header:
            if key not in o:
                assert row[key] == "", (key, row[key])
            elif key == "places" and o.get("record") == "recorded":  # linked places: their ids, as ucdp's CSV
                assert row[key] == "; ".join(p["id"] for p in o[key])
            elif key == "roles":  # in words, as `show` has them: one per role
                assert row[key].count("; ") >= len(o[key]) - 1 and row[key]
            else:
                assert row[key] == _safe(_expected_cell(key, o[key]).replace("\u200b", "\\u200b")), (o["id"], key)


@pytest.mark.parametrize("args", [["timeline"], ["ceasefire"], ["casualties"]], ids=" ".join)
def test_csv_dates_are_iso_and_sortable(kachin, args):
    rows = list(csv.DictReader(io.StringIO(kachin(*args, "--format", "csv").out)))
    for row in rows:
        for key in ("date", "end_date"):
            assert re.fullmatch(r"([0-9]{4}(-[0-9]{2}){0,2})?", row[key]), (row["id"], key, row[key])
    assert any(row["date_note"] for row in rows) or args == ["casualties"]
    assert "since" not in {row["date"][:5] for row in rows}


def test_csv_of_the_timeline_carries_people_organisations_and_sources(kachin):
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(kachin("timeline", "--format", "csv").out))}
    row = rows["aungja-base-taken-2023"]
    assert row["people"] == "gun-maw" and row["organisations"] == "kia; pdf; nug; tatmadaw"
    assert row["sources"] == "irrawaddy-2023-10-26-kia-fourth-outpost: NUG defence minister U Yee Mon"
    assert rows["laiza-hq-attack-2014"]["sources"] == "article, section 2014"


@pytest.mark.parametrize("args", EXPORTS, ids=" ".join)
def test_markdown_rows_have_as_many_cells_as_the_header(kachin, args):
    objects = kachin(*args, "--format", "json").json
    lines = kachin(*args, "--format", "markdown").out.split("\n\n")[0].splitlines()
    cells = [len(re.findall(r"(?<!\\)\|", line)) for line in lines]
    assert len(lines) == len(objects) + 2
    assert set(cells) == {cells[0]}


def test_markdown_escapes_a_pipe_in_the_data(tmp_path, kachin):
    raw = json.loads((REPO / "tests" / "fixtures" / "mini.json").read_text(encoding="utf-8"))
    raw["events"][0]["summary"] = "one | two"
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    out = kachin("--data", str(path), "timeline", "--format", "markdown").out
    row = next(line for line in out.splitlines() if "one \\| two" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == len(re.findall(r"(?<!\\)\|", out.splitlines()[0]))


# ---------------------------------------------------------------- 3. ids never wrapped or cut


def _ids_whole(out: str, ids: list[str]) -> list[str]:
    """The ids that do not appear whole on some line of `out`."""
    lines = out.splitlines()
    return [i for i in ids if not any(re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", line) for line in lines)]


LISTINGS = [["timeline"], ["timeline", "--from", "2024"], ["commanders"], ["ceasefire"], ["casualties"],
            ["search", "laiza"], ["places"], ["casualties", "--by", "event"],
            ["timeline", "--source", "all", "--from", "2013", "--to", "2013"]]


@pytest.mark.parametrize("width", ["100", "80", "60", "40"])
@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_every_id_of_a_listing_is_whole_at_any_width(args, width):
    ids = [o["id"] for o in json.loads(run_installed(*args, "--format", "json").stdout)]
    if args[-1] == "event":
        ids += [o["event"] for o in json.loads(run_installed(*args, "--format", "json").stdout)]
    r = run_installed(*args, env={"COLUMNS": width})
    assert r.returncode == 0, r.stderr
    assert _ids_whole(r.stdout, ids) == []


@pytest.mark.parametrize("width", ["100", "80", "60", "40"])
@pytest.mark.parametrize("name", ["laiza", "laiza-hq-attack-2014", "kia", "gun-maw"])
def test_every_related_id_in_show_is_whole(name, width):
    data = json.loads(run_installed("show", name, "--format", "json").stdout)
    ids = [i for v in data["related"].values() for i in v]
    r = run_installed("show", name, env={"COLUMNS": width})
    assert _ids_whole(r.stdout, ids) == []


@pytest.mark.parametrize("width", ["100", "80", "40"])
def test_candidates_and_sources_ids_are_whole(width):
    r = run_installed("show", "lai", env={"COLUMNS": width})
    assert "narinjara-2023-10-11-laiza-camp-shelling" in r.stdout.splitlines() or \
        any(re.search(r"(?<![\w-])narinjara-2023-10-11-laiza-camp-shelling(?![\w-])", line)
            for line in r.stdout.splitlines())
    ids = [s["id"] for s in json.loads(run_installed("about", "--format", "json").stdout)["sources"]]
    assert _ids_whole(run_installed("about", env={"COLUMNS": width}).stdout, ids) == []


def test_a_narrow_terminal_gets_one_card_per_record():
    out = run_installed("timeline", "--from", "2013-01-03", "--to", "2013-01-03", env={"COLUMNS": "40"}).stdout
    assert "────" not in out  # no squeezed table
    assert out.splitlines()[:11] == [
        "Date   2011-06-09 to 2021-05-30",
        "Event  Both sides allege landmines,",
        "       child soldiers, rape and torture",
        "       Both sides have made allegations",
        "       of widespread landmine use, of",
        "       child soldiers and of systematic",
        "       rape and torture; the article",
        "       does not say against whom each",
        "       allegation is made.",
        "Id     abuse-allegations-both-sides",
        "",
    ]
    assert "Id     airstrikes-sixth-day-2013" in out.splitlines()
    assert max(len(line) for line in out.splitlines()) <= 40


def test_a_wide_terminal_keeps_the_table():
    out = run_installed("timeline", "--from", "2013-01-03", "--to", "2013-01-03", env={"COLUMNS": "80"}).stdout
    assert out.splitlines()[0].split() == ["Date", "Event"]
    assert "               airstrikes-sixth-day-2013" in out.splitlines()


# ---------------------------------------------------------------- 4. show prints words


@pytest.mark.parametrize("rid, lines", [
    ("helicopter-downed-2021", ["Figure      1 helicopter", "Qualifier   exactly", "Category    materiel destroyed",
                                "Party       the government side"]),
    ("killed-since-2011", ["Cumulative  a running total, from its date to the time of the report",
                           "Qualifier   unknown (no number given)"]),
    ("unilateral-ceasefire-2013", ["Kind     unilateral ceasefire"]),
])
def test_show_prints_words(kachin, rid, lines):
    out = kachin("show", rid).out.splitlines()
    for line in lines:
        assert line in out


VOCABULARY_LABELS = ("Type", "Kind", "Category", "Qualifier", "Party", "Status", "Cumulative", "Side")


def test_no_record_shows_a_raw_value(kachin):
    kb = store.load(None)
    for r in kb.records():
        out = kachin("show", r.id).out
        for line in out.splitlines():
            label, _, value = line.partition("  ")
            if label in VOCABULARY_LABELS:
                assert "_" not in value and value.strip() not in ("True", "False"), (r.id, line)
        for m in re.finditer(r"\b1 ([a-z]+s)\b", out.split("\n\n")[0]):
            assert m.group(1) in ("headquarters",), (r.id, m.group(0))


def test_json_keeps_the_raw_values(kachin):
    data = kachin("show", "killed-since-2011", "--format", "json").json
    assert (data["qualifier"], data["cumulative"]) == ("unknown", True)
    assert kachin("show", "unilateral-ceasefire-2013", "--format", "json").json["kind"] == "unilateral_ceasefire"


def test_units_agree_with_their_number():
    assert [render.unit_of(n, u) for n, u in [(1, "helicopters"), (2, "helicopters"), (1, "soldiers admitted to hospital"),
                                              (1, "dead children"), (1, "people"), (1, "US dollars"),
                                              (1, "battalion headquarters"), (1, "casualties")]] == [
        "helicopter", "helicopters", "soldier admitted to hospital", "dead child", "person", "US dollar",
        "battalion headquarters", "casualty"]


# ---------------------------------------------------------------- 5. only the title bold


def _bold_text(out: str) -> tuple[str, str]:
    """The characters printed bold and those printed not bold (SGR 1 on; 0 or 22 off)."""
    bold, plain = [], []
    on = False
    for part in re.split(r"(\x1b\[[0-9;]*m)", out):
        if part.startswith("\x1b["):
            codes = part[2:-1].split(";")
            for c in codes:
                if c == "1":
                    on = True
                elif c in ("", "0", "22"):
                    on = False
            continue
        (bold if on else plain).append(part)
    return "".join(bold), "".join(plain)


def test_only_the_title_is_bold_in_a_timeline_cell(kachin, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    r = kachin("timeline", "--from", "2014-11-19", "--to", "2014-11-19")
    assert "\x1b[" in r.out
    bold, plain = _bold_text(r.out)
    assert "Attack on KIA headquarters near Laiza" in bold
    assert "Government soldiers attack" in " ".join(plain.split())
    assert "Government" not in bold and "laiza-hq-attack-2014" not in bold


# ---------------------------------------------------------------- 6. help


def _words(text: str) -> set[str]:
    return set(re.split(r"[\s│╭╮╰╯─]+", text)) - {""}


@pytest.mark.parametrize("command", ["timeline", "casualties", "commanders", "show", "search", "cite", "layers"])
def test_help_never_splits_a_word_at_80_columns(command):
    wide = run_installed(command, "--help", env={"COLUMNS": "400"}).stdout
    narrow = run_installed(command, "--help", env={"COLUMNS": "80"}).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert _words(narrow) - _words(wide) == set()


def test_help_lists_choices_readably_and_spells_arguments_one_way():
    timeline = run_installed("timeline", "--help", env={"COLUMNS": "80"}).stdout
    assert "--type              TYPE" in timeline and "One of:" in timeline and "<" not in timeline
    for command in cli.command().commands:
        text = run_installed(command, "--help", env={"COLUMNS": "80"}).stdout
        assert "int range" not in text and "x>=1" not in text and "<str>" not in text, command
        usage = next(line for line in text.splitlines() if "Usage:" in line)
        args = re.findall(r"[\[{]([A-Za-z_]+)[\]}]", usage.replace("[OPTIONS]", ""))
        assert all(a.isupper() for a in args), (command, usage)
    commanders = run_installed("commanders", "--help", env={"COLUMNS": "80"}).stdout
    assert "[TERM]" in commanders and "│   TERM " in commanders


def test_commands_are_listed_by_use_timeline_first_validate_last():
    out = run_installed("--help", env={"COLUMNS": "80"}).stdout
    names = re.findall(r"^│ ([a-z]+) ", out.split("Commands")[1], re.M)
    assert names[0] == "timeline" and names[-1] == "validate"
    assert names.index("search") < names.index("show") < names.index("about") < names.index("schema")


# ---------------------------------------------------------------- 8. written in parts


def _big_listing(n: int = 4500) -> tuple[model.KnowledgeBase, render.Listing]:
    kb = store.load(None)
    events = (list(kb.events) * (n // len(kb.events) + 1))[:n]
    return kb, render.events_listing(kb, events)


def test_json_of_a_large_listing_is_written_in_parts_and_reads_back():
    kb, listing = _big_listing()
    parts = list(render.listing_json_chunks(listing))
    assert len(parts) >= 4
    assert json.loads("".join(parts)) == json.loads(json.dumps([e.to_dict() for e in listing.records]))
    assert "".join(parts).isascii()


def test_csv_of_a_large_listing_is_written_in_parts():
    kb, listing = _big_listing()
    parts = list(render.listing_csv_chunks(kb, listing))
    assert len(parts) >= 3
    rows = list(csv.DictReader(io.StringIO("".join(parts))))
    assert len(rows) == 4500 and rows[-1]["id"] == listing.records[-1].id


def test_a_long_table_is_rendered_in_parts_with_one_header():
    kb, listing = _big_listing(450)
    parts = list(render.ListingView(listing, styled=False).parts(100))
    assert len(parts) == 3
    from kachin_cli.output import Output

    text = Output(stdout=io.StringIO(), env={"COLUMNS": "100", "NO_COLOR": "1"}).render(*parts)
    assert text.count("Date ") >= 1 and text.splitlines()[0].split() == ["Date", "Event"]
    assert sum(1 for line in text.splitlines() if line.split() == ["Date", "Event"]) == 1


def test_the_pager_starts_on_the_first_screen_before_the_rest_is_drawn(monkeypatch):
    import os
    import shutil

    from kachin_cli.output import Output

    out = Output(stdout=io.StringIO(), env={"COLUMNS": "80", "NO_COLOR": "1"})
    out.is_tty = True
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a: os.terminal_size((80, 10)))
    drawn: list[int] = []

    def parts():
        for i in range(100):
            drawn.append(i)
            yield f"part {i}\n" * 5

    seen: dict[str, object] = {}

    def pager(argv, rest):
        seen["drawn when the pager started"] = len(drawn)
        seen["text"] = "".join(rest)

    monkeypatch.setattr(out, "_pager", lambda: ["less"])
    monkeypatch.setattr(out, "_run_pager", pager)
    out.page_parts(parts())
    assert seen["drawn when the pager started"] == 2  # 10 lines: the first screen, no more
    assert seen["text"] == "".join(f"part {i}\n" * 5 for i in range(100))
