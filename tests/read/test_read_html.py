"""html.py: main text without boilerplate, the title, the plain-text fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from coalition.errors import NoText
from coalition.read import read_path
from coalition.read.html import plain_text

ARTICLE = [
    "Ministers of the Global Coalition met in Rome on 2 February 2016 to review the "
    "campaign and agree on the next steps for stabilization in liberated areas.",
    "They agreed to expand training for local police and to share more information on "
    "foreign terrorist fighters through INTERPOL.",
    "Partners will meet again in Washington within six months to review progress.",
]
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Ministers meet in Rome</title>
<script>window.analytics = {{track: function() {{}}}};</script>
<style>body {{ font-family: sans-serif; }}</style></head>
<body>
<header><nav><a href="/">Home</a> | <a href="/about">About us</a> | <a href="/press">Press</a>
</nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<main><article><h1>Ministers meet in Rome</h1>
{paragraphs}
</article></main>
<aside><h3>Related</h3><ul><li><a href="/a">Older story one</a></li>
<li><a href="/b">Older story two</a></li></ul></aside>
<footer><p>Copyright 2016 Example Ministry. All rights reserved.</p>
<a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body></html>
"""


def page(encoding: str = "utf-8") -> bytes:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in ARTICLE)
    return PAGE.format(paragraphs=paragraphs).encode(encoding)


def test_read_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "rome.html"
    path.write_bytes(page())
    doc = read_path(path)
    for paragraph in ARTICLE:
        assert paragraph in doc.text
    for boilerplate in ("cookies", "Privacy policy", "analytics", "font-family", "Older story"):
        assert boilerplate not in doc.text
    assert doc.title == "Ministers meet in Rome"
    assert doc.media_type == "text/html"


def test_read_html_htm_suffix_and_same_identity(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(page())
    (tmp_path / "b.HTM").write_bytes(page())
    assert read_path(tmp_path / "a.html").sha256 == read_path(tmp_path / "b.HTM").sha256


def test_read_html_falls_back_to_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "bare.html"
    path.write_bytes(b"<body>Iraq and Jordan met in Amman.<script>x()</script></body>")
    assert read_path(path).text == "Iraq and Jordan met in Amman."


def test_read_html_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"<html><head><title>Only a title</title><script>var a;</script>"
                     b"</head><body> </body></html>")
    with pytest.raises(NoText, match="READ006"):
        read_path(path)


def test_read_html_plain_text_blocks() -> None:
    html = "<h1>Title</h1><p>One   two</p><ul><li>Iraq</li><li>Jordan</li></ul>"
    assert plain_text(html) == "Title\n\nOne two\n\nIraq\n\nJordan"
