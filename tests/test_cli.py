"""The `clerk` command in process: main(argv) with its output captured, as a user sees it. The usage and
empty-store cases need no store; the reading commands run over the sample corpus store (integration)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from clerk.cli import COMMANDS, build_parser, main


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse: --help (0) and usage errors (2)
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command, capsys):
    code, out, _ = run([command, "--help"], capsys)
    assert code == 0 and out.startswith(f"usage: clerk {command}")


@pytest.mark.parametrize("argv, flag, says", [
    (["ask", "What is the budget?", "--since", "2020-13"], "--since", "month"),
    (["ask", "What is the budget?", "--until", "2021-02-30"], "--until", "February"),
    (["search", "budget", "--top", "0"], "--top", "whole number from 1 to 100"),
    (["search", "budget", "--kind", "memo"], "--kind", "invalid choice"),
    (["chat", "--port", "http"], "--port", "whole number"),
    (["chat", "--auth", "nopassword"], "--auth", "user:password"),
    (["ask", "What is the budget?", "--llm-base-url", "ftp://host"], "--llm-base-url", "http://"),
])
def test_a_flag_clerk_cannot_use_is_a_usage_error_naming_it(argv, flag, says, capsys, tmp_path):
    code, out, err = run(argv + ["--db", str(tmp_path)], capsys)
    assert code == 2 and flag in err and says in err, err
    assert "Traceback" not in out + err


def test_a_folder_flag_naming_a_file_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("x")
    code, _, err = run(["sources", "--db", str(tmp_path / "notes.txt")], capsys)
    assert code == 2 and "is a file, not a folder" in err


@pytest.mark.parametrize("command", [["ask", "What is the budget?"], ["search", "budget"]])
def test_reading_an_empty_store_says_how_to_fill_it_and_makes_none(command, tmp_path, capsys):
    db = tmp_path / "nothing-here"
    code, _, err = run(command + ["--db", str(db)], capsys)
    assert code == 1 and "no papers indexed" in err and "clerk ingest PATH" in err
    assert not db.exists()


def test_sources_of_an_empty_store(tmp_path, capsys):
    code, out, _ = run(["sources", "--db", str(tmp_path / "db")], capsys)
    assert code == 0 and "No papers in" in out
    code, out, _ = run(["sources", "--json", "--db", str(tmp_path / "db")], capsys)
    assert code == 0 and json.loads(out) == []


def test_the_parser_knows_every_command():
    assert set(build_parser()._subparsers._group_actions[0].choices) == set(COMMANDS)


# --- over the sample corpus store (real Chroma and model) ---------------------------------------------------


def test_sources_lists_every_paper(corpus_cfg, capsys):
    code, out, _ = run(["sources", "--json", "--db", str(corpus_cfg.db)], capsys)
    docs = json.loads(out)
    assert code == 0 and docs and all(d["chunks"] > 0 and d["files"] for d in docs)


def test_search_prints_ranked_passages_with_their_paper_and_page(corpus_cfg, capsys):
    code, out, _ = run(["search", "UASC quota", "--top", "3", "--json", "--db", str(corpus_cfg.db)], capsys)
    passages = json.loads(out)
    assert code == 0 and [p["rank"] for p in passages] == [1, 2, 3]
    assert all(p["file"] and p["text"] for p in passages)


def test_ask_prints_an_answer_with_its_citations(corpus_cfg, capsys):
    code, out, _ = run(["ask", "What is our UASC quota?", "--db", str(corpus_cfg.db)], capsys)
    assert code == 0 and "0.10%" in out and "[1]" in out


def test_a_filter_no_paper_matches_says_so(corpus_cfg, capsys):
    code, out, _ = run(["search", "budget", "--council", "Nowhereshire", "--db", str(corpus_cfg.db)], capsys)
    assert code == 1 and "Nowhereshire" in out


def test_every_kind_of_answer_is_documented_for_ask_json():
    from typing import get_args

    from clerk.assistant.answer import AnswerStatus

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    documented = readme.split("`status` (", 1)[1].split(")", 1)[0]
    assert {k for k in get_args(AnswerStatus)} == set(re.findall(r"`([a-z ]+)`", documented))


@pytest.mark.integration
def test_ingest_leaves_the_keyword_index_caught_up(tmp_path, capsys):
    """The next question, often a fresh process, then neither rebuilds the index nor imports bm25s."""
    from clerk.ingest.catalog import Catalog

    paper = sorted((Path(__file__).resolve().parent.parent / "corpus").iterdir())[0]
    code, out, _ = run(["ingest", str(paper), "--db", str(tmp_path), "--quiet"], capsys)
    assert code == 0 and "1 added" in out
    state = json.loads((tmp_path / "keyword" / "state.json").read_text())
    catalog = Catalog(tmp_path)
    assert state["generation"] == catalog.generation() and state["ids"]
    catalog.close()


@pytest.mark.parametrize("argv", [["search", "UASC quota"], ["ask", "What is our UASC quota?"],
                                  ["ingest", str(Path(__file__).resolve().parent.parent / "corpus")]])
def test_a_store_of_another_embedding_model_is_refused_naming_both(argv, corpus_cfg, capsys, monkeypatch):
    from clerk.ingest.embed import DEFAULT_MODEL, MODELS

    other = next((n for n in MODELS if n != DEFAULT_MODEL), None)
    if other is None:
        pytest.skip("one embedding model only")
    monkeypatch.setenv("CLERK_EMBED_MODEL", other)
    code, _, err = run([*argv, "--db", str(corpus_cfg.db)], capsys)
    assert code == 1 and "Traceback" not in err
    assert f"the store in {corpus_cfg.db} holds vectors made by the embedding model {DEFAULT_MODEL}" in err
    assert f"embeds with {other}" in err
