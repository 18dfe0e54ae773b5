"""On PostgreSQL the summary triggers run at commit, not at each project change.

An audited write appends its audit entries when its ``audited()`` block ends and holds
the audit chain's head row from there to commit. The summary trigger takes the head
too (migration 0007: every transaction that touches summary rows queues at the head,
so none can deadlock over them); fired immediately it would take the head at the first
project change and hold it through the rest of the service. As deferred constraint
triggers they fire at commit, after the append: the head is held only for the append,
the summary rows and the commit.

A transaction that changes projects and then reads the summary before committing
would not see its own changes; no request does (each service commits before the page
is drawn). The tests, which never commit, make them immediate (``goumai/conftest.py``).
SQLite has one writer at a time and no deferred triggers: its triggers stay as they are.
"""

from django.db import migrations

COLUMNS = "status, fiscal_year, scope_path, sector, budget_amount, paid_amount"
CHANGED = """
        OLD.status IS DISTINCT FROM NEW.status OR OLD.fiscal_year IS DISTINCT FROM NEW.fiscal_year
        OR OLD.scope_path IS DISTINCT FROM NEW.scope_path OR OLD.sector IS DISTINCT FROM NEW.sector
        OR OLD.budget_amount IS DISTINCT FROM NEW.budget_amount
        OR OLD.paid_amount IS DISTINCT FROM NEW.paid_amount"""
DROP = [
    "DROP TRIGGER IF EXISTS project_summary_insert_delete ON projects_project;",
    "DROP TRIGGER IF EXISTS project_summary_update ON projects_project;",
]


def _create(kind: str, timing: str) -> list[str]:
    return [
        f"""CREATE {kind} project_summary_insert_delete AFTER INSERT OR DELETE
        ON projects_project {timing} FOR EACH ROW EXECUTE FUNCTION projects_summary_trigger();""",
        f"""CREATE {kind} project_summary_update AFTER UPDATE OF {COLUMNS} ON projects_project
        {timing} FOR EACH ROW WHEN ({CHANGED})
        EXECUTE FUNCTION projects_summary_trigger();""",
    ]


AT_COMMIT = _create("CONSTRAINT TRIGGER", "DEFERRABLE INITIALLY DEFERRED")
AT_CHANGE = _create("TRIGGER", "")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP + AT_COMMIT:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP + AT_CHANGE:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_project_city_summary")]
    operations = [migrations.RunPython(forwards, backwards)]
