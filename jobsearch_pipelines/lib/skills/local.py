"""The local extractor (no network): gazetteer + CRF Knowledge tagger + context rules + level detection.

Mentions refer to ``job_text(title, description)``. Taxonomy aliases found in the text are skills; ambiguous
aliases (Go, Swift, Excel...) only with technical context (``disambiguation``). The CRF, trained on SkillSpan,
also gives the Knowledge spans scored by ``jobsearch skills eval``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jobsearch_pipelines.lib.skills.crf import MODEL_PATH, KnowledgeTagger
from jobsearch_pipelines.lib.skills.disambiguation import NO_CONTEXT, Verdict, judge_ambiguous
from jobsearch_pipelines.lib.skills.gazetteer import Gazetteer, GazetteerMatch, bio_tags
from jobsearch_pipelines.lib.skills.levels import LEVEL_RANK, LevelDetector
from jobsearch_pipelines.lib.skills.models import ExtractedSkill, ExtractionResult, Mention
from jobsearch_pipelines.lib.skills.skillspan import Span
from jobsearch_pipelines.lib.skills.taxonomy import TAXONOMY_PATH, Taxonomy, default_taxonomy
from jobsearch_pipelines.lib.skills.text import job_text, sentences, token_spans, token_strings, tokenize, word_list

# A token is Knowledge when P(O) < this (marginal decoding trades precision for recall; tuned on SkillSpan dev).
O_THRESHOLD = 0.7
MAX_SKILLS = 30
_GENERIC_CONFIDENCE = 0.75  # single common words such as "testing", "cloud", "sales"
_UNAMBIGUOUS_CONFIDENCE = 0.9
_WINDOW = 4
_DOMAIN_MIN_KNOWLEDGE = 0.3
_GATED_CATEGORIES = frozenset({"Business & Domain", "Spoken Languages"})
_GENERIC_WORDS = frozenset(
    word_list(
        "testing cloud architecture monitoring logging alerting documentation programming coding analytics "
        "marketing sales finance retail banking payments audit tax api apis database databases security frontend "
        "backend"
    )
)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    words: list[str]
    lower: list[str]
    matches: list[GazetteerMatch]
    knowledge: list[float]  # per token, P(Knowledge) = 1 - P(O)
    spans: list[Span]


class LocalExtractor:
    """Offline extractor; ``version`` changes whenever the taxonomy or the CRF model changes."""

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        model_path: str | Path = MODEL_PATH,
        max_skills: int = MAX_SKILLS,
        o_threshold: float = O_THRESHOLD,
    ) -> None:
        self.taxonomy = taxonomy or default_taxonomy()
        self.gazetteer = Gazetteer(self.taxonomy)
        self.tagger = KnowledgeTagger(model_path)
        self.max_skills = max_skills
        self.o_threshold = o_threshold
        taxonomy_tag = _file_digest(TAXONOMY_PATH) if taxonomy is None else f"{len(self.taxonomy)}"
        self._version = f"local-v1:{taxonomy_tag}:{_file_digest(Path(model_path))}"
        self._casing: dict[tuple[str, tuple[str, ...]], str] = {}
        for skill in self.taxonomy.skills:
            name_words = [t.text for t in tokenize(skill.name)]
            for alias in skill.aliases:
                if len(alias.tokens) == 1:
                    for word in name_words:
                        if word.lower() == alias.tokens[0]:
                            self._casing[(skill.slug, alias.tokens)] = word

    @property
    def version(self) -> str:
        return self._version

    # -- tagging --------------------------------------------------------------------------------------------
    def tag_words(self, words: Sequence[str]) -> TaggedSentence:
        """Gazetteer matches, per-token P(Knowledge) and decoded Knowledge spans of one tokenised sentence."""
        lower = [w.lower() for w in words]
        matches = self.gazetteer.match(words, lower)
        if not words:
            return TaggedSentence([], [], [], [], [])
        spans, knowledge = self.tagger.decode_spans(words, bio_tags(matches, len(words)), self.o_threshold)
        return TaggedSentence(list(words), lower, matches, knowledge, spans)

    def knowledge_spans(self, words: Sequence[str]) -> list[Span]:
        """Knowledge spans of a pre-tokenised sentence (what the SkillSpan evaluation scores)."""
        return self.tag_words(words).spans

    # -- extraction -----------------------------------------------------------------------------------------
    def extract(self, title: str | None, description: str | None) -> ExtractionResult:
        text = job_text(title, description)
        title_end = len(text.split("\n\n", 1)[0]) if (title or "").strip() else 0
        levels = LevelDetector(text, title_end)
        found: dict[str, ExtractedSkill] = {}
        for sent_start, sent_end in sentences(text):
            segment = text[sent_start:sent_end]
            words = token_strings(segment)
            lower = [w.lower() for w in words]
            matches = self.gazetteer.match(words, lower)
            if not matches:
                continue  # no alias here: the CRF is only needed to judge and weigh alias matches
            spans = token_spans(segment, sent_start)
            confidences = self._sentence_confidences(words, lower, matches)
            sentence_level: str | None = None
            for match, confidence in zip(matches, confidences, strict=True):
                if confidence <= 0:
                    continue
                start, end = spans[match.start][0], spans[match.end - 1][1]
                if sentence_level is None:
                    sentence_level = levels.level(start, segment)
                self._add(found, match, Mention(start, end, text[start:end]), sentence_level, confidence)
        skills = sorted(found.values(), key=lambda s: (LEVEL_RANK[s.level], -s.confidence, s.name))
        return ExtractionResult(skills[: self.max_skills], self.version)

    def _sentence_confidences(self, words: list[str], lower: list[str], matches: list[GazetteerMatch]) -> list[float]:
        """Confidence per match (0 = rejected). The CRF runs only for matches the rules cannot settle: ambiguous
        words without other evidence, and one-word domain aliases."""
        confidences: list[float] = []
        undecided: list[int] = []
        for index, match in enumerate(matches):
            confidence = 0.0
            if match.alias.ambiguous:
                verdict = self._judge(words, lower, match, matches, 0.0)
                if verdict.accepted:
                    confidence = verdict.confidence
                elif verdict.reason == NO_CONTEXT:
                    undecided.append(index)
            elif _is_domain_word(match):
                undecided.append(index)
            else:
                confidence = _GENERIC_CONFIDENCE if _is_generic(match) else _UNAMBIGUOUS_CONFIDENCE
            confidences.append(confidence)
        if undecided:
            knowledge = self._knowledge_at(words, matches, [matches[i] for i in undecided])
            for index in undecided:
                match = matches[index]
                prob = max(knowledge[match.start : match.end])
                if match.alias.ambiguous:
                    verdict = self._judge(words, lower, match, matches, prob)
                    confidences[index] = verdict.confidence if verdict.accepted else 0.0
                elif prob >= _DOMAIN_MIN_KNOWLEDGE:
                    confidences[index] = min(0.99, _GENERIC_CONFIDENCE + 0.1 * prob)
        return confidences

    def _judge(
        self, words: list[str], lower: list[str], match: GazetteerMatch, matches: list[GazetteerMatch], prob: float
    ) -> Verdict:
        casing = self._casing.get((match.skill.slug, match.alias.tokens))
        return judge_ambiguous(words, lower, match, matches, prob, casing)

    def _knowledge_at(
        self, words: list[str], matches: list[GazetteerMatch], targets: list[GazetteerMatch]
    ) -> list[float]:
        """P(Knowledge) for the tokens of ``targets`` (0 elsewhere).

        One CRF pass over the stretch of the sentence around the targets (``_WINDOW`` tokens of context each side):
        marginals hardly depend on tokens further away, and long sentences cost less.
        """
        first = max(0, targets[0].start - _WINDOW)
        last = min(len(words), targets[-1].end + _WINDOW)
        tags = bio_tags(matches, len(words))[first:last]
        indexes = [i - first for match in targets for i in range(match.start, match.end)]
        probabilities = self.tagger.knowledge_probabilities(words[first:last], tags, indexes)
        knowledge = [0.0] * len(words)
        for index, probability in probabilities.items():
            knowledge[index + first] = probability
        return knowledge

    @staticmethod
    def _add(
        found: dict[str, ExtractedSkill], match: GazetteerMatch, mention: Mention, level: str, confidence: float
    ) -> None:
        skill = found.get(match.skill.slug)
        if skill is None:
            found[match.skill.slug] = ExtractedSkill(
                match.skill.name, match.skill.slug, level, confidence, [mention], match.skill.category
            )
            return
        skill.mentions.append(mention)
        if LEVEL_RANK[level] < LEVEL_RANK[skill.level]:
            skill.level = level
        skill.confidence = min(0.99, max(skill.confidence, confidence) + 0.02)


def _is_generic(match: GazetteerMatch) -> bool:
    """A single common word ("testing", "cloud", "documentation"): accepted with less confidence."""
    return len(match.alias.tokens) == 1 and (
        match.alias.tokens[0] in _GENERIC_WORDS or match.skill.category == "Business & Domain"
    )


def _is_domain_word(match: GazetteerMatch) -> bool:
    """A one-word industry or language alias ("insurance", "retail", "Dutch"): often not a requirement ("a Dutch
    company", "health insurance"), so the CRF must agree."""
    return len(match.alias.tokens) == 1 and match.skill.category in _GATED_CATEGORIES
