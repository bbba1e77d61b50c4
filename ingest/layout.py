"""A page's text laid out in fixed-width columns at the true position of every cell.

pypdf's layout mode places each text object (BT ... ET) at its column, but inside one object it
turns the gap before each piece of text into spaces of that font's width. Spreadsheet exports often
draw a whole table row as one text object, so a row's cells drift left or right by how much wider or
narrower its earlier cells' glyphs are than a space, and figures land under the wrong heading. Here a
gap wider than a few spaces starts a new run placed at its own column; smaller gaps stay spaces, as
pypdf writes them. The content-stream walk, fonts and line grouping are pypdf's own.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from pypdf.generic import ArrayObject, ContentStream, StreamObject

# pypdf's layout internals, pinned with pypdf in pyproject.toml; tests/test_layout.py reads real papers with them
from pypdf._text_extraction._layout_mode._fixed_width_page import (
    fixed_char_width,
    recurse_to_target_op,
    set_font_operation,
    y_coordinate_groups,
)
from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager

CELL_GAP = 3  # a gap of this many spaces or more inside one text object separates cells
MAX_BLANK = 3  # blank lines kept for a vertical gap (they mark rows and paragraphs apart)


def page_text(page: Any) -> str:
    """The page's text in fixed-width layout, table cells at their own columns."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return ""
    fonts = page._layout_mode_fonts()
    ops = iter(ContentStream(contents, page.pdf, "bytes").operations)
    state = TextStateManager()
    runs: list[Any] = []  # pypdf's BTGroup dicts
    for operands, op in ops:
        if op in (b"BT", b"q"):
            _, shown = recurse_to_target_op(ops, state, b"ET" if op == b"BT" else b"Q", fonts, True)
            runs.extend(_runs(shown))
        elif op == b"Tf":
            set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    runs = [r for r in runs if r["text"].strip()]
    if not runs:
        return ""
    left = min(r["tx"] for r in runs)
    runs = [r | {"tx": r["tx"] - left, "displaced_tx": r["displaced_tx"] - left}
            for r in sorted(runs, key=lambda r: (r["ty"] * r["flip_sort"], -r["tx"]), reverse=True)]
    return _fixed_width(y_coordinate_groups(runs), fixed_char_width(runs))


def _runs(shown: list) -> list[dict]:
    """Consecutive pieces of one text object joined into runs, as pypdf joins them, except that a
    wide gap or a new line starts a new run."""
    out: list[dict] = []
    run: dict | None = None
    for tj in shown:
        if tj.rotated or not tj.font.interpretable:
            continue
        space = tj.space_tx * abs(tj.transform[0])
        gap = tj.tx - run["displaced_tx"] if run else 0.0
        if run is None or abs(tj.ty - run["ty"]) > tj.font_height or gap < -space * 5 \
                or (space and gap >= CELL_GAP * space):
            run = {"tx": tj.tx, "ty": tj.ty, "font_size": tj.font_size, "font_height": tj.font_height,
                   "text": tj.text, "displaced_tx": tj.displaced_tx, "space": space,
                   "flip_sort": -1 if tj.flip_vertical else 1}
            out.append(run)
            continue
        spaces = round(gap / space) if gap > 0 and space else 0
        run["text"] += " " * spaces + tj.text
        run["displaced_tx"] = tj.displaced_tx
    return out


def _fixed_width(lines: dict[int, list[Any]], char_width: float) -> str:
    """Each run at its column; a run that its neighbour overran still stands two spaces apart."""
    out: list[str] = []
    last_y = 0
    for y, runs in lines.items():
        if out:
            height = runs[0]["font_height"]
            out.extend([""] * min(MAX_BLANK, int(abs(y - last_y) / height) - 1 if height else 0))
        text = ""
        last_end = None
        for run in runs:
            column = int(run["tx"] // char_width) if char_width else len(text)
            if last_end is not None and ceil(last_end) >= int(run["tx"]):
                column = len(text)  # touching the run before: one word drawn in pieces
            elif last_end is not None and run["space"] and run["tx"] - last_end >= CELL_GAP * run["space"]:
                column = max(column, len(text) + 2)
            text += " " * max(0, column - len(text)) + run["text"]
            last_end = run["displaced_tx"]
        if text.strip() or out:
            out.append(text.rstrip())
        last_y = y
    return "\n".join(out)
