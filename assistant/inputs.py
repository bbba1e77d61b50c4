"""What a user types, checked before anything is searched: dates, filters, questions.

Every check raises `InputError` with a message naming the field, what is wrong and what is
accepted, which the app shows in the conversation and the CLI prints as a usage error.
"""

from __future__ import annotations

import calendar
import re

from typing import TYPE_CHECKING

from clerk.ingest.metadata import date_range

if TYPE_CHECKING:
    from clerk.index import Filters

MAX_QUESTION_CHARS = 1000
MAX_FIELD_CHARS = 200
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2023, 2023-04 or 2023-04-01"
KINDS = ("report", "minutes", "agenda", "service plan", "appendix")
ASK_ABOUT_THE_PAPERS = ("Ask a question about the committee papers, in words: for example, what a report "
                        "recommends, what a committee decided, or a figure in a budget.")

# Words that say nothing about what is asked: English function words, question words and words for
# the papers themselves; and the keywords of query and markup languages that injection attempts
# ("'; DROP TABLE documents; --") are made of. A question needs one word that is none of these; a
# follow-up ("what was it before?") leans on the question before, so plain English words will do.
FUNCTION_WORDS = frozenset("""
a about above after again against all am an any are as at be because been before being below between
both but by can could did do does doing down during each few for further had has have having he her
here hers him his how i if in is it its itself just me more most my no nor now of off on once only
other our ours out over own please same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when which while who
whom why will with would you your yours tell show give list say says said know let find get
""".split())
PAPER_WORDS = frozenset("""
paper papers document documents doc docs file files record records data database information info
question questions answer answers thing things anything something everything nothing stuff
""".split())
QUERY_WORDS = frozenset("""
and or not select insert update delete drop table tables union into values from where having exec execute
truncate alter create null true false like sleep waitfor benchmark script alert onerror onload src href
javascript img iframe svg http https www com org uk gov html body div span
""".split())
STOPWORDS = FUNCTION_WORDS | PAPER_WORDS | QUERY_WORDS
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)  # two or more letters, in any alphabet


class InputError(ValueError):
    """Input a user can correct; the message says what is wrong and what is accepted."""


def content_words(text: str) -> list[str]:
    """The words of a question that could say what it is about."""
    return [w for w in (m.lower() for m in WORD.findall(text or "")) if w not in STOPWORDS]


def is_question(text: str, history: list[str] | None = None) -> bool:
    """Whether the text asks about something: a content word; or, in a follow-up, whose subject the
    question before gives, an English word or a figure ("what was it before?", "and in 2021?")."""
    if content_words(text):
        return True
    words = {w.lower() for w in WORD.findall(text or "")}
    return bool(history) and bool(words & FUNCTION_WORDS or re.search(r"\d{2,}", text or ""))


def check_date(field: str, value: str | None) -> str | None:
    """A From/To date as YYYY, YYYY-MM or YYYY-MM-DD that exists on the calendar; None when blank."""
    value = (value or "").strip()
    if not value:
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
    if not m:
        raise InputError(f"{field}: “{shown}” is not a date. Use {DATE_FORMS}.")
    year, month, day = int(m[1]), m[2], m[3]
    if not 1000 <= year <= 9999:
        raise InputError(f"{field}: year {year} is out of range. Use {DATE_FORMS}.")
    if month is not None and not 1 <= int(month) <= 12:
        raise InputError(f"{field}: “{shown}” has month {int(month)}; months run 01 to 12. Use {DATE_FORMS}.")
    if day is not None:
        last = calendar.monthrange(year, int(month))[1]
        if not 1 <= int(day) <= last:
            name = calendar.month_name[int(month)]
            raise InputError(f"{field}: “{shown}” has day {int(day)}; {name} {year} has days 01 to {last}. "
                             f"Use {DATE_FORMS}.")
    return "-".join([m[1]] + [f"{int(x):02d}" for x in (month, day) if x is not None])


def check_text(field: str, value: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    value = " ".join(str(value or "").split())
    if len(value) > limit:
        raise InputError(f"{field}: {len(value)} characters is too long; at most {limit}.")
    return value or None


def check_filters(council: str | None = None, meeting: str | None = None, kind: str | None = None,
                  since: str | None = None, until: str | None = None,
                  names: tuple[str, str] = ("From", "To")) -> Filters:
    """Filters from what a user typed, or InputError naming the field at fault."""
    from clerk.index import Filters

    kind = check_text("Kind", kind)
    if kind and kind.lower() not in KINDS:
        raise InputError(f"Kind: “{kind[:40]}” is not a kind of paper. Use one of: {', '.join(KINDS)}.")
    start, end = check_date(names[0], since), check_date(names[1], until)
    if start and end and date_range(start)[0] > date_range(end)[1]:
        raise InputError(f"{names[0]} ({start}) is after {names[1]} ({end}): swap them, or leave one blank.")
    return Filters(council=check_text("Council", council), meeting=check_text("Meeting", meeting),
                   kind=kind.lower() if kind else None, since=start, until=end)


def check_question(question: str | None) -> str:
    """The question, trimmed; InputError when it is too long to be one."""
    question = (question or "").strip()
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(f"Question: {len(question)} characters is too long; ask in at most {MAX_QUESTION_CHARS}.")
    return question
