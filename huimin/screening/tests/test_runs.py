"""Screening runs: only after the deadline, by the call's managers or the platform; idempotent per proposal (a re-run
refreshes what awaits a decision, never a manager's decision, and is recorded); the periodic job screens each call
whose deadline passed once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.calls.models import CallStatus
from huimin.core.permissions import PermissionDenied, SystemActor
from huimin.core.services.errors import ServiceError
from huimin.proposals.hooks import fix_listeners
from huimin.proposals.tests.factories import make_call
from huimin.screening.events import ScreeningEvent

from ..listeners import on_fix_submitted
from ..models import Screening, ScreeningRun, ScreeningStatus
from ..services import screening_decide, screening_run, screening_run_due
from ..tasks import screening_run_due_task
from .factories import AFTER, DEADLINE, build_world, make_submitted_proposal, screen, screening_of, sealed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def w():
    return build_world()


def test_a_run_before_the_deadline_is_refused(w):
    sealed(w)
    with pytest.raises(ServiceError) as exc:
        screening_run(call=w.call, actor=w.manager, now=DEADLINE - timedelta(minutes=1))
    assert exc.value.error_code == "screening_before_deadline"
    assert not ScreeningRun.objects.filter(call=w.call).exists()
    assert not Screening.objects.exists()


def test_a_run_at_the_deadline_itself_starts(w):
    sealed(w)
    run = screening_run(call=w.call, actor=w.manager, now=DEADLINE)
    assert run.proposals == 1


@pytest.mark.parametrize("status", [CallStatus.DRAFT, CallStatus.CANCELLED])
def test_a_call_neither_published_nor_closed_is_not_screened(w, status):
    w.call.status = status
    w.call.save()
    with pytest.raises(ServiceError) as exc:
        screen(w)
    assert exc.value.error_code == "screening_call_not_screenable"


def test_a_closed_call_is_screened(w):
    sealed(w)
    w.call.status = CallStatus.CLOSED
    w.call.save()
    assert screen(w).proposals == 1


@pytest.mark.parametrize("who", ["other_manager", "provider", "purchaser", "reviewer", "nobody"])
def test_only_the_calls_managers_and_the_district_administrator_run_it(w, who):
    sealed(w)
    with pytest.raises(PermissionDenied):
        screen(w, actor=getattr(w, who))
    assert screen(w, actor=w.admin).proposals == 1


def test_a_run_screens_every_submitted_proposal_once_and_nothing_else(w):
    a = make_submitted_proposal(w)
    b = sealed(w, org=w.other_provider_org)
    sealed(w, status="draft", receipt_number="")
    sealed(w, status="withdrawn")
    run = screen(w)
    assert run.proposals == 2
    assert run.started_by == w.manager.audit_label
    assert run.finished_at is not None and run.finished_at >= run.started_at
    assert set(Screening.objects.filter(call=w.call).values_list("proposal_id", flat=True)) == {a.pk, b.pk}
    screening = screening_of(a)
    assert screening.status == ScreeningStatus.AWAITING_DECISION
    assert screening.run == run
    assert screening.checked_at == AFTER
    event = AuditEvent.objects.filter(event_type=ScreeningEvent.SCREENING_RUN).latest("seq")
    assert event.payload["checked"] == 2


def test_a_rerun_refreshes_what_awaits_a_decision_and_never_touches_a_decision(w):
    decided = sealed(w)
    waiting = sealed(w, org=w.other_provider_org)
    first = screen(w)
    screening_decide(screening=screening_of(decided), decision="pass", actor=w.manager, now=AFTER)
    kept_checks = list(screening_of(decided).checks.values_list("pk", "reason"))
    old_waiting_checks = set(screening_of(waiting).checks.values_list("pk", flat=True))

    # the organization of the waiting proposal loses its registration number meanwhile
    w.other_provider_org.registration_number = ""
    w.other_provider_org.save()
    second = screen(w, now=AFTER + timedelta(hours=2))

    assert ScreeningRun.objects.filter(call=w.call).count() == 2
    assert second.proposals == 1  # only the one awaiting a decision
    assert Screening.objects.filter(call=w.call).count() == 2  # one screening per proposal, never two
    d = screening_of(decided)
    assert d.status == ScreeningStatus.PASSED
    assert d.run == first
    assert list(d.checks.values_list("pk", "reason")) == kept_checks
    s = screening_of(waiting)
    assert s.run == second
    assert s.checked_at == AFTER + timedelta(hours=2)
    assert not old_waiting_checks & set(s.checks.values_list("pk", flat=True))
    assert s.checks.get(code="registration").result == "fail"
    assert s.checks.count() == 12


def test_the_periodic_job_screens_each_call_past_its_deadline_once(w):
    sealed(w)
    later = make_call(w.round, w.manager_org, [w.intention], deadline=AFTER + timedelta(days=10))
    sealed(w, call=later, org=w.other_provider_org)
    runs = screening_run_due(now=AFTER)
    assert [r.call for r in runs] == [w.call]
    assert runs[0].started_by == "screening-at-deadline"
    assert screening_run_due(now=AFTER + timedelta(minutes=5)) == []
    assert not later.screenings.exists()
    assert [r.call for r in screening_run_due(now=AFTER + timedelta(days=10))] == [later]


def test_the_periodic_task_runs_as_the_platform(w):
    sealed(w)
    w.call.deadline = DEADLINE - timedelta(days=3650)  # long past on the real clock
    w.call.save()
    assert screening_run_due_task.call() == 1
    assert w.call.screenings.count() == 1


def test_the_fix_listener_is_registered():
    assert on_fix_submitted in fix_listeners()


def test_a_system_actor_may_run_it(w):
    sealed(w)
    assert screening_run(call=w.call, actor=SystemActor("test"), now=AFTER).proposals == 1


def test_stats_count_screenings_by_status(w):
    from huimin.core.stats import collect

    a, b = sealed(w), sealed(w, org=w.other_provider_org)
    screen(w)
    screening_decide(screening=screening_of(a), decision="pass", actor=w.manager, now=AFTER)
    counts = collect()
    assert counts["screenings"] == 2
    assert counts["screenings_passed"] == 1 and counts["screenings_awaiting"] == 1
    assert counts["screenings_rejected"] == 0 and counts["screening_runs"] == 1
    assert screening_of(b).status == ScreeningStatus.AWAITING_DECISION


def test_work_links_lead_managers_to_the_desk_and_providers_to_their_results(w):
    from huimin.core.worklinks import work_links

    sealed(w)
    screen(w)
    (link,) = [x for x in work_links(actor=w.manager, role="project_manager") if x.url == "/screening/"]
    assert link.waiting == 1
    assert any(x.url == "/screening/mine/" for x in work_links(actor=w.provider, role="provider"))
