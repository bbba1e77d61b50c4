"""Scanned editions of real papers, for testing and measuring OCR: pages drawn as images by
pdftoppm (as a scanner would give them), turned or skewed, and bound into image-only or mixed
PDFs; and the figures (money, percentages, counts, dates) a text can be checked for."""

from __future__ import annotations

import re
import hashlib
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import pypdf
from PIL import Image

from clerk.ingest.catalog import open_catalog
from clerk.config import Config
from clerk.ingest.ocr import reading
from clerk.ingest.pdf import load_pdf
from clerk.ingest.pipeline import ocr_job
from clerk.text import MONTH_NAMES

MONTHS = r"(?:" + "|".join(MONTH_NAMES) + r")"
FIGURE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\s+\d{{4}}\b"  # a date: 11th December 2014
    rf"|\b{MONTHS}\s+\d{{4}}\b"  # a month: October 2019
    r"|\b\d{4}/\d{2,4}\b"  # a financial year: 2024/25
    r"|£\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:m|bn|k)\b)?"  # money: £25,202, £1.2m
    r"|\b\d+(?:\.\d+)?%"  # a percentage
    r"|(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w])"  # a count with thousands: 1,234
    r"|(?<![\w.,])\d+\.\d+(?![\w])"  # a decimal: 25.4
    r"|(?<![\w.,/£'’])\d{2,}(?![\w,/%])"  # a count of two digits or more: 128 (not the unit £'000)
)


def figures(text: str) -> Counter[str]:
    """The figures in a text, spacing normalised, counted."""
    return Counter(re.sub(r"\s+", " ", m.group()) for m in FIGURE.finditer(text))


def figure_recall(reference: str, candidate: str) -> tuple[int, int, list[str]]:
    """(found, total, missing): how many of the reference's figures the candidate has verbatim."""
    want, have = figures(reference), figures(candidate)
    found = sum((want & have).values())
    missing = sorted((want - have).elements())
    return found, sum(want.values()), missing


def page_images(pdf: Path, pages: list[int], dpi: int) -> list[Image.Image]:
    """Pages of a PDF as greyscale images, as a scanner at `dpi` would give them."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in pages:
            stem = Path(tmp) / f"p{n}"
            subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", str(dpi), "-gray", "-png", "-singlefile",
                            str(pdf), str(stem)], check=True, capture_output=True)
            with Image.open(stem.with_suffix(".png")) as im:
                out.append(im.copy())
    return out


def turned(image: Image.Image, degrees: float) -> Image.Image:
    """The page turned anticlockwise by `degrees`: 90 is a page scanned sideways, 2 a skewed one."""
    return image.rotate(degrees, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)


def noise(width: int = 827, height: int = 1170, density: float = 0.05, seed: int = 0) -> Image.Image:
    """A speckled page with no text (A4 at 100 dpi): what a scanner gives for a dirty blank sheet."""
    dark = np.random.default_rng(seed).random((height, width)) < density
    return Image.fromarray(np.where(dark, 0, 255).astype(np.uint8), "L")


def image_pdf(images: list[Image.Image], out: Path, dpi: int) -> Path:
    """An image-only PDF (no text layer), one image a page."""
    first, *rest = [im.convert("L") for im in images]
    first.save(out, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return out


def mixed_pdf(text_pdf: Path, scanned: dict[int, Image.Image], out: Path, dpi: int) -> Path:
    """The text PDF with the given pages (1-based) replaced by their images: some pages typed, some scanned."""
    with tempfile.TemporaryDirectory() as tmp:
        images = pypdf.PdfReader(str(image_pdf(list(scanned.values()), Path(tmp) / "scans.pdf", dpi)))
        which = dict(zip(scanned, images.pages))
        writer = pypdf.PdfWriter()
        for n, page in enumerate(pypdf.PdfReader(str(text_pdf)).pages, start=1):
            writer.add_page(which.get(n, page))
        writer.write(str(out))
    return out


def text_edition(pdf: Path, pages: list[int], out: Path) -> Path:
    """Just the given pages of a PDF, text layer and all: the reference a scanned edition is measured against."""
    reader = pypdf.PdfReader(str(pdf))
    writer = pypdf.PdfWriter()
    for n in pages:
        writer.add_page(reader.pages[n - 1])
    writer.write(str(out))
    return out


def read_text(pdf: Path, cfg: Config) -> str:
    """A PDF's page text as ingest reads it, its scanned pages as the store's catalogue remembers
    them (read by OCR when they are not there)."""
    sha, how = hashlib.sha256(pdf.read_bytes()).hexdigest(), reading(cfg.ocr_dpi)
    catalog = open_catalog(cfg)
    try:
        loaded = load_pdf(pdf, ocr_job(cfg, recall=lambda n: catalog.ocr_page(sha, how, n)))
    finally:
        catalog.close()
    return "\n".join(line for page in loaded.pages for line in page.lines)
