"""Keep the summary tables small on PostgreSQL.

Every change of a project rewrites one or two summary rows, so the 1,596 rows of the
市州 rollup are updated hundreds of times a second under load. With full pages each
update puts the new row version on another page and the table grows with dead versions
(55 MB for 1,596 live rows after the approvals bench: the province's dashboard read it
all, 11 ms). With pages half empty the new version stays on the same page (a HOT update,
no index touched) and PostgreSQL prunes the old ones as it reads the page; vacuum runs
after a few hundred dead rows instead of a fifth of the table. SQLite rewrites rows in
place: nothing to do there.
"""

from django.db import migrations

TABLES = ("projects_projectsummary", "projects_projectcitysummary")
SETTINGS = (
    "fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 500,"
    " autovacuum_analyze_scale_factor = 0.05"
)
RESET = (
    "fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,"
    " autovacuum_analyze_scale_factor"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} SET ({SETTINGS})")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} RESET ({RESET})")


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_newest_by_place")]
    operations = [migrations.RunPython(forwards, backwards)]
