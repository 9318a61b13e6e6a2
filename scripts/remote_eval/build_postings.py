"""Build the unlabelled postings of the remote-eligibility evaluation set from two public, openly licensed sources.

Usage (the two repositories as local git directories, e.g. clones):

    python scripts/remote_eval/build_postings.py \
        --open-jobs-data PATH/open-jobs-data.git --remote-jobs PATH/remote-jobs.git \
        --out jobsearch_pipelines/data/remote/labelled/postings.jsonl

* ``ConorsCode/open-jobs-data`` (MIT; commit adf0538c2a6088d8d0c6a655a2c785c72540e32e): real postings from
  nine ATS platforms' public feeds, title + the vendor's location strings (no descriptions). Every version of
  ``data/new-jobs.json`` in the history is read; postings are de-duplicated by (platform, company, id), then by
  their location strings, and sampled in a fixed hash order: every remote-looking posting whose locations name
  a European place or region word, then other remote-looking ones, then some European office postings.
* ``remoteintech/remote-jobs`` (ISC; commit b1dd8deb1945e5ff58f9e9c35e318f53c8871930): company profiles of
  fully-remote / remote-first companies; their "Remote status" and "Region" sections, written by the companies
  and contributors, are used as the description of a posting located "Remote" — real sentences about where
  people may live (residence, time zones, countries), not written for these rules.

The labels are in ``labels.csv`` (``id,is_remote_eu,note``), assigned by hand from the posting's own text
before the classifier was run on it; ``split`` (dev/test) is a fixed hash of the id.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
from pathlib import Path

EUROPE_WORDS = re.compile(
    r"\b(europe|european|eu|emea|eea|dach|nordic|nordics|benelux|iberia|baltic|cee|uk&i|ireland|germany|france|"
    r"spain|portugal|italy|netherlands|belgium|poland|czech|austria|sweden|denmark|finland|norway|switzerland|"
    r"romania|bulgaria|greece|hungary|croatia|slovakia|slovenia|estonia|latvia|lithuania|luxembourg|malta|cyprus|"
    r"united kingdom|uk|worldwide|global|anywhere|international|berlin|paris|madrid|barcelona|lisbon|amsterdam|"
    r"warsaw|krakow|prague|dublin|london|munich|stockholm|copenhagen|helsinki|vienna|zurich|milan|athens|"
    r"bucharest|budapest|sofia|tallinn|riga|vilnius|brussels|türkiye|turkey|israel|ukraine|serbia)\b", re.I)
REMOTE_WORDS = re.compile(r"remote|anywhere|worldwide|global|international|distributed|home", re.I)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.check_output(["git", "-C", str(repo), *args])


def open_jobs_data(repo: Path, commit: str, fresh: bool = False) -> list[dict]:
    commits = _git(repo, "log", "--format=%H", commit, "--", "data/new-jobs.json").decode().split()
    seen: dict[tuple[str, str, str], dict] = {}
    for sha in reversed(commits):
        try:
            data = json.loads(_git(repo, "show", f"{sha}:data/new-jobs.json"))
        except (subprocess.CalledProcessError, json.JSONDecodeError):
            continue
        for job in data if isinstance(data, list) else data.get("jobs", []):
            if "jobId" in job:
                seen[(job["platform"], job["company"], str(job["jobId"]))] = job
    jobs = sorted(seen.values(), key=lambda j: _key(f"{j['platform']}:{j['company']}:{j['jobId']}"))
    groups: dict[str, dict] = {}
    for job in jobs:
        groups.setdefault(" | ".join(job["locations"]).lower().strip(), job)
    remote = [j for j in groups.values() if j.get("isRemote") or any(REMOTE_WORDS.search(x) for x in j["locations"])]
    euro = [j for j in remote if any(EUROPE_WORDS.search(x) for x in j["locations"])]
    other = [j for j in remote if j not in euro]
    offices = [j for j in groups.values() if j not in remote and any(EUROPE_WORDS.search(x) for x in j["locations"])]
    chosen = euro[130:190] + other[120:150] + offices[30:40] if fresh else euro[:130] + other[:120] + offices[:30]
    out = []
    for job in chosen:
        vendor_fields: dict = {}
        flag = job.get("isRemote")
        text_says_remote = any(re.search("remote", x, re.I) for x in job["locations"])
        if isinstance(flag, bool) and not text_says_remote:  # the platform's own flag, not inferred from text
            vendor_fields = {
                "smartrecruiters": {"location": {"remote": flag}}, "workable": {"telecommuting": flag},
                "recruitee": {"remote": flag}, "lever": {"workplaceType": "remote" if flag else "onsite"},
            }.get(job["platform"], {})
        out.append({
            "id": f"ojd:{job['platform']}:{job['company']}:{job['jobId']}", "source": "open-jobs-data",
            "platform": job["platform"], "title": job["title"].strip(), "locations": job["locations"],
            "description": None, "vendor_fields": vendor_fields or None,
        })
    return out


def remote_jobs(repo: Path, commit: str, fresh: bool = False) -> list[dict]:
    names = [n for n in _git(repo, "ls-tree", "-r", "--name-only", commit).decode().split()
             if n.startswith("src/companies/") and n.endswith(".md")]
    by_region: dict[str, dict] = {}
    for name in sorted(names, key=_key):
        text = _git(repo, "show", f"{commit}:{name}").decode("utf-8", "replace")
        policy = re.search(r"^remote_policy:\s*(\S+)", text, re.M)
        if not policy or policy.group(1) not in ("fully-remote", "remote-first"):
            continue
        title = re.search(r"^title:\s*\"?(.*?)\"?\s*$", text, re.M)
        region = re.search(r"## Region\s*\n(.*?)(?=\n## |\Z)", text, re.S)
        status = re.search(r"## Remote status\s*\n(.*?)(?=\n## |\Z)", text, re.S)
        region_text = region.group(1).strip() if region else ""
        if not region_text:
            continue
        norm = re.sub(r"\W+", " ", region_text.lower()).strip()
        if norm in by_region:
            continue
        description = "\n\n".join(p for p in ((status.group(1).strip() if status else ""), region_text) if p)
        by_region[norm] = {
            "id": f"rit:{Path(name).stem}", "source": "remote-jobs", "platform": None,
            "title": f"Remote position at {title.group(1) if title else Path(name).stem}", "locations": ["Remote"],
            "description": description[:4000], "vendor_fields": None,
        }
    chosen = list(by_region.values())
    return chosen[170:] if fresh else chosen[:170]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--open-jobs-data", type=Path, required=True)
    parser.add_argument("--open-jobs-data-commit", default="adf0538c2a6088d8d0c6a655a2c785c72540e32e")
    parser.add_argument("--remote-jobs", type=Path, required=True)
    parser.add_argument("--remote-jobs-commit", default="b1dd8deb1945e5ff58f9e9c35e318f53c8871930")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--fresh", action="store_true",
                        help="the next postings of the same orders (split 'fresh'): a second held-out set")
    args = parser.parse_args()
    postings = open_jobs_data(args.open_jobs_data, args.open_jobs_data_commit, args.fresh)
    postings += remote_jobs(args.remote_jobs, args.remote_jobs_commit, args.fresh)
    for posting in postings:
        posting["split"] = "fresh" if args.fresh else "test" if int(_key(posting["id"])[:8], 16) % 2 else "dev"
    text = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in postings)
    if args.fresh and args.out.exists():  # appended to the first set
        text = args.out.read_text(encoding="utf-8") + text
    args.out.write_text(text, encoding="utf-8")
    print(f"{len(postings)} postings -> {args.out}")


if __name__ == "__main__":
    main()
