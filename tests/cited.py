"""An answer's claims checked apart from the product: by the eval scorer's own reading of figures and claims
(clerk/evals/score.py), not by clerk.assistant.verify, which made the answer - re-running that check on its
own output could not fail."""

from __future__ import annotations

from clerk.evals.score import PAPER_LEAD, claims, figures


def unsupported(answer: str, quotes: dict[int, str]) -> list[str]:
    """Claims that cite a source not given, or state a figure none of the quotes they cite holds."""
    out = []
    for text, numbers in claims(answer):
        cited = " ".join(quotes.get(n, "") for n in numbers)
        if any(n not in quotes for n in numbers) or figures(PAPER_LEAD.sub("", text)) - figures(cited):
            out.append(text.strip())
    return out
