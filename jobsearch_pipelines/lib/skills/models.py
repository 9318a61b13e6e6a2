"""What every extractor returns: per job, skills with canonical name, slug, level, confidence and mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from jobsearch_pipelines.lib.skills.levels import LEVEL_RANK


@dataclass(frozen=True, slots=True)
class Mention:
    """Evidence: ``text == job_text[start:end]`` (offsets into ``job_text(title, description)``)."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class ExtractedSkill:
    name: str
    slug: str
    level: str
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    category: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slug": self.slug,
            "category": self.category,
            "level": self.level,
            "confidence": round(self.confidence, 3),
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExtractedSkill:
        return cls(
            name=data["name"],
            slug=data["slug"],
            level=data["level"],
            confidence=float(data["confidence"]),
            mentions=[Mention(int(m["start"]), int(m["end"]), str(m["text"])) for m in data.get("mentions") or []],
            category=data.get("category"),
        )


@dataclass(slots=True)
class ExtractionResult:
    skills: list[ExtractedSkill]
    extractor_version: str
    usage: dict[str, int] | None = None  # LLM token usage of this extraction (None for the local extractor)
    embedding_calls: int = 0
    llm_calls: int = 0

    def sorted(self) -> ExtractionResult:
        """Skills ordered as displayed: required → preferred → nice, then confidence descending."""
        self.skills.sort(key=lambda s: (LEVEL_RANK.get(s.level, 3), -s.confidence, s.name))
        return self


class SkillExtractor(Protocol):
    """One interface for the local and the LLM extractor."""

    @property
    def version(self) -> str: ...

    def extract(self, title: str | None, description: str | None) -> ExtractionResult: ...
