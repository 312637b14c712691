"""Hostile input: nothing a user types or a data file holds can crash kachin or reach the
terminal raw. Data text is shown literally (never as Rich markup) with control characters
made visible; JSON keeps the real values, escaped by the encoder."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from conftest import MINI, run_installed
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from kachin_cli import cli, repl
from kachin_cli.dates import parse_user_date

RAW = json.loads(MINI.read_text(encoding="utf-8"))

# What a hostile file might hold: Rich markup (silently eaten, or a MarkupError, or a
# spoofed link), OSC (title change, clipboard write), CSI (clear screen, cursor report),
# a C1 CSI, a bidi override, DEL, NUL and a bell.
PAYLOADS = [
    "[bold]b[/bold] [/] [/usr/bin] [link=https://evil.example]click[/link] :smile:",
    "\x1b]0;pwned\x07 \x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J\x1b[6n",
    "\x9b31m c1",
    "\u202eevil\u202c bidi",
    "del\x7f nul\x00 bell\x07",
]
# Raw sequences that must never appear in terminal output.
RAW_SEQUENCES = ["\x1b]", "\x1b[2J", "\x1b[6n", "\x9b", "\u202e", "\x7f", "\x00", "\x07"]
FREE_TEXT = {"title", "summary", "name", "description", "outcome", "text", "claimed_by", "date_note", "note",
             "state", "country", "unit", "status"}


def hostile_kb(tmp_path: Path, payloads: list[str] = PAYLOADS) -> Path:
    """The fixture knowledge base with hostile text appended to every free-text field."""
    raw = copy.deepcopy(RAW)
    counter = iter(range(10**6))

    def poison(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in FREE_TEXT and isinstance(value, str):
                    node[key] = f"{value} {payloads[next(counter) % len(payloads)]}"
                elif key in ("aliases", "notes") and isinstance(value, list):
                    node[key] = value + list(payloads)
                else:
                    poison(value)
        elif isinstance(node, list):
            for item in node:
                poison(item)

    poison(raw)
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def strings(node) -> list[str]:
    """Every string in decoded JSON."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            mock.patch("sys.stdin", io.StringIO(stdin)):
        code = cli.run(list(args))
    return code, out.getvalue(), err.getvalue()


LISTINGS = [["timeline"], ["commanders"], ["ceasefire"], ["casualties"], ["search", "a"], ["overview"],
            ["about"], ["show", "laiza"], ["show", "raid-1961"], ["show", "first-war-killed"]]


# Listings in every format; overview, about and show are not listings: table and JSON.
CASES = [(c, f) for c in LISTINGS for f in ("table", "json", "csv", "markdown")
         if f in ("table", "json") or c[0] not in ("overview", "about", "show")]
# How the payloads look once made inert (whitespace removed, as tables wrap lines).
VISIBLE = ["\\x1b]0;pwned\\x07", "\\x1b[2J\\x1b[6n", "\\x9b31m", "\\u202eevil", "[bold]b[/bold]"]


@pytest.mark.parametrize("color", [False, True], ids=["plain", "coloured"])
@pytest.mark.parametrize("command, fmt", CASES, ids=[f"{' '.join(c)} {f}" for c, f in CASES])
def test_hostile_strings_are_shown_and_inert(tmp_path, monkeypatch, command, fmt, color):
    if color:
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("FORCE_COLOR", "1")
    path = hostile_kb(tmp_path)
    code, out, err = run("--data", str(path), *command, "--format", fmt)
    assert (code, err) == (0, "")
    for seq in RAW_SEQUENCES:
        assert seq not in out, (seq, out[:400])
    if fmt == "json":
        assert "\x1b" not in out and out.isascii()
        assert any(p in text for text in strings(json.loads(out)) for p in PAYLOADS)  # the real values
        return
    if color and fmt == "table":
        assert "\x1b[" in out  # really coloured: Rich's own styles, nothing from the data
    flat = "".join(out.split())
    assert any(v in flat for v in VISIBLE), out[:600]


PICTURES_AND_EXPORTS = [["chart"], ["map"], ["places"], ["cite", "laiza"], ["cite", "laiza", "--style", "bibtex"],
                        ["cite", "laiza", "--style", "csl-json"], ["timeline", "--format", "timelinejs"],
                        ["timeline", "--format", "geojson"], ["places", "--format", "geojson"]]


@pytest.mark.parametrize("command", PICTURES_AND_EXPORTS, ids=lambda c: " ".join(c))
def test_hostile_strings_in_pictures_and_exports(tmp_path, command):
    code, out, err = run("--data", str(hostile_kb(tmp_path)), *command)
    assert code == 0, err
    for seq in RAW_SEQUENCES:
        assert seq not in out and seq not in err, (seq, out[:400])
    if "json" in command or "timelinejs" in command or "geojson" in command:
        assert out.isascii() and any(p in text for text in strings(json.loads(out)) for p in PAYLOADS)
        return
    flat = "".join(out.split())
    assert any(v in flat for v in VISIBLE), out[:600]


@pytest.mark.parametrize("command", [["chart"], ["map"], ["cite", "laiza"]], ids=lambda c: " ".join(c))
@pytest.mark.parametrize("env", [{"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}, {"TERM": "dumb"}],
                         ids=["ascii", "dumb"])
def test_pictures_on_odd_terminals(command, env):
    r = run_installed(*command, env=env)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "\x1b" not in r.stdout
    if command[0] != "cite":  # a citation keeps its characters; only the terminal's encoding escapes them
        assert r.stdout.isascii()


def test_markup_in_data_is_literal_text(tmp_path):
    path = hostile_kb(tmp_path, ["[bold]b[/bold] [/] [/usr/bin] [link=https://evil.example]click[/link]"])
    code, out, err = run("--data", str(path), "show", "raid-1961")
    assert code == 0, err
    flat = " ".join(out.split())
    assert "[bold]b[/bold] [/] [/usr/bin] [link=https://evil.example]click[/link]" in flat


# ---------------------------------------------------------------- properties

ARG_WORDS = ["timeline", "commanders", "ceasefire", "casualties", "search", "show", "overview", "about",
             "validate", "repl", "help", "more", "--from", "--to", "--phase", "--type", "--place", "--actor",
             "--search", "--limit", "--reverse", "--format", "json", "csv", "markdown", "table", "--side",
             "--active-in", "--category", "--help", "--version", "--no-pager", "--all", "2011", "June 2011",
             "laiza", "zau", "-1", "0", "99999999999999999999", "--data", "/", "/dev/null"]
hostile_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(ARG_WORDS), hostile_text), max_size=6))
def test_any_arguments_end_in_0_1_or_2_without_traceback_or_raw_control_bytes(args):
    code, out, err = run(*args)
    assert code in (0, 1, 2), (args, code, err)
    assert "Traceback" not in out + err
    for text in (out, err):
        assert not any(ch in text for ch in "\x00\x1b\x07\x7f\x9b\u202e"), (args, text[:300])
    if code != 0 and not out:
        assert err.count("\n") == 1, (args, err)  # one clear line


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_any_string_is_a_date_interval_or_a_usage_error(text):
    try:
        first, last = parse_user_date(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert first <= last


KEYS = st.one_of(st.sampled_from(["timeline --limit 2", "show 1", "more", "bogus", "help", "\x1b[A", "\x1b[B",
                                  "\t", "\x03", "\x12", "\x1b", "\x7f", "\x08", "\x15", "\x0b", "\x01", "\x05",
                                  "repl", "search zau", "show nowhere", '"unclosed']),
                 # Ctrl-D rightly leaves; a lone surrogate is not a key anyone can type (and
                 # prompt-toolkit's pipe cannot encode it)
                 st.text(st.characters(exclude_characters="\x04", exclude_categories=("Cs",)), max_size=8))


def _may_leave(typed: str) -> bool:
    """Whether the keys might spell a line that rightly ends the session (`exit`, `quit`),
    even with editing keys mixed in."""
    letters = re.sub(r"[^a-z]", "", typed.lower())
    return any(word in letters for word in ("exit", "quit"))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(KEYS, st.booleans()), max_size=8))
# Found by benchmarks/repeat.py (run 46 of 50, 5 December 2026), and run every time since:
# Ctrl-Space (the Emacs mark), Ctrl-C and Enter arriving together. Ctrl-C waited for a `>` or
# `<` (prompt-toolkit's shift of a selection), and the Enter then ended a prompt that had
# already ended ('Return value already set'), losing the keys after it.
@example(keys=[("0\x00", False), ("\x03", True)])
@example(keys=[("timeline --limit 2", True), ("0\x00", False), ("\x03", True)])
def test_any_keys_leave_the_repl_running_until_ctrl_d(keys):
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.history import InMemoryHistory
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    typed = "".join(k + ("\r" if enter else "") for k, enter in keys)
    assume(not _may_leave(typed))
    # Whatever state the keys left (a half-typed escape sequence, Ctrl-R search, text on
    # the line): Ctrl-G and Ctrl-C end it, Ctrl-U and Ctrl-K empty the line, Ctrl-D leaves.
    reset = "\x07\x03\x03\x15\x0b"
    typed += reset + "about\r" + reset + "\x04"
    state = cli.State(data=str(MINI))
    out, err = io.StringIO(), io.StringIO()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        pipe.send_text(typed)
        pipe.close()  # and if anything still held the session, the end of input ends it
        code = repl.run_interactive(state, input=pipe, output=DummyOutput(), history=InMemoryHistory())
    assert code == 0
    assert "Traceback" not in out.getvalue() + err.getvalue()
    assert "Period covered" in out.getvalue()  # still running commands after all that


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(min_size=1, max_size=20).filter(str.strip), min_size=1, max_size=3))
def test_any_text_in_the_data_renders_in_every_format(tmp_path_factory, payloads):
    path = hostile_kb(tmp_path_factory.mktemp("kb"), payloads)
    for fmt in ("table", "json", "csv", "markdown"):
        code, out, err = run("--data", str(path), "timeline", "--format", fmt)
        assert code == 0, err
        assert not any(ch in out for ch in "\x00\x1b\x07\x7f\x9b\u202e")
        if fmt == "json":
            titles = [e["title"] for e in json.loads(out)]
            assert any(title.endswith(tuple(payloads)) for title in titles)


# ---------------------------------------------------------------- broken files (installed)


def _broken(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    cases = {}
    truncated = tmp_path / "truncated.json"
    truncated.write_text(MINI.read_text()[:500])
    cases["truncated"] = (truncated, "not valid JSON: ")
    wrong = copy.deepcopy(RAW)
    wrong["events"][0]["people"] = "zaw-tu"
    wrong_path = tmp_path / "wrong-types.json"
    wrong_path.write_text(json.dumps(wrong))
    cases["wrong types"] = (wrong_path, "events[0].people: expected a list, got a string 'zaw-tu'")
    missing = copy.deepcopy(RAW)
    del missing["events"][2]["title"]
    missing_path = tmp_path / "missing.json"
    missing_path.write_text(json.dumps(missing))
    cases["missing field"] = (missing_path, "events[2]: missing required field 'title'")
    empty = tmp_path / "empty.json"
    empty.write_text("")
    cases["empty"] = (empty, "the file is empty")
    big = tmp_path / "big.json"
    with open(big, "wb") as f:
        f.write(b'{"events": [')
        f.write(b" " * (100 * 1024 * 1024))
    cases["100 MB"] = (big, "not valid JSON: Expecting value at line 1 column 104857613")
    cases["directory"] = (tmp_path, "is a directory, not a knowledge-base file")
    cases["missing file"] = (tmp_path / "nope.json", "no such file")
    if os.path.exists("/proc/self/mem"):
        cases["unreadable"] = (Path("/proc/self/mem"), "cannot read")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    cases["fifo"] = (fifo, "not a regular file")
    cases["device"] = (Path("/dev/zero"), "not a regular file")
    return cases


def test_broken_files_get_one_line_and_exit_1(tmp_path):
    for name, (path, message) in _broken(tmp_path).items():
        for command in (["timeline"], ["validate", str(path)]):
            args = command if command[0] == "validate" else ["--data", str(path), *command]
            r = run_installed(*args, timeout=60)
            assert r.returncode == 1, (name, r.stderr)
            if command[0] == "validate" and name in ("wrong types", "missing field"):
                # the list of problems is what `validate` prints
                assert r.stdout.splitlines()[0] == message and r.stdout.endswith(": 1 problem\n"), name
                assert r.stderr == ""
                continue
            assert r.stdout == "", (name, r.stdout[:200])  # nothing printed half-way
            assert r.stderr.count("\n") == 1 and message in r.stderr, (name, r.stderr)


@pytest.mark.parametrize("command", [["timeline"], ["commanders"], ["ceasefire"], ["casualties"], ["search", "laiza"],
                                     ["show", "laiza"], ["overview"], ["about"]], ids=lambda c: " ".join(c))
@pytest.mark.parametrize("env", [{"COLUMNS": "30"}, {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
                                 {"TERM": "dumb"}], ids=["30 columns", "ascii", "dumb"])
def test_odd_terminals_degrade_gracefully(command, env):
    r = run_installed(*command, env=env)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and "\x1b" not in r.stdout
    if env.get("COLUMNS") == "30":
        # an id wider than the screen is the one line allowed past it: ids are never cut
        assert all(len(line) <= 30 or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", line.strip())
                   for line in r.stdout.splitlines())
    if env.get("PYTHONIOENCODING") == "ascii":
        assert r.stdout.isascii()


def test_repl_with_stdin_closed():
    r = subprocess.run(["bash", "-c", f"{__import__('conftest').installed_kachin()} repl <&-"],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert r.stderr == "kachin: standard input is closed: there is nothing to read commands from\n"


def test_repl_with_a_corrupt_or_unusable_history(tmp_path, capsys):
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    corrupt = tmp_path / "history"
    corrupt.write_bytes(b"\xff\xfe\x00garbage\n+\xc3\x28\n\x00\x00")
    for path in (corrupt, tmp_path):  # a garbled file; a directory where the file should be
        messages: list[str] = []
        history = repl.make_history(path, messages.append)
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text("about\r\x04")
            code = repl.run_interactive(cli.State(), input=pipe, output=DummyOutput(), history=history)
        assert code == 0
        assert "Period covered" in capsys.readouterr().out
        assert len(messages) <= 1


# ---------------------------------------------------------------- output that cannot be written, closed streams


def _sh(command: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    kachin = __import__("conftest").installed_kachin()
    env = {k: v for k, v in os.environ.items() if k not in ("KACHIN_DATA", "PAGER")}
    env.update(NO_COLOR="1", COLUMNS="100", KACHIN=kachin)
    return subprocess.run(["bash", "-c", command], capture_output=True, text=True, env=env, input=stdin,
                          cwd="/", timeout=60)


@pytest.mark.parametrize("command", ['"$KACHIN" timeline --format json', '"$KACHIN" timeline', '"$KACHIN" --help',
                                     '"$KACHIN" --version', 'printf "about\\ntimeline\\nabout\\n" | "$KACHIN" repl'],
                         ids=["json", "table", "help", "version", "repl"])
def test_a_full_disk_is_an_error_not_a_success(command):
    r = _sh(f"{command} > /dev/full")
    assert r.returncode == 1
    assert r.stderr == "kachin: cannot write output: No space left on device\n"


def test_a_file_size_limit_is_an_error_and_says_so(tmp_path):
    """The system takes only part of a large write: the rest must not vanish silently."""
    out = tmp_path / "out.json"
    r = _sh(f'ulimit -f 20; "$KACHIN" timeline --format json > {out}')
    assert r.returncode == 1
    assert r.stderr == "kachin: cannot write output: File too large\n"
    assert out.stat().st_size <= 20 * 1024


def test_output_fits_exactly_when_it_can_be_written(tmp_path):
    """The same export, written in full, is valid JSON of every event."""
    out = tmp_path / "out.json"
    r = _sh(f'"$KACHIN" timeline --format json > {out}')
    assert (r.returncode, r.stderr) == (0, "")
    assert len(json.loads(out.read_text())) == len(json.loads(_sh('"$KACHIN" timeline --format json').stdout))


@pytest.mark.parametrize("command, status, message", [
    ('"$KACHIN" timeline >&-', 1, "kachin: cannot write output: standard output is closed\n"),
    ('"$KACHIN" --version >&-', 1, "kachin: cannot write output: standard output is closed\n"),
    ('"$KACHIN" about <&-', 0, ""),
    ('"$KACHIN" <&-', 0, ""),  # no terminal: prints its help
    ('"$KACHIN" timeline --from someday 2>&-', 2, None),  # the status tells, with nowhere to say it
    ('"$KACHIN" show nowhere-at-all 2>&-', 1, None),
    ('"$KACHIN" timeline >&- 2>&-', 1, None),
], ids=["stdout timeline", "stdout version", "stdin about", "stdin bare", "stderr usage", "stderr not found",
        "both"])
def test_closed_streams_give_the_right_status_and_no_traceback(command, status, message):
    r = _sh(command)
    assert r.returncode == status, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    if message is not None:
        assert r.stderr == message


def test_a_huge_repl_line_is_refused_at_once():
    line = "search " + "x" * 1_000_000
    r = _sh('"$KACHIN" repl', stdin=f"{line}\nabout\n")
    assert r.returncode == 1
    assert r.stderr == ("kachin: that line is 1,000,007 characters long; "
                        "the REPL reads lines of at most 65,536\n")
    assert "Period covered" in r.stdout  # and the next line still runs


@pytest.mark.parametrize("digit", ["\u00b2", "\u00b9", "\u00b3", "\u2460", "\u19da"])
def test_repl_row_numbers_are_ascii_digits(digit):
    r = _sh('"$KACHIN" repl', stdin=f"timeline --limit 2\nshow {digit}\nabout\n")
    assert r.returncode in (0, 1) and "Traceback" not in r.stderr
    assert "Period covered" in r.stdout  # the session went on


def test_repl_refuses_data_on_a_line_even_for_a_missing_file():
    r = _sh('"$KACHIN" repl', stdin="--data /no/such/file.json timeline\n")
    assert r.returncode == 1
    assert r.stderr == ("kachin: --data applies to a whole session: leave and start "
                        "`kachin --data FILE repl`\n")
    r = _sh('KACHIN_DATA=/no/such/file.json "$KACHIN" repl', stdin="about\n")
    assert r.returncode == 1 and "no such file" in r.stderr  # the session's own data is still used


def test_repl_show_n_follows_the_last_listing_in_any_format():
    r = _sh('"$KACHIN" repl', stdin="commanders\ntimeline --format json --limit 2\nshow 1 --format json\n")
    assert r.returncode == 0, r.stderr
    first_event = json.loads(r.stdout.splitlines()[-2])[0]["id"]
    assert json.loads(r.stdout.splitlines()[-1])["id"] == first_event


def test_echoed_values_are_short_and_escaped_the_same_way():
    r = _sh('"$KACHIN" show "$(printf "x%.0s" $(seq 1 100000))"')
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and len(r.stderr) < 200
    assert "'" + "x" * 79 + "\u2026'" in r.stderr
    r = _sh('"$KACHIN" timeline --type "$(printf "y%.0s" $(seq 1 5000))"')
    assert r.returncode == 2 and "y" * 100 not in r.stderr and "\u2026'" in r.stderr, r.stderr[:300]
    r = _sh("\"$KACHIN\" show 'zzq\\qzz'")  # one backslash typed, one shown
    assert r.stderr.startswith("kachin: no record 'zzq\\qzz'"), r.stderr


def test_repl_more_says_showing_n_for_a_single_row():
    r = _sh('"$KACHIN" repl', stdin="timeline --limit 1\nmore\n")
    assert r.returncode == 0, r.stderr
    total = len(json.loads(_sh('"$KACHIN" timeline --format json').stdout))
    assert f"Showing 2 of {total} events (type `more` for the next page)." in r.stdout


def test_inert_fast_path_never_skips_an_escaped_code():
    """inert() returns a printable text as it is: that is safe only while every code it
    escapes is one str.isprintable() refuses."""
    from kachin_cli.safe import _UNSAFE_CODES, inert

    assert [c for c in _UNSAFE_CODES if chr(c).isprintable()] == []
    assert inert("a\u202eb\u200bc\x1b") == "a\\u202eb\\u200bc\\x1b"
    assert inert("Laiza \u1000\u1001 \u4e2d") == "Laiza \u1000\u1001 \u4e2d"
