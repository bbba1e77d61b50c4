"""What users type: dates, filters, junk questions, and a bounded fuzz of the CLI and of /ask."""

from __future__ import annotations

import json
import random
import string
import subprocess
import sys

import pytest

from clerk.assistant.inputs import InputError, check_date, check_filters, content_words, is_question
from clerk.records import Source

from .conftest import ROOT, record


@pytest.mark.parametrize("value, expect", [
    ("2020", "2020"), ("2020-4", "2020-04"), ("2020-02-29", "2020-02-29"), (" 2023-04-01 ", "2023-04-01"), ("", None),
])
def test_dates_accepted(value, expect):
    assert check_date("From", value) == expect


@pytest.mark.parametrize("value, problem", [
    ("last year", "is not a date"), ("2020-13", "month 13"), ("2020-13-45", "month 13"),
    ("2020-02-30", "February 2020 has days 01 to 29"), ("2021-02-29", "days 01 to 28"), ("0000", "out of range"),
    ("2020/01/01", "is not a date"), ("20201", "is not a date"), ("2020-00", "month 0"),
])
def test_bad_dates_say_what_is_wrong_and_what_is_accepted(value, problem):
    with pytest.raises(InputError) as err:
        check_date("From", value)
    assert str(err.value).startswith("From:") and problem in str(err.value) and "YYYY-MM-DD" in str(err.value)


def test_from_after_to_and_unknown_kind_are_refused():
    with pytest.raises(InputError, match="after To"):
        check_filters(since="2022", until="2021-12")
    with pytest.raises(InputError, match="Kind"):
        check_filters(kind="spreadsheet")
    assert check_filters(since="2021-06", until="2021").since == "2021-06"  # a month within the year


@pytest.mark.parametrize("question, history, asks", [
    ("'; DROP TABLE documents; --", [], False),
    ('" OR 1=1 --', [], False),
    ("", [], False),
    ("   ?!  ", [], False),
    ("what is the", [], False),
    ("<script>alert(1)</script>", [], False),
    ("What do the papers say?", [], False),
    ("42", [], False),
    (" OR 1=1 --", ["What is the budget?"], False),
    ("'; DROP TABLE documents; --", ["What is the budget?"], False),
    ("what was it before?", ["What is our UASC quota?"], True),
    ("what was it before?", [], False),
    ("and in 2021?", ["What is the budget?"], True),
    ("What is our UASC quota?", [], True),
    ("and BCP?", ["What is the overspend?"], True),
    ("HR?", [], True),
    ("Quel est le budget?", [], True),
    ("What was the drop in attendance?", [], True),
])
def test_a_question_needs_a_content_word(question, history, asks):
    assert is_question(question, history) is asks, content_words(question)


def test_junk_question_gets_a_short_reply_without_searching(assistant):
    ans = assistant.answer("'; DROP TABLE documents; --")
    assert ans.status == "not a question" and not ans.citations and "ask" in ans.answer.lower()


HOSTILE = ["'; DROP TABLE documents; --", '" OR 1=1 --', "<script>alert(1)</script>", "../../etc/passwd",
           "%s%s%n", "{{7*7}}", "${jndi:ldap://x}", "\x00\x01\x02", "\u202e\u0645\u0631\u062d\u0628\u0627",
           "A" * 5000, "🙂" * 300, "-" * 3, "--db", "1e309", "-1", "9" * 30, "\\", "\r\n\t", "\udcff"]


def random_strings(rng: random.Random, n: int) -> list[str]:
    alphabet = string.printable + "£€—“”‘’éü🙂\u200b\u202e"
    return [rng.choice(HOSTILE) if rng.random() < 0.4 else
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(n)]


FLAGS = ["--since", "--until", "--kind", "--council", "--meeting", "--top", "--port", "--auth", "--llm-base-url",
         "--db", "--history"]


def test_fuzz_the_cli_flags_no_traceback(corpus_cfg, capsys, tmp_path, monkeypatch):
    """Random and hostile values for every flag, in process (fast): a usage error (exit 2) or an
    answer, never a traceback. Commands that would start a server or change the store are parsed only."""
    from clerk.cli import build_parser, main

    monkeypatch.chdir(tmp_path)  # a relative --db names a folder here, if anywhere
    rng = random.Random(14)
    cases, failed = 0, []
    for value in random_strings(rng, 150):
        flag = rng.choice(FLAGS)
        command = {"--port": "chat", "--auth": "chat"}.get(flag, rng.choice(["ask", "search"]))
        argv = [command] + (["What is our UASC quota?"] if command != "chat" else []) + [flag, value]
        if flag != "--db":
            argv += ["--db", str(corpus_cfg.db)]
        cases += 1
        try:
            if command == "chat":
                build_parser().parse_args(argv)
                code = 0
            else:
                code = main(argv)
        except SystemExit as exc:
            code = exc.code
        except Exception as exc:  # noqa: BLE001 - a traceback would reach the user
            failed.append(f"{argv!r}: {exc!r}")
            continue
        out = capsys.readouterr()
        if "Traceback" in out.out + out.err or code not in (0, 1, 2):
            failed.append(f"{argv!r}: exit {code!r}\n{out.err[-500:]}")
    record("cli fuzz", cases=cases, failures=len(failed))
    assert not failed, failed
    assert not list(tmp_path.iterdir())  # reading commands make no store where none was


@pytest.mark.integration
@pytest.mark.parametrize("argv", [
    ["ask", "What is our UASC quota?", "--since", "2020-13"],
    ["ask", "x", "--until", "2020-02-30"],
    ["search", "budget", "--top", "-5"],
    ["chat", "--port", "http"],
    ["sources", "--db", "/etc/hostname"],
    ["ingest", "/no/such/folder", "--db", "/tmp/clerk-fuzz-db"],
    ["ask", "What is our UASC quota?", "--db", "/no/such/store"],
])
def test_cli_errors_at_the_real_entry_point_have_no_traceback(argv):
    done = subprocess.run([sys.executable, "-m", "clerk.cli"] + argv, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode in (1, 2) and "Traceback" not in done.stderr + done.stdout
    assert (done.stderr + done.stdout).strip()


def test_fuzz_the_ask_api_no_traceback_no_hang(corpus_cfg, tmp_path):
    """Random and hostile strings in every /ask parameter through gradio_client: a JSON answer or a
    refusal with a message, never a traceback, every call returning."""
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    from clerk.assistant.app import launch

    from .test_app import free_port

    port = free_port()
    app = launch(corpus_cfg, port=port, corpus=tmp_path, block=False)
    client = Client(f"http://127.0.0.1:{port}/", verbose=False)
    rng = random.Random(41)
    params = ["question", "history", "council", "meeting", "kind", "since", "until"]
    cases = failures = refused = 0
    try:
        for value in random_strings(rng, 40):
            name = rng.choice(params)
            kwargs = {"question": "What is our UASC quota?", name: [value] if name == "history" else value}
            cases += 1
            try:
                answer = json.loads(client.predict(api_name="/ask", **kwargs))
                failures += not isinstance(answer.get("answer"), str)
            except AppError as exc:
                refused += 1
                failures += "Traceback" in str(exc) or not str(exc).strip()
    finally:
        app.close()
    record("ask api fuzz", cases=cases, refused=refused, failures=failures)
    assert failures == 0


@pytest.mark.parametrize("nearest, line", [
    (Source(title="evil", council="", date="", page=1), "- evil, p. 1"),
    (Source(title="evil", council="", date="", page=None), "- evil"),
    (Source(title="", file="upload.pdf", page=2), "- upload.pdf, p. 2"),
    (Source(title="Budget", council="Exampleshire Council", date="", page=3), "- Budget (Exampleshire Council), p. 3"),
    (Source(title="Budget", council="Exampleshire Council", date="2024-03-12", page=3),
     "- Budget (Exampleshire Council, 2024-03-12), p. 3"),
])
def test_nearest_papers_leave_out_what_a_paper_does_not_say(nearest, line):
    from clerk.assistant.answer import Answer

    ans = Answer(question="q", searched_question="q", answer="", found=False, citations=[], nearest=[nearest])
    assert ans.sources() == ("Nearest papers", [line])


@pytest.mark.integration
def test_an_upload_takes_council_and_date_from_its_content(tmp_path):
    """The app stores uploads in one folder and ingests them like any paper: what the text says
    about its council and date is kept, and a paper that says neither shows no blanks."""
    from clerk.assistant.answer import Assistant
    from clerk.ingest import Config, ingest_paths

    uploads = tmp_path / "corpus" / "uploads"
    uploads.mkdir(parents=True)
    (uploads / "report.txt").write_text("Exampleshire County Council\nCabinet\n12 March 2024\n\n1. Exampleshire "
                                        "County Council will resurface 40 roads in the Ashgrove ward this year.\n")
    (uploads / "evil.txt").write_text("Zebra crossing survey. The zebra crossing survey counted 77 crossings.\n")
    cfg = Config(db=tmp_path / "db")
    assert ingest_paths([uploads / "report.txt", uploads / "evil.txt"], cfg).ok
    assistant = Assistant(cfg)
    docs = {d["title"]: d for d in assistant.searcher.documents()}
    assert docs["report"]["council"] == "Exampleshire County Council" and docs["report"]["date"] == "2024-03-12"
    ans = assistant.answer("How many zebra crossings did the survey count?")
    assert "(, )" not in ans.markdown() and ", )" not in ans.markdown()
