"""Turn an HTTP body into text the way browsers do: BOM, then the declared charset (HTTP header, else
``<meta charset>``) through the WHATWG label mapping, decoded with replacement for a few bad bytes; detection
(``charset-normalizer``) only when nothing is declared or the declaration is clearly wrong.

WHATWG labels (``webencodings``): "iso-8859-1", "latin1" and "us-ascii" mean windows-1252; "gb2312" means GBK,
decoded here with its superset GB18030; "shift_jis" is decoded as Windows-31J (cp932), "euc-kr" as cp949, as
browsers do. Binary bodies are refused with ``UndecodableBody`` so callers can skip them with a reason.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import webencodings

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# WHATWG encoding name -> the Python codec that decodes what browsers decode under that name.
_BROWSER_CODECS = {"gbk": "gb18030", "shift_jis": "cp932", "euc-kr": "cp949", "big5": "big5hkscs",
                   "windows-1252": "cp1252", "iso-8859-8-i": "iso8859-8"}
# A declared charset is kept when few characters had to be replaced (a stray byte, as browsers show it): one, or
# 0.2% of the text.
_MAX_REPLACED = 0.002
_DETECT_BYTES = 65536


class UndecodableBody(ValueError):
    """The body is binary or not text in any charset we can trust."""


def normalize_charset(name: str | None) -> str | None:
    """The Python codec for a declared charset label (WHATWG mapping), or None when the label is unknown."""
    if not name:
        return None
    encoding = webencodings.lookup(name.strip().strip("\"'"))
    if encoding is None:
        return None
    codec = _BROWSER_CODECS.get(encoding.name, encoding.codec_info.name)
    try:
        return codecs.lookup(codec).name
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


def _few_replaced(text: str) -> bool:
    replaced = text.count("\ufffd")
    return replaced <= max(1.0, _MAX_REPLACED * len(text))


def _decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), codec
    head = body[:4096]
    if b"\x00" in head:
        raise UndecodableBody("NUL bytes in the first 4 KB: binary content")
    declared = charset_from_content_type(content_type) or sniff_meta_charset(head)
    if declared:
        text = body.decode(declared, errors="replace")
        if _few_replaced(text):
            return text, declared
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body[:_DETECT_BYTES]).best()
    if best is not None and best.encoding:
        codec = normalize_charset(best.encoding) or best.encoding
        text = body.decode(codec, errors="replace")
        if _few_replaced(text):
            return text, codec
    text = body.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(16, len(text) // 50):
        raise UndecodableBody(f"not text in {', '.join(filter(None, [declared, 'utf-8', 'cp1252']))}")
    return text, "cp1252"
