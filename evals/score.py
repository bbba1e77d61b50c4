"""Scoring one answer against its gold question: retrieval, facts, not-found, citations."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The scorer reads figures and claims its own way, apart from the product's check (assistant/verify.py):
# a fault in how Clerk checks its answers must not hide the same fault in the score of them.
CITED = re.compile(r"\[(\d+)\]")
CITE_RUN = re.compile(r"(?:\s*\[\d+\])+[.!?;:,]?")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
POUNDS = re.compile(r"£\s?$")
SCALED = re.compile(r"\s?(k|m|mn|bn|thousand|million|billion)\b", re.I)
PER_CENT = re.compile(r"\s?(?:%|per\s?cent|percent)", re.I)
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
# "- Eastport Council, 2020-11-11/2021-03-31: " before a claim in a comparison names the paper; it claims nothing
PAPER_LEAD = re.compile(r"^\s*-\s[^:\n]{0,80}, [\d/\-]{4,21}: ", re.M)

DASHES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


def normal(text: str) -> str:
    """Case, spacing, quotes and dashes folded; thousands separators and trailing zeros kept apart."""
    return re.sub(r"\s+", " ", text.translate(DASHES).replace("**", "").lower()).strip()


def plain_number(raw: str) -> str:
    """One spelling of a number: no thousands separators, no trailing decimal zeros, no leading zeros."""
    digits = raw.replace(",", "")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    whole, _, fraction = digits.partition(".")
    return (whole.lstrip("0") or "0") + (f".{fraction}" if fraction else "")


def figures(text: str) -> set[str]:
    """Every number in the text in one spelling; a sum of money also as whole pounds ("£4.0m" -> "£4000000"),
    a percentage also with its sign ("0.10 per cent" -> "0.1%"). Citation markers are not figures."""
    text = CITED.sub(" ", text)
    out: set[str] = set()
    for m in NUMBER.finditer(text):
        number, after = plain_number(m.group()), text[m.end():]
        out.add(number)
        if POUNDS.search(text[:m.start()]):
            scale = SCALED.match(after)
            pounds = float(m.group().replace(",", "")) * (SCALES[scale.group(1).lower()] if scale else 1)
            out.add(f"£{pounds:.0f}")
        if PER_CENT.match(after):
            out.add(number + "%")
    return out


def claims(answer: str) -> list[tuple[str, list[int]]]:
    """The answer cut after each run of citation markers (and the stop after it): (text, marker numbers);
    text after the last run is a claim citing nothing."""
    out, start = [], 0
    for m in CITE_RUN.finditer(answer):
        out.append((answer[start:m.end()], [int(n) for n in CITED.findall(m.group())]))
        start = m.end()
    if answer[start:].strip():
        out.append((answer[start:], []))
    return out


def contains_fact(fact: str, text: str) -> bool:
    """The fact is in the text, as written or in another usual spelling of its figures
    ("£4.0 million" ~ "£4m", "0.10%" ~ "0.1 per cent")."""
    if normal(fact) in normal(text):
        return True
    need = figures(fact)
    if not need or not need <= figures(text):
        return False
    words = [w for w in re.findall(r"[a-z]{3,}", normal(fact)) if w not in ("million", "billion", "per", "cent")]
    return all(w in normal(text) for w in words)


def source_ranks(retrieved: list[dict], sources: list[str]) -> int | None:
    """1-based rank of the first passage from a gold source (counting papers a passage also stands in)."""
    gold = set(sources)
    for i, r in enumerate(retrieved, start=1):
        if r["file"] in gold or gold & set(r.get("also_in", [])):
            return i
    return None


@dataclass
class Scores:
    hit1: float | None
    hit5: float | None
    rr: float | None
    fact_recall: float | None
    exact_all: float | None
    not_found_ok: float | None  # unanswerable: said not found
    false_not_found: float | None  # answerable: wrongly said not found
    citation_precision: float | None
    citation_coverage: float | None
    evidence_recall: float | None = None  # share of the facts present in the passages the answerer read
    kept: float | None = None  # facts in the answer / facts in the passages read: what composing lost
    evidence5: float | None = None  # share of the facts in the first 5 passages, then the first 8
    evidence8: float | None = None


def score(gold: dict, answer: str, found: bool, quotes: dict[int, str], retrieved: list[dict]) -> Scores:
    answerable = bool(gold["sources"])
    rank = source_ranks(retrieved, gold["sources"]) if answerable else None
    facts = gold.get("must_contain", [])
    recall = sum(contains_fact(f, answer) for f in facts) / len(facts) if answerable and facts else None
    evidence, kept, at = None, None, {}
    if recall is not None and any("text" in r for r in retrieved):
        for k in (5, 8):
            first = "\n".join(r.get("text", "") for r in retrieved[:k])
            at[k] = sum(contains_fact(f, first) for f in facts) / len(facts)
        read = "\n".join(r.get("text", "") for r in retrieved)
        present = [f for f in facts if contains_fact(f, read)]
        evidence = len(present) / len(facts)
        kept = sum(contains_fact(f, answer) for f in present) / len(present) if present else None
    precision, coverage = citation_scores(answer, quotes, facts) if found else (None, None)
    return Scores(
        hit1=float(rank == 1) if answerable else None,
        hit5=float(rank is not None and rank <= 5) if answerable else None,
        rr=(1.0 / rank if rank else 0.0) if answerable else None,
        fact_recall=recall,
        exact_all=None if recall is None else float(recall == 1.0),
        not_found_ok=None if answerable else float(not found),
        false_not_found=float(not found) if answerable else None,
        citation_precision=precision,
        citation_coverage=coverage,
        evidence_recall=evidence,
        kept=kept,
        evidence5=at.get(5),
        evidence8=at.get(8),
    )


def _claim_text(text: str) -> str:
    text = re.sub(r"^.*:\n(?=- )", "", text.strip(), flags=re.M)  # "The papers also say:" heads a list, claims nothing
    return CITED.sub("", PAPER_LEAD.sub("", text)).strip(" \n.-:")


def citation_scores(answer: str, quotes: dict[int, str], facts: list[str]) -> tuple[float | None, float | None]:
    """Precision: share of citations whose quote holds a fact, or the text, of the claim citing it.
    Coverage: share of claims (text with a letter or digit) that carry a citation."""
    supported, total, cited_claims, all_claims = 0, 0, 0, 0
    for text, numbers in claims(answer):
        body = _claim_text(text)
        if not re.search(r"[A-Za-z0-9]", body) or body.endswith(":") and not numbers:
            continue
        all_claims += 1
        cited_claims += bool(numbers)
        for n in numbers:
            total += 1
            quote = quotes.get(n, "")
            in_claim = [f for f in facts if contains_fact(f, body)]
            if quote and (normal(body) in normal(quote) or any(contains_fact(f, quote) for f in in_claim)
                          or _word_share(body, quote) >= 0.6):
                supported += 1
    precision = supported / total if total else None
    coverage = cited_claims / all_claims if all_claims else None
    return precision, coverage


def _word_share(claim: str, quote: str) -> float:
    """The share of the claim's words that stand in the quote."""
    words = set(re.findall(r"\w+", normal(claim)))
    return len(words & set(re.findall(r"\w+", normal(quote)))) / max(1, len(words))
