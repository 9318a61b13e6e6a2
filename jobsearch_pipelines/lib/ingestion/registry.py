"""The board registry (``ats_boards``): add, list, enable/disable, seed from YAML/CSV, recognise board URLs.

Company discovery registers boards it finds on company sites with ``add_board(..., origin="discovery")``;
``board_from_url`` turns a careers link ("https://jobs.lever.co/acme/...") into (vendor, token).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from jobsearch_pipelines.db.schema import AtsBoard, utcnow
from jobsearch_pipelines.lib.companies.ats import company_site_of
from jobsearch_pipelines.lib.ingestion.models import BoardRef
from jobsearch_pipelines.lib.ingestion.store import adopt_websites, ensure_company
from jobsearch_pipelines.lib.ingestion.vendors import VENDORS, get_vendor

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "ingestion"
SEED_FILE = DATA_DIR / "boards.yaml"
DEMO_SNAPSHOT_DIR = DATA_DIR / "demo"
ORIGINS = ("seed", "cli", "discovery")
_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$")
_NOT_BOARDS = {"api", "robots.txt", "sitemap.xml", "meeting", "embed", "v0", "v1", "j", "jobs", "o", "static"}


def validate_board(vendor: str, token: str) -> tuple[str, str]:
    """Normalised (vendor, token); ``ValueError`` naming the field when either is invalid."""
    vendor = (vendor or "").strip().lower()
    get_vendor(vendor)
    token = (token or "").strip().strip("/")
    if not _TOKEN.match(token):
        raise ValueError(f"token: {token!r} is not a board token (letters, digits, '.', '_', '-'; max 255)")
    return vendor, token


def board_from_url(url: str) -> tuple[str, str] | None:
    """(vendor, token) of an ATS board or posting URL, None for other URLs."""
    parts = urlsplit(url if "//" in url else f"https://{url}")
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    first = segments[0] if segments else None

    def token_at(index: int) -> str | None:
        value = segments[index] if len(segments) > index else None
        return value if value and value.lower() not in _NOT_BOARDS and _TOKEN.match(value) else None

    if host in ("jobs.ashbyhq.com",):
        token = token_at(0)
        return ("ashby", token) if token else None
    if host == "api.ashbyhq.com" and segments[:2] == ["posting-api", "job-board"]:
        token = token_at(2)
        return ("ashby", token) if token else None
    if host in ("boards.greenhouse.io", "job-boards.greenhouse.io", "job-boards.eu.greenhouse.io",
                "boards.eu.greenhouse.io"):
        if first == "embed":
            query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
            token = query.get("for")
            return ("greenhouse", token) if token and _TOKEN.match(token) else None
        token = token_at(0)
        return ("greenhouse", token) if token else None
    if host == "boards-api.greenhouse.io" and segments[:2] == ["v1", "boards"]:
        token = token_at(2)
        return ("greenhouse", token) if token else None
    if host in ("jobs.lever.co", "jobs.eu.lever.co", "api.lever.co", "api.eu.lever.co"):
        index = 2 if host.startswith("api.") and segments[:2] == ["v0", "postings"] else 0
        token = token_at(index)
        return ("lever_eu" if ".eu." in host else "lever", token) if token else None
    if host in ("apply.workable.com", "www.workable.com", "workable.com"):
        if segments[:4] and segments[0] == "api":
            token = segments[-1] if segments[-1] not in ("jobs",) else (segments[-2] if len(segments) > 1 else None)
            return ("workable", token) if token and _TOKEN.match(token) else None
        token = token_at(0)
        return ("workable", token) if token else None
    if host.endswith(".workable.com") and host.count(".") == 2:
        return "workable", host.split(".")[0]
    if host in ("jobs.smartrecruiters.com", "careers.smartrecruiters.com"):
        token = token_at(0)
        return ("smartrecruiters", token) if token else None
    if host == "api.smartrecruiters.com" and segments[:2] == ["v1", "companies"]:
        token = token_at(2)
        return ("smartrecruiters", token) if token else None
    match = re.fullmatch(r"([a-z0-9-]+)\.recruitee\.com", host)
    if match and match.group(1) not in ("www", "api", "app"):
        return "recruitee", match.group(1)
    match = re.fullmatch(r"([a-z0-9-]+)\.jobs\.personio\.(de|com)", host)
    if match:
        return "personio", match.group(1)
    return None


def add_board(session: Session, vendor: str, token: str, *, company_name: str | None = None,
              url: str | None = None, origin: str = "cli", confidence: float = 1.0,
              active: bool = True, website: str | None = None) -> tuple[AtsBoard, bool]:
    """Register a board (or refresh an existing one); returns (row, created). Links/creates its company and,
    given ``website``, records it as the company's website (company discovery then checks that domain)."""
    vendor, token = validate_board(vendor, token)
    site = None
    if website:
        site = company_site_of(website.strip() if "//" in website else f"https://{website.strip()}")
        if site is None:
            raise ValueError(f"website: {website!r} is not a company's own site (an ATS or job site, or no host)")
    if origin not in ORIGINS:
        raise ValueError(f"origin: {origin!r} is not one of {', '.join(ORIGINS)}")
    if not 0.0 <= confidence <= 1.0:
        raise ValueError(f"confidence: {confidence} is not between 0 and 1")
    now = utcnow()
    board = session.scalars(select(AtsBoard).where(AtsBoard.vendor == vendor, AtsBoard.token == token)).first()
    created = board is None
    if board is None:
        board = AtsBoard(vendor=vendor, token=token, origin=origin, first_seen_at=now)
        session.add(board)
    board.is_active = active if created or origin != "discovery" else board.is_active
    board.last_seen_at = now
    board.confidence = max(confidence, board.confidence or 0.0) if not created else confidence
    if company_name:
        board.company_name = company_name.strip()
    board.url = url or board.url or VENDORS[vendor].public_url.replace("{token}", token)
    if board.company_id is None and board.company_name:
        board.company_id = ensure_company(session, board.company_name)
    session.flush()
    if site is not None:
        if board.company_id is None:
            raise ValueError("website: needs a company (give the company name too)")
        adopt_websites(session, {board.company_id: site})
    return board, created


def set_active(session: Session, vendor: str, token: str, active: bool) -> AtsBoard:
    vendor, token = validate_board(vendor, token)
    board = session.scalars(select(AtsBoard).where(AtsBoard.vendor == vendor, AtsBoard.token == token)).first()
    if board is None:
        raise ValueError(f"board: no board {vendor}:{token} is registered")
    board.is_active = active
    return board


def list_boards(session: Session, vendor: str | None = None, active: bool | None = None) -> list[AtsBoard]:
    query = select(AtsBoard).order_by(AtsBoard.vendor, AtsBoard.token)
    if vendor:
        query = query.where(AtsBoard.vendor == validate_board(vendor, "x")[0])
    if active is not None:
        query = query.where(AtsBoard.is_active.is_(active))
    return list(session.scalars(query))


def parse_board_key(key: str) -> tuple[str, str]:
    """"vendor:token" -> (vendor, token), validated."""
    vendor, sep, token = key.partition(":")
    if not sep:
        raise ValueError(f"board: {key!r} is not of the form vendor:token (e.g. greenhouse:acme)")
    return validate_board(vendor, token)


def active_boards(session: Session, selection: Sequence[str] = ()) -> list[BoardRef]:
    """Active boards as ``BoardRef``s; ``selection`` ("vendor:token" keys) narrows them (and may name disabled
    boards on purpose, for a one-off retry)."""
    query = select(AtsBoard).order_by(AtsBoard.id)
    if selection:
        wanted = {parse_board_key(key) for key in selection}
        rows = [b for b in session.scalars(query) if (b.vendor, b.token) in wanted]
        missing = wanted - {(b.vendor, b.token) for b in rows}
        if missing:
            raise ValueError("boards: not registered: " + ", ".join(sorted(f"{v}:{t}" for v, t in missing)))
    else:
        rows = list(session.scalars(query.where(AtsBoard.is_active.is_(True))))
    return [BoardRef(vendor=b.vendor, token=b.token, id=b.id, company_name=b.company_name,
                     company_id=b.company_id) for b in rows]


def load_board_file(path: Path) -> list[dict[str, Any]]:
    """Board entries from YAML (a list, or ``{boards: [...]}``) or CSV (header: vendor,token,company_name,...;
    optional url, website, active)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        entries: list[Any] = list(csv.DictReader(text.splitlines()))
    else:
        data = yaml.safe_load(text)
        entries = data.get("boards") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ValueError(f"boards: {path} has no list of boards")
    out = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("vendor") or not entry.get("token"):
            raise ValueError(f"boards[{index}]: needs vendor and token, got {entry!r}")
        out.append(entry)
    return out


@dataclass
class SeedResult:
    added: int
    updated: int

    @property
    def total(self) -> int:
        return self.added + self.updated


def seed_boards(session: Session, path: Path | str | None = None,
                on_total: Callable[[int], None] | None = None,
                on_board: Callable[[], None] | None = None) -> SeedResult:
    """Register the boards of a YAML/CSV file (default: the bundled demo boards); idempotent.

    ``on_total`` gets the number of entries once the file is read, ``on_board`` is called after each (progress).
    """
    entries = load_board_file(Path(path) if path else SEED_FILE)
    if on_total is not None:
        on_total(len(entries))
    added = updated = 0
    for index, entry in enumerate(entries):
        active = entry.get("active", True)
        if isinstance(active, str):
            active = active.strip().lower() not in ("false", "0", "no", "")
        try:
            _, created = add_board(session, str(entry["vendor"]), str(entry["token"]),
                                   company_name=entry.get("company_name") or entry.get("company"),
                                   url=entry.get("url"), origin="seed", active=bool(active),
                                   website=entry.get("website") or None)
        except ValueError as exc:
            raise ValueError(f"boards[{index}].{exc}") from exc
        added += created
        updated += not created
        if on_board is not None:
            on_board()
    return SeedResult(added, updated)
