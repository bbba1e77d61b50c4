"""End to end in a real headless Chromium (Debian's package) driven by Playwright."""

import json
import re
import shutil
import socket
from pathlib import Path

import pytest

from clerk.ingest import Config, ingest_paths

from .conftest import CORPUS, ROOT, record

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
    from clerk.assistant.app import launch

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


HOST = "http://127.0.0.2:9"  # nothing listens there; a request to it is what must never happen
PAYLOADS = [
    f"![beacon]({HOST}/beacon.png)",
    f"[log in to the council portal]({HOST}/login)",
    f"<img src={HOST}/img.png>",
    f'<a href="{HOST}/a">click here</a>',
    f"<{HOST}/autolink>",
    f"{HOST}/bare and www.beacon-example.net and beacon@beacon-example.net",
    "**bold** *emphasis* `code` ~~struck~~ $$x^2$$",
    f'[ref]: {HOST}/refdef "title"',
]


def wait_reply(page, question: str, expect: str) -> str:
    """Ask, and wait for a reply containing `expect` (replies that cite nothing have no References)."""
    before = page.locator(".message").count()
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()
    page.wait_for_function("([n, t]) => { const m = document.querySelectorAll('.message'); "
                           "return m.length > n && m[m.length - 1].innerText.includes(t); }",
                           arg=[before, expect], timeout=90_000)
    return page.locator(".message").last.inner_text()


def test_markup_in_a_paper_reaches_the_page_as_text(page, app_url, tmp_path):
    """A paper full of Markdown and HTML: its answers, references, passage, table row and briefing
    note show the characters; no request leaves for any other address, no <a>/<img> of its making."""
    origin = app_url[0]
    requests: list[str] = []
    page.context.on("request", lambda r: requests.append(r.url))
    paper = tmp_path / "Exampleshire parking ![t](http___127.0.0.2_9_t.png) review.txt"
    lines = ["Exampleshire Borough Council", f"Parking Review [title]({HOST}/title) ![t]({HOST}/title.png)", ""]
    for n, payload in enumerate(PAYLOADS, start=1):
        lines.append(f"{n}. The parking review counted {300 + n} spaces in car park {n} {payload} overall.")
    paper.write_text("\n".join(lines) + "\n")
    page.get_by_role("tab", name="Papers").click()
    page.locator("#upload input[type=file]").set_input_files([str(paper)])
    page.locator("#add-papers").click()
    page.locator("#upload-status").get_by_text(re.compile(r"review\.txt: (added|failed)")).wait_for(timeout=120_000)
    assert "added" in page.locator("#upload-status").inner_text()
    page.get_by_role("tab", name="Ask").click()
    shown = 0
    for n in (1, 2, 3, 6, 7):
        text = ask(page, f"How many spaces did the parking review count in car park {n}?")
        shown += str(300 + n) in text
        page.locator("#references label").first.click()
        page.locator("#source-panel mark").wait_for(timeout=20_000)
    assert shown >= 4  # the payload lines were quoted, so they were on the page
    chat = page.locator("#chat").inner_text()
    assert "[log in to the council portal](" in chat and "<img src=" in chat and "www.beacon-example.net" in chat
    page.locator("#briefing").click()
    page.locator("#briefing-files a[href$='.md']").first.wait_for(timeout=30_000)
    page.get_by_role("tab", name="Papers").click()
    page.locator("#papers").get_by_text("Exampleshire parking").first.wait_for(timeout=20_000)
    page.screenshot(path=str(ARTEFACTS / "7-payloads.png"), full_page=True)
    made = page.evaluate("""() => [...document.querySelectorAll('a, img, iframe, video, audio, source, object')]
        .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('data') || '')
        .filter(u => ['127.0.0.2', 'beacon-example.net'].includes(new URL(u, location.href).hostname)
                     || u.startsWith('mailto:'))""")
    in_text = page.evaluate("""() => [...document.querySelectorAll(`#chat a, #chat img, #chat h1, #chat h2, #chat code,
        #chat del, #chat table, #chat .katex, #upload-status a, #upload-status img,
        #source a:not([href^="/gradio_api/file="]), #source img, #papers a, #papers img`)].length""")
    leaked = [u for u in requests if not u.startswith((origin, "data:", "blob:"))]
    record("browser payloads", payloads=len(PAYLOADS) + 2, requests=len(requests), leaked=len(leaked),
           elements=len(made) + in_text, failures=int(bool(leaked or made or in_text)))
    assert not leaked and not made and in_text == 0, (leaked, made, in_text)
    page.get_by_role("tab", name="Ask").click()


def _has_linkify() -> bool:
    try:
        import linkify_it  # noqa: F401 - bare addresses become links only with it
        return True
    except ImportError:
        return False


def test_briefing_note_keeps_paper_markup_as_text(page, tmp_path):
    import zipfile

    links = page.locator("#briefing-files a")
    md = next(a for a in links.all() if a.get_attribute("href").endswith(".md"))
    docx = next(a for a in links.all() if a.get_attribute("href").endswith(".docx"))
    with page.expect_download() as info:
        md.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("gfm-like" if _has_linkify() else "commonmark").render(text)
    assert "beacon" in rendered and not re.search(r"<(a|img)\b", rendered), rendered
    with page.expect_download() as info:
        docx.click()
    with zipfile.ZipFile(info.value.path()) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        body = z.read("word/document.xml").decode()
    assert 'TargetMode="External"' not in rels and "<w:hyperlink" not in body
    assert "[log in to the council portal](" in body


@pytest.mark.parametrize("field, value, expect", [
    ("From", "last year", "is not a date"), ("From", "2020-13", "month 13"),
    ("To", "2020-13-45", "month 13"), ("To", "2020-02-30", "February 2020 has days 01 to 29"),
])
def test_bad_filter_dates_are_explained_and_the_conversation_stays(page, field, value, expect):
    page.get_by_role("tab", name="Ask").click()
    before = page.locator(".message").count()
    accordion = page.get_by_text("Filters", exact=True)
    box = page.get_by_label(f"{field} (YYYY-MM-DD)")
    if not box.is_visible():
        accordion.click()
    box.fill(value)
    reply = wait_reply(page, "What is our UASC quota?", expect)
    assert "YYYY-MM-DD" in reply and page.locator(".message").count() > before
    assert "vacancy rate in Torbay?" in page.locator("#chat").inner_text()  # the conversation stays
    assert "Filters not used" in page.locator("#active-filters").inner_text()
    box.fill("")


@pytest.mark.parametrize("junk", ["'; DROP TABLE documents; --", '" OR 1=1 --', "???", "<script>alert(1)</script>"])
def test_junk_questions_get_an_ask_about_the_papers_reply(page, junk):
    reply = wait_reply(page, junk, "Ask a question about the committee papers")
    assert "[1]" not in reply and "References" not in reply


def test_removing_a_paper_asks_first(page):
    page.get_by_role("tab", name="Papers").click()
    page.locator("#papers").get_by_text("Exampleshire parking").first.click()
    page.locator("#remove-paper").click()
    page.locator("#confirm-remove").wait_for(timeout=20_000)
    assert "Remove" in page.locator("#upload-status").inner_text()
    page.locator("#cancel-remove").click()
    page.get_by_text("Nothing was removed.").wait_for(timeout=20_000)
    assert page.locator("#papers").get_by_text("Exampleshire parking").count() >= 1
    page.locator("#remove-paper").click()
    page.locator("#confirm-remove").click()
    page.locator("#upload-status").get_by_text("Removed 1 file(s)").wait_for(timeout=30_000)
    page.locator("#papers").get_by_text("Exampleshire parking").first.wait_for(state="detached", timeout=20_000)
    page.get_by_role("tab", name="Ask").click()


def test_login_page_and_api_say_nothing_before_login(app_url):
    import urllib.error
    import urllib.request

    from clerk.assistant.app import launch

    root = app_url[1]
    cfg = Config(db=root / "db")
    port = free_port()
    app = launch(cfg, port=port, auth="reader:secret", corpus=root / "corpus", block=False)
    try:
        def get(path: str) -> tuple[int, str]:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}") as r:
                    return r.status, r.read().decode("utf-8", "replace")
            except urllib.error.HTTPError as e:
                return e.code, ""

        status, login = get("/")
        assert status == 200
        from clerk.ingest.catalog import Catalog

        secrets = {x for d in Catalog(cfg.db).documents() for x in (d["council"], d["title"]) if x}
        secrets |= {Path(f).name for d in Catalog(cfg.db).documents() for f in d["files"]}
        assert not [s for s in secrets if s in login]
        assert "UASC" not in login  # nor the example questions
        for path in ("/openapi.json", "/docs", "/gradio_api/info", "/gradio_api/openapi.json", "/config"):
            assert get(path)[0] in (401, 403, 404), path
    finally:
        app.close()


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
