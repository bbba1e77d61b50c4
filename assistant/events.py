"""What an answer in progress reports, in order: the question as searched, the answer so far (again
and again), then the finished answer. A generated answer's stream ends instead in what survived
verification. Consumers `match` on the class."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clerk.index import Passage

    from .answer import Answer


@dataclass(frozen=True)
class Searched:
    """The question as it is searched: a follow-up rewritten to stand alone, else as asked."""

    question: str


@dataclass(frozen=True)
class Partial:
    """The answer's text so far (the whole of it, not the latest piece)."""

    text: str


@dataclass(frozen=True)
class Done:
    """The finished answer; always the last event."""

    answer: Answer


@dataclass(frozen=True)
class Verified:
    """A generated answer with its unsupported claims dropped ("" when none is left), the passages it
    still cites (its markers renumbered 1..n to match), and a note for each claim dropped."""

    text: str
    used: list[Passage]
    notes: list[str]


AnswerEvent = Searched | Partial | Done
GenerateEvent = Partial | Verified
