"""Completion for the REPL, read from the CLI's own command tree: command names, option
names, option values (formats, sides, types, categories, phases), and names of people,
places and organisations matched the way search matches them (typing `zau` offers
Zaw Tu, Zaw Seng and Zaw Dan), each with a short description; ids after `show`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from kachin_cli import model, query
from kachin_cli.safe import one_line

# Extra words the REPL understands besides the commands of the tree.
REPL_WORDS = {"exit": "Leave the explorer (also quit, Ctrl-D).", "quit": "Leave the explorer."}
# Which records name completion offers for an option or a command's argument.
NAME_KINDS = {
    "--place": ("places",),
    "--actor": ("people", "organisations"),
    "commanders": ("people",),
    "search": ("people", "organisations", "places"),
    "show": ("people", "organisations", "places", "events", "talks", "figures", "phases", "sources"),
}
MAX_NAMES = 40


def _quote(text: str) -> str:
    return f'"{text}"' if any(c in text for c in " '\"") else text


def describe(record: model.Record) -> str:
    """A short description for the completion menu."""
    if isinstance(record, model.Person):
        role = record.roles[0].title if record.roles else ""
        return f"person, {model.SIDE_LABELS.get(record.side, record.side)}" + (f": {role}" if role else "")
    if isinstance(record, model.Place):
        where = record.state or record.country
        return f"{record.kind}, {where}" if where else record.kind
    if isinstance(record, model.Organisation):
        return f"{record.kind.replace('_', ' ')}, {model.SIDE_LABELS.get(record.side, record.side)}"
    date = getattr(record, "date", None) or getattr(record, "start", None)
    return f"{record.KIND} {date}" if date else record.KIND


def _suffixes(form: str) -> list[str]:
    """The form from each of its words on: 'mung lai hkyet' -> ['lai hkyet', 'hkyet']."""
    words = form.split(" ")
    return [" ".join(words[i:]) for i in range(1, len(words))]


class KachinCompleter(Completer):
    def __init__(self, command: Any, knowledge_base: Callable[[], model.KnowledgeBase]) -> None:
        self.command = command  # the click group built from the Typer app
        self.knowledge_base = knowledge_base
        self._name_cache: dict[tuple[int, str], list[tuple[Any, tuple[str, ...]]]] = {}

    def _commands(self) -> dict[str, Any]:
        return {name: cmd for name, cmd in self.command.commands.items() if name == "help" or not cmd.hidden}

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        text = document.text_before_cursor
        words = text.split()
        partial = "" if not text or text[-1].isspace() else words[-1]
        # inside an open quote, the partial word runs from the quote to the cursor
        if text.count('"') % 2 == 1:
            partial = text[text.rindex('"'):]
            words = text[:text.rindex('"')].split() + [partial]
        done = words[:-1] if partial else words
        if not done:
            yield from self._complete_command(partial)
            return
        cmd = self._commands().get(done[0])
        if cmd is None:
            return
        if done[0] == "help":
            if len(done) == 1:
                yield from self._complete_command(partial, with_repl_words=False)
            return
        if partial.startswith("-"):
            yield from self._complete_option(cmd, partial)
            return
        previous = done[-1] if len(done) > 1 else None
        param = self._option(cmd, previous) if previous and previous.startswith("-") else None
        if param is not None and not param.is_flag:
            yield from self._complete_value(param, previous or "", partial)
        elif param is None or param.is_flag:
            kinds = NAME_KINDS.get(done[0])
            if kinds and not self._has_argument(cmd, done[1:]):
                yield from self._complete_names(kinds, partial, ids=done[0] == "show")

    # -------------------------------------------------------------- pieces

    def _complete_command(self, partial: str, with_repl_words: bool = True) -> Iterable[Completion]:
        entries = {name: (cmd.get_short_help_str(60) if cmd.help else "") for name, cmd in self._commands().items()}
        if with_repl_words:
            entries["more"] = "Show the next page of the last listing."
            entries.update(REPL_WORDS)
        for name, meta in sorted(entries.items()):
            if name.startswith(partial.lower()):
                yield Completion(name, start_position=-len(partial), display_meta=meta)

    @staticmethod
    def _options(cmd: Any) -> Iterable[Any]:
        return [p for p in cmd.params if getattr(p, "opts", None) and p.param_type_name == "option"]

    def _option(self, cmd: Any, name: str) -> Any:
        for p in self._options(cmd):
            if name in p.opts or name in p.secondary_opts:
                return p
        return None

    @staticmethod
    def _has_argument(cmd: Any, words: list[str]) -> bool:
        """Whether the command's positional argument is already given among `words`."""
        takes_value = {o for p in cmd.params if p.param_type_name == "option" and not p.is_flag for o in p.opts}
        skip = False
        for w in words:
            if skip:
                skip = False
            elif w in takes_value:
                skip = True
            elif not w.startswith("-"):
                return True
        return False

    def _complete_option(self, cmd: Any, partial: str) -> Iterable[Completion]:
        for p in self._options(cmd):
            for opt in p.opts:
                if opt.startswith("--") and opt.startswith(partial):
                    yield Completion(opt, start_position=-len(partial), display_meta=(p.help or "")[:60])

    def _complete_value(self, param: Any, option: str, partial: str) -> Iterable[Completion]:
        choices = getattr(param.type, "choices", None)
        if choices:
            for c in choices:
                value = getattr(c, "value", c)
                if str(value).startswith(partial):
                    yield Completion(str(value), start_position=-len(partial))
            return
        if option == "--phase":
            for p in self.knowledge_base().phases:
                if p.id.startswith(partial.lower()):
                    meta = one_line(f"{p.name}, {p.start} to {p.end or 'now'}")
                    yield Completion(p.id, start_position=-len(partial), display_meta=meta)
            return
        if option in ("--source", "-s"):
            yield from self._complete_sources(partial)
            return
        if option == "--type":  # timeline's is repeatable, so a list of words rather than a choice
            for t in model.EVENT_TYPES:
                if t.startswith(partial.lower()):
                    yield Completion(t, start_position=-len(partial))
            return
        kinds = NAME_KINDS.get(option)
        if kinds:
            yield from self._complete_names(kinds, partial, ids=False)

    @staticmethod
    def _complete_sources(partial: str) -> Iterable[Completion]:
        from kachin_cli.layers import storage

        meta = {"narrative": "the knowledge base's events", "ucdp": "UCDP's recorded events (bundled)",
                "all": "every layer, interleaved"}
        for name in [*meta, *storage.names()]:
            if name.startswith(partial):
                yield Completion(name, start_position=-len(partial), display_meta=meta.get(name, "imported layer"))

    def _names(self, kb: model.KnowledgeBase, kind: str) -> list[tuple[Any, tuple[str, ...]]]:
        """Every record of a kind, by name, with the forms its names are matched in: its id,
        and each name or alias both as written (folded) and with spelling variants applied."""
        key = (id(kb), kind)
        if key not in self._name_cache:
            entries = []
            for r in kb.collection(kind):
                forms = {r.id.replace("-", " ")}
                for name in query.names_of(r):
                    forms.add(query.normalize(name, variants=False))
                    forms.add(query.normalize(name))
                entries.append((r, tuple(f for f in forms if f)))
            self._name_cache[key] = sorted(entries, key=lambda entry: entry[0].label.casefold())
        return self._name_cache[key]

    def _by_prefix(self, kb: model.KnowledgeBase, kinds: tuple[str, ...], term: str) -> list[Any]:
        """Records one of whose names (or ids) starts with the term, then those with a word
        that does; a partial word that begins a spelling variant counts as that variant
        (`phak` as Phakant, that is Hpakant; `banm` as Banmaw, that is Bhamo)."""
        typed = query.normalize(term, variants=False)
        if not typed:
            return []
        heads = {typed, query.normalize(term)}
        *before, last = typed.split(" ")
        heads.update(" ".join([*before, full]) for variant, full in query.VARIANTS.items()
                     if variant.startswith(last))
        exact: list[Any] = []
        whole: list[Any] = []
        word: list[Any] = []
        for kind in kinds:
            for r, forms in self._names(kb, kind):
                if any(f == h for f in forms for h in heads):
                    exact.append(r)  # Hpakant before Hpakant Township
                elif any(f.startswith(h) for f in forms for h in heads):
                    whole.append(r)
                elif any(w.startswith(h) for f in forms for w in _suffixes(f) for h in heads):
                    word.append(r)
        return exact + whole + word

    def _complete_names(self, kinds: tuple[str, ...], partial: str, ids: bool) -> Iterable[Completion]:
        term = partial.strip('"')
        kb = self.knowledge_base()
        if term:
            # A name that begins with what was typed first; search's matches in the text and its
            # fuzzy matches only when nothing begins so (`lai` is Laiza, not Min Aung Hlaing).
            records = self._by_prefix(kb, kinds, term)
            if not records:
                records = [h.record for h in query.find(kb, term, kinds=kinds, names_only=True)]
        else:
            records = [r for k in kinds[:3] for r in kb.collection(k)]
        seen: set[str] = set()
        for r in records[:MAX_NAMES]:
            if r.id in seen:
                continue
            seen.add(r.id)
            text = r.id if ids else _quote(r.label)
            # what the menu shows comes from the data: shown inert, like all data text
            yield Completion(text, start_position=-len(partial), display=one_line(r.label),
                             display_meta=one_line(describe(r)))
