"""The LLM extractor: vector-search candidates → chat completion with a JSON-schema response → verified skills.

Guards (the original trusted the model; we do not): a tag must be one of the candidates offered, its level one of
required/preferred/nice, its evidence at least 8 characters, found verbatim in the job text (whitespace- and
case-insensitive) and naming the skill (it contains one of the skill's aliases, or maps to the skill through
``SpanMapper``); one entry per tag; at most ``max_skills``. Mention offsets point into the caller's text
(``text.source_text``).
Retries on 429/5xx/timeouts are the ``openai`` SDK's own (exponential backoff, honours Retry-After);
``limiter`` (a ``GcraLimiter``) spaces the calls.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from jobsearch_pipelines.lib.skills.gazetteer import Gazetteer
from jobsearch_pipelines.lib.skills.levels import LEVEL_RANK, LEVELS
from jobsearch_pipelines.lib.skills.mapping import SpanMapper
from jobsearch_pipelines.lib.skills.models import MAX_SKILLS, ExtractedSkill, ExtractionResult, Mention
from jobsearch_pipelines.lib.skills.taxonomy import SkillEntry
from jobsearch_pipelines.lib.skills.text import MappedText, prepare, tokenize
from jobsearch_pipelines.lib.skills.vector_search import TaxonomyIndex

PROMPT_VERSION = "llm-v2"
MIN_EVIDENCE_CHARS = 8
SYSTEM_PROMPT = """You extract technical and professional skills from job postings.
Rules:
- Extract only skills explicitly mentioned or strongly implied by the job text.
- Return only tags from the supplied candidate list; never invent tags.
- level: "required" (must-have), "preferred" (nice-to-have), "nice" (mentioned but not emphasised).
- evidence: a short snippet (8 to 100 characters) copied exactly from the job text that shows the skill.
- confidence: 0 to 1, how clearly the text asks for the skill.
- Ignore vague soft skills ("team player", "good communication")."""

RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["skills"],
    "properties": {
        "skills": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["tag", "level", "confidence", "evidence"],
                "properties": {
                    "tag": {"type": "string"},
                    "level": {"type": "string", "enum": list(LEVELS)},
                    "confidence": {"type": "number"},
                    "evidence": {"type": "string"},
                },
            },
        }
    },
}


@dataclass
class LlmCallStats:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)


class LlmExtractor:
    """Extracts with an OpenAI-compatible chat model; candidates come from vector search plus alias matches."""

    def __init__(
        self,
        client: Any,
        model: str,
        index: TaxonomyIndex,
        *,
        top_k: int = 50,
        max_skills: int = MAX_SKILLS,
        limiter: Any | None = None,
        limiter_timeout: float | None = 300.0,
        temperature: float | None = 0.0,
    ) -> None:
        self.client = client
        self.model = model
        self.index = index
        self.gazetteer = Gazetteer(index.taxonomy)
        self.mapper = SpanMapper(index.taxonomy, index.embedder)
        self.top_k = top_k
        self.max_skills = max_skills
        self.limiter = limiter
        self.limiter_timeout = limiter_timeout
        self.temperature = temperature
        self.stats = LlmCallStats()

    @property
    def version(self) -> str:
        return f"{PROMPT_VERSION}:{self.model}:{self.index.embedder.model_name}:{len(self.index.taxonomy)}"

    def candidates(self, text: str) -> list[SkillEntry]:
        """Top-k vector-search candidates, plus every skill whose alias occurs in the text (cheap recall)."""
        chosen = {c.skill.slug: c.skill for c in self.index.top_k(text, self.top_k)}
        words = [t.text for t in tokenize(text)]
        for match in self.gazetteer.match(words):
            chosen.setdefault(match.skill.slug, match.skill)
        return list(chosen.values())

    def extract(self, title: str | None, description: str | None) -> ExtractionResult:
        mapped = prepare(title, description)
        text = mapped.text
        if not text.strip():
            return ExtractionResult([], self.version, usage={"prompt_tokens": 0, "completion_tokens": 0})
        candidates = self.candidates(text)
        if not candidates:
            return ExtractionResult([], self.version, usage={"prompt_tokens": 0, "completion_tokens": 0})
        raw, usage = self._ask(title or "", text, candidates)
        skills = self._validate(raw, text, {c.slug: c for c in candidates})
        self._add_alias_mentions(skills, text)
        for skill in skills:
            skill.mentions = [_to_source(mapped, m) for m in skill.mentions]
        return ExtractionResult(skills, self.version, usage=usage, llm_calls=1).sorted()

    def names_skill(self, evidence: str, skill: SkillEntry) -> bool:
        """The evidence contains one of the skill's aliases, or maps to the skill (alias after trimming, vector)."""
        words = [t.text for t in tokenize(evidence)]
        if any(match.skill.slug == skill.slug for match in self.gazetteer.match(words)):
            return True
        (mapping,) = self.mapper.map_many([evidence])
        return mapping.skill is not None and mapping.skill.slug == skill.slug

    def _add_alias_mentions(self, skills: list[ExtractedSkill], text: str) -> None:
        """Besides its evidence, each skill lists the other places its unambiguous aliases occur (for highlighting)."""
        by_slug = {s.slug: s for s in skills}
        if not by_slug:
            return
        tokens = tokenize(text)
        for match in self.gazetteer.match([t.text for t in tokens]):
            skill = by_slug.get(match.skill.slug)
            if skill is None or match.alias.ambiguous:
                continue
            start, end = tokens[match.start].start, tokens[match.end - 1].end
            if any(m.start < end and start < m.end for m in skill.mentions):
                continue
            skill.mentions.append(Mention(start, end, text[start:end]))

    def _ask(self, title: str, text: str, candidates: list[SkillEntry]) -> tuple[list[Any], dict[str, int]]:
        candidate_lines = "\n".join(f"- {c.slug}: {c.name}" for c in candidates)
        user = (
            f"Job title: {title}\n\nJob text:\n{text}\n\nCandidate tags (tag: name):\n{candidate_lines}\n\n"
            f'Return JSON {{"skills": [{{"tag", "level", "confidence", "evidence"}}]}} with at most '
            f"{self.max_skills} skills."
        )
        if self.limiter is not None:
            self.limiter.acquire(self.limiter_timeout)
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "job_skills", "strict": True, "schema": RESPONSE_SCHEMA},
            },
        }
        if self.temperature is not None:
            kwargs["temperature"] = self.temperature
        response = self.client.chat.completions.create(**kwargs)
        self.stats.calls += 1
        usage = {
            "prompt_tokens": int(getattr(response.usage, "prompt_tokens", 0) or 0),
            "completion_tokens": int(getattr(response.usage, "completion_tokens", 0) or 0),
        }
        self.stats.prompt_tokens += usage["prompt_tokens"]
        self.stats.completion_tokens += usage["completion_tokens"]
        if not response.choices:
            raise ValueError("llm response: no choices")
        content = response.choices[0].message.content or ""
        try:
            payload = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ValueError(f"llm response: content is not JSON ({exc.msg})") from exc
        skills = payload.get("skills") if isinstance(payload, dict) else None
        if not isinstance(skills, list):
            raise ValueError("llm response.skills: expected a list")
        return skills, usage

    def _validate(self, raw: list[Any], text: str, candidates: dict[str, SkillEntry]) -> list[ExtractedSkill]:
        out: dict[str, ExtractedSkill] = {}
        for item in raw:
            reason = None
            if not isinstance(item, dict):
                reason = "not an object"
            else:
                tag = str(item.get("tag", "")).strip()
                level = str(item.get("level", "")).strip()
                evidence = str(item.get("evidence", "")).strip()
                skill = candidates.get(tag)
                mention = find_evidence(text, evidence) if len(evidence) >= MIN_EVIDENCE_CHARS else None
                if skill is None:
                    reason = "tag not among the candidates"
                elif level not in LEVEL_RANK:
                    reason = "unknown level"
                elif len(evidence) < MIN_EVIDENCE_CHARS:
                    reason = "evidence too short"
                elif mention is None:
                    reason = "evidence not found in the text"
                elif not self.names_skill(mention.text, skill):
                    reason = "evidence does not name the skill"
                elif tag in out:
                    reason = "duplicate tag"
                elif len(out) >= self.max_skills:
                    reason = "over the skill limit"
            if reason is not None:
                self.stats.rejected.append({"item": item, "reason": reason})
                continue
            assert skill is not None and mention is not None
            try:
                confidence = float(item.get("confidence", 0.7))
            except (TypeError, ValueError):
                confidence = 0.7
            out[tag] = ExtractedSkill(
                skill.name,
                skill.slug,
                level,
                min(1.0, max(0.0, confidence)),
                [mention],
                skill.category,
                kind=skill.kind,
                parent=skill.parent,
                mapped_by="llm",
            )
        return list(out.values())


def _to_source(mapped: MappedText, mention: Mention) -> Mention:
    """A mention of the plain text moved to the caller's text."""
    start, end = mapped.source_span(mention.start, mention.end)
    return Mention(start, end, mapped.original[start:end])


def find_evidence(text: str, evidence: str) -> Mention | None:
    """The first occurrence of ``evidence`` in ``text``, ignoring case and runs of whitespace."""
    index = text.find(evidence)
    if index >= 0:
        return Mention(index, index + len(evidence), text[index : index + len(evidence)])
    words = evidence.split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
    match = pattern.search(text)
    if match is None:
        return None
    return Mention(match.start(), match.end(), match.group())
