"""The organization profile's tables move from the proposals app to this one without touching the database.

The tables (created by proposals 0001) keep their names (`db_table`), so this migration creates the models in the
migration state only; proposals 0002 then points its foreign key at them and deletes its own copies, again in the
state only. Existing databases keep every row. Their content types (and so the admin permissions granted on them)
are relabelled from `proposals` to `providers`; a fresh database has none yet.
"""

import django.db.models.deletion
import uuid
from django.db import migrations, models

MOVED = ("teammember", "pastproject", "profiledocument")


def _relabel(apps, from_label: str, to_label: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=to_label, model=model).exists():
            ContentType.objects.filter(app_label=from_label, model=model).update(app_label=to_label)


def relabel_content_types(apps, schema_editor):
    _relabel(apps, "proposals", "providers")


def restore_content_types(apps, schema_editor):
    _relabel(apps, "providers", "proposals")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0003_phoneverification'),
        ('files', '0001_initial'),
        ('proposals', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='PastProject',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('source', models.CharField(choices=[('platform', 'Recorded by the platform (an earlier round)'), ('declared', 'Declared by the organization')], max_length=16, verbose_name='source')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('round_name', models.CharField(blank=True, max_length=120, verbose_name='round or programme')),
                        ('title', models.CharField(max_length=200, verbose_name='project')),
                        ('purchaser_name', models.CharField(blank=True, max_length=200, verbose_name='purchaser or funder')),
                        ('amount', models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True, verbose_name='amount (yuan)')),
                        ('beneficiaries', models.PositiveIntegerField(blank=True, null=True, verbose_name='beneficiaries')),
                        ('outcome', models.TextField(blank=True, verbose_name='implementation and results')),
                        ('evaluation_score', models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, verbose_name='closure evaluation score')),
                        ('funds_use', models.CharField(blank=True, max_length=200, verbose_name='use of funds')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='past_projects', to='core.organization')),
                    ],
                    options={
                        'verbose_name': 'past project',
                        'verbose_name_plural': 'past projects',
                        'db_table': 'proposals_pastproject',
                        'ordering': ['organization_id', '-year', 'title'],
                    },
                ),
                migrations.CreateModel(
                    name='ProfileDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.SlugField(max_length=40, verbose_name='document')),
                        ('valid_until', models.DateField(blank=True, null=True, verbose_name='valid until')),
                        ('uploaded_at', models.DateTimeField(verbose_name='uploaded at')),
                        ('attachment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='files.attachment')),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='profile_documents', to='core.organization')),
                    ],
                    options={
                        'verbose_name': 'profile document',
                        'verbose_name_plural': 'profile documents',
                        'db_table': 'proposals_profiledocument',
                        'ordering': ['organization_id', 'code', '-uploaded_at'],
                    },
                ),
                migrations.CreateModel(
                    name='TeamMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('name', models.CharField(max_length=64, verbose_name='name')),
                        ('education', models.CharField(blank=True, max_length=120, verbose_name='education and major')),
                        ('qualification', models.CharField(choices=[('none', 'None'), ('assistant', 'Assistant social worker (助理社会工作师)'), ('social_worker', 'Social worker (社会工作师)'), ('senior', 'Senior social worker (高级社会工作师)'), ('other', 'Other professional qualification')], default='none', max_length=16, verbose_name='social work qualification')),
                        ('qualification_note', models.CharField(blank=True, max_length=200, verbose_name='other qualifications')),
                        ('position', models.CharField(blank=True, max_length=64, verbose_name='position')),
                        ('phone', models.CharField(blank=True, max_length=20, verbose_name='phone')),
                        ('is_full_time', models.BooleanField(default=True, verbose_name='full time')),
                        ('is_active', models.BooleanField(default=True, verbose_name='active')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team_members', to='core.organization')),
                    ],
                    options={
                        'verbose_name': 'team member',
                        'verbose_name_plural': 'team members',
                        'db_table': 'proposals_teammember',
                        'ordering': ['organization_id', 'name'],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types),
    ]
