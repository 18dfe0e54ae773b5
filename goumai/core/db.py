from django.db import connection


def refresh_statistics(*models) -> None:
    """After a bulk load, let PostgreSQL's planner see the new row counts at once
    rather than when autovacuum gets round to it (a fresh table is planned as empty)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
