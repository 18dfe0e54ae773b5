"""Paging a list that may match hundreds of thousands of rows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows, so that a page of a province-wide list never
    waits for an exact count of every match (``SELECT count(*) FROM (… LIMIT
    cap + 1)``, unsorted), or takes ``known_total`` from a summary and counts nothing.
    ``capped`` says there are more; pages go up to ``cap``."""

    def __init__(
        self, object_list, per_page, *, cap: int = 10_000, known_total: int | None = None, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.known_total = known_total  # exact, from a summary: then nothing is counted

    @cached_property
    def _counted(self) -> int:
        if self.known_total is not None:
            return self.known_total
        # without the ordering: counting needs no sort of the matches
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def capped(self) -> bool:
        return self._counted > self.cap
