"""The REPL's own key bindings, from one factory; prompt-toolkit's defaults do the rest.

Completion runs in the background as you type, so with the defaults a Tab pressed just
before Enter could be overtaken: Enter submitted the word as typed, half finished. Here
Tab completes at once, and Enter on a chosen completion takes the completion without
running the line, so a half-typed word is never submitted."""

from __future__ import annotations

from typing import Any


def make_key_bindings() -> Any:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.enums import DEFAULT_BUFFER
    from prompt_toolkit.filters import completion_is_selected, has_focus
    from prompt_toolkit.key_binding import KeyBindings

    bindings = KeyBindings()

    @bindings.add("tab")
    def _complete(event: Any) -> None:
        """Tab: complete now. One candidate is put in the line; several open the menu with
        the first chosen (Tab again for the next); with the menu already open, the next."""
        buffer = event.current_buffer
        state = buffer.complete_state
        if state is not None and len(state.completions) > 1:
            buffer.complete_next()
            return
        if buffer.completer is None:
            return
        found = list(buffer.completer.get_completions(buffer.document, CompleteEvent(completion_requested=True)))
        if len(found) == 1:
            buffer.apply_completion(found[0])
        elif found:
            buffer._set_completions(found)  # what start_completion does, without waiting a turn
            buffer.go_to_completion(0)

    @bindings.add("enter", filter=completion_is_selected)
    def _accept_completion(event: Any) -> None:
        """Enter on a chosen completion: keep it in the line and close the menu; the next
        Enter runs the line, so a completion never runs before you have seen it."""
        event.current_buffer.complete_state = None

    @bindings.add("c-c", eager=True, filter=has_focus(DEFAULT_BUFFER))
    def _interrupt(event: Any) -> None:
        """Ctrl-C drops the line at once. prompt-toolkit's Emacs keys also read Ctrl-C as the
        start of `Ctrl-C >` and `Ctrl-C <` (shift a selection), so after Ctrl-Space it waited
        for another key, and an Enter arriving then was run against a prompt already ended:
        'Return value already set', and the keys after it were lost."""
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    return bindings
