"""The skill taxonomy: canonical skills with category and aliases, loaded from ``data/skills/taxonomy.yaml``."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from jobsearch_pipelines.lib.skills.text import tokenize

TAXONOMY_PATH = Path(__file__).resolve().parents[2] / "data" / "skills" / "taxonomy.yaml"


@dataclass(frozen=True, slots=True)
class Alias:
    """One surface form of a skill. ``tokens`` are lowercase; ``exact`` holds the only accepted casing, if any."""

    text: str
    tokens: tuple[str, ...]
    ambiguous: bool = False
    exact: str | None = None


@dataclass(frozen=True)
class SkillEntry:
    name: str
    slug: str
    category: str
    aliases: tuple[Alias, ...] = field(default_factory=tuple)
    description: str | None = None

    def document(self) -> str:
        """The text embedded for vector search: name, slug words, category and aliases."""
        alias_texts = ", ".join(a.text for a in self.aliases if a.text.lower() != self.name.lower())
        return f"{self.name} ({self.slug.replace('-', ' ')}): {self.category}. Also: {alias_texts}".strip()


def slugify(name: str) -> str:
    """A stable lowercase tag: "C#" → "c-sharp"-like tags must be given explicitly; this covers plain names."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.replace("+", "p").replace("#", "sharp")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def alias_tokens(text: str) -> tuple[str, ...]:
    return tuple(token.text.lower() for token in tokenize(text))


@dataclass(frozen=True)
class Taxonomy:
    skills: tuple[SkillEntry, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_slug", {s.slug: s for s in self.skills})

    def by_slug(self, slug: str) -> SkillEntry | None:
        return self._by_slug.get(slug)  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.skills)


def _as_list(entry: dict[str, Any], key: str, where: str) -> list[str]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise ValueError(f"{where}.{key}: expected a list of strings")
    return [str(v) for v in value]


def parse_taxonomy(data: Any, source: str = "taxonomy") -> Taxonomy:
    """Validate the YAML structure ``{category: [{name, slug?, aliases?, ambiguous?, case_sensitive?}]}``."""
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a mapping of category -> list of skills")
    skills: list[SkillEntry] = []
    seen_slugs: dict[str, str] = {}
    seen_names: set[str] = set()
    for category, entries in data.items():
        if not isinstance(entries, list):
            raise ValueError(f"{source}.{category}: expected a list of skills")
        for index, entry in enumerate(entries):
            where = f"{source}.{category}[{index}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
                raise ValueError(f"{where}.name: every skill needs a non-empty name")
            name = entry["name"].strip()
            slug = str(entry.get("slug") or slugify(name))
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
                raise ValueError(f"{where}.slug: {slug!r} must be lowercase letters, digits and hyphens")
            if slug in seen_slugs:
                raise ValueError(f"{where}.slug: {slug!r} already used by {seen_slugs[slug]!r}")
            if name.lower() in seen_names:
                raise ValueError(f"{where}.name: {name!r} appears twice")
            seen_slugs[slug] = name
            seen_names.add(name.lower())
            ambiguous = {a.lower() for a in _as_list(entry, "ambiguous", where)}
            exact_forms = {a.lower(): a for a in _as_list(entry, "case_sensitive", where)}
            surface = [name, slug.replace("-", " "), *_as_list(entry, "aliases", where), *exact_forms.values()]
            aliases: dict[tuple[str, ...], Alias] = {}
            for text in surface:
                tokens = alias_tokens(text)
                if not tokens or tokens in aliases:
                    continue
                lowered = text.lower()
                aliases[tokens] = Alias(
                    text=text,
                    tokens=tokens,
                    ambiguous=lowered in ambiguous,
                    exact=exact_forms.get(lowered),
                )
            description = entry.get("description")
            skills.append(
                SkillEntry(
                    name=name,
                    slug=slug,
                    category=str(category),
                    aliases=tuple(aliases.values()),
                    description=str(description) if description else None,
                )
            )
    return Taxonomy(tuple(skills))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The taxonomy from a YAML file (default: the one shipped in the package)."""
    target = Path(path) if path else TAXONOMY_PATH
    with open(target, encoding="utf-8") as handle:
        return parse_taxonomy(yaml.safe_load(handle), source=target.name)


@lru_cache(maxsize=1)
def default_taxonomy() -> Taxonomy:
    return load_taxonomy()
