"""UK local-government and children's-services vocabulary, so one form of a term finds the other.

Each entry is a concept: its canonical acronym and the phrasings papers use for it.
Keyword search adds a concept token wherever any phrasing appears (in chunks and queries);
dense search gets the query with its acronyms spelt out.
"""

from __future__ import annotations

import re
from functools import lru_cache

CONCEPTS: dict[str, list[str]] = {
    "UASC": ["unaccompanied asylum seeking children", "unaccompanied asylum-seeking children",
             "unaccompanied asylum seeker children", "unaccompanied asylum seeking child",
             "separated children seeking asylum", "separated and trafficked children seeking asylum"],
    "NTS": ["national transfer scheme"],
    "CiC": ["children in care", "child in care", "children looked after", "looked after children",
            "looked after child", "LAC", "CLA", "CIC", "LAC team"],
    "MASH": ["multi agency safeguarding hub", "multi-agency safeguarding hub"],
    "SEND": ["special educational needs and disabilities", "special educational needs and disability",
             "special educational needs", "SEN/D", "SEN", "SEND"],
    "EHCP": ["education health and care plan", "education, health and care plan", "ECHP", "EHC plan"],
    "DSG": ["dedicated schools grant"],
    "HNB": ["high needs block", "high needs"],
    "PLO": ["public law outline"],
    "IRO": ["independent reviewing officer", "independent reviewing officers", "independent reviewing service"],
    "LADO": ["local authority designated officer", "local area designated officer"],
    "IFA": ["independent fostering agency", "independent fostering agencies"],
    "SGO": ["special guardianship order", "special guardianship orders", "special guardianship"],
    "YOS": ["youth offending service", "youth offending services", "youth justice service", "YJS", "YOT",
            "youth offending team"],
    "CAMHS": ["child and adolescent mental health services", "child and adolescent mental health service"],
    "ASYE": ["assessed and supported year in employment", "assisted and supported first year of employment",
             "newly qualified social workers", "newly qualified social worker", "NQSW"],
    "CSE": ["child sexual exploitation"],
    "DfE": ["department for education", "DfE"],
    "Ofsted": ["office for standards in education"],
    "CIN": ["children in need", "child in need"],
    "CP": ["child protection"],
    "s17": ["section 17", "s.17"],
    "s47": ["section 47", "s.47"],
    "s20": ["section 20", "s.20"],
    "LSCB": ["local safeguarding children board", "local safeguarding children boards"],
    "MTFP": ["medium term financial plan", "medium-term financial plan", "medium term financial strategy", "MTFS"],
    "DCS": ["director of children's services", "director of childrens services"],
    "PA": ["personal advisor", "personal adviser"],
    "PSW": ["principal social worker"],
    "CYPE": ["children, young people and education", "children young people and education"],
    "ASCH": ["adult social care and health", "adult social care & health"],
    "EHA": ["early help assessment"],
    "FTE": ["full time equivalent", "full-time equivalent", "FTEs"],
    # who wrote a report: papers name the author on its cover or last page, questions ask for "the officer behind it"
    "author": ["report author", "report authors", "author of report", "author of the report", "author",
              "authors", "contact officer", "contact officers", "officer presenting the report",
              "wrote the report", "officer behind"],
    "agency": ["agency staff", "agency social workers", "agency workers", "interim staff", "locum"],
    # a sum for one year: tables say "per annum", questions "a year", "annual cost" ("annual" alone is
    # mostly a name: "annual report", "Annual Governance Statement")
    "p.a.": ["per annum", "a year", "each year", "per year", "every year", "annually", "annual value",
             "annual cost", "annual contract value", "annual spend", "annual income", "annual saving",
             "annual savings", "annual payment", "annual fee"],
}


def _norm(text: str) -> str:
    return re.sub(r"[\s\-–]+", " ", text.lower().replace("’", "'"))


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern]]:
    out = []
    for concept, forms in CONCEPTS.items():
        variants = {concept, *forms}
        alts = []
        for v in sorted(variants, key=len, reverse=True):
            if v.isupper() or re.search(r"[A-Z]", v[1:]) or v in ("s17", "s47", "s20"):
                alts.append(r"(?-i:" + re.escape(v) + r"(?:s|'s|’s)?)")  # acronyms: their case, plurals
            else:
                alts.append(re.escape(_norm(v)).replace(r"\ ", r"[\s\-–]+"))
        out.append((concept, re.compile(r"(?<![\w/])(?:" + "|".join(alts) + r")(?![\w/])", re.I)))
    return out


def concepts_in(text: str) -> list[str]:
    """Canonical names of the glossary concepts a text mentions, in any of their forms."""
    return [c for c, pattern in _patterns() if pattern.search(text)]


def without_concepts(text: str) -> str:
    """The text with each glossary phrase blanked out: "unaccompanied asylum seeking children" and
    "UASC" then weigh the same in a question, as its one concept token."""
    for _, pattern in _patterns():
        text = pattern.sub(" ", text)
    return text


def concept_tokens(text: str) -> list[str]:
    return ["_c_" + c.lower() for c in concepts_in(text)]


def expand_query(query: str) -> str:
    """The query with each concept it names spelt out both ways, for the dense retriever."""
    extra = []
    for concept in concepts_in(query):
        forms = [concept] + [f for f in CONCEPTS[concept] if not f.isupper()][:2]
        missing = [f for f in forms if f.lower() not in query.lower()]
        if missing:
            extra.append(" / ".join(missing))
    return query if not extra else f"{query} ({'; '.join(extra)})"
