"""The organization profile's models (TeamMember, PastProject, ProfileDocument) now belong to the providers app, which
took over their tables unchanged (providers 0001). In the state only: a proposal's team points at providers'
TeamMember, and proposals' own copies of the models are gone. The database does not change.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0002_intentions_in_planning'),
        ('providers', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AlterField(
                    model_name='proposalteammember',
                    name='member',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='providers.teammember'),
                ),
                migrations.DeleteModel(
                    name='PastProject',
                ),
                migrations.DeleteModel(
                    name='ProfileDocument',
                ),
                migrations.DeleteModel(
                    name='TeamMember',
                ),
            ],
        ),
    ]
