"""Real `clerk chat` processes and a Chroma server for the bench and the tests: each app in a working
folder of its own, asked through its /ask API, given papers through its page in a real browser."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

CLERK = str(Path(sys.executable).with_name("clerk"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    """A real Chroma server (the `chroma` command of the chromadb package) on a free loopback port."""

    def __init__(self, path: Path):
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([str(Path(sys.executable).with_name("chroma")), "run", "--path", str(path),
                                      "--host", "127.0.0.1", "--port", str(port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1)
                return
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        self.proc.kill()
        raise RuntimeError(f"chroma run did not start on {self.url}")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


class App:
    """`clerk chat` in a working folder of its own (its own --db for derived files, its own --corpus)."""

    def __init__(self, chroma_url: str, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [CLERK, "chat", "--port", str(self.port), "--db", "local", "--corpus", "corpus", "--chroma", chroma_url],
            cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self._client = threading.local()

    def wait_ready(self) -> None:
        out = self.proc.stdout
        assert out is not None  # opened with stdout=PIPE
        for line in out:
            if "Clerk is running" in line:
                threading.Thread(target=out.read, daemon=True).start()  # keep the pipe drained
                return
        raise RuntimeError("clerk chat stopped before it was ready")

    def connect(self) -> None:
        """Open this thread's connection, as a user's page is open before they ask: one per thread, as
        separate users have. Plain HTTP on Gradio's REST API, because gradio_client's set-up and
        threads cost more CPU than the app's answer and took the machine's two cores from the apps."""
        if getattr(self._client, "c", None) is None:
            import httpx

            self._client.c = httpx.Client(base_url=self.url, timeout=120)

    def ask(self, question: str) -> dict:
        """The answer's JSON, from this app's /ask: post the call, then read its event stream."""
        self.connect()
        client = self._client.c
        call = client.post("gradio_api/call/ask", json={"data": [question, [], "", "", "", "", ""]})
        call.raise_for_status()
        stream = client.get(f"gradio_api/call/ask/{call.json()['event_id']}")
        event = ""
        for line in stream.text.splitlines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = json.loads(line.split(":", 1)[1])
                if event == "error":
                    raise RuntimeError(f"/ask failed: {data}")
                return json.loads(data[0])
        raise RuntimeError(f"/ask gave no answer: {stream.text[:200]}")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)


def start_apps(chroma_url: str, root: Path, n: int = 2) -> list[App]:
    apps = [App(chroma_url, root / f"app-{chr(97 + i)}") for i in range(n)]
    try:
        for app in apps:
            app.wait_ready()
    except BaseException:
        for app in apps:
            app.close()
        raise
    return apps


def cites(answer: dict, needle: str) -> bool:
    return any(needle in (c.get("title", "") + c.get("file", "")) for c in answer.get("citations", []))


class Browser:
    """A real headless Chromium on one app's page, to add and remove papers as a person does."""

    def __init__(self, url: str):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=BROWSER_FLAGS)
        self.page = self._browser.new_page(viewport={"width": 1400, "height": 1000})
        self.page.goto(url)
        self.page.get_by_role("tab", name="Papers").click()

    def upload(self, pdf: Path) -> None:
        self.page.locator("#upload input[type=file]").set_input_files([str(pdf)])
        self.page.locator("#add-papers").click()
        self.page.locator("#upload-status").get_by_text(f"{pdf.name}: added").wait_for(timeout=180_000)

    def remove(self, title_text: str) -> None:
        self.page.locator("#papers").get_by_text(title_text).first.click()
        self.page.locator("#remove-paper").click()
        self.page.locator("#confirm-remove").click()
        self.page.locator("#upload-status").get_by_text("Removed 1 file(s)").wait_for(timeout=60_000)

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def paper_pdf(path: Path, lines: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for i, line in enumerate(lines):
        c.drawString(72, 720 - 20 * i, line)
    c.save()
    return path
