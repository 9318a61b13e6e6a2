"""Job text: HTML to plain text, the text the extractors read, tokens with character offsets, sentences.

Extractors read ``job_text(title, description)``: the title, a blank line, then the description converted from HTML
to plain text (block elements become line breaks, entities decoded). Every mention offset they return refers to the
caller's text, ``source_text(title, description)`` (title, blank line, description as given, HTML included):
``prepare`` keeps a map from the plain text back to it.
"""

from __future__ import annotations

import hashlib
import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


def word_list(text: str) -> list[str]:
    """Whitespace-separated words of a literal (keeps long word lists readable in the source)."""
    return text.split()


_BLOCK_TAGS = frozenset(
    word_list("p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote pre dt dd")
)
_SKIP_TAGS = frozenset(word_list("script style noscript"))
_HEADING_TAGS = frozenset(word_list("h1 h2 h3 h4 h5 h6"))
_CLOSING_TAGS = {name: re.compile(rf"<\s*/\s*{name}\s*>", re.I) for name in _SKIP_TAGS}
_TAG_HINT = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[^<>]*>")
# One scan of markup: comments, tags (name in group 2, "/" in group 1), entities, whitespace runs, other text.
_MARKUP = re.compile(
    r"(?P<comment><!--.*?(?:-->|$))"
    r"|<\s*(?P<close>/?)\s*(?P<tag>[a-zA-Z][a-zA-Z0-9]*)[^<>]*>"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?P<space>[ \t\n\r\f\v\u00a0\u200b]+)"
    r"|(?P<text>[^<&\s\u00a0\u200b]+(?: [^<&\s\u00a0\u200b]+)*|[<&])",
    re.S,
)
_PLAIN = re.compile(
    r"(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?)"
    r"|(?P<space>[ \t\n\r\f\v\u00a0\u200b]+)"
    r"|(?P<text>[^&\s\u00a0\u200b]+(?: [^&\s\u00a0\u200b]+)*|&)"
)
_WHITESPACE = frozenset(" \t\n\r\f\v\u00a0\u200b")


class _Builder:
    """Builds the plain text piece by piece and remembers, for each piece, which source characters it came from.

    A *copied* piece maps character by character; a *replaced* piece (a decoded entity, an inserted line break or
    bullet) maps as a whole to its source range. Separators are held back until the next content, so the text never
    starts or ends with whitespace and runs of them collapse (a line break wins over a space, a blank line over both).
    """

    __slots__ = (
        "heading_next", "headings", "length", "linear", "out_starts", "parts", "pending", "pending_at", "src_ends",
        "src_starts",
    )

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.out_starts: list[int] = []
        self.src_starts: list[int] = []
        self.src_ends: list[int] = []
        self.linear: list[bool] = []
        self.length = 0
        self.pending = ""
        self.pending_at = 0
        self.headings: list[int] = []  # offsets in the text where an HTML heading (<h1>..<h6>) starts
        self.heading_next = False

    def separator(self, kind: str, at: int) -> None:
        """``kind`` is " ", "\n" or "\n\n"; the strongest pending one is kept."""
        if len(kind) > len(self.pending) or (kind == "\n" and self.pending == " "):
            self.pending = kind
            self.pending_at = at

    def _flush(self) -> None:
        if self.pending and self.length:
            self._add(self.pending, self.pending_at, self.pending_at, False)
        self.pending = ""
        if self.heading_next:
            self.headings.append(self.length)
            self.heading_next = False

    def _add(self, text: str, src_start: int, src_end: int, linear: bool) -> None:
        self.parts.append(text)
        self.out_starts.append(self.length)
        self.src_starts.append(src_start)
        self.src_ends.append(src_end)
        self.linear.append(linear)
        self.length += len(text)

    def copy(self, text: str, src_start: int) -> None:
        self._flush()
        if self.linear and self.linear[-1] and self.src_ends[-1] == src_start:  # continues the previous copy
            self.parts.append(text)
            self.src_ends[-1] += len(text)
            self.length += len(text)
            return
        self._add(text, src_start, src_start + len(text), True)

    def replace(self, text: str, src_start: int, src_end: int) -> None:
        self._flush()
        self._add(text, src_start, src_end, False)

    def build(self, source: str) -> MappedText:
        return MappedText(
            "".join(self.parts), source, self.out_starts, self.src_starts, self.src_ends, self.linear,
            headings=tuple(self.headings),
        )


class MappedText:
    """A derived text with a map back to its source: ``source_span`` turns a span of ``text`` into the span of
    ``source`` it came from, so ``source[s:e]`` is exactly what the caller gave for that stretch (tags included)."""

    __slots__ = ("_inner", "_linear", "_out", "_src_end", "_src_start", "headings", "source", "text")

    def __init__(
        self,
        text: str,
        source: str,
        out_starts: list[int],
        src_starts: list[int],
        src_ends: list[int],
        linear: list[bool],
        inner: MappedText | None = None,
        headings: tuple[int, ...] = (),
    ) -> None:
        self.text = text
        self.source = source
        self.headings = headings  # where the text's HTML headings (<h1>..<h6>) start
        self._out = out_starts
        self._src_start = src_starts
        self._src_end = src_ends
        self._linear = linear
        self._inner = inner  # a first decoding stage (doubly escaped HTML) between this map's source and the caller's

    def _locate(self, index: int) -> tuple[int, int]:
        segment = bisect_right(self._out, index) - 1
        if segment < 0:
            return 0, 0
        if self._linear[segment]:
            position = self._src_start[segment] + index - self._out[segment]
            return position, position + 1
        return self._src_start[segment], self._src_end[segment]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source range that produced ``text[start:end]`` (``end > start``)."""
        if end <= start:
            raise ValueError(f"span: end {end} must be after start {start}")
        first = self._locate(start)[0]
        last = self._locate(end - 1)[1]
        if self._inner is not None:
            return self._inner.source_span(first, max(last, first + 1))
        return first, last

    @property
    def original(self) -> str:
        """The caller's text (through any inner decoding stage)."""
        return self._inner.original if self._inner is not None else self.source


def _decode_entity(raw: str) -> str:
    decoded = html.unescape(raw)
    return " " if decoded and all(ch in _WHITESPACE for ch in decoded) else decoded


def _plain_into(builder: _Builder, value: str, offset: int, html_newlines: bool = False) -> None:
    """Plain text: entities decoded, spaces collapsed, line breaks kept (at most one blank line)."""
    for match in _PLAIN.finditer(value):
        kind = match.lastgroup
        start = match.start() + offset
        if kind == "text":
            builder.copy(match.group(), start)
        elif kind == "space":
            newlines = match.group().count("\n")
            if newlines >= 2 and not html_newlines:
                builder.separator("\n\n", start)
            elif newlines:
                builder.separator("\n", start)
            else:
                builder.separator(" ", start)
        else:
            _entity_into(builder, match.group(), start, match.end() + offset)


def _entity_into(builder: _Builder, raw: str, start: int, end: int) -> None:
    """An entity (``&amp;``, ``&#160;``...) in the text: decoded, or kept as written when it is not one."""
    decoded = _decode_entity(raw)
    if decoded == " ":
        builder.separator(" ", start)
    elif decoded == raw:
        builder.copy(raw, start)
    else:
        builder.replace(decoded, start, end)


def _html_into(builder: _Builder, value: str, offset: int) -> None:
    """HTML: tags dropped (block tags and <br> become line breaks, list items start with "- "), script and style
    content dropped, entities decoded; line breaks in the source text are kept, blank lines are not."""
    skip_until: str | None = None
    for match in _MARKUP.finditer(value):
        kind = match.lastgroup
        start = match.start() + offset
        if skip_until is not None:
            if kind == "tag" and match.group("close") and match.group("tag").lower() == skip_until:
                skip_until = None
            continue
        if kind == "comment":
            continue
        if kind == "tag":
            name = match.group("tag").lower()
            closing = bool(match.group("close"))
            if (name in _SKIP_TAGS and not closing and not match.group().rstrip(">").endswith("/")
                    and _closes_later(value, name, match.end())):
                skip_until = name
            elif name in _BLOCK_TAGS:
                builder.separator("\n", start)
                if name == "li" and not closing:
                    builder.replace("- ", start, match.end() + offset)
                elif name == "tr" and not closing:  # a row reads as a markdown row: "| Finance | Dynamics 365 | No |"
                    builder.replace("| ", start, match.end() + offset)
                elif name in _HEADING_TAGS and not closing:
                    builder.heading_next = True  # its line is a heading whatever its length (levels.py)
            elif name in {"td", "th"} and closing:
                builder.replace(" |", start, match.end() + offset)
                builder.separator(" ", match.end() + offset)
        elif kind == "text":
            builder.copy(match.group(), start)
        elif kind == "space":
            builder.separator("\n" if "\n" in match.group() else " ", start)
        else:
            _entity_into(builder, match.group(), start, match.end() + offset)


def _closes_later(value: str, name: str, after: int) -> bool:
    """A script or style element's content is dropped only up to its closing tag: a posting that writes Vue's
    ``<script setup>`` in its stack line has no ``</script>``, and the rest of it is text."""
    return _CLOSING_TAGS[name].search(value, after) is not None


def _description_needs_html(value: str) -> bool:
    return bool(_TAG_HINT.search(value))


def source_text(title: str | None, description: str | None) -> str:
    """The caller's text every mention offset refers to: title, a blank line, the description as given (HTML
    included); just the one that is there when the other is empty."""
    title_raw = title or ""
    body_raw = description or ""
    if title_raw.strip() and body_raw.strip():
        return f"{title_raw}\n\n{body_raw}"
    return title_raw if title_raw.strip() else body_raw


def prepare(title: str | None, description: str | None) -> MappedText:
    """The plain text the extractors read (``.text``) with its map back to ``source_text(title, description)``."""
    source = source_text(title, description)
    title_raw = title or ""
    body_raw = description or ""
    has_title = bool(title_raw.strip())
    body_offset = len(title_raw) + 2 if has_title and body_raw.strip() else 0
    builder = _Builder()
    if has_title:
        _plain_into(builder, title_raw.replace("\n", " "), 0)
    if not body_raw.strip():
        return builder.build(source)
    escaped_twice = "&lt;" in body_raw and not _description_needs_html(body_raw)
    if not escaped_twice:
        if has_title:
            builder.separator("\n\n", len(title_raw))
        if _description_needs_html(body_raw):
            _html_into(builder, body_raw, body_offset)
        else:
            _plain_into(builder, body_raw, body_offset)
        return builder.build(source)
    # HTML escaped once more by some ATS APIs: decode the entities first (a mapped stage), then read the HTML.
    stage_builder = _Builder()
    if has_title:
        _entities_into(stage_builder, title_raw, 0)
        stage_builder.copy("\n\n", len(title_raw))
    stage_title_end = stage_builder.length
    _entities_into(stage_builder, body_raw, body_offset)
    stage = stage_builder.build(source)
    second = _Builder()
    if has_title:
        _plain_into(second, stage.text[: stage_title_end - 2].replace("\n", " "), 0)
        second.separator("\n\n", stage_title_end - 2)
    _html_into(second, stage.text[stage_title_end:], stage_title_end)
    mapped = second.build(stage.text)
    mapped._inner = stage
    return mapped


def _entities_into(builder: _Builder, value: str, offset: int) -> None:
    """Every character kept, entities decoded (the first stage for doubly escaped HTML)."""
    for match in _PLAIN.finditer(value):
        raw = match.group()
        decoded = html.unescape(raw) if match.lastgroup == "entity" else raw
        if decoded != raw:
            builder.replace(decoded, match.start() + offset, match.end() + offset)
        else:
            builder.copy(raw, match.start() + offset)


def html_to_text(value: str | None) -> str:
    """Plain text of an HTML fragment (or the text itself when it holds no tags); list items keep a bullet."""
    return prepare(None, value).text


def job_text(title: str | None, description: str | None) -> str:
    """The text every extractor reads: title, blank line, plain description (mentions map back to
    ``source_text``)."""
    return prepare(title, description).text


def content_hash(title: str | None, description: str | None) -> str:
    """SHA-256 of the caller's text: the cache key of an extraction (same text, same result and offsets)."""
    return hashlib.sha256(source_text(title, description).encode("utf-8")).hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


# Words keep inner dots, plus, hash, slash-less joins (node.js, c++, c#, .net, ci/cd, asp.net, e-commerce).
# Inside a word: apostrophes, hyphens and underscores ("no_std", "flutter_test": one identifier, not "no"), also
# U+0092 (Windows-1252's right quote read as Latin-1: "Bachelor\x92s") and the soft hyphen U+00AD ("hydrocol\xadloids").
_TOKEN = re.compile(
    r"\.?[A-Za-z0-9\u00c0-\u024f]+(?:[.\-'_\u2010\u2011\u2019\u0092\u00ad][A-Za-z0-9\u00c0-\u024f]+)*[+#]*"
    r"|[^\sA-Za-z0-9\u00c0-\u024f]",
)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens with character offsets into ``text`` (plus ``offset``)."""
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def token_strings(text: str) -> list[str]:
    """The tokens of ``text`` as strings (no offsets: the fast path when offsets may not be needed)."""
    return _TOKEN.findall(text)


def token_spans(text: str, words: Sequence[str], offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each of ``words`` = ``token_strings(text)``, shifted by ``offset``. Every character but
    whitespace belongs to a token, so each word starts at the first occurrence after the one before: found with
    ``str.find`` instead of matching the text again (what `bench/skills.py` shows it buys is in docs/skills.md)."""
    out: list[tuple[int, int]] = []
    position = 0
    find = text.find
    for word in words:
        position = find(word, position)
        end = position + len(word)
        out.append((position + offset, end + offset))
        position = end
    return out


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
