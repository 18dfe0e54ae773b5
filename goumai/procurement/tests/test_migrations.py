"""Procurement moved out of the ``projects`` app without touching a row."""

import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from goumai.procurement.models import Award, Bid, Invitation, Procurement

MOVED_TABLES = ("projects_procurement", "projects_invitation", "projects_bid", "projects_award")
BEFORE_THE_MOVE = [("procurement", None), ("projects", "0003_award_deviation_reason")]


def snapshot(columns: dict | None = None) -> dict:
    """Every table's row count, and every row of the moved tables (only ``columns`` of
    each, when given: later migrations add columns of their own)."""
    tables = sorted(t for t in connection.introspection.table_names() if t != "django_migrations")
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
        rows, names = {}, {}
        for table in MOVED_TABLES:
            wanted = "*"
            if columns:
                wanted = ", ".join(connection.ops.quote_name(c) for c in columns[table])
            cursor.execute(f"SELECT {wanted} FROM {table} ORDER BY id")  # noqa: S608
            names[table] = [d[0] for d in cursor.description]
            rows[table] = cursor.fetchall()
    return {"counts": counts, "rows": rows, "columns": names}


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_a_demo_database_keeps_every_row_through_the_move(map_loaded):
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # The demo is made with today's code, then the schema goes back to before the
    # move (later apps' tables go with it) and forward again.
    with open(os.devnull, "w") as devnull:
        call_command("demo", stdout=devnull)
    migrate(BEFORE_THE_MOVE)
    state = MigrationExecutor(connection).loader.project_state(BEFORE_THE_MOVE[1:])
    assert ("projects", "bid") in state.models and ("procurement", "bid") not in state.models
    assert ContentType.objects.filter(app_label="procurement").count() == 0
    before = snapshot()
    assert all(before["rows"][table] for table in MOVED_TABLES)  # the demo bought something

    migrate(leaves)
    after = snapshot(before["columns"])
    assert after["rows"] == before["rows"]
    assert {t: after["counts"][t] for t in before["counts"]} == before["counts"]
    # The ORM of the new app reads exactly those rows.
    for model, table in zip((Procurement, Invitation, Bid, Award), MOVED_TABLES, strict=True):
        assert model._meta.db_table == table
        assert model.objects.count() == len(before["rows"][table])
    assert set(
        ContentType.objects.filter(app_label="procurement").values_list("model", flat=True)
    ) == {"procurement", "invitation", "bid", "award"}
    assert not ContentType.objects.filter(app_label="projects", model="bid").exists()
