"""End to end in a real headless Chromium (Debian's package) driven by Playwright."""

import json
import re
import shutil
import socket
from pathlib import Path

import pytest

from ingest import Config, ingest_paths

from .conftest import CORPUS, ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTEFACTS = ROOT / "test-artefacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    from assistant.app import launch

    root = tmp_path_factory.mktemp("app")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    cfg = Config(db=root / "db")
    ingest_paths([corpus], cfg)
    port = free_port()
    app = launch(cfg, port=port, corpus=corpus, block=False)
    yield f"http://127.0.0.1:{port}", root
    app.close()


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    ARTEFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.goto(app_url[0])
        yield pg
        browser.close()


DONE_JS = ("[...document.querySelectorAll('.message')].filter(m => m.innerText.includes('References') "
           "|| m.innerText.includes('Nearest papers')).length")


def ask(page, question: str) -> str:
    """Ask, wait until a new finished answer (with references, or nearest papers) arrives, return it."""
    before = page.evaluate(DONE_JS)
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.wait_for_function(f"n => {DONE_JS} > n", arg=before, timeout=90_000)
    return page.locator(".message").last.inner_text()


def test_ask_and_read_a_cited_passage(page):
    body = ask(page, "What was the social worker vacancy rate in Torbay?")
    assert "46%" in body and "[1]" in body
    page.screenshot(path=str(ARTEFACTS / "1-answer.png"))
    page.locator("#references label").first.click()
    mark = page.locator("#source-panel mark")
    mark.wait_for(timeout=20_000)
    assert "46%" in mark.inner_text()
    assert "#page=3" in page.locator("#source-panel a").get_attribute("href")
    page.screenshot(path=str(ARTEFACTS / "2-source.png"))


def test_upload_a_paper_and_ask_about_it_and_payload_is_inert(page, app_url, tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "Lambeth fostering report.pdf"
    c = canvas.Canvas(str(pdf), pagesize=A4)
    c.drawString(72, 720, "Lambeth Council fostering allowances report.")
    c.drawString(72, 700, "The weekly fostering allowance for a teenager is £312.50 from April 2025.")
    c.save()
    evil = tmp_path / "evil.txt"
    evil.write_text("Zebra crossing survey. <img src=x onerror=\"window.__xss=1\"><script>window.__xss=1</script> "
                    "The zebra crossing survey counted 77 crossings.\n")
    page.get_by_role("tab", name="Papers").click()
    page.locator("#upload input[type=file]").set_input_files([str(pdf), str(evil)])
    page.locator("#add-papers").click()
    # the status shows progress first ("Indexing evil.txt"), then a line a file
    page.locator("#upload-status").get_by_text(re.compile(r"evil\.txt: (added|failed)")).wait_for(timeout=120_000)
    status = page.locator("#upload-status").inner_text()
    assert "added" in status and "Lambeth" in status
    page.screenshot(path=str(ARTEFACTS / "3-upload.png"))
    assert (app_url[1] / "corpus" / "uploads" / "evil.txt").exists()
    page.get_by_role("tab", name="Ask").click()
    assert "£312.50" in ask(page, "What is the weekly fostering allowance for a teenager in Lambeth?")
    text = ask(page, "How many zebra crossings did the survey count?")
    assert "77" in text
    page.locator("#references label").first.click()
    page.locator("#source-panel mark").wait_for(timeout=20_000)
    assert "<img" in page.locator("#source-panel").inner_text()
    assert page.evaluate("window.__xss") is None
    page.screenshot(path=str(ARTEFACTS / "4-inert.png"))


def test_download_briefing_note(page):
    page.locator("#briefing").click()
    link = page.locator("#briefing-files a[href$='.md']")
    link.first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTEFACTS / "5-briefing.png"))
    with page.expect_download() as info:
        link.first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert "[^1]:" in text and "[^1]" in text.split("---")[0]
    assert "Torbay" in text


def test_follow_up_shows_the_question_searched(page):
    ask(page, "What overspend did Torbay forecast for 2014/15?")
    last = ask(page, "and what about BCP?")
    assert "Searched for:" in last and "BCP" in last
    page.screenshot(path=str(ARTEFACTS / "6-follow-up.png"))


def test_browser_sessions_do_not_share_history(page, app_url):
    browser = page.context.browser
    first, second = browser.new_context().new_page(), browser.new_context().new_page()
    for pg in (first, second):
        pg.goto(app_url[0])
    ask(first, "What is our UASC quota?")
    ask(second, "What was the social worker vacancy rate in Torbay?")
    firsts = " ".join(m.inner_text() for m in first.locator(".message").all())
    seconds = " ".join(m.inner_text() for m in second.locator(".message").all())
    assert "UASC quota?" in firsts and "UASC quota?" not in seconds
    assert "vacancy rate in Torbay?" in seconds and "vacancy rate in Torbay?" not in firsts
    first.context.close()
    second.context.close()


def test_headless_use_through_gradio_client_and_ten_at_once(app_url):
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    questions = {"What is our UASC quota?": "0.10%", "What was the social worker vacancy rate in Torbay?": "46%",
                 "What is the Total Cost of Service for 2018/19?": "25,370",
                 "How many maintained schools does Buckinghamshire have?": "242",
                 "How much invest to save funding was available in year one of Torbay's 5 year plan?": "£500K"}
    asks = (list(questions) * 2)[:10]

    def one(question: str) -> tuple[str, dict]:
        return question, json.loads(Client(app_url[0], verbose=False).predict(question, api_name="/ask"))

    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(one, asks))
    assert len(results) == 10
    for question, answer in results:
        assert answer["question"] == question and questions[question] in answer["answer"]
        assert answer["citations"] and answer["citations"][0]["page"]


def test_brief_tab_prepares_a_meeting_brief_to_read_and_download(page):
    page.get_by_role("tab", name="Brief").click()
    page.locator("#brief-meeting input").click()
    page.get_by_role("option", name=re.compile("Overview and Scrutiny Board")).click()
    page.locator("#brief-make").click()
    link = page.locator("#brief-files a[href$='.md']")
    link.first.wait_for(timeout=90_000)
    body = page.locator("#brief-body").inner_text()
    assert "Asked to decide:" in body and "endorse the implementation of the 5 year plan" in body
    assert "papers," in page.locator("#brief-status").inner_text()
    page.screenshot(path=str(ARTEFACTS / "7-brief.png"), full_page=True)
    with page.expect_download() as info:
        link.first.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# Brief: Overview and Scrutiny Board, 2014-12-11") and "[^1]:" in text
    assert page.evaluate("window.__xss") is None
    page.get_by_role("tab", name="Ask").click()
