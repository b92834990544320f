"""A proposal's intentions are planning's (the model moved from calls to planning; the table is unchanged)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        ("proposals", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="proposal",
                    name="intentions",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="proposals",
                        to="planning.intention",
                        verbose_name="project intentions answered",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
