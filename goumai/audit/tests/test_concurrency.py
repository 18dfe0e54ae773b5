"""Concurrent audited writes on PostgreSQL keep one unbroken chain."""

import threading

import pytest
from django.db import connection, connections

from goumai.accounts.models import User
from goumai.audit.models import AuditEntry
from goumai.audit.verify import verify_chain
from goumai.conftest import COUNTY_A
from goumai.regions.models import Region
from goumai.regions.services import township_profile_update

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs real concurrent connections"
    ),
    pytest.mark.django_db(transaction=True),
]


def test_parallel_writers_never_fork_the_chain(map_loaded):
    county = User.objects.create(username="county", org_unit_id=None, is_superuser=True)
    townships = list(Region.objects.filter(parent__code=COUNTY_A).order_by("code")[:8])
    start = AuditEntry.objects.count()
    barrier = threading.Barrier(len(townships))
    failures = []

    def write(township, n):
        try:
            barrier.wait()
            for population in range(n * 100, n * 100 + 5):
                township_profile_update(
                    actor=county, township=township, merged_unit_count=None, population=population
                )
        except Exception as error:  # noqa: BLE001 — reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(t, i)) for i, t in enumerate(townships)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert AuditEntry.objects.count() == start + len(townships) * 5
    report = verify_chain()
    assert report.ok, report.reason
