"""Paper text as text: no link, image or formatting the paper's author chose reaches a reader.

Markdown renderers turn `[x](url)`, `![x](url)`, bare `http://` and `www.` addresses, e-mail
addresses, `<tags>`, `*emphasis*`, `# headings` and `$$maths$$` into markup. Escaping only HTML
leaves all but the tags; so every ASCII punctuation character of paper text is escaped, for the
browser as a character reference, for a Markdown file with a backslash (CommonMark's escape).
"""

from __future__ import annotations

import re

PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")  # every ASCII punctuation character
BULLET = re.compile(r"^(\s*)- ")


def html_text(text: str) -> str:
    """Text that any Markdown or HTML renderer shows as the same characters and nothing else."""
    return PUNCTUATION.sub(lambda m: f"&#{ord(m.group())};", str(text))


def markdown_text(text: str) -> str:
    """Text for a Markdown file: the same characters, none of them syntax."""
    return PUNCTUATION.sub(lambda m: "\\" + m.group(), str(text))


def lines_as(text: str, escape) -> str:
    """An answer's lines escaped one by one, keeping the "- " that Clerk puts before a list item
    so a list still reads as one."""
    out = []
    for line in str(text).split("\n"):
        m = BULLET.match(line)
        # no indented code blocks either: a line's own leading spaces go
        out.append(m.group(0) + escape(line[m.end():]) if m else escape(line.lstrip()))
    return "\n".join(out)
