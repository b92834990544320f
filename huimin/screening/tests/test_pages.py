"""The screening pages: the desk, the board (counts, filters, batch decisions, Excel export), one proposal's screening
with its decision form, and the provider's results — each seen only by whom it is for."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from huimin.core.models import Role
from huimin.credit.models import ListType
from huimin.credit.services.lists import list_entry_add

from ..models import ScreeningStatus
from ..services import screening_decide
from .factories import build_world, make_actor, screen, screening_of, sealed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def w():
    """A call whose deadline passed two days ago (pages act at the real time)."""
    return build_world(deadline=timezone.now() - timedelta(days=2))


def english_client(client_for, who):
    client = client_for(who)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def screened(w):
    mine = sealed(w, title="龙园社区老年人太极拳健身培训项目")
    theirs = sealed(w, org=w.other_provider_org, title="柳园巷社区书画班", summary="书画班简介" * 20)
    theirs.intentions.set([w.other_intention])
    list_entry_add(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        subject_name=w.other_provider_org.name,
        subject_uscc=w.other_provider_org.uscc,
        start_date=timezone.localdate() - timedelta(days=400),
        actor=make_actor(Role.CREDIT_ADMIN),
    )
    screen(w, now=timezone.now())
    return screening_of(mine), screening_of(theirs)


def board_url(w):
    return reverse("screening:board", kwargs={"public_id": w.call.public_id})


def detail_url(s):
    return reverse("screening:detail", kwargs={"public_id": s.public_id})


# --- the desk and the board ------------------------------------------------------------------------------------------


def test_the_desk_lists_the_calls_past_their_deadline(w, client_for, screened):
    page = english_client(client_for, w.manager).get(reverse("screening:index"))
    assert page.status_code == 200
    assert w.call.title in page.content.decode()


def test_a_provider_on_the_desk_is_sent_to_its_results(w, client_for):
    page = english_client(client_for, w.provider).get(reverse("screening:index"))
    assert page.status_code == 302 and page["Location"] == reverse("screening:mine")


def test_the_board_shows_counts_rows_and_check_icons(w, client_for, screened):
    mine, theirs = screened
    page = english_client(client_for, w.manager).get(board_url(w))
    html = page.content.decode()
    assert page.status_code == 200
    assert mine.proposal.receipt_number in html and theirs.proposal.receipt_number in html
    assert w.other_provider_org.name in html
    assert "By purchaser" in html and "东街街道" in html and "西街街道" in html
    assert "bi-x-circle-fill" in html  # the blocked organization's credit check
    assert 'name="screenings"' in html  # batch checkboxes


def test_the_board_filters_by_result_purchaser_and_text(w, client_for, screened):
    mine, theirs = screened
    client = english_client(client_for, w.manager)
    html = client.get(board_url(w), {"purchaser": w.other_street.code}).content.decode()
    assert theirs.proposal.receipt_number in html and mine.proposal.receipt_number not in html
    html = client.get(board_url(w), {"q": "书画"}).content.decode()
    assert theirs.proposal.receipt_number in html and mine.proposal.receipt_number not in html
    html = client.get(board_url(w), {"status": "passed"}).content.decode()
    assert theirs.proposal.receipt_number not in html and mine.proposal.receipt_number not in html


@pytest.mark.parametrize("who", ["other_manager", "provider", "nobody", "reviewer"])
def test_the_board_is_refused_to_others(w, client_for, screened, who):
    page = english_client(client_for, getattr(w, who)).get(board_url(w))
    assert page.status_code in (403, 404)


def test_a_purchaser_sees_only_the_proposals_answering_its_intentions(w, client_for, screened):
    mine, theirs = screened
    html = english_client(client_for, w.purchaser).get(board_url(w)).content.decode()
    assert mine.proposal.receipt_number in html
    assert theirs.proposal.receipt_number not in html
    assert 'name="screenings"' not in html  # no decisions
    assert english_client(client_for, w.purchaser).get(detail_url(theirs)).status_code == 404


def test_running_the_checks_from_the_board(w, client_for):
    sealed(w)
    client = english_client(client_for, w.manager)
    response = client.post(reverse("screening:run", kwargs={"public_id": w.call.public_id}))
    assert response.status_code == 302
    assert w.call.screenings.count() == 1
    refused = english_client(client_for, w.other_manager).post(
        reverse("screening:run", kwargs={"public_id": w.call.public_id})
    )
    assert refused.status_code in (403, 404)


def test_running_before_the_deadline_from_the_board_changes_nothing(client_for):
    w = build_world(deadline=timezone.now() + timedelta(days=2))
    sealed(w)
    client = english_client(client_for, w.manager)
    page = client.post(reverse("screening:run", kwargs={"public_id": w.call.public_id}), follow=True)
    assert w.call.screenings.count() == 0
    assert page.status_code in (403, 404) or "once the deadline has passed" in page.content.decode()


def versions(*screenings) -> dict[str, str]:
    """The hidden version fields the board renders next to each checkbox."""
    return {f"version-{s.public_id}": str(s.version) for s in screenings}


# --- batch decisions ----------------------------------------------------------------------------------------------


def test_a_batch_pass_from_the_board(w, client_for, screened):
    mine, theirs = screened
    response = english_client(client_for, w.manager).post(
        reverse("screening:batch", kwargs={"public_id": w.call.public_id}),
        {"screenings": [str(mine.public_id), str(theirs.public_id)], "decision": "pass", **versions(mine, theirs)},
    )
    assert response.status_code == 302
    assert {screening_of(mine.proposal).status, screening_of(theirs.proposal).status} == {"passed"}


def test_a_batch_rejection_without_a_reason_decides_nothing(w, client_for, screened):
    mine, theirs = screened
    page = english_client(client_for, w.manager).post(
        reverse("screening:batch", kwargs={"public_id": w.call.public_id}),
        {
            "screenings": [str(mine.public_id), str(theirs.public_id)],
            "decision": "reject",
            "reason": "",
            **versions(mine, theirs),
        },
        follow=True,
    )
    assert "Nothing was decided" in page.content.decode()
    assert {screening_of(mine.proposal).status, screening_of(theirs.proposal).status} == {"awaiting"}


def test_another_managers_batch_is_refused(w, client_for, screened):
    mine, _theirs = screened
    response = english_client(client_for, w.other_manager).post(
        reverse("screening:batch", kwargs={"public_id": w.call.public_id}),
        {"screenings": [str(mine.public_id)], "decision": "pass", **versions(mine)},
    )
    assert response.status_code in (403, 404)
    assert screening_of(mine.proposal).status == "awaiting"


# --- export -------------------------------------------------------------------------------------------------------


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content)).active


def test_the_export_has_chinese_headers_and_every_row_or_the_filtered_ones(w, client_for, screened):
    mine, theirs = screened
    client = english_client(client_for, w.manager)
    url = reverse("screening:export", kwargs={"public_id": w.call.public_id})
    sheet = _sheet(client.get(url))
    headers = [c.value for c in sheet[3]]
    assert headers[:5] == ["序号", "受理编号", "申报机构", "统一社会信用代码", "项目名称"]
    assert "信用核查" in headers and "自动初筛结果" in headers
    receipts = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert sorted(receipts) == sorted([mine.proposal.receipt_number, theirs.proposal.receipt_number])
    credit_column = headers.index("信用核查")
    row_of_theirs = next(
        r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1] == theirs.proposal.receipt_number
    )
    assert row_of_theirs[credit_column] == "不通过"
    filtered = _sheet(client.get(url, {"purchaser": w.other_street.code}))
    assert [row[1] for row in filtered.iter_rows(min_row=4, values_only=True)] == [theirs.proposal.receipt_number]
    everything = _sheet(client.get(url, {"purchaser": w.other_street.code, "all": "1"}))
    assert len(list(everything.iter_rows(min_row=4, values_only=True))) == 2


def test_a_purchasers_export_holds_only_its_rows(w, client_for, screened):
    mine, _theirs = screened
    sheet = _sheet(
        english_client(client_for, w.purchaser).get(
            reverse("screening:export", kwargs={"public_id": w.call.public_id}), {"all": "1"}
        )
    )
    assert [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)] == [mine.proposal.receipt_number]


# --- one proposal's screening -------------------------------------------------------------------------------------


def test_the_screening_page_shows_each_check_and_the_credit_evidence(w, client_for, screened):
    _mine, theirs = screened
    page = english_client(client_for, w.manager).get(detail_url(theirs))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Credit check evidence" in html
    assert theirs.credit_check.digest in html
    assert "intact" in html
    assert reverse("proposals:detail", kwargs={"public_id": theirs.proposal.public_id}) in html
    assert 'name="decision"' in html and 'name="fix_sections"' in html


def test_a_decision_from_the_page_needs_its_reason(w, client_for, screened):
    mine, _theirs = screened
    client = english_client(client_for, w.manager)
    page = client.post(detail_url(mine), {"decision": "reject", "reason": "", "version": mine.version})
    assert page.status_code == 400
    assert screening_of(mine.proposal).status == "awaiting"
    response = client.post(
        detail_url(mine), {"decision": "reject", "reason": "申报主体资格不符", "version": mine.version}
    )
    assert response.status_code == 302
    assert screening_of(mine.proposal).status == "rejected"


def test_a_fix_from_the_page_opens_the_named_sections(w, client_for, screened):
    mine, _theirs = screened
    response = english_client(client_for, w.manager).post(
        detail_url(mine),
        {
            "decision": "fix",
            "reason": "请补充附件",
            "fix_sections": ["documents"],
            "fix_working_days": "2",
            "version": mine.version,
        },
    )
    assert response.status_code == 302
    mine.proposal.refresh_from_db()
    assert mine.proposal.fix_sections == ["documents"]
    assert screening_of(mine.proposal).status == ScreeningStatus.FIX_REQUESTED


def test_another_managers_decision_through_the_page_is_refused(w, client_for, screened):
    mine, _theirs = screened
    response = english_client(client_for, w.other_manager).post(
        detail_url(mine), {"decision": "pass", "version": mine.version}
    )
    assert response.status_code in (403, 404)
    assert screening_of(mine.proposal).status == "awaiting"


def test_a_provider_cannot_decide_even_on_its_own_proposal(w, client_for, screened):
    mine, _theirs = screened
    screening_decide(screening=mine, decision="fix", reason="请补充附件", fix_sections=["documents"], actor=w.manager)
    client = english_client(client_for, w.provider)
    assert client.get(detail_url(mine)).status_code == 200
    response = client.post(detail_url(mine), {"decision": "pass", "version": screening_of(mine.proposal).version})
    assert response.status_code == 403
    assert screening_of(mine.proposal).status == ScreeningStatus.FIX_REQUESTED


# --- the provider -------------------------------------------------------------------------------------------------


def test_a_provider_sees_its_result_only_after_the_decision(w, client_for, screened):
    mine, theirs = screened
    client = english_client(client_for, w.provider)
    html = client.get(reverse("screening:mine")).content.decode()
    assert "Being screened" in html and mine.proposal.receipt_number in html
    assert "Automatic checks" not in html
    assert client.get(detail_url(mine)).status_code == 404

    screening_decide(screening=mine, decision="reject", reason="年检结论缺失", actor=w.manager)
    html = client.get(reverse("screening:mine")).content.decode()
    assert "年检结论缺失" in html
    assert "Automatic checks" in html
    assert theirs.proposal.receipt_number not in html
    assert w.other_provider_org.name not in html
    assert client.get(detail_url(theirs)).status_code == 404


def test_a_duplicate_flag_names_no_other_organization_to_the_provider(w, client_for):
    text = "面向社区老年人开展太极拳培训，每周两次，提升老年人身体素质，培育社区太极拳队。" * 3
    mine = sealed(w, summary=text)
    theirs = sealed(w, org=w.other_provider_org, summary=text)
    screen(w, now=timezone.now())
    screening_decide(screening=screening_of(mine), decision="reject", reason="文本雷同", actor=w.manager)
    provider_html = english_client(client_for, w.provider).get(detail_url(screening_of(mine))).content.decode()
    assert "nearly identical to that of another proposal" in provider_html
    assert theirs.receipt_number not in provider_html
    assert w.other_provider_org.name not in provider_html
    manager_html = english_client(client_for, w.manager).get(detail_url(screening_of(mine))).content.decode()
    assert theirs.receipt_number in manager_html and w.other_provider_org.name in manager_html


def test_the_results_page_is_for_providers(w, client_for):
    assert english_client(client_for, w.manager).get(reverse("screening:mine")).status_code == 403


# --- two managers at once ------------------------------------------------------------------------------------------


def test_a_decision_made_on_a_page_someone_else_decided_meanwhile_is_refused_with_the_current_state(
    w, client_for, screened
):
    mine, _theirs = screened
    client = english_client(client_for, w.manager)
    page = client.get(detail_url(mine)).content.decode()
    assert f'name="version" value="{mine.version}"' in page
    screening_decide(screening=mine, decision="reject", reason="资格不符", version=mine.version, actor=w.admin)
    response = client.post(detail_url(mine), {"decision": "pass", "version": mine.version})
    assert response.status_code == 409
    html = response.content.decode()
    assert "changed while you were deciding" in html and "Rejected" in html
    assert f'name="version" value="{mine.version + 1}"' in html  # deciding again is on the current version
    assert screening_of(mine.proposal).status == ScreeningStatus.REJECTED
    again = client.post(detail_url(mine), {"decision": "pass", "reason": "复核通过", "version": mine.version + 1})
    assert again.status_code == 302
    assert screening_of(mine.proposal).status == ScreeningStatus.PASSED


def test_a_batch_from_a_board_older_than_a_decision_decides_nothing(w, client_for, screened):
    mine, theirs = screened
    board_versions = versions(mine, theirs)
    screening_decide(screening=theirs, decision="reject", reason="资格不符", version=theirs.version, actor=w.admin)
    page = english_client(client_for, w.manager).post(
        reverse("screening:batch", kwargs={"public_id": w.call.public_id}),
        {"screenings": [str(mine.public_id), str(theirs.public_id)], "decision": "pass", **board_versions},
        follow=True,
    )
    assert "changed while you were deciding" in page.content.decode()
    assert screening_of(mine.proposal).status == "awaiting"
    assert screening_of(theirs.proposal).status == "rejected"
