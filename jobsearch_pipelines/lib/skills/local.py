"""The local extractor (no network): gazetteer + CRF tagger on every sentence + context rules + scope + levels.

Every skill span found is emitted: taxonomy alias matches (ambiguous ones such as Go or Swift only with technical
context, ``disambiguation``) and the spans the CRF tags as Knowledge. A CRF span is mapped to a canonical skill by
the alias it contains, else by ``SpanMapper`` (alias after trimming, then vector search with a threshold); what does
not map is returned with ``slug``/``canonical`` None and its normalised surface form. Spans the posting does not ask
of the candidate (negated, another team's, the company's product, equipment or perks: ``scope``) are left out and
listed in ``ExtractionResult.excluded``. Mention offsets refer to the caller's text (``text.source_text``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from jobsearch_pipelines.lib.skills.asked import MODEL_PATH as ASKED_MODEL_PATH
from jobsearch_pipelines.lib.skills.asked import AskedModel, mention_features
from jobsearch_pipelines.lib.skills.crf import MODEL_PATH, KnowledgeTagger
from jobsearch_pipelines.lib.skills.disambiguation import (
    Verdict,
    judge_ambiguous,
    names_a_person_or_place,
    spelled_out_otherwise,
)
from jobsearch_pipelines.lib.skills.embeddings import Embedder, HashedNgramEmbedder
from jobsearch_pipelines.lib.skills.gazetteer import Gazetteer, GazetteerMatch, bio_tags
from jobsearch_pipelines.lib.skills.levels import LEVEL_RANK, LevelDetector
from jobsearch_pipelines.lib.skills.mapping import SpanMapper, normalise_surface
from jobsearch_pipelines.lib.skills.models import MAX_SKILLS, ExtractedSkill, ExtractionResult, Mention
from jobsearch_pipelines.lib.skills.scope import (
    ANOTHER_TEAMS_ROW,
    EXCLUDED,
    another_teams_row,
    asks_plainly,
    asks_the_candidate,
    denies,
    names_the_stack,
    not_asked_columns,
    out_of_scope,
    refers_back,
    team_column,
)
from jobsearch_pipelines.lib.skills.skillspan import Span
from jobsearch_pipelines.lib.skills.taxonomy import SkillEntry, Taxonomy, default_taxonomy, taxonomy_digest
from jobsearch_pipelines.lib.skills.text import prepare, sentences, token_spans, token_strings, tokenize, word_list
from jobsearch_pipelines.lib.skills.vendors import PLATFORM_VENDORS, VendorShortNames

# A token is Knowledge when P(O) < this (marginal decoding trades precision for recall; tuned on SkillSpan dev).
O_THRESHOLD = 0.7
# Cosine of a span to a skill alias for a vector mapping: on held-out aliases (bench/skill_mapping.py) 0.85 keeps
# about 9 in 10 vector mappings right and maps ~1 % of SkillSpan train's non-skill spans.
VECTOR_THRESHOLD = 0.85
_GENERIC_CONFIDENCE = 0.75  # single common words such as "testing", "cloud", "sales"
_UNAMBIGUOUS_CONFIDENCE = 0.9
_ALIAS_IN_SPAN_CONFIDENCE = 0.8
MODEL_MIN_SENTENCES = 3  # the context model judges texts of at least this many sentences (asked.py)
_VENDOR_CONFIDENCE = 0.8  # a short name in its vendor's context ("AWS (Lambda, Glue)")
_DOMAIN_MIN_KNOWLEDGE = 0.3
# A competency, domain or generic-word alias match the CRF does not see as part of a Knowledge span needs at least
# this P(Knowledge) (tuned on SkillSpan dev); technologies and the posting's title are exempt.
GAZETTEER_MIN_KNOWLEDGE = 0.3
_GATED_KINDS = frozenset({"domain", "spoken_language"})
_UNGATED_KINDS = frozenset({"technology", "certification"})  # named things: an alias match is enough
_MAX_SPAN_TOKENS = 8
_SHORT_ALIAS = 3
_LANGUAGE_BEFORE = frozenset(word_list("fluent fluency native business written spoken speak speaks proficient"))
_LANGUAGE_AFTER = frozenset(word_list("speaker speakers speaking language skills fluency c1 c2 b2 native level"))
# A degree names its alternatives as one requirement: "Master's degree in Finance or Economics", "Bachelor's or
# Master's degree" (SkillSpan marks each as one span); a span holding one of these words is not split at "or".
_DEGREE_WORDS = frozenset(
    word_list(
        "degree degrees master masters master's bachelor bachelors bachelor's phd ph.d msc bsc mba diploma doctorate"
    )
)
_LIST_WORDS = frozenset(word_list(", / and or & ; nor as well"))
# Words a span does not begin or end with: list words, prepositions, articles, relative pronouns ("master's degree
# in" -> "master's degree"); 6 of SkillSpan train's 2,969 Knowledge spans begin or end with one of those added to
# the list words.
_EDGE_WORDS = _LIST_WORDS | frozenset(word_list("in of within for with to on at by from a an the which that"))
# Nouns naming a job or a practice after a technology: SkillSpan marks no skill in a role's name.
_ROLE_NOUNS = frozenset(
    word_list(
        "developer developers engineer engineers programmer programmers architect architects lead administrator "
        "administrators admin consultant consultants specialist specialists practice position positions"
    )
)
_GENERIC_WORDS = frozenset(
    word_list(
        "testing cloud architecture monitoring logging alerting documentation programming coding analytics "
        "marketing sales finance retail banking payments audit tax api apis database databases security frontend "
        "backend"
    )
)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


# The modules whose code decides what `extract` returns: this one and every skills module it imports, directly or not
# (a test keeps the list closed). Their digest is part of the version, so a release that only changes rules
# re-extracts stored jobs (and misses the text cache) instead of keeping results the old rules made.
RULE_MODULES = (
    "asked", "crf", "disambiguation", "embeddings", "gazetteer", "levels", "local", "mapping", "models", "scope",
    "skillspan", "taxonomy", "text", "vendors",
)


def rules_digest(folder: Path = Path(__file__).parent) -> str:
    """SHA-256 (8 hex digits) of the source of ``RULE_MODULES`` in ``folder``."""
    return hashlib.sha256(b"".join((folder / f"{name}.py").read_bytes() for name in RULE_MODULES)).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    words: list[str]
    lower: list[str]
    cased: list[str]  # the words as the gazetteer reads them, in their casing ("Qt-based": "Qt", "Swift's": "Swift")
    matches: list[GazetteerMatch]
    knowledge: list[float]  # per token, P(Knowledge) = 1 - P(O)
    spans: list[Span]


@dataclass(slots=True)
class SpanFound:
    """One span of a sentence (token range) with its canonical skill, if any."""

    start: int
    end: int
    skill: SkillEntry | None
    confidence: float
    how: str | None  # alias, vector or None


class LocalExtractor:
    """Offline extractor; ``version`` changes whenever the taxonomy, the CRF model, the asked model or the span mapper
    changes. ``asked_model_path=None`` keeps every technology the rules keep (``asked_train`` reads the contexts
    through ``on_mention``)."""

    def __init__(
        self,
        taxonomy: Taxonomy | None = None,
        model_path: str | Path = MODEL_PATH,
        max_skills: int = MAX_SKILLS,
        o_threshold: float = O_THRESHOLD,
        embedder: Embedder | None = None,
        vector_threshold: float = VECTOR_THRESHOLD,
        gazetteer_min_knowledge: float = GAZETTEER_MIN_KNOWLEDGE,
        asked_model_path: str | Path | None = ASKED_MODEL_PATH,
    ) -> None:
        self.gazetteer_min_knowledge = gazetteer_min_knowledge
        self.taxonomy = taxonomy or default_taxonomy()
        self.gazetteer = Gazetteer(self.taxonomy)
        self.vendors = VendorShortNames(self.taxonomy)
        self.tagger = KnowledgeTagger(model_path)
        self.max_skills = max_skills
        self.o_threshold = o_threshold
        self.mapper = SpanMapper(self.taxonomy, embedder or HashedNgramEmbedder(dim=512), vector_threshold)
        taxonomy_tag = taxonomy_digest() if taxonomy is None else f"{len(self.taxonomy)}"
        mapper_tag = hashlib.sha256(f"{self.mapper.model_name}:{vector_threshold}".encode()).hexdigest()[:6]
        self.asked = AskedModel(asked_model_path) if asked_model_path is not None else None
        asked_tag = _file_digest(Path(asked_model_path)) if asked_model_path is not None else "none"
        self._version = (
            f"local-v3:{rules_digest()}:{taxonomy_tag}:{_file_digest(Path(model_path))}:{asked_tag}:{mapper_tag}"
        )
        # (skill, features, reason or None if kept) of every technology mention: how asked_train sees the contexts
        self.on_mention: Callable[[SkillEntry, list[str], str | None], None] | None = None
        self._umbrellas_over = _umbrellas_over(self.taxonomy)
        self._casing: dict[tuple[str, tuple[str, ...]], str] = {}
        for skill in self.taxonomy.skills:
            name_words = [t.text for t in tokenize(skill.name)]
            lowered = tuple(w.lower() for w in name_words)
            for alias in skill.aliases:
                if not alias.ambiguous or (skill.generated and len(alias.text) <= _SHORT_ALIAS):
                    continue  # a short generated alias ("MIB") in capitals is no evidence: acronyms abound
                if alias.tokens == lowered:
                    self._casing[(skill.slug, alias.tokens)] = " ".join(name_words)
                elif len(alias.tokens) == 1:
                    for word in name_words:
                        if word.lower() == alias.tokens[0]:
                            self._casing[(skill.slug, alias.tokens)] = word

    @property
    def version(self) -> str:
        return self._version

    # -- tagging --------------------------------------------------------------------------------------------
    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[TaggedSentence]:
        """Gazetteer matches, per-token P(Knowledge) and decoded Knowledge spans of tokenised sentences (the CRF
        scores them all in one batch)."""
        prepared: list[tuple[list[str], list[str], list[str], list[GazetteerMatch]]] = []
        for words in sentences:
            joined = "".join(words)  # most sentences have no curly apostrophe and no hyphen: one check each
            lower = [w.lower() for w in words]
            if "\u2019" in joined or "\u0092" in joined:  # U+0092: Windows-1252's quote read as Latin-1
                lower = [w.replace("\u2019", "'").replace("\u0092", "'") for w in lower]  # don’t = don't
            forms = lower
            if _HYPHENS.search(joined):
                forms = [_gazetteer_form(w) if _HYPHENS.search(w) else w for w in lower]
            if "'" in joined or "\u2019" in joined or "\u0092" in joined:  # "Android Studio's", "Kubernetes' scheduler"
                forms = [_without_possessive(w) for w in forms]
            cased = list(words) if forms is lower else [_cased(w, f) for w, f in zip(words, forms, strict=True)]
            prepared.append((list(words), lower, cased, self.gazetteer.match(cased, forms) if words else []))
        decoded = self.tagger.decode_spans(
            [(words, bio_tags(matches, len(words))) for words, _, _, matches in prepared], self.o_threshold
        )
        return [
            TaggedSentence(words, lower, cased, matches, knowledge, spans)
            for (words, lower, cased, matches), (spans, knowledge) in zip(prepared, decoded, strict=True)
        ]

    def tag_words(self, words: Sequence[str]) -> TaggedSentence:
        """``tag_sentences`` for one sentence."""
        return self.tag_sentences([words])[0]

    def knowledge_spans(self, words: Sequence[str]) -> list[Span]:
        """CRF Knowledge spans of a pre-tokenised sentence (a diagnostic row of the SkillSpan evaluation)."""
        return self.tag_words(words).spans

    def sentence_spans(
        self, tagged: TaggedSentence, is_title: bool = False, platforms: Collection[str] = ()
    ) -> list[SpanFound]:
        """Every skill span of one sentence tagged by ``tag_sentences``: accepted alias matches and CRF spans,
        mapped where possible. ``platforms``: the platform vendors the posting's title names (``vendors.py``)."""
        words = tagged.words
        if not words:
            return []
        confidences = self._match_confidences(tagged)
        accepted = [(m, c) for m, c in zip(tagged.matches, confidences, strict=True) if c > 0]
        rejected = [m for m, c in zip(tagged.matches, confidences, strict=True) if c <= 0]
        vendor = [
            v for v in self.vendors.match(words, tagged.lower, platforms)
            if not any(_overlaps(v, m) and m.skill.kind == "technology" and not m.skill.generated for m, _ in accepted)
        ]
        if vendor:  # "AWS (S3, Lambda, IAM, VPC)": the service wins over a competency, a generated entry or a word
            accepted = [(m, c) for m, c in accepted if not any(_overlaps(v, m) for v in vendor)]
            accepted += [(v, _VENDOR_CONFIDENCE) for v in vendor]
            rejected = [m for m in rejected if not any(_overlaps(v, m) for v in vendor)]
        found: list[SpanFound] = []
        covered: set[int] = set()
        pending: list[tuple[int, int]] = []
        pieces = [piece for start, end in tagged.spans for piece in _split_alternatives(tagged.lower, start, end)]
        for start, end in pieces:
            inside = [(m, c) for m, c in accepted if m.start < end and start < m.end]
            contained = bool(inside) and all(start <= m.start and m.end <= end for m, _ in inside)
            if len(inside) == 1 and contained:
                match, confidence = inside[0]
                found.append(SpanFound(start, end, match.skill, confidence, "alias"))
                covered.add(id(match))
            elif contained and _one_phrase(tagged, start, end):
                for match, confidence in inside:  # one span naming several skills ("Java Spring")
                    found.append(SpanFound(start, end, match.skill, confidence, "alias"))
                    covered.add(id(match))
            elif len(inside) == 1 and _inner_part(tagged.spans, inside[0][0], start, end):
                match, confidence = inside[0]  # the CRF reads part of one alias match: "Fluent [English]"
                found.append(SpanFound(start, end, match.skill, confidence, "alias"))
                covered.add(id(match))
            elif inside:
                continue  # several skills (or a partial overlap): their alias matches are emitted instead
            elif any(m.start <= start and end <= m.end for m in rejected):
                continue  # the rules read this word in its ordinary sense (go, next, rest ...)
            elif end - start <= _MAX_SPAN_TOKENS:
                pending.append((start, end))
        for match, confidence in accepted:
            if id(match) in covered:
                continue
            probability = max(tagged.knowledge[match.start : match.end])
            specific = match.skill.kind in _UNGATED_KINDS and not _is_generic(match)
            if not is_title and _names_a_role(tagged, match):
                continue  # "a Senior Java Developer": the role's name, not what it asks (the title may say it)
            if specific or is_title or probability >= self.gazetteer_min_knowledge or _language_cue(tagged, match):
                found.append(SpanFound(match.start, match.end, match.skill, confidence, "alias"))
        if pending:
            mappings = self.mapper.map_many([" ".join(words[s:e]) for s, e in pending])
            for (start, end), mapping in zip(pending, mappings, strict=True):
                probability = sum(tagged.knowledge[start:end]) / (end - start)
                if mapping.skill is None:
                    found.append(SpanFound(start, end, None, probability, None))
                else:
                    confidence = _ALIAS_IN_SPAN_CONFIDENCE if mapping.how == "alias" else mapping.score * probability
                    found.append(SpanFound(start, end, mapping.skill, min(0.95, confidence), mapping.how))
        found.sort(key=lambda f: (f.start, f.end))
        return _dedupe(found)

    # -- extraction -----------------------------------------------------------------------------------------
    def extract(self, title: str | None, description: str | None) -> ExtractionResult:
        mapped = prepare(title, description)
        text = mapped.text
        title_end = len(text.split("\n\n", 1)[0]) if (title or "").strip() else 0
        levels = LevelDetector(text, title_end, mapped.headings)
        platforms = PLATFORM_VENDORS.intersection(w.lower() for w in token_strings(text[:title_end]))
        skills: dict[str, ExtractedSkill] = {}
        excluded: list[dict[str, object]] = []
        denied: dict[str, set[int]] = {}  # skill key -> sentences where a mention is negated or another team's
        kept: dict[str, list[tuple[int, bool]]] = {}  # skill key -> (clause start, asks?) of its kept mentions
        # the sentences before in this paragraph that do not address the candidate: their starts and kept skills
        run: list[tuple[int, set[str]]] = []
        run_end = 0
        denied_by_next: dict[str, str] = {}  # skill key -> the reason a following sentence gave
        asked: dict[str, float] = {}  # technology skill key -> the highest P(asked) of its kept mentions
        columns: frozenset[int] = frozenset()  # "| Area | Must have | Not needed |": the table's not-asked columns
        team: int | None = None  # the team column of the table's header row
        in_table = False
        units = [(start, text[start:end]) for start, end in sentences(text)]
        units = [(start, segment, words) for start, segment in units if (words := token_strings(segment))]
        for (sent_start, segment, words), tagged in zip(
            units, self.tag_sentences([words for _, _, words in units]), strict=True
        ):
            found = self.sentence_spans(tagged, is_title=sent_start < title_end, platforms=platforms)
            section = levels.section_at(sent_start)
            if "\n" in text[run_end:sent_start]:
                run = []  # a list item or a new paragraph: "those" does not reach over it
            run_end = sent_start + len(segment)
            if any(keys for _, keys in run) and (back := refers_back(tagged.words, tagged.lower)) is not None:
                # "... connect Beacon to Datadog and Sentry. You don't need to know those tools."
                reason, broad = back
                for start, keys in run if broad else run[-1:]:
                    for key in keys:
                        denied.setdefault(key, set()).add(start)
                        denied_by_next.setdefault(key, reason)
            to_candidate = asks_the_candidate(tagged.lower)  # a later sentence's pronoun does not undo it
            if not segment.lstrip().startswith("|"):
                columns, team, in_table = frozenset(), None, False
            else:
                if not in_table:  # the table's first row: "| Team | Owns | Stack |" makes it a map of the teams
                    team, in_table = team_column(segment), True
                if not columns:
                    columns = not_asked_columns(segment)  # a header row; its rows follow
            current: tuple[int, set[str]] = (sent_start, set())
            before = run  # the paragraph's sentences before this one that do not address the candidate
            run = [] if to_candidate else [*run[1 - _BACK_SENTENCES :], current]
            if not found:
                continue
            offsets = token_spans(segment, words, sent_start)
            scope = out_of_scope(words, tagged.lower, section, columns)
            if team is not None and another_teams_row(segment, team, text[:title_end]):
                scope = [reason or ANOTHER_TEAMS_ROW for reason in scope]
            sentence_level = levels.level(sent_start, segment)
            # the context model judges what the rules left open: not a sentence that plainly asks the candidate ("you
            # will extend them", "no stranger to Kubernetes") nor a stack line ("Our stack in one line: ...")
            judged = not asks_plainly(tagged.lower) and not names_the_stack(tagged.lower)
            scorer = None  # built for the first kept technology of a judged sentence
            for span in found:
                start, end = offsets[span.start][0], offsets[span.end - 1][1]
                source_start, source_end = mapped.source_span(start, end)
                mention = Mention(source_start, source_end, mapped.original[source_start:source_end])
                surface = normalise_surface(text[start:end])
                key = _skill_key(span, surface)
                reason = next((r for r in scope[span.start : span.end] if r), None)
                technology = judged and span.skill is not None and span.skill.kind == "technology"
                if technology and self.on_mention is not None:
                    features = mention_features(tagged.lower, span.start, span.end, section, sentence_level)
                    self.on_mention(span.skill, features, reason)  # type: ignore[arg-type]
                clause = _clause_start(tagged.lower, offsets, span.start, sent_start)
                if reason is not None:
                    excluded.append({"text": text[start:end], "slug": span.skill.slug if span.skill else None,
                                     "reason": reason, "mention": mention.to_dict()})
                    if denies(reason):
                        denied.setdefault(key, set()).add(clause)
                        # "... a possible transition to Epic in 2027. Epic experience is not required": a negation
                        # reaches the sentences before it in the paragraph that do not address the candidate; not
                        # one that turns ("You will not be writing new COBOL, but you must be able to read it")
                        if reason.startswith(EXCLUDED) and _TURNS.isdisjoint(tagged.lower):
                            denied[key].update(start for start, keys in before if key in keys)
                    continue
                self._add(skills, key, span, mention, surface, sentence_level)
                # a kept mention asks unless merely nice to have; a clause that turns to the candidate ("...; you'll
                # ship a React component") asks at any level
                kept.setdefault(key, []).append((clause, sentence_level != "nice" or clause != sent_start))
                if technology and self.asked is not None:
                    scorer = scorer or self.asked.sentence(tagged.lower, section, sentence_level)
                    asked[key] = max(asked.get(key, 0.0), scorer.probability(span.start, span.end))
                current[1].add(key)
        for key, where in denied.items():
            # Denied once, asked nowhere else: "written in Flask ... no Flask experience needed" is not a requirement.
            if key in skills and not any(s not in where and asks for s, asks in kept[key]):
                _drop(skills, key, denied_by_next.get(key, "excluded elsewhere in the posting"), excluded)
        # Named where nothing asks for it: "Under the hood, the flag core is Rust ..." (asked.py). The model learnt from
        # whole postings; a text of a sentence or two ("Docker is a plus.") gives it no posting to judge by.
        judged_posting = len(units) >= MODEL_MIN_SENTENCES
        for key, probability in asked.items():
            if judged_posting and key in skills and self.asked is not None and probability < self.asked.threshold:
                _drop(skills, key, f"not asked by its context (P = {probability:.2f})", excluded)
        products = {  # umbrella slug -> a product of it the posting names ("SAP ABAP Developer ... S/4HANA, SAP FI/CO")
            umbrella: skill.slug
            for skill in skills.values()
            for umbrella in self._umbrellas_over.get(skill.slug or "", ())
        }
        for key, skill in list(skills.items()):
            if skill.slug in products:
                _drop(skills, key, f"the vendor's name: its products are named ({products[skill.slug]})", excluded)
        ordered = sorted(skills.values(), key=lambda s: (LEVEL_RANK[s.level], -s.confidence, s.name))
        mapped_skills = [s for s in ordered if s.slug is not None][: self.max_skills]
        unmapped = [s for s in ordered if s.slug is None][: self.max_skills]
        return ExtractionResult(mapped_skills + unmapped, self.version, excluded=excluded)

    def _match_confidences(self, tagged: TaggedSentence) -> list[float]:
        """Confidence per alias match (0 = rejected): ambiguous words need context, one-word domain and language
        aliases need the CRF to agree."""
        confidences: list[float] = []
        for match in tagged.matches:
            probability = max(tagged.knowledge[match.start : match.end])
            if spelled_out_otherwise(tagged.words, tagged.lower, match) or _plural_acronym(tagged.words, match):
                confidences.append(0.0)
            elif match.alias.ambiguous:
                verdict = self._judge(tagged, match, probability)
                confidences.append(verdict.confidence if verdict.accepted else 0.0)
            elif len(match.alias.tokens) == 1 and match.skill.kind in _GATED_KINDS:
                ok = probability >= _DOMAIN_MIN_KNOWLEDGE
                confidences.append(min(0.99, _GENERIC_CONFIDENCE + 0.1 * probability) if ok else 0.0)
            elif len(match.alias.tokens) == 1 and names_a_person_or_place(tagged.lower, match):
                confidences.append(0.0)
            else:
                confidences.append(_GENERIC_CONFIDENCE if _is_generic(match) else _UNAMBIGUOUS_CONFIDENCE)
        return confidences

    def _judge(self, tagged: TaggedSentence, match: GazetteerMatch, probability: float) -> Verdict:
        casing = self._casing.get((match.skill.slug, match.alias.tokens))
        written = tagged.words[match.start]
        if match.end - match.start > 1 or written == tagged.cased[match.start]:
            written = None
        return judge_ambiguous(tagged.cased, tagged.lower, match, tagged.matches, probability, casing, written)

    @staticmethod
    def _add(
        skills: dict[str, ExtractedSkill], key: str, span: SpanFound, mention: Mention, surface: str, level: str
    ) -> None:
        skill = skills.get(key)
        if skill is None:
            entry = span.skill
            skills[key] = ExtractedSkill(
                name=entry.name if entry else surface,
                slug=entry.slug if entry else None,
                level=level,
                confidence=span.confidence,
                mentions=[mention],
                category=entry.category if entry else None,
                kind=entry.kind if entry else None,
                parent=entry.parent if entry else None,
                surface=surface,
                mapped_by=span.how,
            )
            return
        if any(m.start == mention.start and m.end == mention.end for m in skill.mentions):
            return
        skill.mentions.append(mention)
        if LEVEL_RANK[level] < LEVEL_RANK[skill.level]:
            skill.level = level
        skill.confidence = min(0.99, max(skill.confidence, span.confidence) + 0.02)


# "Docker-based hosting", "a Kubernetes-native platform": the technology before a descriptive suffix.
_COMPOUND_SUFFIXES = frozenset(
    ("based", "powered", "native", "driven", "centric", "compatible", "enabled", "backed", "heavy", "focused",
     "generated")
)


_HYPHENS = re.compile("[-\u2010\u2011]")
# How many sentences back a denial reaches ("The API is Elixir. Content lives in Contentful. You won't need any of
# these.")
_BACK_SENTENCES = 3


def _drop(skills: dict[str, ExtractedSkill], key: str, reason: str, excluded: list[dict[str, object]]) -> None:
    """Take a kept skill out of the result; its mentions go to ``excluded`` with the reason."""
    skill = skills.pop(key)
    excluded.extend({"text": m.text, "slug": skill.slug, "reason": reason, "mention": m.to_dict()}
                    for m in skill.mentions)


def _umbrellas_over(taxonomy: Taxonomy) -> dict[str, frozenset[str]]:
    """Skill slug -> the umbrella skills (``umbrella: true``, a vendor's name) among its ancestors."""
    out: dict[str, frozenset[str]] = {}
    for skill in taxonomy.skills:
        above: set[str] = set()
        seen: set[str] = set()
        parent = taxonomy.by_slug(skill.parent) if skill.parent else None
        while parent is not None and parent.slug not in seen:
            seen.add(parent.slug)
            if parent.umbrella:
                above.add(parent.slug)
            parent = taxonomy.by_slug(parent.parent) if parent.parent else None
        if above:
            out[skill.slug] = frozenset(above)
    return out


_NOT_POSSESSIVE = frozenset(("let's", "it's", "that's", "what's", "there's", "here's", "who's", "he's", "she's"))


def _clause_start(lower: Sequence[str], offsets: Sequence[tuple[int, int]], token: int, sentence: int) -> int:
    """Where the clause of ``token`` starts: the sentence's start, or the end of the last ";" before the token ("the UI
    teams build in React; you'll ship a React component": the second React is asked though the first is theirs)."""
    for index in range(token - 1, -1, -1):
        if lower[index] == ";" and index + 1 < len(lower) and lower[index + 1] in _YOU_OPENING:
            return offsets[index][1]
    return sentence


_YOU_OPENING = frozenset(word_list("you you'll you're your"))
_TURNS = frozenset(word_list("but however though although yet"))
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")


def _plural_acronym(words: Sequence[str], match: GazetteerMatch) -> bool:
    """"SOPs", "RPCs": the plural of another acronym, not the product that ends in S (SOPS, RPCS)."""
    text = match.alias.text
    return (
        match.end - match.start == 1 and _PLURAL_ACRONYM.fullmatch(words[match.start]) is not None
        and text.isupper() and text.endswith("S")
    )


def _cased(word: str, form: str) -> str:
    """The part of ``word`` its lookup ``form`` keeps, in the word's own casing, so an alias with a fixed casing
    matches "Qt-based" and "Swift's" as it matches "Qt" and "Swift"."""
    head = word[: len(form)]
    return head if len(form) < len(word) and head.lower() == form else word


def _without_possessive(word: str) -> str:
    """The name under a possessive ("studio's" -> "studio", "actions'" -> "actions"), for alias lookup only ("Let's
    Encrypt" stays)."""
    if len(word) > 3 and word.endswith("'s") and word not in _NOT_POSSESSIVE:
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s'") else word


def _gazetteer_form(word: str) -> str:
    """A hyphenated token as the gazetteer reads it: Unicode hyphens (U+2010, and the non-breaking U+2011 of
    "IPC&#8209;2221" in HTML) as hyphens, and the technology alone before a descriptive suffix."""
    word = word.replace("\u2010", "-").replace("\u2011", "-")
    head, _, suffix = word.rpartition("-")
    return head if head and suffix in _COMPOUND_SUFFIXES else word


def _overlaps(a: GazetteerMatch, b: GazetteerMatch) -> bool:
    return a.start < b.end and b.start < a.end


def _skill_key(span: SpanFound, surface: str) -> str:
    return span.skill.slug if span.skill is not None else f"~{surface}"


def _names_a_role(tagged: TaggedSentence, match: GazetteerMatch) -> bool:
    """The alias begins the name of a role ("Senior Java Developer", "BPMN Camunda Java Developer", "our Java
    Practice"): skipping further aliases and slashes, a role noun follows."""
    ends = {m.start: m.end for m in tagged.matches}
    i = match.end
    while i < len(tagged.lower) and (tagged.lower[i] == "/" or i in ends):
        i = ends.get(i, i + 1)
    return i < len(tagged.lower) and tagged.lower[i] in _ROLE_NOUNS


def _language_cue(tagged: TaggedSentence, match: GazetteerMatch) -> bool:
    """A spoken language with a cue next to it: "fluent Polish", "German (C1)", "Dutch speaker"."""
    if match.skill.kind != "spoken_language":
        return False
    before = tagged.lower[max(0, match.start - 2) : match.start]
    after = tagged.lower[match.end : match.end + 2]
    return bool(_LANGUAGE_BEFORE.intersection(before) or _LANGUAGE_AFTER.intersection(after))


def _inner_part(spans: Sequence[Span], match: GazetteerMatch, start: int, end: int) -> bool:
    """The CRF span lies inside the match and is the only CRF span touching it: "Fluent [English]", "[English]
    language" (SkillSpan marks the language alone); a match the CRF splits in two ("CI" "CD") is emitted whole."""
    if not (match.start <= start and end <= match.end):
        return False
    return sum(1 for a, b in spans if a < match.end and match.start < b) == 1


def _split_alternatives(lower: Sequence[str], start: int, end: int) -> list[tuple[int, int]]:
    """A CRF span across "or" names two things ("biochemistry or human biology"; "hydrology and/or soil mechanics",
    whose "and /" the trimming removes), unless it names a degree ("Master's degree in Finance or Economics"); list
    words, prepositions and articles at either end of a span ("thermal modelling and/", "master's degree in") are not
    part of it. "and" is no split: it also joins one name ("research and development"); tuned on SkillSpan dev (HOUSE
    strict +0.019, TECH unchanged; splitting at "and" too cost TECH 0.005). Every CRF span goes through this before
    its alias matches are read: "machine learning signal processing and/or statistical methods" holds one alias but
    names two things."""
    degree = any(word in _DEGREE_WORDS for word in lower[start:end])
    for i in range(start + 1, end - 1):
        if lower[i] == "or" and not degree:
            return [*_split_alternatives(lower, start, i), *_split_alternatives(lower, i + 1, end)]
    while start < end and lower[start] in _EDGE_WORDS:
        start += 1
    while end > start and lower[end - 1] in _EDGE_WORDS:
        end -= 1
    if not any(ch.isalnum() for word in lower[start:end] for ch in word):
        return []  # punctuation left over ("from **" in markdown)
    return [(start, end)]


def _one_phrase(tagged: TaggedSentence, start: int, end: int) -> bool:
    """No list separator inside: "Java Spring" is one phrase, "Python and/or Node.js" two."""
    return not any(word in _LIST_WORDS for word in tagged.lower[start:end])


def _dedupe(found: list[SpanFound]) -> list[SpanFound]:
    """Drop a span that overlaps one already kept (sorted by start, longest first at equal start); the same range
    may name several skills ("Java Spring")."""
    kept: list[SpanFound] = []
    for span in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and span.start < kept[-1].end and (span.start, span.end) != (kept[-1].start, kept[-1].end):
            continue
        kept.append(span)
    return kept


def _is_generic(match: GazetteerMatch) -> bool:
    """A single common word ("testing", "cloud", "documentation"): accepted with less confidence."""
    return len(match.alias.tokens) == 1 and (match.alias.tokens[0] in _GENERIC_WORDS or match.skill.kind == "domain")
