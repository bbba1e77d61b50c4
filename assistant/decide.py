"""Whether the papers answer: a logistic regression over a few named evidence signals, fitted on the
development questions by `python -m evals.calibrate`, which writes `calibration.json` beside this file.

The probability it gives decides among three answers: quoted (the papers say it), the closest the
papers come (quoted, but flagged as not answering directly), and not found."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from index.tokens import tokenize

from .compose import Composition
from .question import Question

CALIBRATION = Path(__file__).with_name("calibration.json")
# each feature in [0, 1], with why it is evidence that the papers answer
FEATURES = {
    "meaning": "the embedding model's similarity of the best unit to its part of the question",
    "terms": "the question's keywords (weighted by rarity) in the best unit, its context and passage",
    "figure": "the best unit gives the kind of figure asked for (0.5 when none is asked for)",
    "named": "the years, places and names the question gives are in the best unit's paper",
    "similarity": "the dense similarity of the best passage to the question",
    "focus": "the question's two rarest keywords in the best unit or its context (its passage counts half)",
    "stated": "the years and names the question gives are in the best unit or its context, not just its paper",
}


@lru_cache(maxsize=4)
def load(path: Path = CALIBRATION) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def features(question: Question, comp: Composition, weights: dict[str, float]) -> dict[str, float]:
    """The evidence for the composed answer's lead, as the named features above."""
    lead = comp.units[0]
    own = set(tokenize(f"{lead.text}\n{lead.context}\n{lead.passage.section}\n{lead.passage.council}"))
    around = set(tokenize(f"{lead.passage.hit}\n{lead.passage.title}\n{lead.passage.meeting}")) - own
    total = sum(weights.values()) or 1.0
    terms = (sum(w for t, w in weights.items() if t in own) + 0.5 * sum(w for t, w in weights.items()
                                                                         if t in around)) / total
    rarest = sorted(weights, key=lambda t: -weights[t])[:2]
    focus = sum(1.0 if t in own else 0.5 if t in around else 0.0 for t in rarest) / max(1, len(rarest))
    said = f"{lead.text} {lead.context}".lower()
    stated = (sum(f.lower() in said for f in question.facets) / len(question.facets)) if question.facets else 1.0
    return {
        "focus": round(focus, 4),
        "stated": round(stated, 4),
        "meaning": round(lead.scores.get("meaning", 0.0), 4),
        "terms": round(min(1.0, terms), 4),
        "figure": lead.scores.get("figure", 0.5),
        "named": round(lead.scores.get("named", 0.5), 4),
        "similarity": round(max(0.0, max(u.passage.similarity for u in comp.units)), 4),
    }


def probability(feats: dict[str, float], model: dict | None = None) -> float:
    """P(the papers answer), from the fitted intercept and coefficients."""
    model = model or load()
    z = model["intercept"] + sum(model["coefficients"].get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-z))
