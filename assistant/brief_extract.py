"""What a paper says, as quotable units: what it is for, what the meeting is asked to decide, its
headline figures and the risks it flags. Patterns are a glossary of how committee papers word
these things, for any council; every fact is a verbatim unit with its citation."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from clerk.index import Passage
from clerk.ingest.store import chunks_of
from clerk.text import MONEY, MONTH_NAMES, PERCENT, money_value

from .answer import Citation, cite
from .units import Unit, units_of
from .verify import figures as figures_of

ASKED = re.compile(r"\b(?:is|are)\s+(?:asked|recommended|requested|invited)\s+to\b|\bRESOLVED\b|"
                   r"\bRECOMMENDATIONS?\b|\b(?:may|must)\s+(?:confirm|amend|rescind|reconsider|determine|decide)\b"
                   r"|\bRecommendations?(?:\s?\(s\))?\s*:|\bProposal Decision\b|"
                   r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?That\s+(?:Members|the\s+(?:Cabinet|Committee|Board|Council|Panel))\b")
REC_HEADING = re.compile(r"^\W*(?:\d+\.?\s*)?(?:Recommendations?(?:\s?\(s\))?|Proposed decision|Decisions? "
                         r"(?:required|sought))\W*$", re.I)
DECIDED = re.compile(r"\bRESOLVED\b|\bresolved\s+that\b|\bAGREED\b")
RESOLUTION = re.compile(r"^\W*That\b.{0,300}\bbe\s+(?:noted|agreed|approved|endorsed|adopted|received|confirmed)\b", re.I)
ENUM = re.compile(r"^[\s•·▪-]*\(?(\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})(?:\)|\.(?!\d))\s+\S")
ROMAN = {r: i for i, r in enumerate("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv".split(), start=1)}
VERB = re.compile(r"^[\W]*(?:NOTE|AGREE|APPROVE|ENDORSE|DELEGATE|CONSIDER|COMMENT|ADOPT|CONFIRM|RECOMMEND|TRANSFER|"
                  r"Note|Agree|Approve|Endorse|Delegate|Consider|Adopt|Confirm)\b")
PURPOSE = re.compile(r"\bpurpose of (?:this|the) (?:report|paper)|\b(?:this|the attached) (?:report|paper|briefing|update)"
                     r" (?:sets out|provides|presents|seeks|asks|updates|details|summarises|outlines|informs|considers|"
                     r"proposes|describes|gives|explains|is to)\b", re.I)
# what makes a figure a headline one: budget words, and targets missed / RAG red
HEADLINE = re.compile(r"\b(total\w*|overall|net|budget|overspend\w*|underspend\w*|variance|savings?|deficit|surplus|"
                      r"forecast|outturn|requirement|gap|shortfall|reserves?|increase|reduction|target|capital "
                      r"programme|council tax|precept|funding|cost|pressure|growth)\b", re.I)
MISSED = re.compile(r"\b(?:Red|RED)\b|\b(?:did not|does not|not) (?:meet|met|achieve)\b|\bbelow (?:the )?(?:target|floor)|"
                    r"\bmissed\b|\boff[- ]track\b|\bworse than (?:target|expected)", re.I)
RISK = re.compile(r"\b(risks?|at risk|concerns?|pressures?|challenging|uncertain\w*|shortfall|deficit|overspend\w*|"
                  r"under[- ]?deliver\w*|not (?:be )?(?:achieved|delivered)|threat|insufficient|vulnerab\w+)\b", re.I)
GENERIC = {"total", "totals", "totalled", "overall", "net", "increase", "reduction", "cost", "growth"}
NATIONAL = re.compile(r"\b(?:nationally|national(?:ly)? (?:average|total|figure)|in England|across England|"
                      r"across the country|UK-wide|GDP|Bank of England|consensus|the economy)\b", re.I)
# a figure set against another (a target, last year, the previous ask), and the council's own
COMPARED = re.compile(r"\b(?:compared (?:to|with)|up from|down from|previous(?:ly)?|last year|against (?:a |the )?target|"
                      r"than (?:budget|planned|forecast|target))\b", re.I)
OWN = re.compile(r"\b(?:the (?:Council|Authority|Service|County)|our|we)\b")
COMMITS = re.compile(r"\b(approv|agree|endors|allocat|transfer|fund|spend|award|commit|borrow|invest|adopt)\w*", re.I)
SEVERE = re.compile(r"\b(high(?![-‑])|significant|serious|severe|major|critical|acute|escalating|red)\b", re.I)
COUNT = re.compile(r"(?<![\d.,/£-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\d.,/%-])\s+(?!(?:19|20)\d\d|st|nd|rd|th)"
                   r"(?!(?:" + "|".join(MONTH_NAMES) + r"|and|to|or|per|of|in|on|at|the)\b)[A-Za-z(]")
CONTACT = re.compile(r"\b(?:phone|tel(?:ephone)?|e-?mail|fax|mobile)\b|@", re.I)
YEAR = re.compile(r"^(?:19|20)\d\d$")
PARA = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|\(?[a-z]{1,4}\))\s+")
KIND_ORDER = {"report": 0, "service plan": 1, "minutes": 2, "appendix": 3, "agenda": 4}

@dataclass
class Fact:
    kind: str  # purpose | recommendation | figure | risk
    text: str  # the quoted unit, verbatim
    citation: Citation
    score: float = 0.0
    tags: set[str] = field(default_factory=set)  # money, missed, severe, cost


@dataclass
class Change:
    now: Fact
    before: Fact
    moved: float  # relative size of the largest move between the two quotes' sums (0 when not money)



# ---- a paper's quotable units, in reading order


def passages_of(collection, docs: list[dict]) -> dict[str, list[Passage]]:
    """Every stored chunk of these papers, as passages in reading order, by paper."""
    by_id = {d["doc_id"]: d for d in docs}
    got = chunks_of(collection, list(by_id))
    out: dict[str, list[Passage]] = {d: [] for d in by_id}
    for cid, text, m in sorted(zip(got["ids"], got["documents"], got["metadatas"])):
        lead = m.get("lead", "")
        # ocr: a brief's citations don't say a page was scanned (an answer's do)
        out[m["doc_id"]].append(Passage.from_meta(
            m, cid, by_id.get(m["doc_id"], {}), rank=0, score=0.0, similarity=0.0,
            text=f"{lead}\n{text}" if lead else text, hit=text, lead=lead, chunk_kind=m.get("chunk_kind", ""),
            ocr=False))
    return out


def paper_units(passages: list[Passage]) -> list[Unit]:
    """The paper's units, each once, linked across chunk boundaries (a lead-in ends one chunk, its
    numbered resolutions begin the next). A heading that gives a figure ("Staffing budgets - £1.6
    million") is a unit too: budget reports put their headline sums there."""
    out, seen = [], set()
    for p in passages:
        heading = p.section.split(" > ")[-1].strip()
        if heading and heading not in seen and (MONEY.search(heading) or PERCENT.search(heading)):
            seen.add(heading)
            out.append(Unit(heading, p, 0, "", "heading"))
        for u in units_of(p):
            if u.text not in seen:
                seen.add(u.text)
                out.append(u)
    for a, b in zip(out, out[1:]):
        a.after, b.before = b, a
    return out


def _fact(kind: str, u: Unit, score: float = 0.0, tags: set[str] | None = None) -> Fact:
    text = re.sub(r"^[•·▪]\s*", "", u.text)  # the bullet is layout; the rest is still a verbatim span
    return Fact(kind, text, cite(u.passage, 0, text), score, tags or set())


def _skip(u: Unit) -> bool:
    """Contact lines (a phone number is no headline figure), fragments a table cell cut off and rows
    of bare numbers whose labels are elsewhere."""
    words = len(re.findall(r"[A-Za-z]{3,}", u.text))
    soup = len(re.findall(r"\d+", u.text)) > max(2, words) and not MONEY.search(u.text)  # a table's numbers alone
    return bool(CONTACT.search(u.text)) or u.text[:1].islower() or soup


def has_measure(text: str) -> bool:
    """A sum, a percentage or a count of something: not a year, a date or a paragraph number."""
    body = PARA.sub("", text)
    return bool(MONEY.search(body) or PERCENT.search(body)
                or any(not YEAR.match(m.group(1)) for m in COUNT.finditer(body)))


# ---- what each paper says


def purpose(units: list[Unit]) -> list[Fact]:
    for u in units:
        if PURPOSE.search(u.text) and not u.label:
            return [_fact("purpose", u)]
    for u in units:  # else the first sentence that says something of substance
        if u.role == "sentence" and not u.label and len(u.text.split()) >= 12 and not ASKED.search(u.text):
            return [_fact("purpose", u)]
    return []


def _asks(u: Unit) -> bool:
    return bool(ASKED.search(u.text) or RESOLUTION.search(u.text))


def _ordinal(token: str, previous: tuple[str, int] | None) -> tuple[str, int]:
    """ "(3)" -> ("n", 3), "b)" -> ("a", 2), "(iv)" -> ("i", 4): a list's numbering, to follow its run."""
    if token.isdigit():
        return "n", int(token)
    low = token.lower()
    if low in ROMAN and (len(low) > 1 or low == "i" and previous is None or previous and previous[0] == "i"):
        return "i", ROMAN[low]
    return ("A" if token.isupper() else "a"), ord(low) - 96


def _follows(text: str, previous: tuple[str, int] | None) -> tuple[str, int] | None:
    """The numbering of an enumerated unit when it continues the run (the next number, letter or
    numeral), else None: minutes number their paragraphs too, and those are not resolutions."""
    m = ENUM.match(text)
    if not m:
        return None
    key = _ordinal(m.group(1), previous)
    if previous is None or (key[0].lower() == previous[0].lower() and key[1] == previous[1] + 1):
        return key
    return None


def recommendations(units: list[Unit], limit: int = 24, minutes: bool = False) -> list[Fact]:
    """What the meeting is asked to decide: a recommendation stated in one sentence, or the
    numbered or lettered resolutions after a lead-in ("Cabinet is asked to:", "RESOLVED that:"). In
    minutes, only what was resolved: they also record what members asked and said."""
    out: list[Fact] = []
    seen: set[str] = set()

    def add(u: Unit) -> None:
        # "Recommendation(s): Cabinet is asked to NOTE X" in the summary and "... NOTE X" at the end: one
        key = re.sub(r"\W+", " ", PARA.sub("", u.text.split(":", 1)[-1] if ASKED.search(u.text) else u.text))
        key = key.lower().strip()
        if key not in seen and not any(key in k or k in key for k in seen if len(k) > 30) and len(out) < limit:
            seen.add(key)
            # "a recommendation with a cost": a sum the meeting would commit, not one it is asked to note
            costs = MONEY.search(u.text) and COMMITS.search(u.text)
            out.append(_fact("recommendation", u, tags={"cost"} if costs else set()))

    for u in units:
        heading = u.passage.section.split(" > ")[-1]
        if u.role == "item" and not minutes and (ASKED.search(heading) or REC_HEADING.match(heading)
                                                 or ASKED.search(u.passage.lead)):
            add(u)  # the items under "Cabinet is asked to" as a heading or a list's lead-in
            continue
        if u.label or not (DECIDED.search(u.text) if minutes else _asks(u)):
            continue
        rest = ASKED.split(u.text, maxsplit=1)[-1]
        said = len(re.findall(r"[A-Za-z]{2,}", rest)) >= 4 and not u.text.rstrip().endswith(":")
        if said:
            add(u)
        nxt, run = u.after, None
        while nxt is not None and len(out) < limit:
            key = _follows(nxt.text, run)
            if key or (not said and not ENUM.match(nxt.text) and (nxt.role == "item" or VERB.match(nxt.text))):
                run = key or run
                add(nxt)
            elif (nxt.after is not None and len(nxt.text.split()) <= 10 and nxt.role == "sentence"
                  and (_follows(nxt.after.text, run) if run else ENUM.match(nxt.after.text) or nxt.after.role == "item")):
                pass  # a sub-heading between resolutions ("2025-26 Revenue Budget", "In addition:")
            else:
                break
            nxt = nxt.after
    return out


def headline_figures(units: list[Unit], used: set[str], limit: int = 5, minutes: bool = False) -> list[Fact]:
    """The sums, rates and counts a member would look for first: money over counts, budget words,
    targets missed and RAG reds, and what the paper puts first (its summary)."""
    scored = []
    n = max(1, len(units))
    for i, u in enumerate(units):
        if u.text in used or u.label or len(u.text) > 600 or _skip(u):
            continue
        missed = bool(MISSED.search(u.text)) and (has_measure(u.text) or re.search(
            r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", u.text, re.I))
        if not (has_measure(u.text) or missed):
            continue
        money = [m.group() for m in MONEY.finditer(u.text)]
        if minutes and not (money or PERCENT.search(u.text)):  # minutes report the debate; sums and rates count
            continue
        score = 2.0 * bool(money) + 1.5 * bool(PERCENT.search(u.text)) + 3.0 * bool(missed)
        score += min(3, len(HEADLINE.findall(u.text))) + 1.5 * (1 - i / n)
        sums = _money(u.text)
        score += min(2.0, max(0.0, (math.log10(max(sums) + 1) - 5) / 2)) if sums else 0.0  # £1bn over £80k
        size = max((float(v.lstrip("£")) for v in _values(u.text) if v.lstrip("£").replace(".", "").isdigit()), default=0)
        score += min(2.0, math.log10(size + 1) / 3) if not money else 0.0  # a count of thousands over one of 14
        if NATIONAL.search(u.text):
            score -= 1.5  # the country's figures are context; the council's own are the headline
        score += 1.0 * bool(COMPARED.search(u.text)) + 0.5 * bool(OWN.search(u.text))
        if u.role == "row":
            score += 1.0 if re.search(r"\btotal\b", u.text, re.I) else -1.0
        tags = ({"money"} if money else set()) | ({"missed"} if missed else set())
        scored.append((score, i, u, tags))
    # past its best two, a paper's weak figures are left out rather than listed to fill the space
    floor = sorted((s[0] for s in scored), reverse=True)[1] if len(scored) > 1 else 0.0
    scored = [s for s in scored if s[0] >= min(floor, 2.5) or s[2].role == "heading"]
    # headings that give a figure are the paper's own list of headline sums: all of them (a few)
    best = sorted(scored, key=lambda s: (s[2].role != "heading", -s[0]))
    best = [b for b in best if b[2].role == "heading"][:6] + _diverse([b for b in best if b[2].role != "heading"],
                                                                          limit)
    return [_fact("figure", u, s, tags) for s, i, u, tags in sorted(best, key=lambda s: s[1])]


def _subjects(text: str) -> set[str]:
    return {m.lower() for m in HEADLINE.findall(text)} - GENERIC


def _diverse(scored: list[tuple], limit: int) -> list[tuple]:
    """The best figures, each new one on a subject the ones before did not cover: a capital
    programme and a council tax rise beside the revenue budget, not five sentences on savings."""
    chosen: list[tuple] = []
    covered: set[str] = set()
    pool = list(scored)
    while pool and len(chosen) < limit:
        pick = max(pool, key=lambda s: s[0] + 0.75 * min(2, len(_subjects(s[2].text) - covered))
                   - (1.5 if _subjects(s[2].text) <= covered else 0.0))
        pool.remove(pick)
        chosen.append(pick)
        covered |= _subjects(pick[2].text)
    return chosen


def risks(units: list[Unit], used: set[str], limit: int = 3) -> list[Fact]:
    scored = []
    n = max(1, len(units))
    for i, u in enumerate(units):
        if u.text in used or u.label or len(u.text) > 500 or u.text.rstrip().endswith("?") or _skip(u):
            continue
        words = RISK.findall(u.text)
        if not words:
            continue
        severe = bool(SEVERE.search(u.text))
        kinds = {w.lower() for w in words}
        score = len(kinds) + 0.5 * any(k.startswith("risk") for k in kinds) + 2.0 * severe + 1.0 * (1 - i / n)
        if score >= 2.0:
            scored.append((score, i, u, {"severe"} if severe else set()))
    best = sorted(scored, key=lambda s: -s[0])[:limit]
    return [_fact("risk", u, s, tags) for s, i, u, tags in sorted(best, key=lambda s: s[1])]



def _values(text: str) -> set[str]:
    return {f for f in figures_of(PARA.sub("", text)) if not YEAR.match(f.lstrip("£"))}


def _money(text: str) -> list[float]:
    return [money_value(m.group(1), m.group(2)) for m in MONEY.finditer(text)]
