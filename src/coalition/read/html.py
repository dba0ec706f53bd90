"""Read HTML pages (.html, .htm): the main text without boilerplate, and the title.

trafilatura finds the main text; where it finds none (a page that is all list or table,
say), a plain extraction of every visible text node stands in.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import trafilatura

from coalition.errors import NoText
from coalition.read.decode import decode_bytes, normalize_text

log = logging.getLogger(__name__)

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "svg"})
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
    "footer", "nav", "aside", "main", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "dd", "dt", "dl", "hr", "title", "form", "figure", "figcaption",
})
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
_SPACES = re.compile(r"[ \t\f\v]+")


def read_html(data: bytes) -> tuple[str, str | None]:
    """Return the main text of an HTML page and its title; raise `NoText` if it has none.

    >>> read_html(b"<html><head><title>T</title></head><body><p>Ministers met.</p></body></html>")
    ('Ministers met.', 'T')
    """
    markup = decode_bytes(data)
    text = trafilatura.extract(markup, output_format="txt", include_comments=False,
                               include_tables=True, favor_precision=False)
    title = _title(markup)
    if not text or not text.strip():
        log.info("trafilatura found no main text; extracting plain text", extra={"stage": "read"})
        text = plain_text(markup)
    if not text.strip():
        raise NoText("the HTML page has no visible text")
    return normalize_text(text), title


def _title(markup: str) -> str | None:
    meta = trafilatura.extract_metadata(markup)
    title = meta.title if meta is not None else None
    if not title:
        parser = _TextParser()
        parser.feed(markup)
        title = parser.title.strip() or None
    return title


def plain_text(markup: str) -> str:
    """Return the visible text of an HTML page, one block a paragraph.

    >>> plain_text("<ul><li>Iraq</li><li>Jordan</li></ul><script>x()</script>")
    'Iraq\\n\\nJordan'
    """
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = _SPACES.sub(" ", "".join(parser.parts))
    text = _BLANK_LINES.sub("\n\n", text.replace(" \n", "\n").replace("\n ", "\n"))
    return text.strip()


class _TextParser(HTMLParser):
    """Collect the text outside script/style, with a blank line at each block boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data.replace("\n", " "))
