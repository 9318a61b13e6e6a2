"""What every extractor returns: per job, skills with canonical name, slug, kind, level, confidence and mentions.

A skill whose span maps to no taxonomy entry is still returned (``canonical`` is None, ``slug`` None, ``name`` its
normalised surface form), so the taxonomy can grow from what postings actually ask for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from jobsearch_pipelines.lib.skills.levels import LEVEL_RANK

KINDS = ("technology", "competency", "spoken_language", "certification", "domain")
# Skills an extractor returns at most (mapped, and as many unmapped spans): a platform role can ask for 30
# technologies beside its practices, and 30 cut its nice-to-haves.
MAX_SKILLS = 60


@dataclass(frozen=True, slots=True)
class Mention:
    """Evidence: ``text == source_text(title, description)[start:end]`` (the caller's text, HTML included)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class ExtractedSkill:
    name: str
    slug: str | None
    level: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    category: str | None = None
    kind: str | None = None
    parent: str | None = None  # slug of the parent skill (SwiftUI -> swift)
    surface: str | None = None  # normalised surface form of the first mention
    mapped_by: str | None = None  # alias, vector or None (unmapped)

    @property
    def canonical(self) -> str | None:
        """The taxonomy slug, or None for a span no taxonomy entry matched."""
        return self.slug

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "canonical": self.slug,
            "kind": self.kind,
            "category": self.category,
            "parent": self.parent,
            "level": self.level,
            "confidence": round(self.confidence, 3),
            "surface": self.surface,
            "mapped_by": self.mapped_by,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExtractedSkill:
        return cls(
            name=data["name"],
            slug=data.get("slug"),
            level=data["level"],
            confidence=float(data["confidence"]),
            mentions=[Mention(int(m["start"]), int(m["end"]), str(m["text"])) for m in data.get("mentions") or []],
            category=data.get("category"),
            kind=data.get("kind"),
            parent=data.get("parent"),
            surface=data.get("surface"),
            mapped_by=data.get("mapped_by"),
        )


@dataclass(slots=True)
class ExtractionResult:
    skills: list[ExtractedSkill]
    extractor_version: str
    usage: dict[str, int] | None = None  # LLM token usage of this extraction (None for the local extractor)
    embedding_calls: int = 0
    llm_calls: int = 0
    excluded: list[dict[str, Any]] = field(default_factory=list)  # mentions dropped by scope rules, with the reason

    @property
    def mapped(self) -> list[ExtractedSkill]:
        return [s for s in self.skills if s.slug is not None]

    @property
    def unmapped(self) -> list[ExtractedSkill]:
        return [s for s in self.skills if s.slug is None]

    def sorted(self) -> ExtractionResult:
        """Skills ordered as displayed: mapped before unmapped, required → preferred → nice, then confidence."""
        self.skills.sort(key=lambda s: (s.slug is None, LEVEL_RANK.get(s.level, 3), -s.confidence, s.name))
        return self


class SkillExtractor(Protocol):
    """One interface for the local and the LLM extractor."""

    @property
    def version(self) -> str: ...

    def extract(self, title: str | None, description: str | None) -> ExtractionResult: ...
