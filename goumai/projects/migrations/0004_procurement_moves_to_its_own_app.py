from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_award_deviation_reason"),
    ]

    # Procurement, Invitation, Bid and Award now belong to the ``procurement`` app
    # (goumai/procurement/migrations/0001_initial.py). Only Django's picture of the
    # models changes: the tables keep their names and their rows, nothing is dropped.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="bid",
                    name="procurement",
                ),
                migrations.RemoveField(
                    model_name="bid",
                    name="provider",
                ),
                migrations.RemoveField(
                    model_name="invitation",
                    name="procurement",
                ),
                migrations.RemoveField(
                    model_name="invitation",
                    name="provider",
                ),
                migrations.RemoveField(
                    model_name="procurement",
                    name="project",
                ),
                migrations.DeleteModel(
                    name="Award",
                ),
                migrations.DeleteModel(
                    name="Bid",
                ),
                migrations.DeleteModel(
                    name="Invitation",
                ),
                migrations.DeleteModel(
                    name="Procurement",
                ),
            ],
            database_operations=[],
        ),
    ]
