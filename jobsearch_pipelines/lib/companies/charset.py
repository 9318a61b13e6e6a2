"""Turn an HTTP body into text: BOM, then the HTTP charset, then ``<meta charset>``, then UTF-8, then cp1252.

A declared charset that does not decode (mis-labelled pages are common) falls back to strict UTF-8 and then to
cp1252; binary bodies are refused with ``UndecodableBody`` so callers can skip them with a reason.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
            "x-sjis": "shift_jis", "utf8": "utf-8", "unicode": "utf-8"}


class UndecodableBody(ValueError):
    """The body is binary or not text in any charset we can trust."""


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when unknown (WHATWG: latin-1 means cp1252)."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.strip().lower() == "charset":
            return normalize_charset(value)
    return None


def sniff_meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return normalize_charset(match.group(1).decode("ascii", "ignore")) if match else None


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """``(text, charset used)`` without NUL characters; raises ``UndecodableBody`` for binary content."""
    text, charset = _decode(body, content_type)
    return (text.replace("\x00", "") if "\x00" in text else text), charset


def _decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), codec
    head = body[:4096]
    if b"\x00" in head:
        raise UndecodableBody("NUL bytes in the first 4 KB: binary content")
    declared = charset_from_content_type(content_type) or sniff_meta_charset(head)
    tried = []
    for codec in (declared, "utf-8"):
        if codec and codec not in tried:
            tried.append(codec)
            try:
                return body.decode(codec), codec
            except (UnicodeDecodeError, LookupError):
                continue
    text = body.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(16, len(text) // 50):
        raise UndecodableBody(f"not text in {', '.join([*tried, 'cp1252'])}")
    return text, "cp1252"
