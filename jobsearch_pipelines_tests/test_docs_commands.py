"""Every command the README and docs/ show still parses: its program, subcommands, options and arguments are
accepted by the real CLI (Click's own parser, callbacks not run), every `make` target exists, every benchmark
script exists and accepts its flags, and every repository path the docs name exists. So the docs cannot drift."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import shlex
import subprocess
import sys
from functools import cache
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CLICK_PROGRAMS = ("jobsearch", "dagster", "dg", "dagster-webserver", "dagster-daemon", "dagster-celery")
SHELL_BLOCK = re.compile(r"```(?:bash|sh|shell|console)\n(.*?)```", re.S)
OPTIONAL = re.compile(r"\[([^\[\]]+)\]")


def _blocks() -> list[tuple[str, str]]:
    found = []
    for doc in DOCS:
        for block in SHELL_BLOCK.findall(doc.read_text(encoding="utf-8")):
            text = re.sub(r"\\\n\s*", " ", block)
            for line in text.splitlines():
                line = line.split("  #")[0].strip().removeprefix("$ ")
                if line and not line.startswith("#"):
                    found.append((doc.name, line))
    return found


def _commands() -> list[tuple[str, list[str]]]:
    """(doc, argv) for every documented invocation of a program this project ships or runs."""
    commands = []
    for doc, line in _blocks():
        line = OPTIONAL.sub(lambda m: m.group(1).split("|")[0], line)  # `[--x a|b]` is shown with its first choice
        for part in re.split(r"\s*(?:&&|\|\||;|\|)\s*", line):
            try:
                argv = shlex.split(part)
            except ValueError:
                continue
            while argv and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", argv[0]):
                argv = argv[1:]  # VAR=value prefixes
            if argv and argv[0] in ("export", "time"):
                continue
            if argv:
                program = argv[0].removeprefix(".venv/bin/").removeprefix("$(BIN)/")
                if program in (*CLICK_PROGRAMS, "make") or (program.startswith("python") and len(argv) > 1
                                                           and argv[1].startswith("bench/")):
                    commands.append((doc, [program, *argv[1:]]))
    return commands


@cache
def _click_root(program: str) -> click.Command:
    entry = next(ep for ep in importlib.metadata.entry_points(group="console_scripts") if ep.name == program)
    module_name, _, attr = entry.value.partition(":")
    target = getattr(importlib.import_module(module_name), attr)
    if isinstance(target, click.Command):
        return target
    return importlib.import_module(module_name).cli


def _parse(command: click.Command, name: str, args: list[str], parent: click.Context | None = None) -> None:
    """Parse ``args`` like the real CLI would, descending into subcommands, without running anything."""
    ctx = command.make_context(name, list(args), parent=parent)
    if isinstance(command, click.Group):
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        if not rest:
            return
        sub_name, sub, sub_args = command.resolve_command(ctx, rest)
        assert sub is not None, f"{name}: no subcommand {rest[0]!r}"
        _parse(sub, sub_name or rest[0], sub_args, ctx)


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*):", text, re.M))


COMMANDS = _commands()


def test_the_docs_show_commands() -> None:
    programs = {argv[0] for _, argv in COMMANDS}
    assert {"jobsearch", "dagster", "make"} <= programs


@pytest.mark.parametrize(("doc", "argv"), COMMANDS, ids=[f"{d}: {' '.join(a)[:70]}" for d, a in COMMANDS])
def test_documented_command_parses(doc: str, argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program, args = argv[0], argv[1:]
    if program == "make":
        assert set(args) <= _make_targets(), f"{doc}: no make target among {args}"
        return
    if program.startswith("python"):
        script = ROOT / args[0]
        assert script.exists(), f"{doc}: {args[0]} does not exist"
        result = subprocess.run([sys.executable, str(script), *args[1:], "--help"], cwd=ROOT, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 0, f"{doc}: {' '.join(argv)}\n{result.stderr[-2000:]}"
        return
    monkeypatch.chdir(ROOT)
    for i, arg in enumerate(args):  # a data file of the reader's own (jobs.jsonl, a WARC): an empty stand-in
        if re.search(r"\.(ya?ml|jsonl?|csv|warc|arc|gz)$", arg) and not (ROOT / arg).exists():
            stand_in = tmp_path / Path(arg).name
            stand_in.touch()
            args[i] = str(stand_in)
    try:
        _parse(_click_root(program), program, args)
    except click.exceptions.Exit:
        pass
    except click.ClickException as exc:
        pytest.fail(f"{doc}: `{' '.join(argv)}` is not accepted: {exc.format_message()}")


PATH_REF = re.compile(r"`((?:jobsearch_pipelines|jobsearch_pipelines_tests|docs|bench|scripts|deploy)/[\w./-]+)`")


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_paths_named_in_the_docs_exist(doc: Path) -> None:
    missing = []
    for ref in PATH_REF.findall(doc.read_text(encoding="utf-8")):
        path = ref.split(":")[0].rstrip(".")
        candidates = [ROOT / path, ROOT / "jobsearch_pipelines" / path]
        if not any(c.exists() or c.with_suffix(".py").exists() for c in candidates):
            missing.append(ref)
    assert missing == [], f"{doc.name} names paths that do not exist: {missing}"
