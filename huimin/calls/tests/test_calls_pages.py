"""The call pages: public list and call page, the managers' desk and draft editor, publication, amendments (with the
preview), cancellation, the questions inbox and asking; scopes on every page."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from huimin.calls.forms import CallEditorForm, EditorRows
from huimin.calls.models import Call, CallAmendment, CallQuestion, CallStatus, QuestionStatus
from huimin.calls.services.questions import call_question_answer, call_question_ask

from .factories_calls import at, browser, draft_call, published_call, times, world  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def text(response) -> str:
    return response.content.decode()


def editor_post(call: Call, *, amendment: bool = False, **overrides: Any) -> dict[str, Any]:
    """What the browser sends from the editor, unchanged, with `overrides` (lists for the row tables)."""
    initial = CallEditorForm.initial_for(call)
    form = CallEditorForm(initial=initial, amendment=amendment)
    data: dict[str, Any] = {}
    for name in form.fields:
        value = initial.get(name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    rows = EditorRows.from_call(call)
    for prefix, table, names in (
        ("cap", rows.caps, ("code", "item", "unit", "amount")),
        ("doc", rows.documents, ("code", "name", "required", "description")),
        ("criterion", rows.criteria, ("code", "name", "weight", "description", "source")),
    ):
        for name in names:
            values = [r.get(name, "") for r in table]
            if name == "required":
                values = ["1" if v else "0" for v in values]
            data[f"{prefix}_{name}"] = values
    data["intentions"] = [str(i.public_id) for i in call.intentions.all()]
    data.update(overrides)
    return data


# --- public pages ---------------------------------------------------------------------------------------------------


def test_the_public_list_shows_open_calls_and_hides_drafts(world, times):
    now, deadline = times
    published = published_call(world, now=now, deadline=deadline, intentions=[world.intention], title="公开的通知")
    draft_call(world, now=now, deadline=deadline, intentions=[world.other_intention], title="草稿通知")
    html = text(browser().get("/calls/"))
    assert "公开的通知" in html and "草稿通知" not in html
    assert str(published.public_id) in html
    assert "公开的通知" not in text(browser().get("/calls/", {"show": "past"}))


def test_the_call_page_shows_intentions_rules_amendments_and_answers_without_the_asker(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    question = call_question_ask(call=call, question="志愿者补贴算劳务费吗？", actor=world.provider, now=now)
    call_question_answer(question=question, answer="算。", actor=world.manager, now=now)
    html = text(browser().get(f"/calls/{call.public_id}/"))
    assert world.intention.title in html and world.street.name in html and world.other_street.name in html
    assert "civil affairs" in html  # eligibility in words
    assert "专家费（高级职称）" in html
    assert "志愿者补贴算劳务费吗？" in html and "算。" in html
    assert world.provider_org.name not in html
    assert "data-countdown" in html


def test_a_draft_page_is_hidden_from_the_public_and_other_managers(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline)
    assert browser().get(f"/calls/{call.public_id}/").status_code == 404
    assert browser(world.other_manager).get(f"/calls/{call.public_id}/").status_code == 404
    assert browser(world.provider).get(f"/calls/{call.public_id}/").status_code == 404
    assert browser(world.manager).get(f"/calls/{call.public_id}/").status_code == 200


# --- desk and editor ------------------------------------------------------------------------------------------------


def test_the_desk_is_for_managers(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline)
    assert call.title in text(browser(world.manager).get("/calls/manage/"))
    assert call.title not in text(browser(world.other_manager).get("/calls/manage/"))
    assert browser(world.provider).get("/calls/manage/").status_code == 403
    assert browser().get("/calls/manage/").status_code == 302  # to the sign-in page


def test_a_manager_creates_a_draft_from_the_desk(world):
    response = browser(world.manager).post(
        "/calls/manage/new/",
        {"round": world.round.code, "manager": str(world.manager_org.public_id), "title": "新的申报通知"},
    )
    call = Call.objects.get(title="新的申报通知")
    assert response.status_code == 302 and response["Location"] == f"/calls/manage/{call.public_id}/edit/"
    assert call.status == CallStatus.DRAFT


def test_the_editor_saves_fields_rows_and_intentions(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline, intentions=[world.intention])
    client = browser(world.manager)
    page = text(client.get(f"/calls/manage/{call.public_id}/edit/"))
    assert world.intention.title in page and "weights-total" in page
    data = editor_post(
        call,
        title="更新的标题",
        cap_per_project="45000",
        min_grade="3",
        intentions=[str(world.intention.public_id), str(world.other_intention.public_id)],
    )
    data["cap_item"] = [*data["cap_item"], "交通费"]
    data["cap_unit"] = [*data["cap_unit"], "元/人次"]
    data["cap_amount"] = [*data["cap_amount"], "50"]
    data["cap_code"] = [*data["cap_code"], ""]
    response = client.post(f"/calls/manage/{call.public_id}/edit/", data)
    assert response.status_code == 302, text(response)
    call.refresh_from_db()
    assert call.title == "更新的标题" and call.cap_per_project == Decimal("45000")
    assert call.eligibility["min_grade"] == 3
    assert call.budget_rules["unit_price_caps"][-1]["item"] == "交通费"
    assert call.intentions.count() == 2


def test_the_editor_refuses_weights_not_adding_up_to_100_and_saves_nothing(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline)
    data = editor_post(call, title="不应保存")
    data["criterion_weight"] = ["30", *data["criterion_weight"][1:]]  # 20 → 30: total 110
    response = browser(world.manager).post(f"/calls/manage/{call.public_id}/edit/", data)
    assert response.status_code == 400
    assert "add up to 110" in text(response)
    call.refresh_from_db()
    assert call.title != "不应保存"


def test_an_editor_row_comes_from_htmx(world):
    response = browser(world.manager).get("/calls/manage/rows/criterion/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'name="criterion_weight"' in text(response)
    assert browser(world.manager).get("/calls/manage/rows/nope/").status_code == 404


def test_another_organizations_manager_cannot_open_the_editor(world, times):
    now, deadline = times
    draft = draft_call(world, now=now, deadline=deadline, intentions=[world.intention])
    assert browser(world.other_manager).get(f"/calls/manage/{draft.public_id}/edit/").status_code == 404
    published = published_call(world, now=now, deadline=deadline, intentions=[world.other_intention])
    assert browser(world.other_manager).get(f"/calls/manage/{published.public_id}/amend/").status_code == 403
    response = browser(world.other_manager).post(
        f"/calls/manage/{published.public_id}/edit/", editor_post(published, title="别人改的")
    )
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title != "别人改的"


def test_posting_the_editor_of_a_published_call_is_refused_and_changes_nothing(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    client = browser(world.manager)
    response = client.post(f"/calls/manage/{call.public_id}/edit/", editor_post(call, cap_per_project="1"))
    assert response.status_code == 409
    assert "amendment" in text(response)
    call.refresh_from_db()
    assert call.cap_per_project == Decimal("50000") and not CallAmendment.objects.exists()
    get = client.get(f"/calls/manage/{call.public_id}/edit/")
    assert get.status_code == 302 and get["Location"] == f"/calls/manage/{call.public_id}/amend/"


def test_documents_are_attached_to_a_draft(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline)
    upload = SimpleUploadedFile("申报书模板.pdf", PDF, content_type="application/pdf")
    response = browser(world.manager).post(f"/calls/manage/{call.public_id}/documents/", {"file": upload})
    assert response.status_code == 302
    document = call.documents.get()
    assert document.original_name == "申报书模板.pdf" and not document.is_public


# --- publication, amendments, cancellation --------------------------------------------------------------------------


def test_publication_asks_for_confirmation_then_publishes(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline)
    client = browser(world.manager)
    confirm = client.get(f"/calls/manage/{call.public_id}/publish/")
    assert confirm.status_code == 200 and "Publish the call" in text(confirm)
    response = client.post(f"/calls/manage/{call.public_id}/publish/")
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


def test_publication_lists_what_is_missing(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline, intentions=[], cap_per_project=0)
    response = browser(world.manager).post(f"/calls/manage/{call.public_id}/publish/")
    assert response.status_code == 400
    assert "confirmed project intention" in text(response)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_the_amendment_page_previews_the_change_and_the_deadline_then_publishes(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    client = browser(world.manager)
    assert client.get(f"/calls/manage/{call.public_id}/amend/").status_code == 200
    data = editor_post(call, amendment=True, cap_per_project="40000", reason="预算调整")
    preview = client.post(f"/calls/manage/{call.public_id}/amend/", {**data, "action": "preview"})
    assert preview.status_code == 200
    html = text(preview)
    assert "What the amendment will publish" in html and "50000" in html and "40000" in html
    assert not CallAmendment.objects.exists()
    published = client.post(f"/calls/manage/{call.public_id}/amend/", {**data, "action": "publish"})
    assert published.status_code == 302
    amendment = CallAmendment.objects.get(call=call)
    assert amendment.reason == "预算调整"
    assert amendment.changes == {"cap_per_project": {"before": "50000", "after": "40000"}}
    assert "预算调整" in text(browser().get(f"/calls/{call.public_id}/"))


def test_an_amendment_without_a_reason_is_refused_on_the_page(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    data = editor_post(call, amendment=True, cap_per_project="40000", reason="")
    response = browser(world.manager).post(f"/calls/manage/{call.public_id}/amend/", {**data, "action": "publish"})
    assert response.status_code == 400
    call.refresh_from_db()
    assert call.cap_per_project == Decimal("50000") and not CallAmendment.objects.exists()


def test_cancelling_a_published_call_publishes_the_reason(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    client = browser(world.manager)
    assert client.post(f"/calls/manage/{call.public_id}/cancel/", {"reason": ""}).status_code == 400
    response = client.post(f"/calls/manage/{call.public_id}/cancel/", {"reason": "项目调整，取消本次申报"})
    assert response.status_code == 302
    html = text(browser().get(f"/calls/{call.public_id}/"))
    assert "项目调整，取消本次申报" in html and "cancelled" in html


# --- questions ------------------------------------------------------------------------------------------------------


def test_a_provider_asks_on_the_call_page(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    client = browser(world.provider)
    assert "Your question" in text(client.get(f"/calls/{call.public_id}/"))
    response = client.post(f"/calls/{call.public_id}/ask/", {"question": "可以联合申报吗？"})
    assert response.status_code == 302
    question = CallQuestion.objects.get()
    assert question.organization == world.provider_org
    assert "可以联合申报吗？" in text(client.get(f"/calls/{call.public_id}/"))  # the asker sees its own question
    assert "可以联合申报吗？" not in text(browser().get(f"/calls/{call.public_id}/"))  # not public until answered


def test_a_provider_cannot_ask_after_the_deadline_on_the_page(world):
    now = timezone.now()
    call = published_call(world, now=now - timedelta(days=30), deadline=now - timedelta(days=10))
    response = browser(world.provider).post(f"/calls/{call.public_id}/ask/", {"question": "还可以问吗？"})
    assert response.status_code == 400
    assert not CallQuestion.objects.exists()


def test_only_providers_ask_on_the_page(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    assert browser(world.purchaser).post(f"/calls/{call.public_id}/ask/", {"question": "?"}).status_code == 403
    assert not CallQuestion.objects.exists()


def test_the_manager_answers_from_the_inbox_and_the_answer_is_public(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    question = call_question_ask(call=call, question="场地费如何列支？", actor=world.provider, now=now)
    client = browser(world.manager)
    inbox = text(client.get(f"/calls/manage/{call.public_id}/questions/"))
    assert "场地费如何列支？" in inbox and world.provider_org.name in inbox
    assert browser(world.other_manager).get(f"/calls/manage/{call.public_id}/questions/").status_code == 403
    refused = browser(world.other_manager).post(
        f"/calls/manage/questions/{question.public_id}/answer/", {"answer": "x"}
    )
    assert refused.status_code == 404  # a pending question is not visible outside the call's managers
    client.post(f"/calls/manage/questions/{question.public_id}/answer/", {"answer": "列入活动经费。"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert "列入活动经费。" in text(browser().get(f"/calls/{call.public_id}/"))
    client.post(
        f"/calls/manage/questions/{question.public_id}/correct/", {"answer": "列入业务活动费。", "reason": "口径统一"}
    )
    html = text(browser().get(f"/calls/{call.public_id}/"))
    assert "列入业务活动费。" in html and "answer corrected" in html


def test_pages_render_in_chinese(world, times, client_for):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    with translation.override("zh-hans"):
        assert client_for(world.manager).get(f"/calls/manage/{call.public_id}/amend/").status_code == 200
        assert client_for(None).get(f"/calls/{call.public_id}/").status_code == 200
        assert client_for(None).get("/calls/").status_code == 200


def test_the_editor_offers_only_intentions_no_other_published_call_lists(world):
    from huimin.calls.selectors import listable_intentions

    from .factories_calls import draft_call, published_call

    now = timezone.now()
    published = published_call(world, now=now, deadline=now + timedelta(days=30), intentions=[world.intention])
    draft = draft_call(world, now=now, deadline=now + timedelta(days=30), intentions=[world.other_intention])
    assert world.intention not in set(listable_intentions(round=world.round, call=draft))
    assert world.other_intention in set(listable_intentions(round=world.round, call=draft))
    assert world.intention in set(listable_intentions(round=world.round, call=published))
