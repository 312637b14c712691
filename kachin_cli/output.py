"""Where output goes: the terminal or a pipe, with or without colour, through a pager or
not. One object decides, so commands, tests and the REPL all print the same way.

Colour only on a terminal, and never with NO_COLOR set or TERM=dumb. On a terminal,
output taller than the screen goes through $KACHIN_PAGER, $PAGER or `less` the way gh
does it (LESS=FRX unless set); never when piped. A closed pipe (`kachin ... | head`)
ends the command quietly."""

from __future__ import annotations

import errno
import io
import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from kachin_cli.errors import OutputError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


class PipeClosed(Exception):
    """The reader of our output went away; stop writing and exit quietly."""


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Buffer(io.StringIO):
    """Collects rendered text and reports the real stream's encoding, from which Rich
    chooses box characters (ASCII ones for an ASCII terminal)."""

    def __init__(self, encoding: str) -> None:
        super().__init__()
        self._enc = encoding

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._enc


class Output:
    def __init__(self, *, no_pager: bool = False, stdout: TextIO | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.env = os.environ if env is None else env
        self.stdout = stdout if stdout is not None else sys.stdout
        self.is_tty = _isatty(self.stdout)
        self.no_pager = no_pager
        term = self.env.get("TERM", "")
        # FORCE_COLOR (as Rich and many tools read it) asks for colour in a pipe: `| less -R`
        wants = self.is_tty or bool(self.env.get("FORCE_COLOR"))
        self.color = wants and not self.env.get("NO_COLOR") and term != "dumb"

    @property
    def width(self) -> int:
        if self.is_tty:
            return max(20, shutil.get_terminal_size().columns)
        try:
            return max(20, int(self.env.get("COLUMNS", "")))
        except ValueError:
            return 80  # Rich's own default for output that is not a terminal

    def console(self, file: TextIO) -> Console:
        from rich.console import Console

        return Console(file=file, force_terminal=self.color, no_color=not self.color, width=self.width,
                       highlight=False, markup=False, emoji=False, soft_wrap=False,
                       color_system="auto" if self.color else None, legacy_windows=False)

    def render(self, *renderables: RenderableType) -> str:
        return "".join(self.render_each(renderables))

    def render_each(self, renderables: Iterable[RenderableType]) -> Iterator[str]:
        """The text of each renderable in turn, through one console."""
        buf = _Buffer(getattr(self.stdout, "encoding", None) or "utf-8")
        console = self.console(buf)
        for r in renderables:
            # A part that can draw itself as plain text (render.TablePart) does so when there is
            # no colour, sparing Rich rendering every cell; None means Rich draws it after all.
            plain = getattr(r, "plain_text", None) if not self.color else None
            text = plain(console) if plain is not None else None
            if text is None:
                # A renderable marked `whole_lines` is not cropped: its one line wider than the
                # screen is an id longer than the screen is wide, shown whole (the terminal wraps
                # it; nothing cuts it). Anything else is cut at the edge, as Rich does.
                console.print(r, crop=not getattr(r, "whole_lines", False))
                text = buf.getvalue()
                buf.seek(0)
                buf.truncate()
            if not self.color:
                # Rich pads every line to the table's width; with no colour (piped, NO_COLOR) that
                # padding is only trailing spaces, which diffs and spreadsheets trip over
                text = "\n".join(line.rstrip(" ") for line in text.split("\n"))
            yield text

    def show(self, *renderables: RenderableType) -> None:
        """Print Rich renderables, through the pager when they do not fit the screen."""
        self.page(self.render(*renderables))

    def show_listing(self, view: Any) -> None:
        """A listing (render.ListingView) rendered part by part at this width: the first
        screen reaches the terminal or the pager before the rest is drawn."""
        self.page_parts(self.render_each(view.parts(self.width)))

    def page(self, text: str) -> None:
        self.page_parts([text])

    def page_parts(self, parts: Iterable[str]) -> None:
        """Text in parts, through the pager once it is taller than the screen."""
        if not (self.is_tty and not self.no_pager):
            self.write_all(parts)
            return
        height = shutil.get_terminal_size().lines
        held: list[str] = []
        lines = 0
        rest = iter(parts)
        for part in rest:
            held.append(part)
            lines += part.count("\n")
            if lines >= height:
                pager = self._pager()
                if pager:
                    self._run_pager(pager, itertools.chain(held, rest))
                    return
                break
        self.write_all(itertools.chain(held, rest))

    def write_all(self, parts: Iterable[str], size: int = 1 << 20) -> None:
        """Write text given in parts, about `size` characters at a time."""
        held: list[str] = []
        n = 0
        for part in parts:
            held.append(part)
            n += len(part)
            if n >= size:
                self.write("".join(held))
                held, n = [], 0
        if held:
            self.write("".join(held))

    def _pager(self) -> list[str] | None:
        import shlex

        spec = self.env.get("KACHIN_PAGER", self.env.get("PAGER", "less"))
        try:
            argv = shlex.split(spec)
        except ValueError:
            return None
        if not argv or argv[0] == "cat" or shutil.which(argv[0]) is None:
            return None
        return argv

    def _run_pager(self, argv: list[str], parts: Iterable[str]) -> None:
        import subprocess

        env = dict(self.env)
        env.setdefault("LESS", "FRX")
        env.setdefault("LV", "-c")
        encoding = getattr(self.stdout, "encoding", None) or "utf-8"
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
        except OSError:
            self.write_all(parts)
            return
        # What git does: while the pager runs, Ctrl-C is the pager's (less uses it to stop
        # a search), so kachin ignores it and waits. Otherwise kachin would exit, or the REPL
        # prompt return, with the pager still drawing on the screen, and leave a zombie.
        # Ignored only after the pager has started, so that the pager does not inherit it.
        restore = _ignore_sigint()
        try:
            try:
                assert proc.stdin is not None
                for text in parts:
                    proc.stdin.write(text.encode(encoding, errors="backslashreplace"))
                    proc.stdin.flush()
                proc.stdin.close()
            except BrokenPipeError:
                pass  # the reader quit the pager before the end: that is fine
            proc.wait()
        finally:
            restore()

    def write(self, text: str) -> None:
        """Write all of `text` or fail loudly. On a real file descriptor the bytes go out
        through os.write in a loop: Python's own stdout drops the rest of a large write
        that the system took only in part (a file-size limit, a full disk, a pipe whose
        reader left) and reports success."""
        stream = self.stdout
        try:
            if stream is None:
                raise OSError(errno.EBADF, "standard output is closed")
            try:
                fd = stream.fileno()
            except (AttributeError, OSError, ValueError):
                fd = -1  # an in-memory stream (tests, a captured REPL)
            if fd < 0:
                stream.write(text)
                stream.flush()
                return
            stream.flush()  # anything printed through the stream before
            errors = getattr(stream, "errors", None)
            if errors in (None, "strict"):  # a character the stream cannot carry is escaped, not fatal
                errors = "backslashreplace"
            data = memoryview(text.encode(getattr(stream, "encoding", None) or "utf-8", errors))
            while data:
                data = data[os.write(fd, data):]
        except BrokenPipeError:
            raise PipeClosed() from None
        except OSError as exc:
            raise OutputError(write_failure(exc)) from None


def _ignore_sigint() -> Callable[[], None]:
    """Ignore SIGINT; return what puts the previous handler back. Outside the main thread
    (where Python cannot set handlers) nothing changes."""
    import signal

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        return lambda: None
    if previous is None:  # a handler Python did not install: the best restoring is the default
        previous = signal.SIG_DFL

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)

    return restore


def write_failure(exc: OSError) -> str:
    if exc.errno == errno.EBADF:
        return "cannot write output: standard output is closed"
    return f"cannot write output: {exc.strerror or exc}"


def quiet_broken_pipe() -> None:
    """After the reader closed our stdout: point it at /dev/null so Python's final flush
    at exit cannot raise again (the recipe from the Python docs on SIGPIPE)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def make_safe_streams() -> None:
    """Never fail on a character the output's encoding cannot carry: one the terminal's
    encoding lacks (LANG=C, PYTHONIOENCODING=ascii), or a lone surrogate, which is how
    Python holds bytes of a command-line argument that are not valid UTF-8. Such
    characters are written as backslash escapes."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
