"""Pages without a text layer, read by OCR on this machine: poppler's pdftoppm draws the page,
Debian's tesseract (English) reads it.

Tesseract rather than an OCR wheel that ships its own model: on scans of real papers it read
the figures (money, percentages, dates) more faithfully, ran faster on two cores, and needs
no extra Python dependency (see the README's measurements).

Tesseract reads a table column by column, so its TSV (each word with its box) is regrouped
into physical rows across its blocks and laid out with the horizontal spacing of the page,
as pypdf's layout mode does for a typed page; pdf.layout_lines then finds table rows on a
scanned page exactly as it does on a typed one.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

# Bump when reading changes what a page yields: pages remembered from an older reading are read again.
OCR_VERSION = "1"
INSTALL = "apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils"
RULING = re.compile(r"^[|¦_\[\]{}]+$")  # a table's ruled lines read as characters
GOOD_WORD = re.compile(r"^[(\[\"'‘“]?(?:[A-Za-z][a-z]+|[A-Z]{2,}|[£$€]?\d[\d,./:%-]*)[)\]\"'’”.,:;%]*$")
BAND = 8  # pixels: finer than a line of text at 150-300 dpi, coarser than a scanner's speckle
MIN_DISPERSION = 50  # pages of text and tables measure 200 and more; blank and speckled sheets under 15
MAX_SKEW = 6  # degrees a page may lie askew and still be levelled
TIMEOUT = 180  # seconds for one page: a pathological image must not hang the ingest


@dataclass
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int]  # tesseract's (block, paragraph, line)


@dataclass
class PageText:
    lines: list[str]
    readable: bool  # enough confidently read words to be text, not a picture or noise
    rotated: int = 0  # degrees the page was turned before it could be read


def reading(dpi: int) -> str:
    """The key of a page's reading in the catalogue: the same file read the same way gives the same text."""
    return f"{OCR_VERSION}@{dpi}dpi"


def missing_tools() -> str | None:
    """Why OCR cannot run here, or None when it can."""
    gone = [t for t in ("tesseract", "pdftoppm") if shutil.which(t) is None]
    return f"{' and '.join(gone)} not installed ({INSTALL})" if gone else None


def _run(args: list[str]) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread a page; pages run side by side instead
    done = subprocess.run(args, capture_output=True, text=True, timeout=TIMEOUT, env=env)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}")
    return done.stdout


def rasterise(pdf: Path, page: int, dpi: int, folder: Path) -> Path:
    """One page as a greyscale PNG."""
    stem = folder / f"p{page}"
    _run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-png", "-singlefile",
          str(pdf), str(stem)])
    return stem.with_suffix(".png")


def words_of(image: Path) -> list[Word]:
    out = _run(["tesseract", str(image), "-", "-l", "eng", "--psm", "3", "tsv"])
    words = []
    for row in out.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip() or RULING.match(f[11].strip()):
            continue
        words.append(Word(f[11].strip(), int(f[6]), int(f[7]), int(f[8]), int(f[9]), float(f[10]),
                          (int(f[2]), int(f[3]), int(f[4]))))
    return words


def readable(words: list[Word]) -> bool:
    """Upright text, not a picture or noise: several confidently read words that look like words or
    figures, most of the longer ones wider than tall (tesseract reads a sideways page as columns)."""
    good = [w for w in words if w.conf >= 60 and GOOD_WORD.match(w.text)]
    long = [w for w in good if len(w.text) >= 4]
    upright = sum(w.width > w.height for w in long) >= 0.6 * len(long)
    return len(good) >= 5 and len(good) >= 0.4 * len(words) and upright


def _skew(lines: list[list[Word]]) -> float:
    """The page's slope (dy/dx), the median of its long lines' slopes."""
    slopes = []
    for ws in lines:
        if len(ws) < 4:
            continue
        xs = [w.left + w.width / 2 for w in ws]
        ys = [w.top + w.height for w in ws]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        var = sum((x - mx) ** 2 for x in xs)
        if var > 0:
            slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var)
    return statistics.median(slopes) if slopes else 0.0


def layout(words: list[Word]) -> list[str]:
    """Words to text lines: tesseract's lines joined into physical rows (a table row whose cells it
    read as separate blocks), words placed at their horizontal position, gaps between cells kept
    as runs of spaces, a blank line where the page leaves vertical space."""
    if not words:
        return []
    by_line: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    lines = [sorted(ws, key=lambda w: w.left) for ws in by_line.values()]
    slope = _skew(lines)
    height = statistics.median(w.height for w in words)
    wide = [w.width / len(w.text) for w in words if len(w.text) >= 3] or [height / 2]
    char = max(1.0, statistics.median(wide))
    x0 = min(w.left for w in words)

    def level(ws: list[Word]) -> float:  # the line's middle, with the page's skew taken out
        return statistics.median(w.top + w.height / 2 - slope * (w.left - x0) for w in ws)

    rows: list[tuple[float, list[Word]]] = []
    for ws in sorted(lines, key=level):
        y = level(ws)
        row = rows[-1] if rows else None
        if (row and abs(y - row[0]) < 0.5 * height
                and all(ws[-1].left + ws[-1].width < o.left or ws[0].left > o.left + o.width for o in row[1])):
            row[1].extend(ws)
        else:
            rows.append((y, list(ws)))
    # the usual distance between one line and the next; a wider one is the space between paragraphs
    steps = [b[0] - a[0] for a, b in zip(rows, rows[1:]) if b[0] - a[0] < 3 * height]
    pitch = statistics.median(steps) if steps else 2 * height
    out: list[str] = []
    last_y = None
    for y, ws in rows:
        if last_y is not None and y - last_y > 1.5 * pitch:
            out.append("")
        last_y = y
        text, right = "", None
        for w in sorted(ws, key=lambda w: w.left):
            target = round((w.left - x0) / char)
            if right is None:
                text = " " * target
            elif w.left - right > 1.6 * char:  # a gap between cells, not between words
                text += " " * max(3, target - len(text))
            else:
                text += " "
            text += w.text
            right = w.left + w.width
        out.append(text.rstrip())
    return out


def _orientation(image: Path) -> int:
    """Degrees tesseract's orientation detection says the page must turn (0 when it cannot tell)."""
    try:
        out = _run(["tesseract", str(image), "-", "--psm", "0"])
    except (RuntimeError, subprocess.TimeoutExpired):
        return 0  # too little text to tell: a picture, or noise
    rotate = re.search(r"Rotate: (\d+)", out)
    conf = re.search(r"Orientation confidence: ([\d.]+)", out)
    return int(rotate.group(1)) if rotate and conf and float(conf.group(1)) >= 1.0 else 0


def skew(image: Image.Image) -> float:
    """Degrees to turn a page (anticlockwise) so its lines lie level: the angle at which its rows of
    ink are sharpest (the variance of the ink per row is highest), coarse then fine."""
    small = image.convert("L")
    small.thumbnail((700, 700))
    ink = Image.fromarray(((np.asarray(small) < 160) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        return float(np.var(np.asarray(ink.rotate(angle, resample=Image.Resampling.NEAREST)).sum(axis=1)))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    return float(max(np.arange(best - 0.4, best + 0.41, 0.1), key=sharpness))


def has_lines(image: Image.Image) -> bool:
    """Whether the ink lies in lines (of text, or of a table) as on a page of text, and not spread
    evenly (a blank or speckled sheet), which tesseract would take long to read as nothing: ink
    counted in bands of rows, and of columns, varies far more between bands than chance would
    have it (variance over mean well above its value for speckles scattered at random)."""
    ink = np.asarray(image.convert("L")) < 128
    dispersion = []
    for counts in (ink.sum(axis=1), ink.sum(axis=0)):
        n = len(counts) // BAND * BAND
        bands = counts[:n].reshape(-1, BAND).sum(axis=1).astype(float)
        dispersion.append(float(bands.var() / bands.mean()) if n and bands.mean() > 0 else 0.0)
    return max(dispersion) >= MIN_DISPERSION


def _turn(image: Path, degrees: float, name: str) -> Path:
    out = image.with_name(f"{image.stem}-{name}.png")
    with Image.open(image) as im:
        im.rotate(degrees, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC).save(out)
    return out


def read_image(image: Path) -> PageText:
    """OCR one page image. A blank or speckled page is not read; a skewed page is levelled first (tesseract
    loses lines past a degree or two); a page that reads as nothing, or as sideways words, is turned as orientation detection
    says (scanned sideways or upside down) and read again."""
    with Image.open(image) as im:
        if not has_lines(im):
            return PageText([], False)
        angle = skew(im)
    if abs(angle) >= 0.4:
        image = _turn(image, angle, "level")
    words = words_of(image)
    if readable(words):
        return PageText(layout(words), True)
    turn = _orientation(image)
    if turn:
        again = words_of(_turn(image, -turn, f"r{turn}"))  # PIL turns anticlockwise, tesseract says clockwise
        if readable(again):
            return PageText(layout(again), True, turn)
    return PageText([], False)


@dataclass
class OcrJob:
    """OCR for one PDF: the settings in, and what was done out, for the pipeline to report.

    `recall(page)` and `remember(page, lines)` reach the catalogue, so a page is read once per
    file content (an empty list remembers a page that held no readable text)."""

    enabled: bool = True
    dpi: int = 200
    page_limit: int = 100
    workers: int = 2
    recall: Callable[[int], list[str] | None] | None = None
    remember: Callable[[int, list[str]], None] | None = None
    progress: Callable[[int, int], None] | None = None  # (pages done, pages to do)
    wanted: list[int] = field(default_factory=list)  # pages without a text layer (1-based)
    read: list[int] = field(default_factory=list)  # read by OCR in this run
    recalled: list[int] = field(default_factory=list)  # read before, taken from the catalogue
    unreadable: list[int] = field(default_factory=list)  # OCR found no text (a picture, noise)
    not_read: str = ""  # why the wanted pages were not read: OCR off, over the limit, tools missing
    seconds: float = 0.0

    @property
    def text_pages(self) -> list[int]:
        return sorted(set(self.read + self.recalled) - set(self.unreadable))

    def run(self, pdf: Path, pages: list[int]) -> dict[int, list[str]]:
        """Lines of each page read (only pages that held readable text)."""
        self.wanted = list(pages)
        if not pages:
            return {}
        if not self.enabled:
            self.not_read = "OCR is off"
            return {}
        if len(pages) > self.page_limit:
            self.not_read = f"{len(pages)} pages to OCR, over the limit of {self.page_limit} a file (ocr_page_limit)"
            return {}
        got: dict[int, list[str]] = {}
        todo = []
        for n in pages:
            lines = self.recall(n) if self.recall else None
            if lines is None:
                todo.append(n)
            else:
                self.recalled.append(n)
                got[n] = lines
        if todo and (why := missing_tools()):
            self.not_read = f"OCR needs {why}"
            return {}
        started = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="clerk-ocr-") as tmp:
            def one(n: int) -> list[str]:
                return read_image(rasterise(pdf, n, self.dpi, Path(tmp))).lines

            with ThreadPoolExecutor(max(1, self.workers)) as pool:
                futures = {pool.submit(one, n): n for n in todo}
                for done, future in enumerate(as_completed(futures), start=1):
                    n = futures[future]
                    try:
                        got[n] = future.result()
                    except (RuntimeError, OSError, subprocess.TimeoutExpired):
                        got[n] = []  # one page that cannot be drawn or read is reported, not fatal
                    else:
                        if self.remember:
                            self.remember(n, got[n])
                    self.read.append(n)
                    if self.progress:
                        self.progress(done, len(todo))
        self.seconds = time.perf_counter() - started
        self.unreadable = sorted(n for n, lines in got.items() if not lines)
        return {n: lines for n, lines in got.items() if lines}


def page_list(pages: list[int]) -> str:
    """'page 3' or 'pages 2, 5, 7'."""
    return f"page {pages[0]}" if len(pages) == 1 else "pages " + ", ".join(map(str, pages))
