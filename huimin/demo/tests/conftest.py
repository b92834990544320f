"""The demonstration data, loaded once for the whole package inside a transaction rolled back at its end."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from huimin.core.permissions import SystemActor
from huimin.demo.pingcheng import load_pingcheng


class Counting:
    def __init__(self):
        self.n = 0

    def update(self, n: int = 1) -> None:
        self.n += n


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The whole Pingcheng demo (`world.progress_steps`: how many progress steps loading reported)."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            progress = Counting()
            world = load_pingcheng(actor=SystemActor("demo"), progress=progress)
            world.progress_steps = progress.n  # type: ignore[attr-defined]
            yield world
            transaction.set_rollback(True)
    ContentType.objects.clear_cache()
