"""How far a long piece of work has got, for whoever is watching.

Code that works through rows calls ``report(done, total)``; it costs nothing
unless a watcher was installed with ``watching(callback)`` around the work (the
background import does, and shows the figures on its page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_watcher: ContextVar[Callable[[int, int], None] | None] = ContextVar("progress", default=None)


def report(done: int, total: int) -> None:
    watcher = _watcher.get()
    if watcher is not None:
        watcher(done, total)


@contextmanager
def watching(callback: Callable[[int, int], None]) -> Iterator[None]:
    token = _watcher.set(callback)
    try:
        yield
    finally:
        _watcher.reset(token)
