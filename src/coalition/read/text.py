"""Read plain text and Markdown files (.txt, .md)."""

from __future__ import annotations

import re

from coalition.read.decode import decode_bytes

_MD_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def read_text(data: bytes, *, markdown: bool = False) -> tuple[str, str | None]:
    """Return the text of a .txt or .md file and its title (a Markdown file's first heading).

    >>> read_text(b"# Jeddah\\n\\nMinisters met.\\n", markdown=True)
    ('# Jeddah\\n\\nMinisters met.\\n', 'Jeddah')
    """
    text = decode_bytes(data)
    title = None
    if markdown:
        heading = _MD_HEADING.search(text)
        title = heading.group(1) if heading else None
    return text, title
