"""A capped count: exact up to the cap, "more than" beyond it, one query."""

import pytest

from goumai.core.paging import CappedPaginator
from goumai.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rows", "count", "capped", "pages"),
    [(2, 2, False, 1), (3, 3, False, 2), (4, 3, True, 2), (50, 3, True, 2)],
)
def test_counts_up_to_the_cap(rows, count, capped, pages, django_assert_num_queries):
    codes = Region.objects.order_by("code").values_list("code", flat=True)[:rows]
    paginator = CappedPaginator(Region.objects.filter(code__in=list(codes)), 2, cap=3)
    with django_assert_num_queries(1):
        assert (paginator.count, paginator.capped) == (count, capped)
    assert paginator.num_pages == pages
