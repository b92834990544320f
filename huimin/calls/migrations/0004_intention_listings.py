"""Tell planning which intentions the calls already published hold (planning.IntentionListing), as call_publish,
call_amend and call_cancel do from now on: one listing per intention of every published or closed call, with the
call's number and title, listed when the call was published."""

from django.db import migrations
from django.utils import timezone

HOLDING_STATUSES = ("published", "closed")


def fill_listings(apps, schema_editor):
    db = schema_editor.connection.alias
    Call = apps.get_model("calls", "Call")
    IntentionListing = apps.get_model("planning", "IntentionListing")
    links = (
        Call.intentions.through.objects.using(db)
        .filter(call__status__in=HOLDING_STATUSES)
        .values_list("intention_id", "call__number", "call__title", "call__published_at")
        .order_by("call__number", "intention_id")
    )
    existing = set(IntentionListing.objects.using(db).values_list("intention_id", "call_number"))
    now = timezone.now()
    IntentionListing.objects.using(db).bulk_create(
        IntentionListing(intention_id=intention_id, call_number=number, call_title=title, listed_at=published or now)
        for intention_id, number, title, published in links
        if (intention_id, number) not in existing
    )


def clear_listings(apps, schema_editor):
    apps.get_model("planning", "IntentionListing").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0003_planning_models_moved"),
        ("planning", "0002_intention_listing"),
    ]

    operations = [
        migrations.RunPython(fill_listings, clear_listings),
    ]
