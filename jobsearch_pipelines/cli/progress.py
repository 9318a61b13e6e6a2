"""Progress for long CLI commands: a bar with rate and ETA on a terminal, nothing extra when output is piped.

Every command ends with the same one-line summary either way (printed by the command itself), so scripts that
read the output see no difference between a terminal and a pipe.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

REDRAW_SECONDS = 0.1


class Tracker:
    """``advance(n)`` moves the bar by ``n`` items; ``set_total(n)`` once the total is known. Silent off a tty."""

    def __init__(self, bar: Progress | None = None, task: int | None = None, unit: str = "items") -> None:
        self._bar, self._task, self._unit = bar, task, unit
        self._drawn = 0.0

    def advance(self, n: int = 1) -> None:
        if self._bar is None or self._task is None:
            return
        self._bar.advance(self._task, n)
        now = time.monotonic()
        if now - self._drawn >= REDRAW_SECONDS:  # drawn here, not by a thread: no CPU taken between advances
            speed = self._bar.tasks[self._task].speed
            self._bar.update(self._task, rate=f"{speed:,.1f} {self._unit}/s" if speed else "")
            self._bar.refresh()
            self._drawn = now

    def set_total(self, total: int | None) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, total=total, refresh=True)


def is_terminal(stream: TextIO | None = None) -> bool:
    return bool(getattr(stream or sys.stderr, "isatty", lambda: False)())


@contextmanager
def progress_bar(description: str, total: int | None = None, unit: str = "items",
                 stream: TextIO | None = None) -> Iterator[Tracker]:
    """A live bar (count, rate, ETA) on stderr when it is a terminal; a silent tracker otherwise."""
    stream = stream or sys.stderr
    if not is_terminal(stream):
        yield Tracker()
        return
    console = Console(file=stream, force_terminal=True)
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as bar:
        yield Tracker(bar, bar.add_task(description, total=total, rate=""), unit)
