"""The pages: answering on a phone (resident account or verified phone), results, and the desk (questions with
htmx, open/close, fast paper entry, exports) — with the community's scope enforced on every desk page."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from huimin.core import sms
from huimin.surveys.models import Answer, Questionnaire, QuestionnaireStatus, Response, ResponseChannel
from huimin.surveys.services import questionnaire_close, response_enter_paper, response_submit

from .factories import good_answers, make_questionnaire, qids


def client_en(who=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    user = getattr(who, "user", who)
    if user is not None:
        client.force_login(user)
    return client


def url(name: str, q: Questionnaire, **kwargs) -> str:
    return reverse(f"surveys:{name}", kwargs={"public_id": q.public_id, **kwargs})


def answer_post(q: Questionnaire, *, single="1", multiple=("0", "2"), text="") -> dict:
    s, m, t = qids(q)
    return {f"q{s}": single, f"q{m}": list(multiple), f"q{t}": text}


@pytest.fixture
def live(world):
    return make_questionnaire(world.community_a1, world.worker_a1, closes_in=timedelta(days=7))


# --- public -----------------------------------------------------------------------------------------------------------


def test_public_list_shows_published_questionnaires_only(world, live):
    draft = make_questionnaire(world.community_a1, world.worker_a1, opened=False, title="草稿问卷")
    page = client_en().get(reverse("surveys:list"))
    assert page.status_code == 200
    assert live.title in page.content.decode() and draft.title not in page.content.decode()
    assert client_en().get(url("answer", draft)).status_code == 404
    assert client_en().get(url("results", draft)).status_code == 404


def test_resident_answers_on_the_page_once(world, live):
    client = client_en(world.resident)
    page = client.get(url("answer", live))
    assert page.status_code == 200 and "Submit my answers" in page.content.decode()
    done = client.post(url("answer", live), answer_post(live, text="希望开设ＡＢＣ英语班"))
    assert done.status_code == 302 and done["Location"] == url("results", live)
    assert Response.objects.filter(questionnaire=live, respondent=world.resident.user).count() == 1
    again = client.get(url("answer", live))
    assert "already answered" in again.content.decode()
    refused = client.post(url("answer", live), answer_post(live))
    assert "already answered" in refused.content.decode()
    assert Response.objects.filter(questionnaire=live).count() == 1


def test_required_questions_are_asked_again_with_the_reason(world, live):
    s, m, _t = qids(live)
    page = client_en(world.resident).post(url("answer", live), {f"q{s}": "1"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "This question needs an answer." in body and f'id="id_q{m}_error"' in body
    assert not Response.objects.exists()


def test_phone_verification_flow_then_the_account_of_that_phone_is_refused(
    world, live, django_capture_on_commit_callbacks
):
    client = client_en()
    page = client.get(url("answer", live))
    assert "Send me a code" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url("answer_phone", live), {"phone": "１３９ １２３４ ５６７８"})
    assert sent.status_code == 200 and "Verification code" in sent.content.decode()
    code = re.search(r"\d{6}", sms.outbox[-1].text).group(0)
    wrong = client.post(
        url("answer_verify", live), {"phone": "13912345678", "code": "000000" if code != "000000" else "111111"}
    )
    assert "not correct" in wrong.content.decode()
    ok = client.post(url("answer_verify", live), {"phone": "13912345678", "code": code})
    assert ok.status_code == 302
    done = client.post(url("answer", live), answer_post(live))
    assert done.status_code == 302
    response = Response.objects.get(questionnaire=live)
    assert response.respondent is None and response.channel == ResponseChannel.ONLINE
    # the resident account with that mobile number is the same resident
    page = client_en(world.resident).get(url("answer", live))
    assert "already answered" in page.content.decode()
    # forgetting the phone in this browser asks again who answers
    client.post(url("answer_forget", live))
    assert "Send me a code" in client.get(url("answer", live)).content.decode()


def test_a_malformed_phone_number_is_shown_next_to_the_field(world, live):
    page = client_en().post(url("answer_phone", live), {"phone": "12345"})
    assert page.status_code == 200 and "11-digit" in page.content.decode()
    assert not sms.outbox


def test_a_closed_questionnaire_takes_no_answers_on_the_page(world, live):
    questionnaire_close(questionnaire=live, actor=world.worker_a1)
    client = client_en(world.resident)
    page = client.get(url("answer", live))
    assert "takes no more answers" in page.content.decode() and "Submit my answers" not in page.content.decode()
    client.post(url("answer", live), answer_post(live))
    assert not Response.objects.exists()


def test_results_page_has_charts_and_tables_and_no_identity(world, live):
    s, m, _t = qids(live)
    response_submit(questionnaire=live, answers=good_answers(live, text="电话13912345678请联系"), actor=world.resident)
    response_enter_paper(questionnaire=live, answers={s: [2], m: [3]}, actor=world.worker_a1)
    page = client_en().get(url("results", live))
    assert page.status_code == 200
    body = page.content.decode()
    assert f'id="chart-q{s}"' in body and f'id="chart-q{s}-option"' in body and f'id="chart-q{m}-option"' in body
    assert "1 online, 1 from paper forms" in body
    assert "139****5678" in body and "13912345678" not in body
    assert world.resident.user.username not in body and "Responses (XLSX)" not in body


# --- the desk: scope --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker_b1", "worker_a2", "purchaser_b"])
def test_worker_outside_the_community_is_refused_on_every_desk_page(world, live, who):
    client = client_en(getattr(world, who))
    question = live.questions.first()
    for name, kwargs, method in [
        ("manage", {}, "get"),
        ("paper", {}, "get"),
        ("paper", {}, "post"),
        ("export", {"fmt": "csv"}, "get"),
        ("export", {"fmt": "xlsx"}, "get"),
        ("print", {}, "get"),
        ("close", {}, "post"),
        ("question_edit", {"question_id": question.pk}, "get"),
        ("question_remove", {"question_id": question.pk}, "post"),
    ]:
        response = getattr(client, method)(url(name, live, **kwargs), answer_post(live) if method == "post" else None)
        assert response.status_code == 403, (name, method)
    live.refresh_from_db()
    assert live.status == QuestionnaireStatus.OPEN and live.response_count == 0


def test_drafts_of_another_community_are_not_even_found(world):
    draft = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    client = client_en(world.worker_b1)
    assert client.get(url("manage", draft)).status_code == 404
    assert client.post(url("open", draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == QuestionnaireStatus.DRAFT


@pytest.mark.parametrize("who", ["resident", "provider"])
def test_the_desk_is_for_community_staff(world, who):
    assert client_en(getattr(world, who)).get(reverse("surveys:desk")).status_code == 403
    assert client_en(getattr(world, who)).get(reverse("surveys:create")).status_code == 403
    assert client_en().get(reverse("surveys:desk")).status_code == 302  # to sign in


# --- the desk: writing ------------------------------------------------------------------------------------------------


def test_worker_creates_writes_and_opens_a_questionnaire(world):
    client = client_en(world.worker_a1)
    assert client.get(reverse("surveys:desk")).status_code == 200
    created = client.post(
        reverse("surveys:create"),
        {
            "division": world.community_a1.pk,
            "title": "居民文体活动需求调查",
            "description": "",
            "opens_at": "",
            "closes_at": "",
        },
    )
    assert created.status_code == 302
    q = Questionnaire.objects.get(title="居民文体活动需求调查")
    assert created["Location"] == url("manage", q)
    htmx = {"HX-Request": "true"}
    added = client.post(
        url("question_add", q),
        {
            "new-kind": "single",
            "new-text": "您愿意参加哪类活动？",
            "new-required": "on",
            "new-choices": "太极拳\n书画\n手工艺",
        },
        headers=htmx,
    )
    assert added.status_code == 200 and "您愿意参加哪类活动？" in added.content.decode()
    assert "<html" not in added.content.decode()  # a fragment for htmx
    client.post(url("question_add", q), {"new-kind": "text", "new-text": "其他想法"}, headers=htmx)
    refused = client.post(
        url("question_add", q), {"new-kind": "single", "new-text": "只有一个选项", "new-choices": "一"}, headers=htmx
    )
    assert refused.status_code == 200 and "at least 2 options" in refused.content.decode()
    first, second = qids(q)
    moved = client.post(url("question_move", q, question_id=second, direction="up"), headers=htmx)
    assert moved.status_code == 200 and qids(q) == [second, first]
    edit_form = client.get(url("question_edit", q, question_id=first), headers=htmx)
    assert edit_form.status_code == 200 and "太极拳" in edit_form.content.decode()
    saved = client.post(
        url("question_edit", q, question_id=first),
        {
            f"edit{first}-kind": "multiple",
            f"edit{first}-text": "您愿意参加哪些活动？",
            f"edit{first}-choices": "太极拳\n书画",
        },
        headers=htmx,
    )
    assert saved.status_code == 200 and saved["HX-Retarget"] == "#questions"
    assert q.questions.get(pk=first).kind == "multiple"
    removed = client.post(url("question_remove", q, question_id=second), headers=htmx)
    assert removed.status_code == 200 and qids(q) == [first]
    opened = client.post(url("open", q))
    assert opened.status_code == 302
    q.refresh_from_db()
    assert q.status == QuestionnaireStatus.OPEN
    # once open, the questions are frozen: the page says why
    frozen = client.post(url("question_remove", q, question_id=first), headers=htmx)
    assert "can no longer change" in frozen.content.decode() and qids(q) == [first]


def test_opening_without_questions_shows_the_reason(world):
    client = client_en(world.worker_a1)
    client.post(reverse("surveys:create"), {"division": world.community_a1.pk, "title": "空问卷"})
    q = Questionnaire.objects.get(title="空问卷")
    page = client.post(url("open", q), follow=True)
    assert "Add at least one question" in page.content.decode()
    q.refresh_from_db()
    assert q.status == QuestionnaireStatus.DRAFT


def test_creating_for_another_community_is_not_offered(world):
    page = client_en(world.worker_a1).post(
        reverse("surveys:create"), {"division": world.community_b1.pk, "title": "越权问卷"}
    )
    assert page.status_code == 200 and not Questionnaire.objects.filter(title="越权问卷").exists()


def test_fast_paper_entry_reads_letters_and_full_width_numbers(world, live):
    client = client_en(world.worker_a1)
    s, m, t = qids(live)
    page = client.get(url("paper", live))
    assert page.status_code == 200 and "Save and next form" in page.content.decode()
    saved = client.post(
        url("paper", live), {"paper_number": "001", f"q{s}": "b", f"q{m}": "１，３", f"q{t}": "纸质建议"}
    )
    assert saved.status_code == 302 and saved["Location"] == url("paper", live)
    response = Response.objects.get(questionnaire=live, paper_number="001")
    assert response.channel == ResponseChannel.PAPER
    assert {a.question_id: (a.selected, a.text) for a in response.answers.all()} == {
        s: ([1], ""),
        m: ([0, 2], ""),
        t: ([], "纸质建议"),
    }
    bad = client.post(url("paper", live), {f"q{s}": "是", f"q{m}": "Z"})
    assert bad.status_code == 400 and "Type the letters" in bad.content.decode()
    out_of_range = client.post(url("paper", live), {f"q{s}": "a", f"q{m}": "e"})
    assert out_of_range.status_code == 400 and "There is no option 5" in out_of_range.content.decode()
    twice = client.post(url("paper", live), {"paper_number": "001", f"q{s}": "a"})
    assert twice.status_code == 400 and "already been entered" in twice.content.decode()
    assert Response.objects.filter(questionnaire=live).count() == 1
    taken_back = client.post(url("paper_delete", live, response_id=response.public_id))
    assert taken_back.status_code == 302 and not Response.objects.filter(questionnaire=live).exists()


def test_exports_list_every_response_without_identity(world, live):
    s, m, _t = qids(live)
    response_submit(questionnaire=live, answers=good_answers(live, text='=HYPERLINK("x")'), actor=world.resident)
    response_enter_paper(questionnaire=live, answers={s: [2], m: [3]}, paper_number="P-9", actor=world.worker_a1)
    client = client_en(world.purchaser_a)
    csv_response = client.get(url("export", live, fmt="csv"))
    assert csv_response.status_code == 200 and csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["No.", "Channel", "Paper form number", "Submitted at"]
    assert rows[0][4] == "1. 您的年龄段？"
    assert rows[1][1] == "Online" and rows[1][4] == "60–79岁" and rows[1][5] == "助餐；文体活动"
    assert rows[1][6].startswith("'=")  # not a formula in a spreadsheet
    assert rows[2][1] == "Paper" and rows[2][2] == "P-9" and rows[2][5] == "法律咨询"
    assert world.resident.user.username not in text
    xlsx = client.get(url("export", live, fmt="xlsx"))
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 3 and values[2][2] == "P-9"
    assert client.get(url("export", live, fmt="pdf")).status_code == 404


def test_print_page_letters_the_options(world, live):
    page = client_en(world.worker_a1).get(url("print", live))
    assert page.status_code == 200 and "A. 60岁以下" in page.content.decode()


def test_answer_page_previews_a_draft_for_its_community_only(world):
    draft = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    page = client_en(world.worker_a1).get(url("answer", draft))
    assert page.status_code == 200 and "Preview" in page.content.decode()
    assert "Submit my answers" not in page.content.decode()
    assert Answer.objects.count() == 0
