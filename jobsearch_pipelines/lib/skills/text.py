"""Job text: HTML to plain text, the text the extractors read, tokens with character offsets, sentences.

Every mention offset produced by an extractor refers to ``job_text(title, description)``: the title, a blank line,
then the description converted from HTML to plain text (block elements become line breaks, entities decoded).
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass

from lxml import html as lxml_html
from lxml.etree import ParserError


def word_list(text: str) -> list[str]:
    """Whitespace-separated words of a literal (keeps long word lists readable in the source)."""
    return text.split()


_BLOCK_TAGS = frozenset(
    word_list("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote pre dt dd")
)
_TAG_HINT = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[^<>]*>")
_SPACES = re.compile(r"[ \t\u00a0\u200b\r\f\v]+")
_BLANKS = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def html_to_text(value: str | None) -> str:
    """Plain text of an HTML fragment (or the text itself when it holds no tags); list items keep a bullet."""
    if not value:
        return ""
    if "&lt;" in value and not _TAG_HINT.search(value):  # HTML escaped once more by some ATS APIs
        value = html.unescape(value)
    if not _TAG_HINT.search(value):
        return _tidy(html.unescape(value))
    try:
        root = lxml_html.fragment_fromstring(value, create_parent="div")
    except (ParserError, ValueError):
        return _tidy(html.unescape(_TAG_HINT.sub(" ", value)))
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    return _tidy("".join(parts), single_newlines=True)


def _walk(node: object, parts: list[str]) -> None:
    tag = getattr(node, "tag", "")
    tag = tag.lower() if isinstance(tag, str) else ""
    block = tag in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if tag == "li":
        parts.append("- ")
    text = getattr(node, "text", None)
    if text:
        parts.append(text)
    for child in node:  # type: ignore[attr-defined]
        _walk(child, parts)
        tail = child.tail
        if tail:
            parts.append(tail)
    if block:
        parts.append("\n")
    elif tag in {"td", "th"}:
        parts.append(" ")


def _tidy(text: str, single_newlines: bool = False) -> str:
    """Collapse spaces; HTML blocks become single line breaks, plain text keeps at most one blank line."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    if single_newlines:
        return "\n".join(line for line in lines if line)
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def job_text(title: str | None, description: str | None) -> str:
    """The text every extractor reads and every mention offset refers to: title, blank line, plain description."""
    title_text = _tidy(title or "")
    body = html_to_text(description)
    if title_text and body:
        return f"{title_text}\n\n{body}"
    return title_text or body


def content_hash(title: str | None, description: str | None) -> str:
    """SHA-256 of the extracted text: the cache key of an extraction (same text, same result)."""
    return hashlib.sha256(job_text(title, description).encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


# Words keep inner dots, plus, hash, slash-less joins (node.js, c++, c#, .net, ci/cd, asp.net, e-commerce).
_TOKEN = re.compile(
    r"\.?[A-Za-z0-9\u00c0-\u024f]+(?:[.\-'][A-Za-z0-9\u00c0-\u024f]+)*[+#]*|[^\sA-Za-z0-9\u00c0-\u024f]",
)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens with character offsets into ``text`` (plus ``offset``)."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def token_strings(text: str) -> list[str]:
    """The tokens of ``text`` as strings (no offsets: the fast path when offsets may not be needed)."""
    return _TOKEN.findall(text)


def token_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each token of ``text``, shifted by ``offset``; aligned with ``token_strings``."""
    return [(m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


_SENTENCE_END = re.compile(r"(?:\n+|(?<=[.!?;])\s+(?=[A-Z0-9\"'(]))")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of sentences: lines, and sentence punctuation followed by a capital."""
    out: list[tuple[int, int]] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > pos:
            out.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]
