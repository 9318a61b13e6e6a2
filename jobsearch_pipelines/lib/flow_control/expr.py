"""A small, safe expression language for flow-control keys and priorities (never ``eval``).

Grammar (whitespace ignored)::

    expr    := sum ("??" sum)*            # a ?? b: b when a is missing or null
    sum     := atom ("+" atom)*           # numbers add; otherwise strings concatenate
    atom    := path | STRING | NUMBER | true | false | null | "(" expr ")"
    path    := "event" ("." NAME | "[" STRING | INT "]")*

``event`` has ``data``, ``id``, ``name`` and ``ts``; a missing path is ``null``. Examples:
``event.data.userId``, ``event.data.priority ?? 50``, ``event.data.org + ":" + event.data.user``,
``event.data["user-id"]``. Parse errors name the expression and the position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Expression", "ExpressionError", "key_string", "parse"]

MAX_LENGTH = 500
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<coalesce>\?\?)
      | (?P<number>-?\d+(?:\.\d+)?)
      | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
      | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
      | (?P<punct>[.\[\]()+])
    )""",
    re.VERBOSE,
)
_ROOT_FIELDS = ("data", "id", "name", "ts")


class ExpressionError(ValueError):
    """An expression that does not parse; the message quotes it and gives the position."""


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    pos: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            start = len(text) - len(text[pos:].lstrip())
            raise ExpressionError(f"invalid expression {text!r}: unexpected {text[start]!r} at position {start}")
        kind = match.lastgroup or ""
        tokens.append(_Token(kind, match.group(kind), match.start(kind)))
        pos = match.end()
    return tokens


# Nodes: ("lit", value) | ("path", (segments...)) | ("coalesce", [nodes]) | ("sum", [nodes])
Node = tuple[str, Any]


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.i = 0

    def error(self, message: str, token: _Token | None = None) -> ExpressionError:
        pos = token.pos if token else len(self.text)
        return ExpressionError(f"invalid expression {self.text!r}: {message} at position {pos}")

    def peek(self) -> _Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, text: str | None = None) -> _Token:
        token = self.peek()
        if token is None:
            raise self.error(f"expected {text!r}, got the end" if text else "unexpected end of expression")
        if text is not None and token.text != text:
            raise self.error(f"expected {text!r}, got {token.text!r}", token)
        self.i += 1
        return token

    def parse(self) -> Node:
        if not self.tokens:
            raise ExpressionError(f"invalid expression {self.text!r}: empty")
        node = self.expr()
        extra = self.peek()
        if extra is not None:
            raise self.error(f"unexpected {extra.text!r}", extra)
        return node

    def expr(self) -> Node:
        parts = [self.sum()]
        while (token := self.peek()) is not None and token.kind == "coalesce":
            self.take()
            parts.append(self.sum())
        return parts[0] if len(parts) == 1 else ("coalesce", parts)

    def sum(self) -> Node:
        parts = [self.atom()]
        while (token := self.peek()) is not None and token.text == "+":
            self.take()
            parts.append(self.atom())
        return parts[0] if len(parts) == 1 else ("sum", parts)

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "number":
            return ("lit", float(token.text) if "." in token.text else int(token.text))
        if token.kind == "string":
            return ("lit", _unquote(token.text))
        if token.text == "(":
            node = self.expr()
            self.take(")")
            return node
        if token.kind == "name":
            if token.text in ("true", "false", "null"):
                return ("lit", {"true": True, "false": False, "null": None}[token.text])
            if token.text != "event":
                raise self.error(f"unknown name {token.text!r} (paths start with 'event', e.g. event.data.userId)",
                                 token)
            return ("path", tuple(self.path(token)))
        raise self.error(f"unexpected {token.text!r}", token)

    def path(self, root: _Token) -> list[str | int]:
        segments: list[str | int] = []
        while (token := self.peek()) is not None and token.text in (".", "["):
            self.take()
            if token.text == ".":
                name = self.take()
                if name.kind != "name":
                    raise self.error(f"expected a field name after '.', got {name.text!r}", name)
                segments.append(name.text)
            else:
                index = self.take()
                if index.kind == "string":
                    segments.append(_unquote(index.text))
                elif index.kind == "number" and re.fullmatch(r"\d+", index.text):
                    segments.append(int(index.text))
                else:
                    raise self.error(f"expected a string or an index in [...], got {index.text!r}", index)
                self.take("]")
        if not segments or segments[0] not in _ROOT_FIELDS:
            raise self.error(f"'event' must be followed by one of {', '.join('.' + f for f in _ROOT_FIELDS)}", root)
        return segments


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _resolve(event: Any, segments: tuple[str | int, ...]) -> Any:
    first, rest = segments[0], segments[1:]
    value = event.get(first) if isinstance(event, Mapping) else getattr(event, str(first), None)
    for segment in rest:
        if isinstance(segment, int) and isinstance(value, list):
            value = value[segment] if segment < len(value) else None
        elif isinstance(value, Mapping):
            value = value.get(str(segment))
        else:
            return None
        if value is None:
            return None
    return value


def _evaluate(node: Node, event: Any) -> Any:
    kind, arg = node
    if kind == "lit":
        return arg
    if kind == "path":
        return _resolve(event, arg)
    if kind == "coalesce":
        for part in arg:
            value = _evaluate(part, event)
            if value is not None:
                return value
        return None
    values = [_evaluate(part, event) for part in arg]  # sum
    if any(v is None for v in values):
        return None
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return sum(values)
    return "".join(key_string(v) for v in values)


@dataclass(frozen=True)
class Expression:
    """A parsed expression; ``evaluate(event)`` takes an object or a mapping with ``data``/``id``/``name``/``ts``."""

    text: str
    node: Node

    def evaluate(self, event: Any) -> Any:
        return _evaluate(self.node, event)

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Expression:
    """Parse ``text``; ``ExpressionError`` names the expression and the position of the problem."""
    if not isinstance(text, str):
        raise ExpressionError(f"invalid expression {text!r}: expected a string")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"invalid expression {text[:40]!r}...: longer than {MAX_LENGTH} characters")
    return Expression(text.strip(), _Parser(text).parse())


def key_string(value: Any) -> str:
    """A key value as a string: strings as is, ``null`` for missing, JSON for numbers, booleans and objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
