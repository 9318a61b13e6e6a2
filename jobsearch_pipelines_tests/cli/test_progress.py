"""Long CLI commands show a progress bar (count, rate, ETA) on a terminal and nothing extra when piped; the
closing one-line summary is the same either way."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "jobsearch"


def _jobs_file(tmp_path: Path, n: int = 40) -> Path:
    path = tmp_path / "jobs.jsonl"
    text = "We need a Python developer with PostgreSQL, Docker and Kubernetes experience. " * 20
    path.write_text("".join(json.dumps({"id": i, "title": "Backend Engineer", "description": text}) + "\n"
                            for i in range(n)))
    return path


def _run_in_pty(argv: list[str], env: dict[str, str]) -> str:
    """Run ``argv`` with stdout and stderr on a pseudo-terminal; everything it wrote."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, stdout=follower, stderr=follower, stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    process.wait(60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_skills_extract_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    jobs = _jobs_file(tmp_path)
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    argv = [str(BIN), "skills", "extract", "--input", str(jobs), "--output", str(tmp_path / "out.jsonl"),
            "--extractor", "local"]
    on_terminal = _run_in_pty(argv, env)
    assert "extracting skills" in on_terminal and "/40" in on_terminal  # the bar: description and count
    assert "40 job(s)" in on_terminal  # the summary

    piped = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert "extracting skills" not in piped.stderr + piped.stdout and "\x1b[" not in piped.stderr
    assert [line for line in piped.stderr.splitlines() if line.strip()][-1].startswith("40 job(s), ")
