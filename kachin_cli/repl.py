"""The interactive explorer: a prompt-toolkit session whose every line runs through
`cli.run`, the same command tree and messages as the command line.

On a terminal: completion as you type, history in $XDG_STATE_HOME/kachin/history (recalled
with Up and Ctrl-R, offered as grey suggestions), a bottom toolbar, Ctrl-C to clear the line
or interrupt a command, Ctrl-D, `exit` or `quit` to leave. Not on a terminal (piped input):
no prompt and no escape codes; each line runs in turn, errors go to stderr, and the exit
status is 1 if any line failed."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from kachin_cli import cli
from kachin_cli.errors import KachinError
from kachin_cli.safe import one_line

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession

PROMPT = "kachin> "
EXIT_WORDS = frozenset({"exit", "quit"})
INTERRUPTED = 130


# The longest line the REPL reads. A command line's own arguments are capped at 128 KB by
# the system; 64 KB is generous for anything typed or piped, and a longer line is refused
# before it is parsed (shlex takes time that grows with the square of the length).
MAX_LINE = 65536


def history_path(env: dict[str, str] | None = None) -> Path:
    environ: Mapping[str, str] = os.environ if env is None else env
    base = environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the XDG spec says to ignore it
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "kachin" / "history"


def run_line(state: cli.State, line: str) -> int | None:
    """Run one line; return its exit status, or None when the line asks to leave."""
    line = line.rstrip("\n")
    if len(line) > MAX_LINE:
        cli.error(f"that line is {len(line):,} characters long; the REPL reads lines of at most {MAX_LINE:,}")
        return 2
    try:
        words = shlex.split(line, comments=True)
    except ValueError as exc:
        cli.error(f"cannot read that line: {exc}")
        return 2
    if not words:
        return 0
    if len(words) == 1 and words[0] in EXIT_WORDS:
        return None
    unknown = unknown_command(words[0])
    if unknown:
        cli.error(unknown)
        return 2
    return cli.run(words, state=state)


def unknown_command(word: str) -> str | None:
    """What to say about a first word that is no command, or None for a command (or an
    option, which the command tree answers): cli.no_such_command, with the REPL's own words."""
    if word in EXIT_WORDS:
        return None
    return cli.no_such_command(word, extra=sorted(EXIT_WORDS), listed=["more", "help", "exit"])


def start(state: cli.State) -> int:
    """Start the REPL on the process's own standard streams."""
    state.in_repl = True
    try:
        state.knowledge_base()
    except KachinError as exc:
        cli.error(str(exc))
        return exc.exit_code
    stdin = sys.stdin
    if stdin is None or getattr(stdin, "closed", False):
        cli.error("standard input is closed: there is nothing to read commands from")
        return 1
    try:
        interactive = stdin.isatty() and sys.stdout.isatty()
    except (ValueError, AttributeError):
        interactive = False
    if not interactive:
        return run_piped(state, stdin)
    return run_interactive(state)


def run_piped(state: cli.State, lines: Iterable[str]) -> int:
    """Run each line in turn; exit status 1 if any failed."""
    failed = False
    try:
        for line in lines:
            code = run_line(state, line)
            if code is None:
                break
            if state.output_failed:
                return 1  # nothing more can be written: stop here, said once
            failed = failed or code != 0
    except (OSError, UnicodeDecodeError) as exc:
        cli.error(f"cannot read standard input: {exc}")
        return 1
    return 1 if failed else 0


# ---------------------------------------------------------------- interactive session


def make_history(path: Path, warn: Callable[[str], None]) -> Any:
    """A FileHistory at `path` that says once when it cannot read or save, then goes on
    in memory; an in-memory history if `path` cannot be written at all."""
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    class SafeFileHistory(FileHistory):
        failed = False

        def load_history_strings(self) -> Iterable[str]:
            try:
                return list(super().load_history_strings())
            except (OSError, ValueError) as exc:
                warn(f"cannot read the history file {path} ({exc}); starting with an empty history")
                return []

        def store_string(self, string: str) -> None:
            if self.failed:
                return
            try:
                super().store_string(string)
            except OSError as exc:
                self.failed = True
                warn(f"cannot save history to {path} ({exc.strerror or exc}); going on without saving")

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # what you type is yours alone: the file is created 0600, like the cache
        os.close(os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600))
    except OSError as exc:
        warn(f"cannot save history to {path} ({exc.strerror or exc}); going on without saving")
        return InMemoryHistory()
    return SafeFileHistory(str(path))


def _toolbar(state: cli.State) -> Callable[[], Any]:
    kb = state.knowledge_base()
    where = one_line(Path(kb.path).name)
    counts = f" {where}: {len(kb.events)} events, {len(kb.people)} people"
    keys = ("Tab complete", "Up/Ctrl-R history", "help", "Ctrl-D quit")
    # longest first; a narrow terminal drops the counts before the keys, never cutting a word
    texts = [f"{counts}   {' · '.join(keys)} ", f" {' · '.join(keys)} ",
             f" {keys[0]} · {keys[1]} · {keys[3]} ", f" {keys[3]} "]

    def toolbar() -> list[tuple[str, str]]:
        from prompt_toolkit.application import get_app_or_none

        app = get_app_or_none()
        width = app.output.get_size().columns if app is not None else 80
        return [("class:bottom-toolbar", next((t for t in texts if len(t) <= width), texts[-1]))]

    return toolbar


def make_session(state: cli.State, *, input: Any = None, output: Any = None,
                 history: Any = None) -> PromptSession[str]:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.shortcuts import CompleteStyle

    from kachin_cli.completer import KachinCompleter
    from kachin_cli.keys import make_key_bindings

    if history is None:
        history = make_history(history_path(), cli.error)
    return PromptSession(
        message=PROMPT,
        history=history,
        completer=KachinCompleter(cli.command(), state.knowledge_base),
        complete_while_typing=True,
        complete_style=CompleteStyle.COLUMN,
        auto_suggest=AutoSuggestFromHistory(),
        key_bindings=make_key_bindings(),
        bottom_toolbar=_toolbar(state),
        input=input,
        output=output,
    )


def run_interactive(state: cli.State, *, input: Any = None, output: Any = None, history: Any = None,
                    out: TextIO | None = None) -> int:
    state.in_repl = True
    session = make_session(state, input=input, output=output, history=history)
    err = out or sys.stderr
    # under 80 columns, so that a terminal of 80 never breaks a word of it
    err.write("kachin: the Kachin conflict explorer. `help` lists the commands, Ctrl-D leaves.\n")
    while True:
        try:
            line = session.prompt()
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line
        except EOFError:
            return 0
        code = run_line(state, line)
        if code is None:
            return 0
        if state.output_failed:
            return 1
        if code == INTERRUPTED:
            err.write("Interrupted.\n")
