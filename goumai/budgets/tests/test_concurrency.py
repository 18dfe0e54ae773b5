"""Concurrent reservations on PostgreSQL never overspend a budget line."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from goumai.accounts.models import User
from goumai.budgets.models import BudgetLine
from goumai.budgets.services import budget_reserve
from goumai.budgets.tests.factories import budget_line
from goumai.core.errors import DomainError

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_twenty_concurrent_reservations_take_exactly_what_is_there(map_loaded):
    actor = User.objects.create(username="clerk", is_superuser=True)
    line = budget_line("510131104-government", "100000.00")
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def reserve(n):
        try:
            barrier.wait()
            with transaction.atomic():
                budget_reserve(
                    actor=actor, line=line, amount=Decimal("30000.00"), reference=f"P{n}"
                )
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reserve, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    line = BudgetLine.objects.get(pk=line.pk)
    assert sorted(outcomes) == ["budget_insufficient"] * 17 + ["ok"] * 3
    assert line.reserved == Decimal("90000.00")
    assert line.movements.filter(kind="reserve").count() == 3
