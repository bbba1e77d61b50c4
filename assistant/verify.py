"""Checks that every figure in an answer sentence stands in the text its markers cite."""

from __future__ import annotations

import re

from clerk.text import MONEY, NUMBER, PERCENT, money_value, number_form

MARKER = re.compile(r"\[(\d+)\]")


def figures(text: str) -> set[str]:
    """Every number in a text in one spelling: money as pounds, percentages, plain numbers."""
    text = MARKER.sub(" ", text)
    out: set[str] = set()
    for m in MONEY.finditer(text):
        out.add(f"£{money_value(m.group(1), m.group(2)):.0f}")
    for m in PERCENT.finditer(text):
        out.add(number_form(m.group(1)) + "%")
    for m in NUMBER.finditer(text):
        out.add(number_form(m.group()))
    return out


def unsupported_figures(sentence: str, cited: list[str]) -> set[str]:
    """Figures in the sentence that none of the cited texts contains (in any usual spelling)."""
    have: set[str] = set()
    for text in cited:
        have |= figures(text)
    return figures(sentence) - have


# "- Eastport Council, 2020-11-11/2021-03-31: " before a claim in a comparison: the paper's details, not a
# claim; at the start of any line, as a lead-in ("... the closest they come is:") may stand above it
ATTRIBUTION = re.compile(r"^\s*-\s[^:\n]{0,80}, [\d/\-]{4,21}: ", re.M)
CLAIM = re.compile(r"(.*?)((?:\s*\[\d+\])+)([.!?;:,]?)", re.S)


def claims(answer: str) -> list[tuple[str, list[int]]]:
    """The answer cut after each run of [n] markers: (text with its markers, marker numbers).
    Text after the last marker is a claim with no citation."""
    out, end = [], 0
    for m in CLAIM.finditer(answer):
        out.append((m.group(0), [int(n) for n in MARKER.findall(m.group(2))]))
        end = m.end()
    if answer[end:].strip():
        out.append((answer[end:], []))
    return out


def verify_answer(answer: str, quotes: dict[int, str]) -> tuple[str, list[str]]:
    """Keep the claims whose markers exist and whose figures all stand in the cited quotes; text
    that cites nothing is dropped, but for a lead-in ending in ":".

    Returns the verified answer ("" when no claim survives) and a note for every claim dropped."""
    kept, dropped = [], []
    for text, numbers in claims(answer):
        if numbers and not re.search(r"[A-Za-z]{2}", MARKER.sub("", text)):
            dropped.append(f"dropped (a citation marker with no claim): {text.strip()}")
            continue
        cited = [quotes[n] for n in numbers if n in quotes]
        if not cited:
            if numbers or not (text.strip() == "" or text.rstrip().endswith(":")):
                dropped.append(f"dropped (no valid citation): {text.strip()}")
            else:
                kept.append(text)  # a lead-in with no claim of its own, e.g. "The papers also say:"
            continue
        missing = unsupported_figures(ATTRIBUTION.sub("", text), cited)
        if missing:
            dropped.append(f"dropped (figures {', '.join(sorted(missing))} not in the cited text): {text.strip()}")
            continue
        kept.append(text)
    if not any(MARKER.search(k) for k in kept):  # lead-ins alone answer nothing
        return "", dropped
    return "".join(kept).strip(), dropped
