"""Build the postings of the ranking evaluation set as Greenhouse board responses (the ingestion's own input).

Usage:

    python scripts/ranking_eval/build_postings.py --skillspan ../shared/data/skillspan \
        --open-jobs-data PATH/open-jobs-data.git --out jobsearch_pipelines/data/ranking_eval/boards

* SkillSpan (Zhang et al., NAACL 2022; MIT, ``data/skillspan/LICENSE``): the TECH splits are whole Stack Overflow
  job postings of 2021, one token per line, company names and places masked. A posting starts with its title,
  then masked company and address lines, then "Date posted:"; the title and every sentence up to the next
  posting's title make the posting (tokens joined with spaces). -> ``greenhouse/skillspan.json``.
* ``ConorsCode/open-jobs-data`` (MIT; commit adf0538c2a6088d8d0c6a655a2c785c72540e32e): real postings from nine
  ATS platforms' public feeds, title, company and location strings, no description; every version of
  ``data/new-jobs.json`` in the history is read, de-duplicated by (platform, company, id) and sampled in a fixed
  hash order. -> ``greenhouse/openjobs.json``.

Each job keeps a stable id (``skillspan-<split>-<n>``, ``<platform>-<company>-<id>``) that the judgments name.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import subprocess
from pathlib import Path

PLACEHOLDER = re.compile(r"^<[A-Z_]+>$")
NO_SPACE_BEFORE = re.compile(r" ([.,;:!?)\]])")
NO_SPACE_AFTER = re.compile(r"([(\[]) ")
OPEN_JOBS_SAMPLE = 400


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _sentences(path: Path) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if out[-1]:
                out.append([])
            continue
        out[-1].append(line.split("\t")[0])
    return [s for s in out if s]


def _text(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return NO_SPACE_AFTER.sub(r"\1", NO_SPACE_BEFORE.sub(r"\1", text))


def _title_at(sentences: list[list[str]], start: int) -> int:
    """Where a posting's title is: before the address line and, when it stands alone, the company line."""
    j = start - 2
    tokens = [t for t in sentences[j] if t != "."]
    if all(PLACEHOLDER.match(t) for t in tokens) or (len(tokens) <= 2 and tokens[0][:1].islower()):
        j -= 1
    return j


def skillspan_postings(data: Path) -> list[dict]:
    jobs = []
    for split in ("tech_train", "tech_dev", "tech_test"):
        sentences = _sentences(data / f"skillspan_{split}.conll")
        starts = [i for i, s in enumerate(sentences) if s[:2] == ["Date", "posted:"]]
        titles = [_title_at(sentences, start) for start in starts]
        for n, start in enumerate(starts):
            end = titles[n + 1] if n + 1 < len(starts) else len(sentences)
            body = [s for s in sentences[start + 1:end] if not all(PLACEHOLDER.match(t) for t in s)]
            title = [t for t in sentences[titles[n]] if not PLACEHOLDER.match(t)]
            paragraphs = "".join(f"<p>{html.escape(_text(s))}</p>" for s in body)
            jobs.append({
                "id": f"skillspan-{split}-{n}", "title": _text(title),
                "company_name": f"SkillSpan employer {split}-{n}", "location": {"name": ""},
                "content": html.escape(paragraphs), "updated_at": "2021-03-01T00:00:00Z",
                "absolute_url": f"https://example.org/skillspan/{split}/{n}",
            })
    return jobs


def open_jobs(repo: Path, commit: str) -> list[dict]:
    commits = subprocess.check_output(["git", "-C", str(repo), "log", "--format=%H", commit, "--",
                                       "data/new-jobs.json"]).decode().split()
    seen: dict[tuple[str, str, str], dict] = {}
    for sha in reversed(commits):
        try:
            data = json.loads(subprocess.check_output(["git", "-C", str(repo), "show", f"{sha}:data/new-jobs.json"]))
        except (subprocess.CalledProcessError, json.JSONDecodeError):
            continue
        for job in data if isinstance(data, list) else data.get("jobs", []):
            if "jobId" in job and job.get("title"):
                seen[(job["platform"], job["company"], str(job["jobId"]))] = job
    chosen = sorted(seen.values(), key=lambda j: _key(f"{j['platform']}:{j['company']}:{j['jobId']}"))
    out = []
    for job in chosen[:OPEN_JOBS_SAMPLE]:
        slug = re.sub(r"[^a-z0-9]+", "-", f"{job['platform']}-{job['company']}-{job['jobId']}".lower()).strip("-")
        out.append({
            "id": slug[:120], "title": job["title"].strip(), "company_name": job["company"],
            "location": {"name": "; ".join(job.get("locations") or [])},
            "content": "", "updated_at": "2026-11-01T00:00:00Z", "absolute_url": job.get("url") or "",
        })
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skillspan", type=Path, required=True)
    parser.add_argument("--open-jobs-data", type=Path, required=True)
    parser.add_argument("--open-jobs-data-commit", default="adf0538c2a6088d8d0c6a655a2c785c72540e32e")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    folder = args.out / "greenhouse"
    folder.mkdir(parents=True, exist_ok=True)
    for name, jobs in (("skillspan", skillspan_postings(args.skillspan)),
                       ("openjobs", open_jobs(args.open_jobs_data, args.open_jobs_data_commit))):
        (folder / f"{name}.json").write_text(json.dumps({"jobs": jobs}, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        print(f"{len(jobs)} postings -> {folder / f'{name}.json'}")


if __name__ == "__main__":
    main()
