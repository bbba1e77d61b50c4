"""What kind of answer a question asks for (a sum of money, a percentage, a count, a date, a person, a
grade such as Ofsted's "Good" or a RAG "Red", how a vote went), and whether a sentence gives one. A question about a
budget is not answered by a sentence whose only numbers are years, nor "how many" by one that only
repeats the question's own numbers."""

from __future__ import annotations

import re

from clerk.index.glossary import concept_tokens
from clerk.index.tokens import tokenize
from clerk.text import MONEY, MONTH_NAMES, NUMBER_ALONE, PERCENT, number_form

PRICE_WORDS = r"prices?|fees?|fines?|penalt(?:y|ies)|charges?|tariffs?"
MONEY_WORDS = (r"budgets?|costs?|costing|spend|spent|spending|overspends?|underspends?|funding|funded|savings?|"
               r"income|grants?|deficits?|surplus|worth|value|allocat\w*|expenditure|outturn|precept|"
               r"borrowing|debt|pay|salary|salaries|wage|award|"
               # sums of money by their local-government names
               # (a tax base counts homes; a programme's schemes are a list)
               r"council tax(?! base)|capital programmes?(?! schemes?| projects?)|business rates|"
               r"(?:budget|tax|funding) requirements?")
# a reserve is most often a sum, yet a mineral reserve is in tonnes: "how much reserve" takes a quantity too
MONEY_WORDS_TOO = rf"{MONEY_WORDS}|reserves?"


# more words that make "how much" a sum of money
MONEY_TOO = r"money|cash|revenue|rents?|levy|levies|tax|taxes|fund\w*|invest\w*|paid|raised?|received?|generated?|cost\w*"
# words after "how much" that start no noun: what follows them is the thing measured, or a verb
HOW_MUCH_NOT = (r"(?:is|was|are|were|will|would|did|does|do|has|have|had|can|could|should|may|might|must|of|in|for|to|"
                r"per|more|less|the|a|an|it|this|that|they|we|you|he|she|each|every)")


def _what(words: str) -> re.Pattern:
    """"What was the placement overspend", "which budget pressure": the words name the head of what is asked."""
    return re.compile(rf"^\s*(what|which)\s+(?:(?:is|was|were|are|will be|would be|has been)\s+)?"
                      rf"(?:(?:the|our|its|their)\s+)?(?:[\w'’-]+\s+){{0,3}}?({words})\b", re.I)


KINDS = [  # first match wins: (question pattern, kinds of answer)
    # an office held or an act done by a member: a committee is chaired by someone, not by a body
    (re.compile(r"^\s*(and\s+)?who(?:\s+|['’]s\s+)(chairs|chaired|proposed|seconded|called in|was elected|won|wrote|"
                r"((is|was)\s+)?the (chair|chairman|vice[- ]chair\w*|leader|deputy leader|chief executive|mayor|"
                r"cabinet member|portfolio holder|mp|officer|author|lead officer|contact officer)\b)", re.I), {"name"}),
    (re.compile(r"^\s*(and\s+)?who\b", re.I), {"person"}),
    # a body that does or won something: "which contractor was awarded ...", "what company will install ..."
    (re.compile(r"^\s*(and\s+)?(which|what)\s+(?:[\w'’-]+\s+){0,2}?(compan(?:y|ies)|contractors?|organi[sz]ations?|"
                r"providers?|suppliers?|firms?|consultanc(?:y|ies)|consultants|charit(?:y|ies)|operators?|developers?)\b",
                re.I), {"organisation"}),
    # a time of day is asked as a date is: "what time did the meeting close?"
    (re.compile(r"^\s*(when|by when|what date|which date|what year|which year|(?:at )?what time)\b", re.I), {"date"}),
    # how a vote went: its counts or its result ("For (16)", "carried by 30 votes to 20", "lost")
    # ("how many voted for" asks for a count, below)
    # ("was the opposition's amendment carried?", "and was it agreed?")
    (re.compile(r"^(?!.*\bhow many\b).*\b(vot(?:e[sd]?|ing)|"
                r"(?:was|were) (?:it|they|the [\w'’ ]{1,60}?) (?:carried|passed|lost|defeated)|(?:was|were) (?:it|they) "
                r"(?:agreed|accepted|adopted|approved))\b|^\s*(?:and\s+)?(?:was|were) [\w'’ ,-]{1,120}? "
                r"(?:carried|passed|lost|defeated)\b|"
                # a motion or an amendment is agreed or rejected by a vote: "was the Green amendment agreed?"
                r"^\s*(?:and\s+)?(?:was|were) [\w'’ ,-]{0,120}?\b(?:motion|amendment)s?\b[\w'’ ,-]{0,120}? "
                r"(?:agreed|accepted|adopted|approved|rejected)\b", re.I), {"vote"}),
    (re.compile(r"\b(what|which) (percentage|proportion|share)\b|\bper ?cent\b|%", re.I), {"percent"}),
    (re.compile(r"\bhow many\b|\bnumber of\b|\bwhat number\b", re.I), {"count", "percent"}),
    # an inspection grade or a RAG status: "what is the Ofsted rating", "which KPIs are rated red"
    (re.compile(r"\b(ratings?|rated|grades?|graded|judgements?|judged)\b", re.I), {"rating"}),
    # "how much notice", "how much waste": a quantity that is not money, when no word of the question is about money
    (re.compile(rf"^(?!.*(?:£|\b(?:{PRICE_WORDS}|{MONEY_WORDS_TOO}|{MONEY_TOO})\b)).*\bhow much\s+(?!{HOW_MUCH_NOT}\b)[a-z]",
                re.I), {"money", "percent", "count", "measure"}),
    # a sum of money, by the words around "how much"
    (re.compile(rf"^(?=.*\bhow much\b).*(?:£|\b(?:{PRICE_WORDS}|{MONEY_WORDS}|{MONEY_TOO})\b)", re.I), {"money", "percent"}),
    # "how much reserve is left?", "by how much can its throughput rise?": a sum, or a quantity in its unit
    (re.compile(r"\bhow much\b", re.I), {"money", "percent", "measure"}),
    (re.compile(r"\bhow (long|often)\b", re.I), {"count", "date"}),  # a duration or a frequency
    # a caseload or a headcount is a count, whatever the words before it: "what was the council tax support working-age
    # caseload?" asks for cases, not a sum, though it names a tax (words of a phrase, not "the cost of the caseload")
    (re.compile(r"^\s*(?:and\s+)?(?:what|which)\s+(?:(?:is|was|were|are|will be|would be|has been)\s+)?"
                r"(?:(?!(?:of|on|for|in|per)\b)[\w'’-]+\s+){0,6}?(?:caseloads?|headcounts?)\b", re.I), {"count"}),
    # a rate, a ratio, a target, a size: any figure but a year
    (re.compile(r"\b(rate|ratio|quota|target|multiple|figure|total|level|amount|increase|reduction|cap|limit|"
                r"size|population|capacity|threshold)s?\b|"
                # a minimum or maximum asked for ("what minimum is ...", "the maximum allowed"), not one naming a
                # thing ("Minimum Revenue Provision")
                r"\b(?:minimum|maximum)\b(?=\s+(?:is|was|are|were|of|for|allowed|required|needed)\b|\s*\?)|"
                r"\bwhat (?:minimum|maximum)\b|"
                # "what's the smallest reserve allowed?": the least or most of something is a figure
                r"^\s*what(?:'s|’s| is| was| are| were)? the (?:smallest|largest|biggest|lowest|highest|minimum|"
                r"maximum|least|most)\b", re.I), {"money", "percent", "count"}),
    (_what(PRICE_WORDS), {"money"}),  # a price or a fine is a sum of money, never a percentage
    # what a thing costs or a body charges, asked with the verb: "what will the new crossing cost?", "what did the
    # charity charge the council for the session?", "what did the council pay for the land?"
    (re.compile(r"^\s*(?:and\s+)?what\s+(?:will|would|does|do|did|could|might|is\b.{1,40}?\bto|are\b.{1,40}?\bto)\b"
                r".*(?<!the )(?<!a )(?<!this )(?<!its )(?<!their )\b(?:cost|charged?|pay)\b"
                r"(?!\s+(?:of|centre|center|code|policy|award)\b)", re.I), {"money"}),
    (_what(MONEY_WORDS_TOO), {"money", "percent"}),  # a budget or a saving may be given as a share
    # ... and in the past, with no "did": "compare what Hillbrook and Westvale paid their auditors"
    (re.compile(r"\bwhat\s+(?:[\w'’&,-]+\s+){1,10}?(?:paid|charged)\b", re.I),
     {"money"}),
]
NUMBER_WORDS = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                          r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
                          r"eighty|ninety|hundred|dozen|several|half)\b", re.I)
# "2000+ care leavers" is a count, not a year
YEARISH = re.compile(r"\b(19|20)\d\d(?:\s?[-/–]\s?(?:19|20)?\d\d)?\b(?!\+)")
NUMBER = NUMBER_ALONE
# a paragraph or resolution number ("3.4 ", "6) ", "(3) ", "2. ", "4.4.4.5iii) ") is not a count;
# a leading "12 sites" is
PARAGRAPH = re.compile(r"^\s*(?:[•\-]\s*)?(?:\(\d+\)|\d+(?:\.\d+)+\.?|\d+[.)]|\d+(?:\.\d+)*[a-z]{1,4}\))\s")
# a number that names a part of a paper or a rule ("Appendix 2", "paragraph 4.3", "Regulation 30", "Option 1")
# is not a count, nor does one that labels a period or a stage ("Quarter 2", "Phase 3", "Year 4 of the plan", "Q3")
# ("Questions 6, 7 & 8 - A Smith": a public forum's numbered questions, each number a label)
REFERENCE = re.compile(r"\b(?:Appendix|Annexe?|Section|Paragraph|Para|Table|Figure|Chart|Item|Regulation|Rule|"
                       r"Schedule|Chapter|Part|Page|Article|Clause|Recommendation|Option|Decision|Minute|No\.?|"
                       r"Quarter|Phase|Stage|Tranche|Wave|Round|Year|Questions?)"
                       r"\s+\(?\d[\d./]*(?:\([a-z0-9]+\))*(?:(?:,\s*|\s*&\s*|\s+and\s+)\d{1,2}\b(?![,.]\d))*|\bQ[1-4]\b",
                       re.I)
MONEY_TABLE = re.compile(r"£\s?'?0{3}\b|£\s?'?000s\b|£m\b|\(£m\)|£ million", re.I)
# a table cell under a money heading ("Budget = 524.7", "Forecast spend = 12.1"): a sum of money whose
# unit (£m, £000s) the table states once, above its columns
MONEY_CELL = re.compile(rf"(?:£|\b(?:{MONEY_WORDS_TOO}|forecasts?|variances?)\b)[^=;:]{{0,40}}=\s*[-–(]?\d", re.I)
NAME = r"[A-Z][a-z]+(?:[ -][A-Z][a-z'’-]+)+"
NAMED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Cllrs?|Councillors?|Messrs|Sir|Dame|Lord|Lady|Professor)\.? [A-Z]|"
                   # a role and then a name: "Planning Inspector Carol White", "Proposer: Alan Smith",
                   # "Corporate Director Diane Green"; a name and then a role: "Erin Black (Chair)"
                   r"\b(Inspector|Proposer|Seconder|Chairman|Chair|Proposed by|Seconded by|Chaired by|Director|Manager|"
                   rf"Leader|Cabinet Member|Officer|Commissioner)\b:?\s+{NAME}|"
                   # a report's author as its cover or last page gives it: "Author of report - Cara Dale, Engineer"
                   rf"\b(?:[Aa]uthor of (?:the )?[Rr]eport|Report [Aa]uthor|Contact [Oo]fficer)\s*[:\-–]?\s+{NAME}|"
                   rf"{NAME} \((?:Vice[- ])?(?:Chair|Chairman|Chairwoman|Leader|Cabinet Member)\)")
# how minutes record a vote: its counts ("For (16)", "Against: 41", "30 votes to 20") or its result
TALLY = r"\b(?:For|Against|Abstain(?:ed|ing)?|Abstentions?)\s*[(:\-–]\s*\d+|\b\d+ votes?\b"  # a vote's counts
VOTED = re.compile(rf"{TALLY}|"
                   r"\b(?:carried(?! (?:forward|over|out|through))|lost|defeated|fell|unanimous(?:ly)?|voted (?:for|against))\b",
                   re.I)
# a body's name: two or more capitalised words ("Forward Trust", "Balfour Beatty"), or one before a word
# that makes it a body ("Amey plc", "Acme Ltd")
# that makes it a body ("Amey plc", "Acme Ltd"); a sentence's opening word ("The Council") is no part of one
ORGANISATION = re.compile(r"\b(?!(?:The|This|That|These|Those|A|An|In|For|On|At|As|By|To|It|Its|Our|We|If|When|"
                          r"Where|Following|Under|All|Each|Both)\b)[A-Z][\w&'’-]*(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][\w&'’-]*)+|"
                          r"\b[A-Z][\w&'’-]+\s+(?:Ltd|Limited|plc|PLC|LLP|CIC|Trust|Group|Partnership)\b")
# a quantity in a unit of measure ("1.58Mt", "107,000 tpa", "12 hectares", "3.5 miles"): how much there is of a
# thing, which "how much" asks as often as a sum. Not "m" alone, which is most often millions
MEASURE = re.compile(r"(?<![\w.£])(\d[\d,]*(?:\.\d+)?)\s?(?:Mt|kt|tonnes?|tons|tpa|mtpa|kWh|MWh|GWh|kW|MW|GW|ha|"
                     r"hectares?|acres?|km|kilometres?|miles?|metres?|m2|m²|sq\.? ?m|litres?|tCO2e?)(?!\w)", re.I)
ROLE = re.compile(r"\b(Director|Chief Executive|Leader|Cabinet Member|Chairman|Chair|Officer|Head) of\b")
GRADE = re.compile(r"\b(Outstanding|Good|Requires Improvement|Inadequate|Red|Amber|Green)\b|"
                   r"\b(outstanding|requires improvement|inadequate)\b")
MONTHS = re.compile(r"\b(" + "|".join(MONTH_NAMES) + r")\b")
CLOCK = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s?[ap]\.?m\b\.?", re.I)  # "7.30 pm", "8.41pm", "10am": a time of day
# a day of a month ("6th January", "January 30") is a date, not a count
DAY_OF_MONTH = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + "|".join(MONTH_NAMES) + r")\b|"
                          r"\b(?:" + "|".join(MONTH_NAMES) + r")\s+\d{1,2}(?:st|nd|rd|th)?\b(?![,.]?\d)")


QUESTION_WORD = re.compile(r"\b(who|when|what|which|how)\b", re.I)
# "When working up options, what ...", "When the hub closes, which ...": a clause setting the scene, not a question
# about time; "when" asks only when a verb follows it at once ("when was", "when will")
CLAUSE = re.compile(r"\b(?:when|where|while|once|if)\s+(?!(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|"
                    r"should|shall|must|might|may)\b)\w", re.I)


def asking_at(text: str) -> int:
    """Where what is asked starts: at its first question word that does not open a clause; -1 if none."""
    for m in QUESTION_WORD.finditer(text):
        if not CLAUSE.match(text, m.start()):
            return m.start()
    return -1


# "what was the result?" of a question about a motion asks how its vote went; so does what happened to it
RESULT_ASKED = re.compile(r"\b(result|outcome)\b|\bwhat (?:happened|became) (?:to|of|with)\b", re.I)
MOTION = re.compile(r"\b(motions?|amendments?|proposals? put|recommendations? put)\b", re.I)


def wanted(question: str, whole: str = "") -> set[str]:
    """The kinds of figure that answer the question (a part of `whole`, the question asked); empty when
    it asks for none in particular."""
    if RESULT_ASKED.search(question) and MOTION.search(whole or question):
        return {"vote"}
    # "Under decision 24/001, when ...", "At the March meeting, who ...": what is asked starts at its question word
    asking = asking_at(question)
    for text in (question[asking:],) if asking > 0 and CLAUSE.match(question) else \
            (question, question[asking:]) if asking > 0 else (question,):
        for pattern, kinds in KINDS:
            if pattern.search(text):
                return kinds
    return set()


def given(text: str, question: str = "") -> set[str]:
    """The kinds of figure a text gives, leaving out numbers the question itself contains,
    paragraph numbering, and years (which answer only "when")."""
    named = bool(NAMED.search(text))
    kinds = {"person", "name"} if named else {"person"} if ROLE.search(text) else set()
    if GRADE.search(text):
        kinds.add("rating")
    if VOTED.search(text):
        kinds.add("vote")
    # a name the question does not already give: "the design and build contract for the Link Road has been
    # signed" names the road asked about, not who won it
    asked_words = set(tokenize(question))
    if any(set(tokenize(m.group())) - asked_words for m in ORGANISATION.finditer(text)):
        kinds.add("organisation")
    if MONTHS.search(text) or YEARISH.search(text) or CLOCK.search(text):
        kinds.add("date")
    asked = {number_form(n) for n in NUMBER.findall(question)}
    if MONEY_TABLE.search(text):  # a table row "2018/19 £'000 = 90": its numbers are sums of money
        return kinds | {"money"}
    if MONEY_CELL.search(text) or any(number_form(m.group(1)) not in asked for m in MONEY.finditer(text)):
        kinds.add("money")
    if any(number_form(m.group(1)) not in asked for m in PERCENT.finditer(text)):
        kinds.add("percent")
    if any(number_form(m.group(1)) not in asked for m in MEASURE.finditer(text)):
        kinds.add("measure")
    rest = DAY_OF_MONTH.sub(" ", YEARISH.sub(" ", PARAGRAPH.sub(" ", REFERENCE.sub(" ", MONEY.sub(" ", PERCENT.sub(" ", text))))))
    if any(number_form(n) not in asked for n in NUMBER.findall(rest)) or NUMBER_WORDS.search(text):
        kinds.add("count")
    return kinds


# what "how many ..." counts: the words after it up to the verb or preposition that ends the noun ("how many
# councillors voted for ..." counts councillors, "the number of pupils in ..." pupils)
COUNTED = re.compile(r"\b(?:how many|(?:the )?number of|what number of)\s+((?:[\w'’-]+\s*){1,4})", re.I)
NOUN_ENDS = {"were", "was", "are", "is", "be", "been", "did", "does", "do", "have", "has", "had", "will", "would", "can",
             "could", "should", "may", "might", "must", "in", "of", "on", "at", "for", "by", "from", "with", "since",
             "during", "under", "across", "per", "each", "a", "an", "the", "there", "that", "who", "which", "to",
             "and", "or", "than", "between", "within", "so", "over", "into", "after", "before"}


# words for the same thing counted, so "how many people" is answered by "200 individuals" and "how many homes"
# by "60 apartments" (a glossary of what council papers count)
COUNTED_AS = [
    {"people", "individuals", "persons", "residents"},
    {"homes", "houses", "dwellings", "properties", "apartments", "flats", "bungalows", "units"},
    {"staff", "employees", "posts", "workers", "FTE", "headcount"},
    {"members", "councillors", "seats"},
    {"pupils", "students", "learners"},
    {"employers", "businesses", "workplaces", "firms", "companies", "organisations"},
]


PLURAL = re.compile(r"[\w'’-]*[^siu\W's]s|people|children|staff|men|women|police", re.I)


def _head(noun: str) -> str:
    """What a counted noun counts: its head, the last of its first run of plurals, not the words that qualify it or
    a clause after it: "how many e-scooter rides" is not answered by "1,300 e-scooters", "armed forces veterans"
    counts veterans, "people took part" people, "residents the council cites" residents. With no plural to tell the head
    by ("how many UASC"), every word."""
    words = noun.split()
    first = next((n for n, w in enumerate(words) if PLURAL.fullmatch(w)), None)
    if first is None:
        return noun
    last = first
    while last + 1 < len(words) and PLURAL.fullmatch(words[last + 1]):
        last += 1
    return words[last]


def counted_keys(question: str) -> set[str]:
    """The tokens of what a count question counts, with the other words for it; empty when it asks no count."""
    noun = counted(question)
    # a figure with its unit names the kind of thing counted ("30mph roads"), as a glossary phrase names one thing
    measures = " ".join(w for w in noun.split() if re.search(r"\d", w))
    keys = set(tokenize(f"{_head(noun)} {measures}")) | set(concept_tokens(noun))
    # "how many statements and questions came in?" counts both: a plural after "and" is a second thing counted
    m = re.search(rf"\b{re.escape(noun)}\s+and\s+([\w'’-]+)", question) if noun else None
    if m and PLURAL.fullmatch(m.group(1)) and m.group(1).lower() not in NOUN_ENDS:
        keys |= set(tokenize(m.group(1)))
    for words in COUNTED_AS:
        same = {t for w in words for t in tokenize(w)}
        if keys & same:
            keys |= same
    return keys


def counted(question: str) -> str:
    """The thing a count question counts ("councillors" in "how many councillors voted for ..."); "" when the
    question asks no count or its noun cannot be told (a verb or a preposition straight after "how many")."""
    # an abbreviation or aside in brackets is not the noun's end: "how many special school (SEND) places" counts places
    m = COUNTED.search(re.sub(r"\s*\([^()]{1,40}\)", "", question))
    if not m:
        return ""
    words: list[str] = []
    found = re.findall(r"[\w'’-]+", m.group(1))
    for n, word in enumerate(found):
        # "of" inside a name goes on: "how many Isle of Hillbrook children" counts children
        in_name = word == "of" and words and words[-1][:1].isupper() and found[n + 1:n + 2] and found[n + 1][:1].isupper()
        # a verb ends the noun: "how many people registered ...", "how many councillors voted ..."
        if not in_name and (word.lower() in NOUN_ENDS or (words and len(word) > 4 and word.lower().endswith("ed"))):
            break
        words.append(word)
    return " ".join(words)


# what a list question asks for, after its question word: "what challenges did the report list?", "which of the
# sites ...", "what were the key deliverables ...?"
LISTED = re.compile(r"\b(?:what|which)\s+(?:(?:are|were|was|is)\s+)?(?:(?:the|its|their|his|her|our)\s+)?"
                    r"((?:[\w'’-]+\s*){1,4})", re.I)


def listed(question: str) -> str:
    """The head of what a list question asks for ("challenges" in "what challenges did the report list?"), which a
    list names in its lead-in ("Challenges:"); "" when no plural follows the question word ("what did they agree?")."""
    m = LISTED.search(question)
    if not m:
        return ""
    words: list[str] = []
    for word in re.findall(r"[\w'’-]+", m.group(1)):
        if word.lower() in NOUN_ENDS or (words and len(word) > 4 and word.lower().endswith("ed")):
            break
        words.append(word)
    head = _head(" ".join(words))
    return head if PLURAL.fullmatch(head) and head.lower() not in NOUN_ENDS else ""


RATE = re.compile(r"\b(rates?|ratios?|quotas?|proportions?|shares?|percentages?)\b", re.I)


def prefers_percent(question: str) -> bool:
    """A rate, a quota, a share: most often a percentage, though a count can answer it."""
    return bool(RATE.search(question))


NAMED_KINDS = {"vote", "organisation"}  # asked for without a figure, yet only a line giving one answers


def figure_wanted(kinds: set[str]) -> bool:
    """Whether an answer must give one of these kinds: a figure or a name must; for "who" a person
    is only preferred (a body such as "the DfE" can answer "who attends")."""
    return bool(kinds - {"person"})


def figure_spans(text: str, question: str = "") -> list[tuple[int, int]]:
    """Where a text gives a sum, a percentage or a count: not the question's own numbers, years or
    paragraph numbering."""
    asked = {number_form(n) for n in NUMBER.findall(question)}
    spans = [m.span() for m in (*MONEY.finditer(text), *PERCENT.finditer(text))
             if number_form(m.group(1)) not in asked]
    skip = [m.span() for m in (*MONEY.finditer(text), *PERCENT.finditer(text), *YEARISH.finditer(text),
                               *REFERENCE.finditer(text), *DAY_OF_MONTH.finditer(text))]
    numbering = PARAGRAPH.match(text)
    if numbering:
        skip.append(numbering.span())
    for m in NUMBER.finditer(text):
        if number_form(m.group()) not in asked and not any(a <= m.start() < b for a, b in skip):
            spans.append(m.span())
    return sorted(spans)


ROW_LABEL = re.compile(r"^([^:=;\n]{2,80}):\s")


# a count in words ("at least two firms"); "one" is most often a pronoun, but not before a length of time ("one year")
SPELLED = re.compile(NUMBER_WORDS.pattern.replace("one|", "") + r"|\bone(?=[\s-]+(?:years?|months?|weeks?|days?)\b)", re.I)
# "how long ...?" is answered by a length of time, most often in words: "a twelve month trial", "one year from opening"
HOW_LONG = re.compile(r"\bhow long\b", re.I)


# a sum of money asked for by its name: "how much did the scheme cost?", "what is the grant?"
MONEY_ASKED = re.compile(rf"£|\b(?:{PRICE_WORDS}|{MONEY_WORDS_TOO}|{MONEY_TOO})\b", re.I)


def asks_money(part: str, kinds: set[str]) -> bool:
    """Whether a part asks for a sum of money by name (a cost, a grant, a levy), so only a sum or a figure
    said of money answers it."""
    return "money" in kinds and bool(MONEY_ASKED.search(part))


def about(text: str, question: str, keys: set[str], window: int = 6, spelled: bool = False, lead_in: str = "",
          money: bool = False) -> bool:
    """Whether a figure the text gives stands within a few words of one of the question's keywords:
    "2,016 care leavers" answers "how many care leavers", "aged 25" in the same sentence does not. With
    `spelled`, a count in words is a figure too ("tenders from at least two firms"). A list item's `lead_in` says
    what its figures count: "Nine are rated Red" under "Of the 38 KPIs, the RAG status are as follows:". With
    `money` (the question asks for a sum), a percentage or a count must be said of money ("a saving of 5%"):
    "patronage grew by 13%" beside the scheme asked about is not what it cost."""
    # a table row as read ("Youth workers: FTEs at 1st April 2018 = 18.3; Headcount = 35"): its label is what
    # each of its cells counts, however far along the row the cell stands
    row = ROW_LABEL.match(text)
    row_label = row.group(1) if row and " = " in text[row.end():] else ""
    label = " ".join(filter(None, (row_label, lead_in)))
    # a table whose unit is pounds ("£'000", "Budget = 524.7") gives sums though its cells have no £
    sums = money and bool(MONEY_TABLE.search(text) or MONEY_CELL.search(text))
    spans = figure_spans(text, question) + ([m.span() for m in SPELLED.finditer(text)] if spelled else [])
    for start, end in spans:
        # within the figure's own clause: "£9m on roads; the overspend ..." is not about the overspend
        before = re.split(r";\s", text[:start])[-1].split()[-window:]
        after = re.split(r";\s", text[end:])[0].split()[:window]
        near = " ".join(before + after + [label if start >= len(row_label) else lead_in])
        if money and not sums and not MONEY.match(text, start) and not MONEY_ASKED.search(near):
            continue
        # a glossary term counts in either form: "UASC" in the question, "unaccompanied ... children" beside the figure
        if keys & (set(tokenize(near)) | set(concept_tokens(near))):
            return True
    return False


def answers_kind(text: str, question: str, kinds: set[str]) -> bool:
    return not kinds or bool(kinds & given(text, question))
