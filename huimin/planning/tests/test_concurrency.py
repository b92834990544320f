"""Concurrent intentions of one purchaser cannot together pass its budget: the Round and RoundBudget rows are locked
before the sum is taken. Needs a database that serves concurrent writers (PostgreSQL, or an SQLite file)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection

from huimin.core.models import Role
from huimin.core.permissions import Actor
from huimin.core.services.errors import ServiceError
from huimin.planning.models import Intention

from .factories import build_world, make_intention

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_intentions_cannot_exceed_the_budget(make_user):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database cannot serve concurrent writers")
    world = build_world(make_user)
    buyer = Actor.for_user(world.east_buyer.user)
    workers = 4
    barrier = threading.Barrier(workers)
    created: list[str] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            # Each asks for 40 000 of the 100 000: only two fit.
            intention = make_intention(
                buyer, world.round, world.east, communities=[world.longyuan], budget="40000", title=f"项目{n}"
            )
            created.append(intention.number)
        except ServiceError as exc:
            refused.append(exc.error_code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(created) == 2 and refused == ["budget_exceeded"] * 2
    total = sum(Intention.objects.filter(purchaser=world.east).values_list("budget", flat=True), Decimal(0))
    assert total == Decimal("80000.00")
    assert len(set(created)) == 2  # distinct numbers
    assert Role.PURCHASER in buyer.roles
