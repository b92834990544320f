"""Room for an actor holding several roles (`audit_role` joins them with commas).

On SQLite, altering a column rebuilds the table, which drops its triggers; the append-only trigger is therefore
re-created here. Any later migration that alters `audit_auditevent` on SQLite must do the same.
"""

from django.db import migrations, models

from huimin.audit.migrations_support import recreate_append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_trigger")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="role",
            field=models.CharField(blank=True, max_length=200, verbose_name="role"),
        ),
        migrations.RunPython(recreate_append_only_trigger, migrations.RunPython.noop),
    ]
