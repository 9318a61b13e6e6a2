"""Render an email (subject, plain text, HTML) from the Jinja2 templates of its kind.

HTML templates are autoescaped, so job titles, company names and reasons from job boards can never inject markup;
links are kept only for http(s) URLs. Subjects are single-line. Each kind has ``<kind>.subject``, ``<kind>.txt``
and ``<kind>.html`` in ``templates/``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound, select_autoescape

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
SITE_NAME_ENV = "JOBSEARCH_SITE_NAME"
PUBLIC_URL_ENV = "JOBSEARCH_PUBLIC_URL"
MAX_SUBJECT = 200
_KIND = re.compile(r"[a-z0-9][a-z0-9_]{0,31}")


class UnknownEmailKind(ValueError):
    """No templates for this email ``type``."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"type: no email template for {kind!r} (known: {', '.join(known_kinds())})")
        self.field = "type"


@dataclass(frozen=True)
class JobCard:
    """A job as an email shows it."""

    job_id: int
    title: str
    company: str
    url: str | None = None
    location: str | None = None
    score: float | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def known_kinds() -> list[str]:
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.subject"))


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (no ``javascript:`` links in emails)."""
    if not url or not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def one_line(text: str, limit: int = MAX_SUBJECT) -> str:
    """Collapse whitespace (no header injection through newlines) and cap the length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def base_context() -> dict[str, Any]:
    public = (os.environ.get(PUBLIC_URL_ENV) or "").rstrip("/")
    return {
        "site_name": os.environ.get(SITE_NAME_ENV) or "Jobsearch",
        "settings_url": f"{public}/settings" if public else None,
        "unsubscribe_url": f"{public}/settings/email" if public else None,
    }


def render_email(kind: str, context: dict[str, Any]) -> RenderedEmail:
    """Subject, text and HTML of an email of ``kind``; ``UnknownEmailKind`` when there is no template."""
    if not _KIND.fullmatch(kind or ""):
        raise UnknownEmailKind(kind)
    env = environment()
    values = {**base_context(), **context}
    try:
        subject_t = env.get_template(f"{kind}.subject")
        text_t = env.get_template(f"{kind}.txt")
        html_t = env.get_template(f"{kind}.html")
    except TemplateNotFound:
        raise UnknownEmailKind(kind) from None
    subject = one_line(subject_t.render(values))
    values["subject"] = subject
    return RenderedEmail(subject=subject, text=text_t.render(values).strip() + "\n", html=html_t.render(values))
