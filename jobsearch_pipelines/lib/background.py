"""Overlap CPU work with database round trips: an ordered map run ahead in one background thread.

The pattern: the main thread owns the database session and mostly waits on the server (libpq releases the
GIL while it waits); a worker thread parses and encodes the next items meanwhile. ``fast_gil_handoff``
shortens the interpreter's switch interval so the waiting thread gets the GIL back within about a millisecond
of each reply instead of 5 ms (with hundreds of round trips the default costs seconds).
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


def map_ahead(fn: Callable[[In], Out], items: Iterable[In], ahead: int = 8,
              name: str = "map-ahead") -> Iterator[Out]:
    """``map(fn, items)`` in order, computed by one background thread up to ``ahead`` items in advance.

    An exception of ``fn`` is raised when its item is reached; if the consumer stops early, the items not yet
    started are cancelled."""
    pending: deque[Future[Out]] = deque()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix=name) as pool:
        try:
            for item in items:
                pending.append(pool.submit(fn, item))
                if len(pending) > ahead:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


@contextmanager
def fast_gil_handoff(interval: float = 0.001) -> Iterator[None]:
    """Lower ``sys.setswitchinterval`` for the block (process-wide; restored afterwards)."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, interval))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)
