"""Read HTML pages (.html, .htm): the main text without boilerplate, and the title.

trafilatura finds the main text; where it finds none (a page that is all list or table,
say), a plain extraction of every visible text node stands in. It stands in too for a page
nested deeper than `MAX_DEPTH` elements: libxml2 (under trafilatura) silently drops the text
below about 255 levels, while the plain extraction reads any depth without recursion.
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
MAX_DEPTH = 200  # libxml2 loses text below ~255 nested elements
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
})
# Elements a new sibling of the same name closes implicitly (<li>a<li>b).
_SELF_CLOSING = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})


def read_html(data: bytes) -> tuple[str, str | None]:
    """Return the main text of an HTML page and its title; raise `NoText` if it has none.

    >>> read_html(b"<html><head><title>T</title></head><body><p>Ministers met.</p></body></html>")
    ('Ministers met.', 'T')
    """
    markup = decode_bytes(data)
    depth = nesting_depth(markup)
    if depth > MAX_DEPTH:
        log.warning("HTML nested %d levels deep; extracting plain text", depth,
                    extra={"stage": "read"})
        return _plain_or_refuse(markup), _TextParser.title_of(markup)
    text = trafilatura.extract(markup, output_format="txt", include_comments=False,
                               include_tables=True, favor_precision=False)
    title = _title(markup)
    if not text or not text.strip():
        log.info("trafilatura found no main text; extracting plain text", extra={"stage": "read"})
        return _plain_or_refuse(markup), title
    return normalize_text(text), title


def _plain_or_refuse(markup: str) -> str:
    text = plain_text(markup)
    if not text.strip():
        raise NoText("the HTML page has no visible text")
    return normalize_text(text)


def _title(markup: str) -> str | None:
    meta = trafilatura.extract_metadata(markup)
    title = meta.title if meta is not None else None
    return title or _TextParser.title_of(markup)


def nesting_depth(markup: str) -> int:
    """Return how deeply the elements of an HTML page nest (without recursion).

    >>> nesting_depth("<div><ul><li>a<li>b</ul><br><p>x</div>")
    3
    """
    parser = _DepthParser()
    parser.feed(markup)
    parser.close()
    return parser.max_depth


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


class _DepthParser(HTMLParser):
    """Track the stack of open elements, closing what a browser closes implicitly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.max_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            return
        if tag in _SELF_CLOSING and self.stack and self.stack[-1] == tag:
            self.stack.pop()
        self.stack.append(tag)
        self.max_depth = max(self.max_depth, len(self.stack))

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        elif tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]


class _TextParser(HTMLParser):
    """Collect the text outside script/style, with a blank line at each block boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    @classmethod
    def title_of(cls, markup: str) -> str | None:
        """Return the text of the page's <title>, if any."""
        parser = cls()
        parser.feed(markup)
        parser.close()
        return parser.title.strip() or None

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
