"""Rounds, purchasers' budgets and intentions move from the calls app to planning without touching the database.

The tables were created by calls.0002_initial and keep their names (`calls_round`, `calls_roundbudget`,
`calls_intention` and the intention's many-to-many tables); this migration only adds the models to planning's state.
calls.0003 then points the calls' foreign keys here and removes the models from the calls app's state.

The content types of the three models (and so their permissions and admin log entries) follow them to planning.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("round", "roundbudget", "intention")


def _relabel_content_types(apps, schema_editor, *, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        if not ContentType.objects.using(db).filter(app_label=target, model=model).exists():
            ContentType.objects.using(db).filter(app_label=source, model=model).update(app_label=target)


def content_types_to_planning(apps, schema_editor):
    _relabel_content_types(apps, schema_editor, source="calls", target="planning")


def content_types_to_calls(apps, schema_editor):
    _relabel_content_types(apps, schema_editor, source="planning", target="calls")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("calls", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_phoneverification"),
        ("needs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Round",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("code", models.SlugField(max_length=32, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
                                default="draft",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("opened_at", models.DateTimeField(blank=True, null=True, verbose_name="opened at")),
                        ("closed_at", models.DateTimeField(blank=True, null=True, verbose_name="closed at")),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "round",
                        "verbose_name_plural": "rounds",
                        "db_table": "calls_round",
                        "ordering": ["-year", "code"],
                    },
                ),
                migrations.CreateModel(
                    name="RoundBudget",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="budget (yuan)")),
                        (
                            "purchaser",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="round_budgets",
                                to="core.division",
                                verbose_name="purchaser",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="budgets",
                                to="planning.round",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "purchaser budget",
                        "verbose_name_plural": "purchaser budgets",
                        "db_table": "calls_roundbudget",
                        "ordering": ["round_id", "purchaser__code"],
                        "constraints": [
                            models.UniqueConstraint(fields=("round", "purchaser"), name="uniq_round_purchaser_budget")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Intention",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("number", models.CharField(max_length=60, unique=True, verbose_name="number")),
                        ("title", models.CharField(max_length=120, verbose_name="title")),
                        ("budget", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="budget (yuan)")),
                        (
                            "expected_beneficiaries",
                            models.PositiveIntegerField(default=0, verbose_name="expected beneficiaries"),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                        (
                            "status",
                            models.CharField(
                                choices=[("draft", "Draft"), ("confirmed", "Confirmed"), ("withdrawn", "Withdrawn")],
                                default="draft",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "category",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="intentions",
                                to="needs.needcategory",
                                verbose_name="category",
                            ),
                        ),
                        (
                            "communities",
                            models.ManyToManyField(
                                related_name="covering_intentions", to="core.division", verbose_name="communities covered"
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "needs",
                            models.ManyToManyField(related_name="intentions", to="needs.need", verbose_name="needs answered"),
                        ),
                        (
                            "purchaser",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="intentions",
                                to="core.division",
                                verbose_name="purchaser",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="intentions",
                                to="planning.round",
                                verbose_name="round",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "project intention",
                        "verbose_name_plural": "project intentions",
                        "db_table": "calls_intention",
                        "ordering": ["round_id", "purchaser__code", "number"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_planning, content_types_to_calls),
    ]
