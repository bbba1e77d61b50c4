"""Whether the papers answer: a logistic regression over a few named evidence signals, fitted on the
development questions by `python -m clerk.evals.calibrate`, which writes `calibration.json` beside this file.

The probability it gives decides among three answers: quoted (the papers say it), the closest the
papers come (quoted, but flagged as not answering directly), and not found."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from clerk.index.refs import DAY_MONTH
from clerk.index.tokens import tokenize
from clerk.text import MONTHS, council_names, fold_years, quarters, years, years_of_date

from .compose import OTHER_WORDS, Composition, keywords
from .question import Question
from .signals import ASKING_WORDS, FIGURES
from .units import lead_in_of
from .wanted import HOW_LONG, NAMED_KINDS, TALLY, about, answers_kind, asks_money, counted_keys

CALIBRATION = Path(__file__).with_name("calibration.json")
# each feature in [0, 1], with why it is evidence that the papers answer. Chosen by cross-validation on
# the development questions from a wider set (lead-unit term and meaning scores, kind of figure given, parts
# answered, the rarest keyword quoted, ...): these four held up in ten-fold cross-validation on the
# development questions (a figure about the subject lifted the area under the curve from .70 to .74; the kind
# of figure alone, without what it is about, did not help).
FEATURES = {
    "covered": "the question's keywords, weighted by rarity, in what the answer quotes and its headings "
               "(the quoted papers' titles and passages count half, their council's name in full): a near miss "
               "lacks the very thing asked",
    "similarity": "the dense similarity of the best passage quoted to the question",
    "stated": "the years and names the question gives are in the lead unit, its context, its paper's title or council, "
              "or said by its date (a March 2025 report speaks of 2024-25), not just somewhere in its paper (a financial "
              "year in any of its written forms)",
    "about": "for a sum, a share or a count, one of the first two lines quoted gives one within a few words of what "
             "the question asks about: a near miss quotes a figure about something else (births, when "
             "home-educated children are asked), and for a sum asked by name (a cost, a grant) a sum or a share "
             "said of money, not 'patronage grew by 13%'; for 'how many X', X or another word for it in the figure's clause "
             "(for how many voted, a recorded vote); "
             "for how a vote went, a recorded vote or its result; for which "
             "company or body, a name the question does not give; 1 when none is asked",
    "other_time": "the question names a year and the first line quoted names years, none of them the question's (nor "
                  "does its heading, its paper's title or date), or it names a quarter and the line names only others: "
                  "a figure for another year or quarter is a near miss, not an answer",
}
AGAINST = {"other_time"}  # features that are evidence the papers do not answer: their coefficients are negative


@lru_cache(maxsize=4)
def load(path: Path = CALIBRATION) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _share(weights: dict[str, float], have: set[str], half: set[str]) -> float:
    total = sum(weights.values()) or 1.0
    return min(1.0, (sum(w for t, w in weights.items() if t in have)
                     + 0.5 * sum(w for t, w in weights.items() if t in half - have)) / total)


def evidence_weights(question: str, context: str, idf: Callable[[str], float]) -> dict[str, float]:
    """The question's keywords by rarity, for "covered": a follow-up's question before counts a third, as
    in ranking (it names the subject, not what is asked); words about the asking count nothing."""
    weights = {t: idf(t) * OTHER_WORDS for t in keywords(context)} | {t: idf(t) for t in keywords(question)}
    return {t: w for t, w in weights.items() if t not in ASKING_WORDS}


def _same_time(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two years agree: the same, or a calendar year inside a financial year ("2024" in "2024-25")."""
    return a == b or (a[0] == a[1] and a[0] in b) or (b[0] == b[1] and b[0] in a)


# a day, month and year name a meeting ("at the 29 October 2024 panel"), not the time a figure is for
MEETING_DATE = re.compile(rf"{DAY_MONTH.pattern},?\s+((?:19|20)\d\d)\b", re.I)


def other_time(question: str, text: str, around: str = "") -> float:
    """1 when the question names a year and the text names years, none of them the question's, nor any year
    `around` it names (its heading, its paper's title and date: "the March 2025 update" names the paper):
    a figure for 2023-24 does not answer a question about 2014-15; or when the question names a quarter and the
    text names quarters, none of them the question's. A text that names no year or quarter is no evidence."""
    asked, said = years(MEETING_DATE.sub(" ", question)), years(text)
    if asked and said and not any(_same_time(a, b) for a in asked for b in said | years(around)):
        return 1.0
    # a quarter the same: "net jobs in Quarter 3?" is not answered by "the Quarter 2 monitoring cycle recorded ...",
    # even in the Quarter 3 report: a line that names its quarter says which its figure is for
    asked_q, said_q = quarters(question), quarters(text)
    return 1.0 if asked_q and said_q and not asked_q & said_q else 0.0


# "how many members voted for ...?" is counted by a recorded vote ("For (57) Mr ...", "30 votes to 20", "6 members
# voting in favour"), whose names stand where the word "members" would
VOTES_COUNTED = re.compile(r"\bhow many\b.*\bvot(?:e[ds]?|ing)\b", re.I)
VOTE_TALLY = re.compile(rf"{TALLY}|\b\d+\s+members? voting\b", re.I)


def features(question: Question, comp: Composition, weights: dict[str, float],
             places: frozenset[str] = frozenset()) -> dict[str, float]:
    """The evidence for the composed answer, as the named features above. `places` are the words of the
    councils the question names: where a figure is, not what it counts."""
    lead = comp.units[0]
    # a paper is its council's, though only its heading names it (minutes open "Hillbrook Community Council held
    # their meeting ..."): the council a question names is stated by a quoted paper of that council
    own_council = places & set(tokenize(" ".join(f"{u.passage.council} {' '.join(council_names(u.passage.council))}"
                                                 for u in comp.units)))
    quoted = set(tokenize("\n".join(f"{u.text}\n{u.context}\n{u.passage.section}" for u in comp.units))) | own_council
    papers = set(tokenize("\n".join(f"{u.passage.title}\n{u.passage.hit}" for u in comp.units)))
    # a paper's title scopes all of it ("Pay Policy Statement 2025-2026"): a year or name there is stated; so
    # does its date: a report of March 2025 on "Quarter 3" speaks of 2024-25 without writing it
    said = fold_years(f"{lead.text} {lead.context} {lead.passage.title} {years_of_date(lead.passage.date)} "
                      f"{lead.passage.council} {' '.join(council_names(lead.passage.council))}")
    stated = (sum(fold_years(f) in said for f in question.facets) / len(question.facets)) if question.facets else 1.0
    kinds = set(question.parts[lead.part].kinds)
    part = question.parts[lead.part].text
    # a glossary term as its concept and as written ("UASC"); the council's place beside a figure ("births in the
    # county") does not make it the figure asked for ("home-educated children in the county")
    own = (keywords(part) | set(tokenize(part))) - places
    # a count is about what it counts, anywhere in the figure's clause: "16 family hub sites" does not answer "how many
    # councillors voted for the hubs?", "the number of potholes repaired within 28 days was 3,058" answers "how many potholes"
    noun = (counted_keys(part) - places) if "count" in kinds else set()
    own, near = (noun, 15) if noun else (own, 6)
    # the first two lines as quoted: a unit with the sentence that goes on from it or holds its figure; a line more for
    # each further part asked, whose best lines come next
    quoted_lines = comp.lines[:1 + len(question.parts)]
    lines = [text for text, _ in quoted_lines]
    if kinds & FIGURES:
        figure_about = any(answers_kind(t, question.text, kinds)
                           and about(t, question.text, own, near, spelled=bool(noun) or bool(HOW_LONG.search(part)),
                                     lead_in=lead_in_of(us[0]) if us else "", money=asks_money(part, kinds))
                           or VOTES_COUNTED.search(part) and VOTE_TALLY.search(t) for t, us in quoted_lines)
    else:  # how a vote went is answered only by a recorded vote or its result, which body by a name
        named = kinds & NAMED_KINDS
        figure_about = not named or any(answers_kind(t, question.text, named) for t in lines)
    return {
        "covered": round(_share(weights, quoted, papers), 4),
        "similarity": round(max(0.0, max(u.passage.similarity for u in comp.units)), 4),
        "stated": round(stated, 4),
        "about": float(figure_about),
        # "when ..." is answered by a time the question does not give
        # the years of the part the lead answers: "how much by 2012, and how much by the 2023/24 report?" is answered
        # first by a line for 2012
        "other_time": 0.0 if "date" in kinds else other_time(part, lines[0] if lines else lead.text,
                                                             f"{lead.context} {lead.passage.title} {lead.passage.date}"),
    }


# "what did the council minute at its meeting on ...": what a meeting recorded, asked as a decision is
MINUTED = re.compile(r"\bminute[sd]?\b(?!\s+(?:no\.?\s*)?\d)", re.I)


def _days(text: str) -> set[tuple[int, int, int]]:
    """The dates a text writes out in full: "29 January 2025", "5 Feb 2026", "29th of January, 2018"."""
    return {(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
            for m in MEETING_DATE.finditer(text) if 1 <= int(m.group(1)) <= 31}


def outcome_on_record(question: Question, comp: Composition) -> bool:
    """False when the question asks what a meeting on a given day decided or recorded and no line quoted is from a
    paper able to say: one of that meeting (dated that day, or naming it in its title, as minutes approved later do)
    or written after it that names the day ("On 29 January 2025, the committee ..."). A forward plan listing the
    meeting, or the minutes before it giving the date of the next, cannot say what it decided. True otherwise."""
    asked = _days(question.text)
    if not asked or not (question.decision or MINUTED.search(question.text)):
        return True
    for u in comp.units:
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", u.passage.date or "")
        dated = (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        if dated in asked or asked & _days(f"{u.passage.title} {u.passage.file}"):
            return True
        if dated is not None and any(dated > day for day in asked) and asked & _days(f"{u.text} {u.context}"):
            return True
    return False


def probability(feats: dict[str, float], model: dict | None = None) -> float:
    """P(the papers answer), from the fitted intercept and coefficients."""
    model = model or load()
    z = model["intercept"] + sum(model["coefficients"].get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-z))
