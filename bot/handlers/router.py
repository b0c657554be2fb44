"""The one way a slash command is read and its subcommand chosen.

A listener turns Bolt's `command` into a `Command`, then asks its feature's `Subcommands` which
function handles the first word (English and Dutch words name the same function).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.deps import Deps

HELP_WORDS = frozenset({"help", "hulp", "-h", "--help", "?"})

H = TypeVar("H", bound=Callable[..., object])


@dataclass(frozen=True)
class Command:
    """A slash command's text and who sent it where."""

    team_id: str
    user_id: str
    channel_id: str
    trigger_id: str
    text: str  # inner whitespace collapsed
    word: str  # the first word, lower-cased ("" for none)
    rest: str  # what follows the first word

    @property
    def is_help(self) -> bool:
        return self.word in HELP_WORDS


def read_command(command: dict, context: dict) -> Command:
    """Bolt's `command` payload as a `Command` (missing fields read as empty)."""
    text = " ".join(str(command.get("text") or "").split())
    word, _, rest = text.partition(" ")
    return Command(
        team_id=str(context.get("team_id") or command.get("team_id") or ""),
        user_id=str(command.get("user_id") or ""),
        channel_id=str(command.get("channel_id") or ""),
        trigger_id=str(command.get("trigger_id") or ""),
        text=text,
        word=word.lower(),
        rest=rest,
    )


class Subcommands(Generic[H]):
    """Words → the function that handles them; `otherwise` for any other first word."""

    def __init__(self, routes: Iterable[tuple[Iterable[str], H]], *, otherwise: H) -> None:
        self._by_word: dict[str, H] = {}
        for words, handler in routes:
            for word in words:
                if word in self._by_word:
                    raise ValueError(f"subcommand word {word!r} is routed twice")
                self._by_word[word] = handler
        self.otherwise = otherwise

    def pick(self, word: str) -> H:
        return self._by_word.get(word.lower(), self.otherwise)


def deps_of(context: dict) -> Deps:
    """The app's long-lived dependencies, put into every request's context by the app factory."""
    deps = context["deps"]
    assert isinstance(deps, Deps)
    return deps
