"""The service categories the district starts with (configurable afterwards by the district administrator)."""

from django.db import migrations

from huimin.needs.defaults import CATEGORIES


def seed(apps, schema_editor):
    NeedCategory = apps.get_model("needs", "NeedCategory")
    for position, (code, name, description) in enumerate(CATEGORIES, start=1):
        NeedCategory.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "position": position * 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("needs", "NeedCategory").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
