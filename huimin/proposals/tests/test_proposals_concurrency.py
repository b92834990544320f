"""Double submissions: the same proposal submitted twice at once gets one receipt; proposals of one call submitted at
once get distinct, consecutive receipt numbers (the call's row is locked while a number is taken). Needs a database
that serves concurrent writers (PostgreSQL, or an SQLite file)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from huimin.core.services.errors import ServiceError

from ..models import Proposal, ProposalStatus, Receipt
from .factories import build_world, make_complete_proposal, make_provider, submit

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(tasks: list[Callable[[], object]]) -> tuple[list[object], list[str], list[BaseException]]:
    barrier = threading.Barrier(len(tasks))
    done: list[object] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def worker(task: Callable[[], object]) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            done.append(task())
        except ServiceError as exc:
            refused.append(exc.error_code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(t,)) for t in tasks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return done, refused, errors


def skip_on_memory_sqlite() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        pytest.skip("the in-memory SQLite test database cannot serve concurrent writers")


def test_a_double_submit_gets_one_receipt():
    skip_on_memory_sqlite()
    w = build_world()
    p = make_complete_proposal(w)
    done, refused, errors = run_together([lambda: submit(p, w.provider), lambda: submit(p, w.provider)])
    assert not errors, errors
    assert len(done) == 1 and refused == ["proposal_transition"]
    assert Receipt.objects.filter(proposal=p).count() == 1
    assert Proposal.objects.get(pk=p.pk).status == ProposalStatus.SUBMITTED


def test_concurrent_submissions_get_distinct_consecutive_numbers():
    skip_on_memory_sqlite()
    w = build_world()
    proposals = []
    for _n in range(4):
        org, actor = make_provider()
        proposals.append((make_complete_proposal(w, org=org, actor=actor), actor))
    done, refused, errors = run_together([lambda p=p, a=a: submit(p, a) for p, a in proposals])
    assert not errors and not refused, (errors, refused)
    numbers = sorted(r.number for r in done)  # type: ignore[attr-defined]
    assert numbers == [f"R-{w.call.number}-{n:04d}" for n in range(1, 5)]
