"""The extractive composer: score every quotable unit of the passages read against every part of
the question, then choose the few units that together answer all of it.

- Each part of the question gets its best unit, so "what X and how Y" answers both.
- Further units are added while they are nearly as relevant and say something new (a name or
  year of a comparison not yet covered, keywords not yet covered), up to a budget.
- A list asked for is quoted with all its items; a table row reads with its column names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

import numpy as np

from clerk.config import Config
from clerk.index import Passage
from clerk.index.glossary import expand_query
from clerk.index.refs import DAY_MONTH
from clerk.index.tokens import tokenize
from clerk.text import MONTHS, NUMBER, names_council, share_of_words_in, years

from .question import Question, asks_for_several
from .signals import CONTINUES, DECIDED, FIGURES, LEXICAL, TOTAL_ROW, Context, gives, keywords, relevance
from .units import (ITEM_LABEL, LABEL, Unit, announced_by, answers_something, counted_after, enumerates, introduces,
                    labelled_siblings, list_after, row_label, row_name, sentences_after, units_of, whole_group)
from .wanted import NAMED_KINDS, VOTED, asking_at, figure_wanted, given

@dataclass
class Composition:
    units: list[Unit]  # chosen, in answer order; a list's items follow their lead
    lines: list[tuple[str, list[Unit]]]  # (text shown, units it quotes)
    parts_answered: float  # share of the question's parts with a unit near the best


ISO_DATE = re.compile(r"\d{4}-(\d{2})-(\d{2})")
SCENE_WORDS = 0.5  # words of a clause before the question word: where to look, not what to find
OTHER_WORDS = 0.35  # other parts' words in ranking a part; a follow-up's question before in what its answer must cover


def meeting_words(text: str, passages: list[Passage]) -> set[str]:
    """The words of the question's dates that name a paper read by its meeting date ("the figure put to Council
    on 13 February"): they say which paper, which the `paper` signal weighs, not what its lines must say."""
    held = {(int(m.group(1)), int(m.group(2))) for p in passages if (m := ISO_DATE.match(p.date or ""))}
    out: set[str] = set()
    for m in DAY_MONTH.finditer(text):
        if (MONTHS[m.group(2).lower()], int(m.group(1))) in held:
            out |= set(tokenize(m.group(0)))
    return out


def part_weights(question: Question, idf: Callable[[str], float],
                 naming: frozenset[str] | set[str] = frozenset()) -> list[dict[str, float]]:
    """Per part, its keywords weighted by rarity; the other parts' keywords count a third, as they
    often carry the subject ("the budget for ASC and how much was spent"). A follow-up's question before
    counts in full: "that" in "how much of that was loans?" stands for its subject. Words that only name a
    paper by its meeting date count nothing."""
    before = keywords(question.context)
    own = [(keywords(p.text) | before) - naming for p in question.parts]
    allw = set().union(*own)
    # "In the Government's invitation to submit proposals, which bodies' views are crucial?": the clause before the
    # question word says where to look, what follows it what to find
    asking = asking_at(question.text)
    scene = keywords(question.text[:asking]) - keywords(question.text[asking:]) if asking > 0 else set()
    out = []
    for mine in own:
        out.append({t: idf(t) * (1.0 if t in mine else OTHER_WORDS) * (SCENE_WORDS if t in scene else 1.0)
                    for t in allw if idf(t) > 0})
    return out


def meaning_text(u: Unit) -> str:
    """What a unit is embedded as: a short field, row or item says little of its subject alone, so its
    heading and lead-in or column names (or its paper's title) go with it; a full sentence stands alone, and a
    lead-in with the items it introduces."""
    text = expand_query(u.text)  # acronyms spelt out, as the question's are
    listed = introduces(u) if u.text.rstrip().endswith(":") else []
    if listed:  # a lead-in says little alone: what it introduces is what it says
        text = f"{text} " + "; ".join(v.text.lstrip("• ") for v in listed[:6])
    if len(u.text.split()) < 14 or u.role in ("row", "item"):
        subject = " ".join(u.context.split()) or u.passage.title  # its heading and lead-in or column names
        return f"{subject}: {text}"[:400]
    # a sentence under a form's field is what the field says: "Any alternatives considered and rejected: Do nothing"
    if u.filed_under:
        return f"{u.filed_under} {text}"[:400]
    # one that points back ("This pressure is due to ...") is about what its heading or the sentence before it names
    if CONTINUES.match(u.text) and u.context.strip():
        return f"{' '.join(u.context.split())[:160]}: {text}"[:400]
    return text[:400]


def compose(question: Question, passages: list[Passage], cfg: Config, idf: Callable[[str], float],
            embed: Callable[[list[str]], list[np.ndarray]], part_vectors: list[np.ndarray],
            councils: tuple[str, ...] = ()) -> Composition:
    """`councils` are the councils the question names, whose papers are held."""
    every = [u for p in passages for u in units_of(p)]
    candidates = [u for u in every if answers_something(u, question.text)]
    ctx = Context(question, part_weights(question, idf, meeting_words(question.text, passages)), {}, len(passages))
    weights = dict(cfg.answer_weights)
    # a cheap lexical pass over every unit; only the best few are embedded
    for u in candidates:
        u.relevance = max(relevance(u, i, part, ctx, weights, LEXICAL)[0] for i, part in enumerate(question.parts))
    candidates.sort(key=lambda u: -u.relevance)
    candidates = candidates[: cfg.answer_embed_units]
    vectors = embed([meaning_text(u) for u in candidates])
    # a part may be matched by several vectors (the whole part, what follows its question word): its best counts
    sims = np.array([[float(np.max(np.atleast_2d(pv) @ v)) for pv in part_vectors] for v in vectors]).reshape(
        len(vectors), -1)
    for n, u in enumerate(candidates):
        for i in range(sims.shape[1]):
            ctx.meaning[(u.key, i)] = float(sims[n, i])
    per_part: list[list[tuple[float, Unit]]] = [[] for _ in question.parts]
    for u in candidates:
        best = None
        for i, part in enumerate(question.parts):
            score, values = relevance(u, i, part, ctx, weights)
            per_part[i].append((score, u))
            if best is None or score > best[0]:
                best = (score, i, values)
        u.relevance, u.part, u.scores = best[0], best[1], best[2]
    candidates.sort(key=lambda u: -u.relevance)
    if not candidates:
        return Composition([], [], 0.0)
    chosen = _choose(question, _own_council_first(candidates, councils, cfg), per_part, cfg, councils)
    answered = sum(1 for ranked in per_part if ranked and max(ranked, key=lambda x: x[0])[1] in chosen)
    return Composition(chosen, _lines(question, chosen, every), answered / len(question.parts))


def for_named_council(named: list[str] | tuple[str, ...], lead: Unit) -> bool:
    """Whether the answer's lead comes from a council the question names (or it names none, or the paper's
    council is unknown), or names that council's place itself: a county's paper giving a figure for its
    neighbour ("Eastport: 8,529") states it for that neighbour."""
    said = f"{lead.text}\n{lead.context}"
    return (not named or not lead.passage.council or lead.passage.council in named
            or any(names_council(said, c) for c in named))


def _own_council_first(ranked: list[Unit], councils: tuple[str, ...], cfg: Config) -> list[Unit]:
    """The ranking, with the best line of the council the question names first when it ties with another council's:
    "how long was a journey in Westvale?" is asked of Westvale's papers, and Eastport's like line scoring a little
    higher does not answer it. One council's line below another's is left where it is: that its own papers say
    nothing as close is what a near miss looks like."""
    if len(councils) != 1 or not ranked or for_named_council(councils, ranked[0]):
        return ranked
    tie = ranked[0].relevance - cfg.answer_tie
    own = next((u for u in ranked if u.relevance >= tie and u.passage.council and for_named_council(councils, u)), None)
    return ranked if own is None else [own] + [u for u in ranked if u is not own]


LIST_AFTER = 3  # how many units after the lead a list it speaks of may stand


def _list_after_lead(lead: Unit) -> Unit | None:
    """The first list-like unit within a few units after the lead in its passage, if any."""
    nxt, steps = lead.after, 0
    while nxt is not None and steps < LIST_AFTER:
        if _list_like(nxt):
            return nxt
        nxt, steps = nxt.after, steps + 1
    return None


def _list_like(u: Unit) -> bool:
    """An item of a list, a lead-in or sentence followed by its items, or a sentence that names several things in a
    row ("Some of the properties suggested were Mill Bridge, Rose Cottage, the former hotel and Elm Court.")."""
    return u.role == "item" or len(introduces(u)) > 1 or bool(list_after(u)) or enumerates(u.text)


def _new_words(u: Unit, have: set[str]) -> set[str]:
    return set(tokenize(u.text)) - have


def _brings_asked(u: Unit, question: Question, have: set[str], facets_seen: set[str]) -> bool:
    """u quotes a name or keyword of the question that the answer does not quote yet."""
    text = u.text.lower()
    return (any(f.lower() in text for f in question.facets if f not in facets_seen)
            or bool(keywords(question.text) & set(tokenize(u.text)) - have))


NAMED_PAPER = 0.6  # a `paper` signal this high: the question names the unit's paper (a decision number, a date, a title)


def _named_as_firmly(u: Unit, lead: Unit) -> bool:
    """u's paper is one the question names, as firmly as the lead's: the papers of one decision (its report, its
    record, the call-in of it) all answer "what did decision 25/00012 decide?"."""
    return u.scores.get("paper", 0.0) >= max(NAMED_PAPER, lead.scores.get("paper", 0.0))


def _another_row(u: Unit, c: Unit) -> bool:
    """u is another row of c's table: rows share their column names, so they share most words, yet a row
    with another label is about another thing."""
    return u.role == c.role == "row" and row_label(u) != row_label(c)


def _other_version(u: Unit, c: Unit) -> bool:
    """u is c's row or sentence as another paper states it, or for another year, with other figures: the draft
    and the final version of a table, last year's report and this year's, "the approved budget for 2024-25
    includes ..." after "... for 2023-24 included ...". What a comparison compares, not a repeat."""
    other_figures = bool(set(NUMBER.findall(u.text)) - set(NUMBER.findall(c.text)))
    other_year = years(u.text) != years(c.text)
    return other_figures and (u.passage.doc_id != c.passage.doc_id or other_year)


def _leads(question: Question, ranked: list[Unit], cfg: Config, councils: tuple[str, ...] = ()) -> list[Unit]:
    """The unit the answer opens with, and the best scored if that is another: the kind of answer asked for
    (a sum, a list) before the unit that best matches the words."""
    lead = ranked[0]
    chosen: list[Unit] = [lead]
    asked = question.parts[lead.part]
    if figure_wanted(set(asked.kinds)) and not gives(lead.text, asked, question.text):
        # "how much ..." is answered first by the close second that gives a sum, then by the sentence
        # that best matches the words but gives none
        # the one giving the kind most asked for (a quota's percentage before a count), then the best scored
        # how a vote went, or which body, is answered only by a line that gives one: any quotable one leads
        margin = cfg.answer_margin if set(asked.kinds) & NAMED_KINDS else cfg.answer_figure_margin
        close = [(gives(u.text, question.parts[u.part], question.text), u.relevance, n) for n, u in enumerate(ranked)
                 if n and u.relevance >= lead.relevance - margin]
        best = max(close, default=(0.0, 0.0, 0))
        if best[0] > 0:
            lead = ranked[best[2]]
            chosen = [lead, ranked[0]]
    if question.wants_list and not lead.scores.get("listing"):
        # "what challenges did the report list?" is answered by the list introduced as "Challenges:", whose items share
        # no other word with the question, before the sentences that repeat its words
        # (of the council the question names: another council's challenges are not its)
        named = [u for u in ranked[1:] if u.scores.get("listing") and u.relevance >= lead.relevance - cfg.answer_margin
                 and for_named_council(councils, u)]
        if named:
            return [named[0]] + chosen
    if question.wants_list and not _list_like(lead):
        # "which indicators were rated Red?" is answered by the list that names them, not by the sentence
        # that counts them: the best list good enough to quote at all (an item, or a lead-in with its items)
        # leads, from whichever paper holds it. Each item says only part of the answer, so it scores below a
        # sentence that sums the subject up
        # That holds when several things are asked for by name and no sum, share or count is ("what were the
        # total reserves?", "which partner is helping?" are led by a list only when it is close)
        several = asks_for_several(question.text) and not FIGURES & set(question.parts[lead.part].kinds)
        margin = cfg.answer_margin if several else cfg.answer_figure_margin
        lists = [u for u in ranked[1:] if u.relevance >= lead.relevance - margin and _list_like(u)
                 and for_named_council(councils, u)]
        # a list in the passage of the sentence that best matches the words most often is the one that sentence
        # speaks of: "... offered a site visit of at-risk buildings. Some suggested were A, B, C and D."
        listed = next((u for u in lists if u.passage.chunk_id == lead.passage.chunk_id), next(iter(lists), None))
        if listed is not None:
            chosen = [listed] + [c for c in chosen if c is not listed]
        elif (after := _list_after_lead(lead)) is not None:
            # one a sentence or two after the lead is the list it speaks of, though its names share no word with the
            # question: "... offered a site visit of at-risk buildings. [...] Some of the properties suggested were A, B"
            chosen = [lead, after] + [c for c in chosen[1:] if c is not after]
    elif question.wants_list and lead.role == "item" and not FIGURES & set(asked.kinds):
        # "which plans must full council adopt?": a list says what it is in its lead-in ("the following plans and
        # policies:"), while one item of another list may match the words better by chance. A lead-in close to the
        # lead that matches better than the lead's own lead-in leads with its list; the lead's list follows it
        own = announced_by(lead)
        heads = [u for u in ranked[1:] if u.relevance >= lead.relevance - cfg.answer_figure_margin and u is not own
                 and u.text.rstrip().endswith(":") and len(introduces(u)) > 1
                 and u.relevance > (own.relevance if own is not None else 0.0)]
        if heads:
            chosen = [heads[0]] + chosen
    return chosen


def _choose(question: Question, ranked: list[Unit], per_part: list[list[tuple[float, Unit]]],
            cfg: Config, councils: tuple[str, ...] = ()) -> list[Unit]:
    chosen = _leads(question, ranked, cfg, councils)
    lead = chosen[0]
    # every part's own best unit: parts ask different things, so their scores are not compared with the
    # lead's, only kept from being weak
    for i, scored in enumerate(per_part if len(per_part) > 1 else []):
        score, u = _part_best(i, scored, lead, question, cfg)
        if u not in chosen and score >= cfg.answer_part_share * lead.relevance:
            chosen.append(u)
    budget = cfg.answer_units + (2 if len(question.parts) > 1 or question.comparing or question.wants_list else 0)
    have = set().union(*(set(tokenize(u.text)) for u in chosen))
    facets_seen = {f for u in chosen for f in question.facets if f.lower() in u.passage.text.lower()}
    # the papers of one decision (its report, its record, the call-in of it) all answer "what did decision 25/00012
    # decide?": another paper the question names as firmly as the lead's fills what room the lead's paper leaves.
    # A paper the answer already quotes (a tie, a part's best unit) is as likely to hold the answer as the lead's:
    # its lines are taken in turn with the lead paper's, by score, not after all of them
    later: list[Unit] = []
    for u in ranked[1:]:
        if len(chosen) >= budget or u.relevance < lead.relevance - cfg.answer_margin:
            break
        if (not question.comparing and u.passage.doc_id not in {c.passage.doc_id for c in chosen}
                and u.relevance < lead.relevance - cfg.answer_tie):
            if _named_as_firmly(u, lead):
                later.append(u)
            continue  # one paper's answer is not padded with another paper's sentences, unless they tie
        if _adds(u, question, chosen, have, facets_seen):
            _add(u, question, chosen, have, facets_seen)
    for u in later:
        if len(chosen) >= budget:
            break
        if _adds(u, question, chosen, have, facets_seen):
            _add(u, question, chosen, have, facets_seen)
    return chosen


def _part_best(i: int, scored: list[tuple[float, Unit]], lead: Unit, question: Question,
               cfg: Config) -> tuple[float, Unit]:
    """Part i's best unit; of those nearly as good that answer this part better than any other, one beside the lead
    (its passage, then its paper): the parts of one question ask about one subject, so "the total income from bus
    lanes, and what net surplus was left?" takes the net surplus row of the lead's table, not an alike row of the
    table above it. Not in a comparison, whose parts ask about different papers or years."""
    best = max(scored, key=lambda x: x[0])
    if question.comparing:
        return best
    part = question.parts[i]
    wanted = figure_wanted(set(part.kinds))
    near = [x for x in scored if x is best or x[0] >= best[0] - cfg.answer_part_near and x[1].part == i
            and (not wanted or gives(x[1].text, part, question.text) > 0)]
    return max(near, key=lambda x: (x[1].passage.chunk_id == lead.passage.chunk_id,
                                    x[1].passage.doc_id == lead.passage.doc_id, x[0]))


def _other_table(u: Unit, c: Unit) -> bool:
    """u is the row of another table of c's paper with c's label and other figures: a survey's "Facebook: 367" for
    residents and "Facebook: 23" for staff, each table under its own heading. Which one the question means is the
    reader's to see. (Another paper's like row is another version of the table, asked for only by a comparison.)"""
    return (u.role == c.role == "row" and row_label(u) == row_label(c) and u.passage.doc_id == c.passage.doc_id
            and (u.passage.chunk_id, u.group) != (c.passage.chunk_id, c.group)
            and bool(set(NUMBER.findall(u.text)) - set(NUMBER.findall(c.text))))


def _adds(u: Unit, question: Question, chosen: list[Unit], have: set[str], facets_seen: set[str]) -> bool:
    """Whether u says something the answer does not yet say."""
    if u in chosen:
        return False
    # a unit most of whose words the answer already quotes adds nothing; one that holds a quoted
    # sentence's words and goes on ("Tonbridge accounted for 20 of the 102 pupils ..., followed by ...") does
    repeats = [c for c in chosen if share_of_words_in(u.text, c.text) > 0.6]
    other_version = question.comparing and bool(repeats) and all(_other_version(u, c) for c in repeats)
    # another row of a chosen row's table is wanted when the question asks the same of several things
    # ("each contract"), the row names something asked that the answer does not quote yet, or it is the table's
    # total, which sums what the rows quoted break down
    other_row = bool(repeats) and all(_another_row(u, c) for c in repeats) and (
        question.each or _brings_asked(u, question, have, facets_seen) or bool(TOTAL_ROW.match(row_name(u))))
    # the row another table gives for a row quoted (rows of other labels it resembles are other rows)
    other_table = any(_other_table(u, c) for c in repeats) and all(_other_table(u, c) or _another_row(u, c) for c in repeats)
    if repeats and not other_version and not other_row and not other_table:
        return False
    new_facet = question.comparing and any(f.lower() in u.passage.text.lower() and f not in facets_seen
                                          for f in question.facets)
    # says nothing the answer does not already say; one new word is enough in a line that gives what is asked:
    # "Proposer: Jane Ashdown" after "Ms Ashdown proposed" gives the full name
    new = _new_words(u, have)
    part = question.parts[u.part]
    return (new_facet or other_version or other_table or len(new) >= 2
            or bool(new) and figure_wanted(set(part.kinds)) and gives(u.text, part, question.text) > 0)


def _add(u: Unit, question: Question, chosen: list[Unit], have: set[str], facets_seen: set[str]) -> None:
    chosen.append(u)
    have |= _new_words(u, have)
    facets_seen |= {f for f in question.facets if f.lower() in u.passage.text.lower()}


ITEM_WORDS = 30  # an item longer than twice this, in a list quoted whole, is quoted by its first words
LIST_WORDS = 200  # unless the whole list is this short: four resolutions, one long, are read whole


def _opening(text: str, most: int = ITEM_WORDS) -> str:
    """An item's first words, up to `most`, marked as cut when it goes on."""
    words = text.lstrip("• ").split()
    return " ".join(words) if len(words) <= most else " ".join(words[:most]) + " …"


def _list_line(head: list[Unit], group: list[Unit]) -> tuple[str, list[Unit]]:
    """A list as one line of the answer, item by item, after what says what it is (`head`)."""
    # items too long to quote whole are quoted by their opening words, so every item is there
    # ("Against (41) Mr A, Mr B, ...", a recommendation's first sentence) rather than none
    whole_items = (all(len(g.text.split()) <= 2 * ITEM_WORDS for g in group)
                   or sum(len(g.text.split()) for g in group) <= LIST_WORDS)
    shown = group if whole_items else [g for g in group if g.opens]
    items = "\n".join("- " + (g.text.lstrip("• ") if whole_items else _opening(g.text)) for g in shown)
    result = group[-1].after
    if result is not None and result.role == "sentence" and len(result.text.split()) <= 8 \
            and VOTED.search(result.text) and "vote" in given(group[-1].text):
        items, group = f"{items}\n- {result.text}", group + [result]  # a recorded vote, then its result
    return (" ".join(h.text for h in head) + "\n" if head else "") + items, head + group


def _entry(u: Unit, question: Question) -> list[Unit]:
    """For "how does the glossary define the CFR?", u with the sentences before it under the heading that names the
    term ("CFR": "Capital Financing Requirement. A council's underlying need to ..."): an entry opens with what the
    term means, though a later sentence may name it; [u] for any other question or heading."""
    heading = u.passage.section.split(" > ")[-1].strip()
    if (not question.defines or not heading or len(heading.split()) > 6
            or not re.search(rf"(?<![\w-]){re.escape(heading)}(?![\w-])", question.text, re.I)):
        return [u]
    span = [u]
    while span[0].before is not None and span[0].before.role == "sentence" and len(span) < 4:
        span.insert(0, span[0].before)
    return span


def _vote_lines(u: Unit, used: set[tuple[str, str]], decision: bool = False) -> list[tuple[str, list[Unit]]]:
    """A vote's result ("Motion carried.") with the counts recorded above it ("For (32) ...", "Against (1) ...") and
    what puts the vote ("... the voting was as follows:"): the result alone does not say how the vote went. For a
    question about what was decided, a motion ("The Chairman proposed that ...") with the vote put on it next. []
    when u is neither."""
    before, nxt = u.before, u.after
    if decision and nxt is not None and nxt.text.endswith(":") and (tally := introduces(nxt)) \
            and "vote" in given(tally[0].text) and not VOTED.search(u.text):
        line = _list_line([u, nxt], tally)
    elif (u.role != "sentence" or len(u.text.split()) > 8 or not VOTED.search(u.text) or before is None
            or before.role != "item" or "vote" not in given(before.text)):
        return []
    else:
        tally = whole_group(before)
        line = _list_line([v for v in (tally[0].before,) if v is not None and v.text.endswith(":")], tally)
    used |= {v.key for v in line[1]}
    return [line]


SHORT_OPENING = 6  # words of a line that opens a lead-in's sentence ("It was RESOLVED;", "Agreed:")


# a motion or an amendment put to a meeting: "Councillor A moved an amendment as follows:", "Cllr B proposed that ..."
MOTION = re.compile(r"\b(?:moved|proposed)\b[^.]{0,80}\b(?:motion|amendment)\b|\b(?:moved|proposed)\b(?: and [^.]{1,60}? "
                    r"seconded)? that\b", re.I)
VOTE_REACH = 3  # units after a motion's text within which minutes record its seconder and the vote on it


def _vote_after(motion: Unit, last: Unit) -> list[Unit]:
    """The vote on a motion, recorded just after its text ("The amendment was seconded by Cllr C. On being put to the
    vote the amendment was CARRIED (7 in favour ...)"), with what stands between: what happened to a motion is
    the vote on it. [] when `motion` moves none, or no vote follows before another motion."""
    if not MOTION.search(motion.text):
        return []
    run: list[Unit] = []
    nxt = last.after
    while nxt is not None and len(run) < VOTE_REACH and not MOTION.search(nxt.text):
        run.append(nxt)
        if nxt.role == "sentence" and VOTED.search(nxt.text):
            return run
        nxt = nxt.after
    return []


def _entry_lines(u: Unit, every: list[Unit], used: set[tuple[str, str]]) -> list[tuple[str, list[Unit]]]:
    """A list asked for that the paper sets out as numbered entries ("Option 1: ...", "Option 6: ..."): all of them,
    each passage's entries a line (a line cites one passage). [] when u is no such entry."""
    siblings = labelled_siblings(u, every)
    if not 1 < len(siblings) <= 15:
        return []
    lines = []
    for _, run in groupby(siblings, key=lambda v: v.passage.chunk_id):
        shown = [v for v in run if v.key not in used]
        if shown:
            lines.append(("\n".join("- " + _opening(v.text) for v in shown), shown))
            used |= {v.key for v in shown}
    return lines


def _group_of(u: Unit, question: Question, used: set[tuple[str, str]]) -> tuple[list[Unit], list[Unit]]:
    """The list to quote with u, and what stands between u and it (a lead-in that says what the list is)."""
    # a list asked for is quoted whole, and so are the recommendations or resolutions a decision is in, and
    # a list a lead-in announces when no figure is asked ("The definition of an excluded matter is as
    # follows:"): one of its items alone is a third of the answer
    lead_in = announced_by(u)
    whole = (question.wants_list or question.decision and bool(DECIDED.search(u.text))
             or lead_in is not None and not figure_wanted(set(question.parts[u.part].kinds)))
    # what a lead-in introduces, else the list or resolutions it stands in
    group = introduces(u) or ((introduces(lead_in) if lead_in is not None else whole_group(u))
                              if whole and (u.role == "item" or lead_in is not None) else [])
    bridge: list[Unit] = []
    if lead_in is not None and group and u in group and lead_in.key not in used:
        bridge = [lead_in]  # says what the list is
    nxt = u.after
    if not group and len(u.text.split()) <= SHORT_OPENING and nxt is not None and nxt.role == "sentence" \
            and nxt.key not in used and len(items := introduces(nxt)) > 1:
        # "It was APPROVED;" says only that what follows was: "That the Committee:" and its points
        group, bridge = items, [nxt]
    if question.wants_list and not group:  # a list asked for, just after the sentence chosen
        group = list_after(u)
        bridge = [g for g in group if g.role == "sentence"]  # "These include:" goes on from the sentence
        group = group[len(bridge):] or counted_after(u)  # or set out in the sentences after one that counts them
    return group, bridge


RESTATED_FOLLOW = 3  # sentences quoted after a line that only restates the question


def _restates(u: Unit, question: Question) -> bool:
    """A short sentence every keyword of which the question already gives: a title, not an answer."""
    if u.role != "sentence" or len(u.text.split()) > 15 or NUMBER.search(u.text):
        return False
    return not keywords(u.text) - keywords(f"{question.text} {question.context}")


def _span_of(u: Unit, question: Question, group: list[Unit], bridge: list[Unit], goes_on: int = 0) -> list[Unit]:
    """u with the sentences a reader needs beside it, and `goes_on` sentences more after it."""
    # a lead-in's one point: "... agreed the following motion: a. That ..."; a term's entry from its start
    span = bridge + [u] if group == [u] else _entry(u, question)
    span += [v for v in sentences_after(u, goes_on) if v not in span]
    if CONTINUES.match(u.text) and u.before is not None and u.before.role == u.role:
        span.insert(0, u.before)
    if u.after is not None and u.after not in span and u.after.role == u.role == "sentence" and (
            CONTINUES.match(u.after.text) or group == [u.after]):
        span.append(u.after)  # what goes on from it ("This ...", "In addition ...") is part of what it says,
        # and what a colon announces ("... passed a motion proposing that:") is what it says
    if _restates(u, question):
        # a line that only names what is asked (a minute's title: "Hillbrook Trust – Possible sale of the slipway.") says
        # nothing of it: what is minuted after it does
        span += [v for v in sentences_after(u, RESTATED_FOLLOW) if v not in span]
    if (question.decision and not DECIDED.search(u.text) and u.after is not None and u.after.role == u.role == "sentence"
            and DECIDED.search(u.after.text) and u.after not in span):
        span.append(u.after)  # minutes state a matter, then what was agreed on it: "Letter received ... It was
        # agreed that this could not be supported"
    part = question.parts[u.part]
    if figure_wanted(set(part.kinds)) and not gives(u.text, part, question.text):
        # the figure asked for stands in the sentence next to it
        near = next((n for n in (u.after, u.before) if n is not None and n.role == u.role
                     and gives(n.text, part, question.text)), None)
        if near is not None and near not in span:
            span = span + [near] if near is u.after else [near] + span
    if question.decision and _minute_title(u) and not DECIDED.search(u.text):
        # "what did the council decide about the terms of reference?" is led by the minute's title, which names the
        # matter and says nothing of it: what is minuted under it, to what was agreed, does
        span += [v for v in _minuted_under(u) if v not in span]
    if question.decision:
        span += [v for v in _vote_after(u, span[-1]) if v not in span]
    return span


EXPLAINED = 2  # sentences quoted after the lead of an answer to "how does ... work?" or "why ...?"
MINUTED_UNDER = 10  # the most lines quoted under a minute's title, looking for what was agreed


def _minute_title(u: Unit) -> bool:
    """A minute's title: over its "(Item 13)", or numbered and short with no full stop ("304. Hall lease")."""
    return (u.after is not None and bool(ITEM_LABEL.fullmatch(u.after.text.strip()))
            or bool(LABEL.match(u.text)) and len(u.text.split()) <= 15 and not u.text.rstrip().endswith((".", ":")))


def _minuted_under(title: Unit) -> list[Unit]:
    """What a minute's title has under it in its passage, to the first line that says what was decided ("... the motion
    was agreed unanimously", "RESOLVED that ..."), short of the next item's title; nothing when no line says it."""
    run: list[Unit] = []
    nxt = title.after
    while nxt is not None and len(run) < MINUTED_UNDER:
        if nxt.after is not None and ITEM_LABEL.fullmatch(nxt.after.text.strip()) and run:
            break  # the next item's title, over its "(Item 14)"
        run.append(nxt)
        if nxt.role == "sentence" and DECIDED.search(nxt.text) and not nxt.text.rstrip().endswith(":"):
            return run
        nxt = nxt.after
    return []


def _lines(question: Question, chosen: list[Unit], every: list[Unit] | None = None) -> list[tuple[str, list[Unit]]]:
    """Each chosen unit as a line of the answer, with what a reader needs around it: a list asked
    for with all its items, the list a lead-in introduces, a sentence that goes on from the one
    before with that one, and the sentence next to it when that one holds the figure asked for.
    `every` is all the units read, where the other numbers of a labelled entry ("Option 2: ...") are found."""
    lines: list[tuple[str, list[Unit]]] = []
    used: set[tuple[str, str]] = set()
    for u in chosen:
        if u.key in used:
            continue
        entries = (_entry_lines(u, every or [], used) if question.wants_list else []) or _vote_lines(u, used, question.decision)
        if entries:
            lines += entries
            continue
        group, bridge = _group_of(u, question, used)
        if 1 < len(group) <= 15:
            head = ([u] if u not in group else []) + bridge
            text, shown = _list_line(head, group)
            vote = [v for v in _vote_after(head[0], shown[-1]) if v.key not in used] if question.decision and head else []
            if vote:  # a motion's text, then the vote on it
                text, shown = text + "\n" + " ".join(v.text for v in vote), shown + vote
            lines.append((text, shown))
            used |= {g.key for g in lines[-1][1]}
            continue
        # how a thing works, or why, is explained over the sentences that go on from the one that names it
        goes_on = EXPLAINED if question.explains and u is chosen[0] else 0
        span = [v for v in _span_of(u, question, group, bridge, goes_on) if v.key not in used]
        text = " ".join(v.text.lstrip("• ") if v.role == "item" else v.text for v in span)
        lines.append((text, span))
        used |= {v.key for v in span}
    return _once(lines)


def _once(lines: list[tuple[str, list[Unit]]]) -> list[tuple[str, list[Unit]]]:
    """Each line once: text the store holds twice (a vote recorded in full in two overlapping chunks, a list in two
    copies of the minutes) is said once, and where one copy quotes more of it (the list with its lead-in) that one."""
    out: list[tuple[str, list[Unit]]] = []
    for line in lines:
        said = " ".join(line[0].split())
        for n, o in enumerate(out):
            before = " ".join(o[0].split())
            # a list within another line's list (one line of it alone may stand in a list from elsewhere, which
            # checking the quote against its paper may drop)
            if said == before or len(line[1]) > 1 and said in before:
                break
            if len(o[1]) > 1 and before in said:
                out[n] = line
                break
        else:
            out.append(line)
    return out
