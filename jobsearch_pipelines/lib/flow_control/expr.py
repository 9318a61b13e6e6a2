"""Flow-control expressions in CEL, the language Inngest writes keys, priorities, batch conditions, ``cancelOn``
matches and idempotency keys in (``cel-python``: parsed once, evaluated without ``eval``).

The activation has ``event`` (``data``, ``id``, ``name``, ``ts``) and, where two events are compared (``cancelOn``,
``waitForEvent``), ``async`` for the other one. Inngest's documented examples work as written:
``event.data.userId``, ``event.data.plan == 'enterprise' ? 120 : 0``, ``has(event.data.x)``,
``async.data.userId == event.data.userId``, ``event.data.org + ":" + event.data.user``, ``event.data["user-id"]``.

A field the event does not have makes the expression ``null`` (CEL raises no_such_field; a key then reads
``"null"``, a priority falls back to 0) unless the expression guards it with ``has()``. This project's earlier
``a ?? b`` ("b when a is missing or null") is still accepted and rewritten to CEL. Plain paths, the common case,
are resolved without the CEL interpreter (same result; `bench/flow_control.py` measures it). Invalid expressions raise
``ExpressionError`` naming the expression and the position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import celpy
from celpy import celtypes

__all__ = ["Expression", "ExpressionError", "key_string", "parse"]

MAX_LENGTH = 500
_ROOTS = ("event", "async")
_PATH = re.compile(r"""^(event|async)((?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:"[^"\\]*"|'[^'\\]*'|\d+)\])+)$""")
_SEGMENT = re.compile(r"""\.([A-Za-z_][A-Za-z0-9_]*)|\[(?:"([^"\\]*)"|'([^'\\]*)'|(\d+))\]""")
_ENV = celpy.Environment()
# CEL's standard global functions and macros (methods such as .contains() or .exists() are called on a value).
CEL_FUNCTIONS = frozenset({"has", "size", "int", "uint", "double", "string", "bytes", "bool", "type", "dyn",
                           "duration", "timestamp", "matches"})


class ExpressionError(ValueError):
    """An expression that does not parse; the message quotes it and gives the position."""


@dataclass(frozen=True)
class Expression:
    """A compiled expression; ``evaluate(event, other=None)`` takes objects or mappings with ``data``/``id``/
    ``name``/``ts`` (``other`` is ``async`` in the expression)."""

    text: str
    path: tuple[str | int, ...] | None = None  # a plain path: resolved directly
    program: Any = field(default=None, compare=False, repr=False)

    def evaluate(self, event: Any, other: Any = None) -> Any:
        if self.path is not None:
            return _resolve(event if self.path[0] == "event" else other, self.path[1:])
        activation = {"event": celpy.json_to_cel(_as_dict(event))}
        if other is not None:
            activation["async"] = celpy.json_to_cel(_as_dict(other))
        try:
            result = self.program.evaluate(activation)
        except celpy.CELEvalError as exc:
            if _missing_member(exc):
                return None
            raise ExpressionError(f"expression {self.text!r} failed: {exc.args[0] if exc.args else exc}") from exc
        if isinstance(result, celpy.CELEvalError):
            if _missing_member(result):
                return None
            raise ExpressionError(f"expression {self.text!r} failed: {result.args[0] if result.args else result}")
        return _python(result)

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Expression:
    """Compile ``text``; ``ExpressionError`` names the expression and the position of the problem."""
    if not isinstance(text, str):
        raise ExpressionError(f"invalid expression {text!r}: expected a string")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"invalid expression {text[:40]!r}...: longer than {MAX_LENGTH} characters")
    source = text.strip()
    if not source:
        raise ExpressionError("invalid expression '': empty")
    match = _PATH.match(source)
    if match:
        return Expression(source, (match.group(1), *_segments(match.group(2))))
    cel = _coalesce_to_cel(source)
    try:
        program = _ENV.program(_ENV.compile(cel))
    except celpy.CELParseError as exc:
        raise ExpressionError(f"invalid expression {source!r}: {_first_line(exc)}") from exc
    except Exception as exc:  # cel-python raises its own types for unknown functions, bad macros
        raise ExpressionError(f"invalid expression {source!r}: {type(exc).__name__}: {exc}") from exc
    bare = _strip_strings(cel)
    unknown = sorted(set(re.findall(r"(?<![.\w])([A-Za-z_]\w*)\s*\.", bare)) - {*_ROOTS})
    if unknown:
        raise ExpressionError(f"invalid expression {source!r}: unknown variable {unknown[0]!r} (use event or "
                              "async)")
    functions = sorted(set(re.findall(r"(?<![.\w])([A-Za-z_]\w*)\s*\(", bare)) - CEL_FUNCTIONS)
    if functions:
        raise ExpressionError(f"invalid expression {source!r}: unknown function {functions[0]!r}")
    return Expression(source, None, program)


def key_string(value: Any) -> str:
    """A key value as a string: strings as is, ``null`` for missing, JSON for numbers, booleans and objects."""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _segments(text: str) -> list[str | int]:
    out: list[str | int] = []
    for name, dq, sq, index in _SEGMENT.findall(text):
        out.append(int(index) if index else (name or dq or sq))
    return out


def _resolve(root: Any, segments: tuple[str | int, ...]) -> Any:
    value: Any = _as_dict(root) if root is not None else None
    for segment in segments:
        if isinstance(segment, int) and isinstance(value, list):
            value = value[segment] if segment < len(value) else None
        elif isinstance(value, Mapping):
            value = value.get(str(segment))
        else:
            return None
        if value is None:
            return None
    return value


def _as_dict(event: Any) -> dict[str, Any]:
    if isinstance(event, Mapping):
        return dict(event)
    return {name: getattr(event, name, None) for name in ("data", "id", "name", "ts")}


def _python(value: Any) -> Any:
    """CEL values as plain Python (``BoolType`` is an ``int`` subclass: JSON would print it as 1)."""
    if isinstance(value, celtypes.BoolType):
        return bool(value)
    if isinstance(value, celtypes.StringType):
        return str(value)
    if isinstance(value, celtypes.IntType | celtypes.UintType):
        return int(value)
    if isinstance(value, celtypes.DoubleType):
        return float(value)
    if isinstance(value, Mapping):
        return {str(_python(k)): _python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_python(v) for v in value]
    return value


def _missing_member(error: Exception) -> bool:
    """A missing field, directly or as the failed operand of an operator around it (CEL propagates errors)."""
    text = str(error.args[0]) if error.args else ""
    return "no such member" in text or "CELEvalError'>" in text


def _first_line(exc: Exception) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    caret = next((line.index("^") for line in lines if line.strip() == "^"), None)
    return f"syntax error at position {caret}" if caret is not None else (lines[0] if lines else "syntax error")


def _strip_strings(text: str) -> str:
    return re.sub(r""""(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'""", '""', text)


def _coalesce_to_cel(text: str) -> str:
    """``a ?? b`` (this project's earlier syntax, also inside parentheses) as CEL: ``has(a) ? a : b`` for a path,
    ``(a != null ? a : b)`` otherwise."""
    inner = re.compile(r"\(([^()]*\?\?[^()]*)\)")
    while True:
        match = inner.search(text)
        if match is None:
            break
        text = text[:match.start()] + "(" + _coalesce_top(match.group(1)) + ")" + text[match.end():]
    return _coalesce_top(text)


def _coalesce_top(text: str) -> str:
    parts = _split_top_level(text, "??")
    if len(parts) == 1:
        return text
    out = parts[-1].strip()
    for part in reversed(parts[:-1]):
        part = part.strip()
        out = f"(has({part}) ? {part} : {out})" if _PATH.match(part) else f"({part} != null ? {part} : {out})"
    return out


def _split_top_level(text: str, separator: str) -> list[str]:
    parts, depth, quote, start, i = [], 0, "", 0, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            start = i + len(separator)
            i += len(separator)
            continue
        i += 1
    parts.append(text[start:])
    return parts
