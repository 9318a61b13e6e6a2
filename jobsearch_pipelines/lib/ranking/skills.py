"""Map the skill names users type ("Postgres", "React.js", "golang") to the taxonomy's canonical slugs."""

from __future__ import annotations

from functools import lru_cache

from jobsearch_pipelines.lib.skills.taxonomy import default_taxonomy, slugify


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    """Lowercase name, slug and alias text -> slug (the first skill wins on a shared alias)."""
    index: dict[str, str] = {}
    for skill in default_taxonomy().skills:
        for text in (skill.slug, skill.name, *(alias.text for alias in skill.aliases)):
            index.setdefault(text.strip().lower(), skill.slug)
            index.setdefault(slugify(text), skill.slug)
    return index


def skill_slug(text: str) -> str:
    """The canonical slug of ``text`` when the taxonomy knows it, else its slugified form (still comparable)."""
    key = text.strip().lower()
    index = _alias_index()
    return index.get(key) or index.get(slugify(key)) or slugify(key)
