"""Rounds, purchasers' budgets and intentions now belong to the planning app (planning.0001_initial); the tables
keep their names. A call's round and intentions point there, and the three models leave the calls app's state.
Nothing changes in the database.

It runs after every other app's foreign keys to the moved models point at planning (proposals.0002), so that no
intermediate state refers to a model that is gone.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0002_initial"),
        ("planning", "0001_initial"),
        ("proposals", "0002_intentions_in_planning"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="call",
                    name="round",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="calls",
                        to="planning.round",
                        verbose_name="round",
                    ),
                ),
                migrations.AlterField(
                    model_name="call",
                    name="intentions",
                    field=models.ManyToManyField(
                        related_name="calls", to="planning.intention", verbose_name="project intentions"
                    ),
                ),
                migrations.DeleteModel(name="Intention"),
                migrations.DeleteModel(name="RoundBudget"),
                migrations.DeleteModel(name="Round"),
            ],
            database_operations=[],
        ),
    ]
