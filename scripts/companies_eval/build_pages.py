"""Build the real-text pages of the company-classification evaluation set from a public, openly licensed source.

Usage (the repository as a local git directory, e.g. a clone):

    python scripts/companies_eval/build_pages.py --remote-jobs PATH/remote-jobs.git \
        --out jobsearch_pipelines/data/companies_eval/remoteintech/pages.jsonl

``remoteintech/remote-jobs`` (ISC; commit b1dd8deb1945e5ff58f9e9c35e318f53c8871930) holds ~880 profiles of
remote-friendly companies, each with a "Company blurb" written by the company or a contributor: what the company
does and for whom — real self-descriptions, not written for our cues. Each profile becomes one "about" page on
the company's own URL: the name as title and heading, the blurb (Markdown rendered to HTML), the company's
technologies, office locations in an ``<address>``, and a careers link. Hiring sections (remote status, region,
how to apply) are left out: they describe jobs, not the business. The pages have no site navigation, so the
classifier judges them by their words alone — harder than a homepage, which also shows services/work pages.

The labels are in ``labels.csv`` (``slug,category,confidence,split,reason``), assigned by reading each profile against
``GUIDELINES.md`` before the classifier was run on it; ``split`` (dev/test) is a fixed hash of the slug.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
from pathlib import Path

from markdown_it import MarkdownIt

COMMIT = "b1dd8deb1945e5ff58f9e9c35e318f53c8871930"


def _git(repo: Path, *args: str) -> str:
    return subprocess.check_output(["git", "-C", str(repo), *args]).decode("utf-8")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Flat ``key: value`` pairs of the YAML front matter (lists are not needed) and the Markdown body."""
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not match:
        return {}, text
    fields = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith(" "):
            fields[key.strip()] = value.strip().strip('"')
    return fields, match.group(2)


def _sections(body: str) -> dict[str, str]:
    parts = re.split(r"^## +(.+?)\s*$", body, flags=re.M)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def render(slug: str, text: str) -> dict[str, str] | None:
    """One profile as ``{"slug", "url", "html"}``; None when it has no blurb or website."""
    fields, body = _front_matter(text)
    sections = _sections(body)
    url, name = fields.get("website", ""), fields.get("title", slug)
    if not url.startswith("http") or not sections.get("Company blurb"):
        return None
    md = MarkdownIt("commonmark")
    blurb = md.render(sections["Company blurb"])
    first = html.unescape(re.sub(r"<[^>]+>", " ", blurb))
    description = html.escape(" ".join(first.split())[:300], quote=True)
    parts = [f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(name)}</title>',
             f'<meta name="description" content="{description}"></head>',
             f'<body><header><a href="{html.escape(url, quote=True)}">{html.escape(name)}</a></header><main>',
             f"<h1>About {html.escape(name)}</h1>", blurb]
    if sections.get("Company technologies"):
        parts += ["<h2>Technologies</h2>", md.render(sections["Company technologies"])]
    if sections.get("Office locations"):
        parts += ["<h2>Offices</h2>", f"<address>{md.render(sections['Office locations'])}</address>"]
    careers = fields.get("careers_url", "")
    footer = f'<a href="{html.escape(careers, quote=True)}">Careers</a>' if careers.startswith("http") else ""
    parts.append(f"</main><footer>{footer}</footer></body></html>\n")
    return {"slug": slug, "url": url, "html": "\n".join(parts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--remote-jobs", type=Path, required=True, help="git directory of remoteintech/remote-jobs")
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    names = _git(args.remote_jobs, "ls-tree", "--name-only", args.commit, "src/companies/").split()
    pages = []
    for path in sorted(names):
        page = render(Path(path).stem, _git(args.remote_jobs, "show", f"{args.commit}:{path}"))
        if page is not None:
            pages.append(page)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for page in pages:
            out.write(json.dumps(page, ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(pages)} pages from {len(names)} profiles")


if __name__ == "__main__":
    main()
