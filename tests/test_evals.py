import json

import pytest

from clerk.evals.run import check, corpus_of, evaluate, load_questions, write
from clerk.evals.score import contains_fact, score
from clerk.ingest import Config

from .conftest import CORPUS, KENT, ROOT

GOLD = {"question": "What is our UASC quota?", "must_contain": ["0.10%", "128"], "sources": ["bucks.pdf"],
        "type": "number"}
QUOTE = "the Council was also now required to continue to receive referrals until it reached 0.10% of the child " \
        "(0-18) population (128 individuals for Buckinghamshire)"


def test_right_answer_scores_full_marks():
    s = score(GOLD, "It must take referrals until it reaches 0.10% of the child population (128 individuals) [1].",
              True, {1: QUOTE}, [{"file": "bucks.pdf"}])
    assert s.fact_recall == 1 and s.exact_all == 1 and s.hit1 == 1 and s.rr == 1
    assert s.citation_precision == 1 and s.citation_coverage == 1 and s.false_not_found == 0


def test_wrong_figure_loses_recall():
    s = score(GOLD, "The quota is 0.07% (128 individuals) [1].", True, {1: QUOTE}, [{"file": "x.pdf"}, {"file": "bucks.pdf"}])
    assert s.fact_recall == 0.5 and s.exact_all == 0 and s.hit1 == 0 and s.hit5 == 1 and s.rr == 0.5


def test_miscited_span_loses_precision():
    s = score(GOLD, "The quota is 0.10% of the child population, 128 individuals [1].", True,
              {1: "The Council's new 4 bedded Parent and Baby residential assessment resource had just opened."},
              [{"file": "bucks.pdf"}])
    assert s.fact_recall == 1 and s.citation_precision == 0


def test_list_heading_is_not_part_of_the_claim_it_heads():
    answer = "It must take referrals until it reaches 0.10% [1].\n\nThe papers also say:\n- Date: 16 April 2018 [2]"
    s = score(GOLD, answer, True, {1: QUOTE, 2: "Date: 16 April 2018"}, [{"file": "bucks.pdf"}])
    assert s.citation_precision == 1


def test_uncited_claim_lowers_coverage():
    s = score(GOLD, "The quota is 0.10% [1]. It is 128 children.", True, {1: QUOTE}, [{"file": "bucks.pdf"}])
    assert s.citation_coverage == 0.5


def test_not_found_is_scored_both_ways():
    unanswerable = {"question": "Pothole policy?", "must_contain": [], "sources": [], "type": "unanswerable"}
    assert score(unanswerable, "The papers don't answer this.", False, {}, []).not_found_ok == 1
    assert score(unanswerable, "Potholes are fixed in 28 days [1].", True, {1: "x"}, []).not_found_ok == 0
    assert score(GOLD, "The papers don't answer this.", False, {}, [{"file": "bucks.pdf"}]).false_not_found == 1


def test_figures_match_in_their_usual_spellings():
    assert contains_fact("£4.0 million", "an overspend of £4m")
    assert contains_fact("0.10%", "0.1 per cent of children")
    assert not contains_fact("£4.0 million", "£14.0 million")
    assert contains_fact("two of the Council's Children's Homes", "two of the Council’s Children’s Homes")


def test_a_question_file_with_one_id_twice_is_refused_by_name(tmp_path):
    f = tmp_path / "q.jsonl"
    f.write_text('{"id": "a", "question": "x"}\n{"id": "b", "question": "y"}\n{"id": "a", "question": "z"}\n')
    with pytest.raises(ValueError, match=r"q\.jsonl: question id 'a' is used twice"):
        load_questions(f)


def test_shipped_question_set_is_well_formed():
    questions = load_questions(ROOT / "evals" / "questions.jsonl")
    assert len(questions) >= 60
    types = {q["type"] for q in questions}
    assert types == {"fact", "number", "table", "list", "comparison", "multi-doc", "follow-up", "unanswerable"}
    files = {p.name for p in CORPUS.glob("*.pdf")}
    for q in questions:
        assert set(q["sources"]) <= files, q["id"]
        assert bool(q["sources"]) == bool(q["must_contain"]) == (q["type"] != "unanswerable"), q["id"]
        assert q["type"] != "follow-up" or q["history"], q["id"]
    assert 0.08 <= sum(q["type"] == "unanswerable" for q in questions) / len(questions) <= 0.15


def test_quality_gate_on_the_shipped_set(corpus_cfg, tmp_path):
    """CI's gate: Clerk on the shipped set, beside the llama-index baseline, against the recorded floors."""
    rows, result = evaluate(load_questions(ROOT / "evals" / "questions.jsonl"), CORPUS, corpus_cfg, baseline=True)
    write(rows, result, tmp_path)
    for name in ("report.md", "results.jsonl", "summary.json", "metrics.png"):
        assert (tmp_path / name).stat().st_size > 0
    thresholds = json.loads((ROOT / "evals" / "thresholds.json").read_text())
    problems = check(result, thresholds)
    assert not problems, "\n".join(problems) + "\n" + (tmp_path / "report.md").read_text()[:3000]
    clerk, base = result["clerk"]["overall"], result["baseline"]["overall"]
    assert clerk["hit5"] >= base["hit5"] and clerk["fact_recall"] > base["fact_recall"]


DEVELOPMENT = ("kent_questions", "questions", "dev_kinds_questions", "dev3_questions", "dev4_questions",
               "dev5_questions")

TESTS = ["test_questions.jsonl", "test2_questions.jsonl", "test3_questions.jsonl", "test4_questions.jsonl",
         "test5_questions.jsonl"]

# the development-by-kind set was written after the first test set over seven of its papers (other councils'):
# a known overlap, so the first test set is checked apart from the other development sets only
# (two of the third set's twelve unanswerable questions turned out to be answered by its papers, and were corrected)
# the fifth test set came when every paper was some set's already: it is apart by the facts it asks of each paper
@pytest.mark.parametrize("name, size, unanswerable, apart_from, by_facts", [
    ("test_questions.jsonl", 80, 12, [d for d in DEVELOPMENT if d != "dev_kinds_questions"], False),
    ("test2_questions.jsonl", 60, 12, DEVELOPMENT, False), ("test3_questions.jsonl", 60, 10, DEVELOPMENT, False),
    ("test4_questions.jsonl", 55, 12, DEVELOPMENT, False),
    ("test5_questions.jsonl", 55, 12, [*DEVELOPMENT, "dev6_questions"], True)])
def test_test_set_is_well_formed_and_apart_from_development(name, size, unanswerable, apart_from, by_facts):
    """A test set: written from the papers alone, over papers (or parts of papers) the development set does not use."""
    test = load_questions(ROOT / "evals" / name)
    dev = [q for f in apart_from for q in load_questions(ROOT / "evals" / f"{f}.jsonl")]
    assert len(test) >= size and sum(q["type"] == "unanswerable" for q in test) >= unanswerable
    if by_facts:  # no figure or name asked of a paper that a development question asks of it too
        asked = {(s, f.lower()) for q in dev for s in q["sources"] for f in q["must_contain"]}
        assert not {(s, f.lower()) for q in test for s in q["sources"] for f in q["must_contain"]} & asked
    else:
        assert not {s for q in test for s in q["sources"]} & {s for q in dev for s in q["sources"]}
    for q in test:
        assert bool(q["sources"]) == bool(q["must_contain"]) == (q["type"] != "unanswerable"), q["id"]
        assert q["type"] != "follow-up" or q["history"], q["id"]
    assert all(p.exists() for p in corpus_of(ROOT / "evals" / name)) or not KENT.is_dir()


@pytest.mark.parametrize("name", ["dev7_questions", "dev8_questions", "dev9_questions", "dev10_questions",
                                  "dev11_questions", "dev12_questions", "dev13_questions", "dev14_questions"])
def test_later_development_sets_ask_no_fact_a_test_set_asks(name):
    """The seventh to fourteenth development sets came when every paper was some test set's already: no figure or name
    it asks of a paper is one a test question asks of it."""
    dev = load_questions(ROOT / "evals" / f"{name}.jsonl")
    asked = {(s, f.lower()) for t in TESTS for q in load_questions(ROOT / "evals" / t)
             for s in q["sources"] for f in q["must_contain"]}
    assert not {(s, f.lower()) for q in dev for s in q["sources"] for f in q["must_contain"]} & asked
    assert len({q["id"] for q in dev}) == len(dev)


@pytest.mark.integration
def test_quality_gate_on_the_test_set(tmp_path):
    """CI's gate on questions nobody tuned on: the test set over its real papers, against its floors."""
    if not KENT.is_dir():
        pytest.skip("shared papers not present")
    questions = ROOT / "evals" / "test_questions.jsonl"
    cfg = Config(db=tmp_path / "db")
    rows, result = evaluate(load_questions(questions), corpus_of(questions), cfg)
    write(rows, result, tmp_path / "out")
    problems = check(result, json.loads((ROOT / "evals" / "test_thresholds.json").read_text()))
    assert not problems, "\n".join(problems) + "\n" + (tmp_path / "out" / "report.md").read_text()[:3000]


@pytest.mark.integration
def test_eval_names_missing_papers_instead_of_scoring_an_empty_store(tmp_path, capsys):
    from clerk.cli import main

    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps(GOLD | {"id": "x"}) + "\n")
    (tmp_path / "q.corpus").write_text("no-such-folder\n")
    assert main(["eval", str(questions), "--db", str(tmp_path / "db"), "--out", str(tmp_path / "out")]) == 2
    assert "no-such-folder" in capsys.readouterr().out
