"""The manager's decisions: pass, reject (reason), fix (reason, sections, N working days — the window is opened by
the proposals context and lets the organization change only those sections); a fix submitted re-runs the checks;
windows that end without a fix are marked expired; batch decisions are all or nothing; only the call's managers and
the district administrator decide."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.core.calendar import add_working_days
from huimin.core.models import CalendarDay
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.proposals.models import BudgetLine
from huimin.proposals.services import budget_line_update, proposal_submit_fix, proposal_update
from huimin.proposals.tests.factories import make_call
from huimin.screening.events import ScreeningEvent

from ..models import ScreeningRun, ScreeningStatus
from ..services import screening_decide, screening_decide_batch, screening_expire_fixes
from ..states import fix_deadline
from .factories import AFTER, build_world, make_submitted_proposal, screen, screening_of, sealed

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def w():
    return build_world()


def screened(w, **fields):
    p = sealed(w, **fields)
    screen(w)
    return screening_of(p)


# --- single decisions -----------------------------------------------------------------------------------------------


def test_the_manager_passes_a_proposal_without_a_reason(w):
    s = screened(w)
    s = screening_decide(screening=s, decision="pass", actor=w.manager, now=AFTER)
    assert s.status == ScreeningStatus.PASSED
    assert s.decided_by == w.manager.user and s.decided_at == AFTER
    (decision,) = s.decisions.all()
    assert decision.decision == "pass" and decision.reason == ""
    assert AuditEvent.objects.filter(event_type=ScreeningEvent.SCREENING_DECIDED, target_id=str(s.pk)).exists()


def test_a_rejection_needs_a_reason(w):
    s = screened(w)
    with pytest.raises(ServiceError) as exc:
        screening_decide(screening=s, decision="reject", reason="  ", actor=w.manager, now=AFTER)
    assert exc.value.error_code == "screening_reason_required"
    s = screening_decide(screening=s, decision="reject", reason="年检不合格", actor=w.manager, now=AFTER)
    assert s.status == ScreeningStatus.REJECTED and s.reason == "年检不合格"


def test_an_unknown_decision_is_refused(w):
    s = screened(w)
    with pytest.raises(ServiceError) as exc:
        screening_decide(screening=s, decision="maybe", reason="x", actor=w.manager, now=AFTER)
    assert exc.value.error_code == "screening_decision_unknown"


def test_changing_a_decision_needs_a_reason_and_keeps_the_history(w):
    s = screened(w)
    screening_decide(screening=s, decision="reject", reason="预算超标", actor=w.manager, now=AFTER)
    with pytest.raises(ServiceError):
        screening_decide(screening=s, decision="pass", actor=w.manager, now=AFTER + timedelta(hours=1))
    s = screening_decide(
        screening=s, decision="pass", reason="复核后预算符合要求", actor=w.manager, now=AFTER + timedelta(hours=1)
    )
    assert s.status == ScreeningStatus.PASSED
    assert [d.decision for d in s.decisions.order_by("decided_at")] == ["reject", "pass"]


@pytest.mark.parametrize("who", ["other_manager", "provider", "purchaser", "reviewer", "nobody"])
def test_only_the_calls_managers_decide(w, who):
    s = screened(w)
    with pytest.raises(PermissionDenied):
        screening_decide(screening=s, decision="pass", actor=getattr(w, who), now=AFTER)
    assert screening_of(s.proposal).status == ScreeningStatus.AWAITING_DECISION


def test_the_district_administrator_decides(w):
    s = screened(w)
    assert screening_decide(screening=s, decision="pass", actor=w.admin, now=AFTER).status == "passed"


# --- fixes ----------------------------------------------------------------------------------------------------------


def test_a_fix_window_ends_at_17_00_after_n_working_days():
    # Saturday 2030-10-12 → Wednesday 2030-10-16 17:00 (Monday to Friday count; the test calendar has no holidays)
    assert fix_deadline(date(2030, 10, 12), 3) == datetime(2030, 10, 16, 17, 0, tzinfo=SHANGHAI)


def test_a_fix_window_skips_public_holidays(w):
    CalendarDay.objects.create(date=date(2030, 10, 14), kind=CalendarDay.Kind.HOLIDAY, name="test")
    assert fix_deadline(date(2030, 10, 12), 3) == datetime(2030, 10, 17, 17, 0, tzinfo=SHANGHAI)


def test_a_fix_opens_only_the_named_sections_through_the_proposals_service(w):
    p = make_submitted_proposal(w)
    screen(w)
    s = screening_decide(
        screening=screening_of(p),
        decision="fix",
        reason="管理费超出比例，请调整预算",
        fix_sections=["documents", "budget"],
        fix_working_days=3,
        actor=w.manager,
        now=AFTER,
    )
    until = datetime.combine(add_working_days(date(2030, 10, 12), 3), time(17, 0), tzinfo=SHANGHAI)
    assert s.status == ScreeningStatus.FIX_REQUESTED
    assert s.fix_sections == ["budget", "documents"]  # in the sections' order
    assert s.fix_until == until
    p.refresh_from_db()
    assert p.fix_sections == ["budget", "documents"] and p.fix_until == until
    line = BudgetLine.objects.filter(proposal=p).first()
    budget_line_update(line=line, actor=w.provider, now=AFTER + timedelta(hours=1), note="已调整")
    with pytest.raises(ServiceError) as exc:
        proposal_update(proposal=p, actor=w.provider, now=AFTER + timedelta(hours=1), summary="改写")
    assert exc.value.error_code == "proposal_fix_section_locked"


@pytest.mark.parametrize(
    ("sections", "days", "code"),
    [
        ([], 3, "screening_fix_sections_required"),
        (["budget", "nonsense"], 3, "screening_fix_section_unknown"),
        (["budget"], 0, "screening_fix_days_invalid"),
        (["budget"], 21, "screening_fix_days_invalid"),
    ],
)
def test_a_fix_needs_known_sections_and_a_sensible_number_of_days(w, sections, days, code):
    s = screened(w)
    with pytest.raises(ServiceError) as exc:
        screening_decide(
            screening=s,
            decision="fix",
            reason="请补充材料",
            fix_sections=sections,
            fix_working_days=days,
            actor=w.manager,
            now=AFTER,
        )
    assert exc.value.error_code == code
    assert screening_of(s.proposal).status == ScreeningStatus.AWAITING_DECISION


def test_a_fix_needs_a_reason(w):
    s = screened(w)
    with pytest.raises(ServiceError) as exc:
        screening_decide(screening=s, decision="fix", fix_sections=["budget"], actor=w.manager, now=AFTER)
    assert exc.value.error_code == "screening_reason_required"


def test_a_submitted_fix_re_runs_the_checks_and_awaits_a_decision(w, django_capture_on_commit_callbacks):
    p = make_submitted_proposal(w)
    line = BudgetLine.objects.get(proposal=p, category="training")
    BudgetLine.objects.filter(pk=line.pk).update(unit_price=Decimal("400"), total=Decimal("8000"))
    screen(w)
    assert screening_of(p).checks.get(code="budget").result == "fail"
    screening_decide(
        screening=screening_of(p),
        decision="fix",
        reason="培训费单价超过350元/人/天",
        fix_sections=["budget"],
        actor=w.manager,
        now=AFTER,
    )
    line.refresh_from_db()
    moment = AFTER + timedelta(hours=2)
    budget_line_update(line=line, actor=w.provider, now=moment, unit_price=Decimal("350"))
    with django_capture_on_commit_callbacks(execute=True):
        proposal_submit_fix(proposal=p, actor=w.provider, now=moment)
    s = screening_of(p)
    assert s.status == ScreeningStatus.FIX_SUBMITTED
    assert s.checks.get(code="budget").result == "pass"
    assert s.automatic_result == "pass"
    assert ScreeningRun.objects.filter(call=w.call).count() == 2
    assert s.run.proposals == 1
    s = screening_decide(screening=s, decision="pass", actor=w.manager, now=moment + timedelta(hours=1))
    assert s.status == ScreeningStatus.PASSED


def test_a_fix_listener_without_a_fix_asked_for_changes_nothing(w):
    from ..services import screening_fix_submitted

    s = screened(w)
    assert screening_fix_submitted(proposal=s.proposal).status == ScreeningStatus.AWAITING_DECISION


def test_a_second_fix_while_the_window_is_open_is_refused(w):
    p = make_submitted_proposal(w)
    screen(w)
    s = screening_decide(
        screening=screening_of(p), decision="fix", reason="补充", fix_sections=["documents"], actor=w.manager, now=AFTER
    )
    with pytest.raises(ServiceError) as exc:
        screening_decide(
            screening=s, decision="fix", reason="再补充", fix_sections=["team"], actor=w.manager, now=AFTER
        )
    assert exc.value.error_code == "screening_transition"


def test_rejecting_during_an_open_window_closes_it(w):
    p = make_submitted_proposal(w)
    screen(w)
    s = screening_decide(
        screening=screening_of(p), decision="fix", reason="补充", fix_sections=["documents"], actor=w.manager, now=AFTER
    )
    screening_decide(screening=s, decision="reject", reason="经核实不具备资格", actor=w.manager, now=AFTER)
    p.refresh_from_db()
    assert p.fix_sections == [] and p.fix_until is None


def test_an_expired_fix_window_is_marked_closed_and_the_manager_then_decides(w):
    p = make_submitted_proposal(w)
    screen(w)
    s = screening_decide(
        screening=screening_of(p),
        decision="fix",
        reason="补充",
        fix_sections=["documents"],
        fix_working_days=1,
        actor=w.manager,
        now=AFTER,
    )
    assert screening_expire_fixes(now=s.fix_until - timedelta(minutes=1)) == []
    (expired,) = screening_expire_fixes(now=s.fix_until)
    assert expired.pk == s.pk
    s = screening_of(p)
    assert s.status == ScreeningStatus.FIX_REQUESTED
    assert s.fix_expired_at == s.fix_until
    p.refresh_from_db()
    assert p.fix_sections == [] and p.fix_until is None
    assert screening_expire_fixes(now=s.fix_until + timedelta(hours=1)) == []  # idempotent
    s = screening_decide(
        screening=s, decision="fix", reason="再给一次机会", fix_sections=["documents"], actor=w.manager, now=s.fix_until
    )
    assert s.status == ScreeningStatus.FIX_REQUESTED and s.fix_expired_at is None


# --- batches --------------------------------------------------------------------------------------------------------


def test_a_batch_passes_all_of_them(w):
    a, b = sealed(w), sealed(w, org=w.other_provider_org)
    screen(w)
    done = screening_decide_batch(
        screenings=[screening_of(a), screening_of(b)], decision="pass", actor=w.manager, now=AFTER
    )
    assert {s.status for s in done} == {"passed"}
    assert {screening_of(a).status, screening_of(b).status} == {"passed"}


def test_a_batch_with_one_refused_decides_nothing(w):
    a, b = sealed(w), sealed(w, org=w.other_provider_org)
    screen(w)
    screening_decide(screening=screening_of(a), decision="reject", reason="资格不符", actor=w.manager, now=AFTER)
    with pytest.raises(ServiceError) as exc:
        # passing the rejected one again is a change of decision: it needs a reason, so the batch is refused
        screening_decide_batch(
            screenings=[screening_of(a), screening_of(b)], decision="pass", actor=w.manager, now=AFTER
        )
    assert exc.value.error_code == "screening_batch_refused"
    assert a.receipt_number in " ".join(exc.value.messages)
    assert screening_of(a).status == ScreeningStatus.REJECTED
    assert screening_of(b).status == ScreeningStatus.AWAITING_DECISION


def test_a_batch_including_another_managers_call_decides_nothing(w):
    a = sealed(w)
    other_call = make_call(w.round, w.other_provider_org, [w.other_intention])
    other_call.manager = w.other_manager.organizations_for("project_manager")[0]
    other_call.save()
    b = sealed(w, call=other_call, org=w.other_provider_org)
    screen(w)
    screen(w, call=other_call, actor=w.other_manager)
    with pytest.raises(PermissionDenied):
        screening_decide_batch(
            screenings=[screening_of(a), screening_of(b)], decision="reject", reason="不符", actor=w.manager, now=AFTER
        )
    assert screening_of(a).status == ScreeningStatus.AWAITING_DECISION
    assert screening_of(b).status == ScreeningStatus.AWAITING_DECISION


def test_a_batch_rejection_needs_a_reason_and_a_batch_is_pass_or_reject(w):
    a = sealed(w)
    screen(w)
    with pytest.raises(ServiceError) as exc:
        screening_decide_batch(screenings=[screening_of(a)], decision="reject", actor=w.manager, now=AFTER)
    assert exc.value.error_code == "screening_batch_refused"
    with pytest.raises(ServiceError) as exc:
        screening_decide_batch(screenings=[screening_of(a)], decision="fix", reason="x", actor=w.manager, now=AFTER)
    assert exc.value.error_code == "screening_batch_decision"
    with pytest.raises(ServiceError) as exc:
        screening_decide_batch(screenings=[], decision="pass", actor=w.manager, now=AFTER)
    assert exc.value.error_code == "screening_batch_empty"
    assert screening_of(a).status == ScreeningStatus.AWAITING_DECISION


# --- versions: two managers deciding at once ----------------------------------------------------------------------


def test_two_decisions_made_on_the_same_version_the_second_is_refused_as_a_conflict(w):
    from huimin.core.services.errors import Conflict

    s = screened(w)
    seen = s.version
    decided = screening_decide(screening=s, decision="pass", version=seen, actor=w.manager, now=AFTER)
    assert decided.version == seen + 1
    with pytest.raises(Conflict) as refused:
        screening_decide(
            screening=s,
            decision="reject",
            reason="预算超标",
            version=seen,
            actor=w.admin,
            now=AFTER + timedelta(hours=1),
        )
    assert refused.value.error_code == "screening_version_conflict"
    assert "Passed" in refused.value.messages[0]
    assert screening_of(s.proposal).status == ScreeningStatus.PASSED
    assert s.decisions.count() == 1
    assert AuditEvent.objects.filter(event_type=ScreeningEvent.SCREENING_DECIDED).count() == 1


def test_a_re_run_of_the_checks_and_an_expired_fix_window_each_make_older_decisions_stale(w):
    p = sealed(w)
    screen(w)
    first = screening_of(p).version
    screen(w)  # the checks run again: what the manager saw is no longer what is there
    assert screening_of(p).version == first + 1
    s = screening_decide(
        screening=screening_of(p),
        decision="fix",
        reason="请补充附件",
        fix_sections=["documents"],
        fix_working_days=1,
        version=first + 1,
        actor=w.manager,
        now=AFTER,
    )
    assert screening_expire_fixes(now=s.fix_until + timedelta(days=1)) == [s]
    assert screening_of(p).version == s.version + 1


def test_a_batch_with_a_stale_version_decides_nothing(w):
    from huimin.core.services.errors import Conflict

    a, b = screened(w), screened(w, org=w.other_provider_org)
    seen = {a.public_id: a.version, b.public_id: b.version}
    screening_decide(screening=b, decision="reject", reason="资格不符", version=b.version, actor=w.admin, now=AFTER)
    with pytest.raises(Conflict):
        screening_decide_batch(screenings=[a, b], decision="pass", versions=seen, actor=w.manager, now=AFTER)
    assert screening_of(a.proposal).status == ScreeningStatus.AWAITING_DECISION


@pytest.mark.django_db(transaction=True)
def test_two_managers_deciding_at_the_same_moment_on_postgresql_one_wins_one_gets_a_conflict():
    """Real concurrency: two threads, two connections, the same version; the row lock and the conditional update
    let exactly one decision through."""
    import threading

    from django.db import connection, connections

    from huimin.core.services.errors import Conflict

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks); the version check itself is proven above on any database")
    w = build_world()
    s = screened(w)
    seen = s.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(actor, decision, reason):
        try:
            barrier.wait()
            screening_decide(screening=s, decision=decision, reason=reason, version=seen, actor=actor, now=AFTER)
            outcomes.append("decided")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(w.manager, "pass", "")),
        threading.Thread(target=decide, args=(w.admin, "reject", "资格不符")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "decided"]
    assert s.decisions.count() == 1
