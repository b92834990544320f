"""The proposals and screening journeys in a real browser on the demo data.

A call open for proposals is made through the pages once for the module: the district administrator raises the
budget of 水泊寺乡, the purchaser writes and confirms an intention, the project manager drafts and publishes a call
listing it.

1. A provider (provider1) fills a full proposal as a person would: a new draft from “My proposals”, a team member
   added on the organization's profile, every section of the editor (typed and autosaved field by field, choices,
   rows of activities, indicators, the team and the budget, PDF documents uploaded, the commitment accepted); what
   is autosaved survives a reload, the “what is missing” panel shrinks to nothing, the budget shares show; submitted
   with its confirmation, the receipt shows its number and a SHA-256.
2. Sealing: before the deadline another provider and the project manager get 404 for the proposal's pages, PDF and
   API; the project manager only learns how many proposals the call has received.
3. The project manager's screening board of the demo's closed 2020 call (155 proposals): counts per status, result,
   purchaser and category; filters narrow the list; a proposal of an organization blocked by the credit check shows
   its failed checks, the reason of its rejection and the saved credit evidence; the Excel export answers.
4. A provider whose demo proposal was screened reads its decision and reason at /screening/mine/; the project
   manager records the decision again with a new reason; the provider reads the new reason.

Pages are located by ids, names, URLs and data attributes; texts are asserted on data (titles, numbers, reasons),
not on translated labels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from huimin.calls.rules import default_required_documents
from huimin.demo import credit_data as cd
from huimin.demo import data
from huimin.demo import proposals_data as pd

from .test_needs_calls_journeys import (
    SHUIPOSI,
    UUID_RE,
    browser_page,
    draft_and_publish_call,
    make_confirmed_intention,
    plain,
    public_id_in,
    sign_in,
    submit,
    success_message,
)

PROVIDER = "provider1"
OTHER_PROVIDER = "provider2"
MANAGER = "yiyuanli"
HEX64 = re.compile(r"^[0-9a-f]{64}$")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REQUIRED_DOCUMENTS = [d.code for d in default_required_documents() if d.required]
BLOCKED_ORG = cd.SCREEN_SOCIAL_SERIOUS  # 平城区象棋协会: on the list of seriously dishonest social organizations
PROVIDER_USERNAMES = [f"provider{n}" for n in range(1, len(data.PROVIDER_LOGINS) + 1)]

# What journey 1 submitted, for the sealing journey (which makes its own when run alone).
SUBMITTED: dict[str, str] = {}


def small_pdf(label: str) -> bytes:
    """A small, valid one-page PDF standing for a scanned document."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"% " + label.encode("utf-8") + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


@pytest.fixture
def person(browser, live_server_url) -> Iterator[Callable[..., Any]]:
    """`person("yiyuanli")`: another signed-in person (own browser context) for this test."""
    with ExitStack() as stack:
        yield lambda username=None: stack.enter_context(browser_page(browser, live_server_url, username))


# --- the open call ----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def open_call(browser, live_server_url) -> dict[str, str]:
    """A call open for proposals, published through the pages: {"call": id, "intention": id, "marker": …}."""
    marker = uuid4().hex[:6]
    intention_id = make_confirmed_intention(
        browser,
        live_server_url,
        purchaser_login="shuiposi",
        purchaser_name=SHUIPOSI,
        title=f"水泊寺乡留守儿童课后托管{marker}",
    )
    with browser_page(browser, live_server_url, MANAGER) as manager:
        call_id = draft_and_publish_call(
            manager, title=f"水泊寺乡儿童服务项目申报通知{marker}", intention_id=intention_id
        )
    return {"call": call_id, "intention": intention_id, "marker": marker}


# --- editor helpers ---------------------------------------------------------------------------------------------------


def posted(response, path_end: str, **fields: str) -> bool:
    """Whether `response` answers a POST to a URL ending with `path_end` whose form carries `fields`."""
    request = response.request
    if request.method != "POST" or not response.url.split("?")[0].endswith(path_end):
        return False
    form = parse_qs(request.post_data or "")
    return all(form.get(name) == [value] for name, value in fields.items())


def missing_count(page) -> int:
    return int(page.locator("#missing-count").inner_text())


def autosave(page, name: str, value: str, *, status: int = 200) -> None:
    """Type (or pick) a scalar field of the editor, leave it, and wait for its autosave."""
    field = page.locator(f"#f-{name}")
    page.locator(f"#st-{name}").evaluate("e => { e.innerHTML = ''; }")  # no stale “saved” line
    with page.expect_response(lambda r: posted(r, "/edit/field/", field=name)) as answer:
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
            field.blur()
    assert answer.value.status == status, f"{name}={value!r} answered {answer.value.status}"
    shown = page.locator(f"#st-{name} .text-success" if status == 200 else f"#st-{name} [role=alert]")
    shown.wait_for()


def autosave_cell(page, kind: str, position: int, name: str, value: str) -> None:
    cell = page.locator(f"#r-{kind}-{position}-{name}")
    page.locator(f"#st-{kind}-{position}").evaluate("e => { e.innerHTML = ''; }")  # no stale “saved” line
    with page.expect_response(lambda r: posted(r, f"/edit/{kind}/{position}/", field=name)) as answer:
        if cell.evaluate("e => e.tagName") == "SELECT":
            cell.select_option(value)
        else:
            cell.fill(value)
            cell.blur()
    assert answer.value.status == 200, f"{kind} {position} {name}={value!r} answered {answer.value.status}"
    page.locator(f"#st-{kind}-{position} .text-success").wait_for()


def add_row(page, kind: str, values: dict[str, str]) -> None:
    """Open the section's “add” form if it is folded, fill it, add the row and wait for the rows to come back."""
    rows = page.locator(f"#rows-{kind}")
    before = rows.locator(".row-card").count()
    details = rows.locator("details")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for name, value in values.items():
        field = page.locator(f"#add-{kind}-{name}")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_response(lambda r: posted(r, f"/edit/{kind}/add/")) as answer:
        rows.locator("form[action$='/add/'] button[type=submit]").click()
    assert answer.value.status == 200, f"adding to {kind} answered {answer.value.status}: {answer.value.text()[:500]}"
    expect(page.locator(f"#rows-{kind} .row-card")).to_have_count(before + 1)


def check_and_wait(page, selector: str, path_end: str, status_id: str) -> None:
    """Tick a box saved on change, wait for its answer and for the “saved” line it brings."""
    page.locator(f"#{status_id}").evaluate("e => { e.innerHTML = ''; }")  # no stale “saved” line
    with page.expect_response(lambda r: posted(r, path_end)) as answer:
        page.check(selector)
    assert answer.value.status == 200, f"{selector} answered {answer.value.status}"
    page.locator(f"#{status_id} .text-success").wait_for()


def add_team_member_on_profile(page, name: str) -> str:
    """On the organization's profile: a new team member with a social work qualification. Returns its public id."""
    page.goto("/proposals/profile/")
    form = page.locator("form[action='/proposals/profile/team/add/']")
    form.locator("xpath=ancestor::details[1]/summary").click()
    form.locator("[name=name]").fill(name)
    form.locator("[name=qualification]").select_option("social_worker")
    form.locator("[name=qualification_note]").fill("国家二级心理咨询师")
    form.locator("[name=education]").fill("本科 社会工作")
    form.locator("[name=position]").fill("项目主管")
    form.locator("[name=phone]").fill("13912345678")
    submit(form.locator("button[type=submit]"))
    success_message(page)
    member = page.locator("#team li").filter(has=page.locator("strong", has_text=name))
    assert member.count() == 1, f"{name} is not listed on the profile's team"
    return public_id_in(member.locator("a[href$='/edit/']").get_attribute("href") or "")


def fill_and_submit_full_proposal(page, call: dict[str, str]) -> dict[str, str]:
    """Journey 1, as provider1 in `page` (signed in): a full proposal written and submitted through the pages.
    Returns {"proposal", "receipt", "digest", "title"}."""
    marker = uuid4().hex[:6]
    title = f"水泊寺乡留守儿童“四点半课堂”课后托管服务项目（第１期）{marker}"
    lead_name = f"李思远{marker[:2]}"

    # The project's lead first joins the organization's team on its profile.
    lead_id = add_team_member_on_profile(page, lead_name)

    # A new draft for the open call, from “My proposals”.
    page.goto("/proposals/")
    new_form = page.locator(f"form[action='/proposals/new/']:has(input[name=call][value='{call['call']}'])")
    assert new_form.count() == 1, "the open call offers no “new proposal” on My proposals"
    submit(new_form.locator("button[type=submit]"))
    page.wait_for_url(re.compile(rf"/proposals/{UUID_RE}/edit/$"))
    success_message(page)
    proposal_id = public_id_in(page.url)
    editor_url = f"/proposals/{proposal_id}/edit/"
    to_do = missing_count(page)
    assert to_do > 0
    assert page.locator("#missing-panel li[data-code]").count() > 0

    # 1. Basics: the intention answered, the communities it covers, name, category, dates, contact.
    check_and_wait(page, f"#intention-{call['intention']}", "/edit/intentions/", "st-intentions")
    communities = page.locator("#picker-communities input[name=communities]")
    assert communities.count() >= 2, "the intention's communities are not offered"
    for i in range(2):
        box = communities.nth(i)
        check_and_wait(page, f"#{box.get_attribute('id')}", "/edit/communities/", "st-communities")
    autosave(page, "title", title)
    category_value = page.locator("#f-category option").nth(1).get_attribute("value") or ""
    autosave(page, "category", category_value)
    start = date.today() + timedelta(days=60)
    end = start + timedelta(days=300)
    autosave(page, "start_date", start.isoformat())
    autosave(page, "end_date", end.isoformat())
    autosave(page, "contact_name", lead_name)
    autosave(page, "contact_phone", "13912345678")
    assert page.locator("#section-badge-basics .bi-check-circle-fill").count() == 1, "basics still incomplete"

    # 2. Beneficiaries, with a number refused next to its field before the right one.
    autosave(page, "target_group", "６—１２岁留守儿童及其祖辈监护人")
    autosave(page, "direct_beneficiaries", "三十", status=422)
    autosave(page, "direct_beneficiaries", "40")
    autosave(page, "indirect_beneficiaries", "120")

    # 3. Narrative (Chinese and full-width punctuation).
    summary = "面向水泊寺乡留守儿童，放学后提供作业辅导、阅读陪伴与安全教育；每周五天，由专业社工和志愿者共同开展！"
    autosave(page, "summary", summary)
    autosave(page, "need_analysis", "走访２个社区共６０户家庭：４６％的留守儿童放学后无人照看，作业无人辅导。")
    autosave(page, "objectives", "一年内服务留守儿童４０名，开展课后托管２００场次，培养志愿者１０名。")
    autosave(page, "risks", "儿童安全风险：签订接送协议，活动全程两名以上成人在场。")
    autosave(page, "sustainability", "培育本地志愿者队伍，项目结束后由社区继续开展。")
    after_texts = missing_count(page)
    assert after_texts < to_do, "the “what is missing” panel did not shrink"

    # Autosave persisted: a reload shows what was typed and chosen.
    page.reload()
    assert page.locator("#f-title").input_value() == title
    assert page.locator("#f-category").input_value() == category_value
    assert page.locator("#f-start_date").input_value() == start.isoformat()
    assert page.locator("#f-direct_beneficiaries").input_value() == "40"
    assert page.locator("#f-summary").input_value() == summary
    assert page.locator(f"#intention-{call['intention']}").is_checked()
    assert page.locator("#picker-communities input[name=communities]:checked").count() == 2
    assert missing_count(page) == after_texts

    # 4. Activities: two rows, one cell changed afterwards.
    add_row(
        page,
        "activities",
        {
            "name": "课后作业辅导与阅读陪伴",
            "place": "水泊寺乡社区活动室",
            "sessions": "180",
            "participants": "20",
            "start_date": start.isoformat(),
            "end_date": (end - timedelta(days=30)).isoformat(),
            "description": "每周一至周五16:30—18:00，社工带领志愿者辅导作业、共读绘本。",
        },
    )
    add_row(
        page,
        "activities",
        {
            "name": "儿童安全教育与成果展示",
            "place": "乡文化广场",
            "sessions": "2",
            "participants": "80",
            "start_date": (end - timedelta(days=20)).isoformat(),
            "end_date": end.isoformat(),
        },
    )
    assert page.locator("#rows-activities .row-card").count() == 2
    autosave_cell(page, "activities", 1, "place", "水泊寺乡儿童之家")

    # 5. Indicators: an output and an outcome.
    add_row(page, "indicators", {"kind": "output", "name": "课后托管场次", "target_value": "180", "unit": "场"})
    add_row(page, "indicators", {"kind": "outcome", "name": "家长满意度", "target_value": "90", "unit": "%"})
    assert page.locator("#rows-indicators .row-card").count() == 2

    # 6. The team: the new member of the profile, as the project lead.
    add_team = page.locator("#rows-team details")
    if add_team.get_attribute("open") is None:
        add_team.locator("summary").click()
    page.locator("#add-team-member").select_option(lead_id)
    page.fill("#add-team-role", "项目负责人")
    page.check("#add-team-lead")
    with page.expect_response(lambda r: posted(r, "/edit/team/add/")) as answer:
        page.locator("#rows-team form[action$='/edit/team/add/'] button[type=submit]").click()
    assert answer.value.status == 200
    expect(page.locator(f"#team-{lead_id}")).to_have_count(1)
    assert page.locator(f"#team-lead-{lead_id}").is_checked()

    # 7. The budget: 20 000 元 in four lines — labour 40 %, management 7.5 %, training under its cap — all applied for.
    for line in (
        {"category": "labour", "item": "社工及志愿者劳务补贴", "unit_price": "800", "unit": "人月", "quantity": "10"},
        {"category": "training", "item": "志愿者培训", "unit_price": "300", "unit": "人/天", "quantity": "10"},
        {"category": "activity", "item": "图书、文具与活动耗材", "unit_price": "7500", "unit": "批", "quantity": "1"},
        {"category": "management", "item": "机构管理费", "unit_price": "1500", "unit": "项", "quantity": "1"},
    ):
        add_row(page, "budget", line)
    assert page.locator("#rows-budget .row-card").count() == 4
    assert plain(page.locator("#line-total-1").inner_text()).strip() == "8000.00"
    autosave_cell(page, "budget", 3, "note", "按实际采购凭证报销")
    autosave(page, "applied_amount", "20000")
    summary_box = page.locator("#budget-summary")
    assert "20000.00" in plain(summary_box.locator("[data-total]").inner_text())
    assert "40.00" in summary_box.locator("[data-share=labour]").inner_text()
    assert "7.50" in summary_box.locator("[data-share=management]").inner_text()
    assert summary_box.locator("[data-share] .text-bg-danger").count() == 0, "a share is shown over its limit"
    assert "20000.00" in plain(summary_box.locator("[data-applied]").inner_text())
    before_documents = missing_count(page)
    assert 0 < before_documents < after_texts

    # Rows persisted too.
    page.reload()
    assert page.locator("#r-activities-1-place").input_value() == "水泊寺乡儿童之家"
    assert page.locator("#r-budget-3-note").input_value() == "按实际采购凭证报销"
    assert page.locator("#f-applied_amount").input_value() in ("20000", "20000.00")

    # 8. Documents: each one the call requires, uploaded as a small PDF.
    offered = page.locator("#section-documents li[id^='document-']").evaluate_all(
        "els => els.map(e => e.id.replace('document-', ''))"
    )
    assert set(REQUIRED_DOCUMENTS) <= set(offered), offered
    for code in REQUIRED_DOCUMENTS:
        page.set_input_files(
            f"#file-{code}",
            files=[{"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": small_pdf(f"{code} {marker}")}],
        )
        submit(page.locator(f"form[action='{editor_url}documents/{code}/upload/'] button[type=submit]"))
        success_message(page)
        assert page.locator(f"#document-{code} a[href^='/files/']").count() == 1, f"{code} is not attached"
    assert missing_count(page) == 1  # the commitment

    # 9. The commitment.
    check_and_wait(page, "#f-commitment", "/edit/commitment/", "st-commitment")
    assert missing_count(page) == 0
    assert page.locator("#missing-panel li[data-code]").count() == 0
    page.reload()
    assert missing_count(page) == 0
    assert page.locator("#f-commitment").is_checked()
    for section in ("basics", "beneficiaries", "narrative", "activities", "indicators", "team", "budget"):
        assert page.locator(f"#section-badge-{section} .bi-check-circle-fill").count() == 1, section

    # Submitted after the confirmation page.
    submit(page.locator(f"main a[href='/proposals/{proposal_id}/submit/']").first)
    page.wait_for_url(re.compile(rf"/proposals/{proposal_id}/submit/$"))
    assert page.locator("#submit-missing").count() == 0
    page.check("#id_confirm")
    submit(page.locator("form:has(#id_confirm) button[type=submit]"))
    page.wait_for_url(re.compile(rf"/proposals/{proposal_id}/receipt/$"))
    success_message(page)
    receipt = page.locator("#receipt-number").inner_text().strip()
    digest = page.locator("#receipt-digest").inner_text().strip()
    assert receipt, "the receipt has no number"
    assert HEX64.match(digest), f"not a SHA-256: {digest!r}"
    assert page.locator("#receipt-time").inner_text().strip()

    # My proposals lists it with its receipt; the editor is sealed (read-only).
    page.goto("/proposals/")
    assert page.locator(f"a[href='/proposals/{proposal_id}/receipt/']").inner_text().strip() == receipt
    page.goto(editor_url)
    assert page.locator("#f-title").evaluate("e => e.tagName") == "DIV"
    assert page.locator(f"main a[href='/proposals/{proposal_id}/submit/']").count() == 0
    assert page.locator(f"a[href='/proposals/{proposal_id}/withdraw/']").count() == 1
    pdf = page.request.get(f"/proposals/{proposal_id}/pdf/")
    assert pdf.status == 200 and pdf.headers["content-type"].startswith("application/pdf")
    assert pdf.body().startswith(b"%PDF")
    return {"proposal": proposal_id, "receipt": receipt, "digest": digest, "title": title}


# --- 1. the provider writes and submits a full proposal -------------------------------------------------------------


def test_provider_fills_every_section_and_submits_a_full_proposal_with_a_receipt(page, open_call):
    sign_in(page, PROVIDER)
    SUBMITTED.update(fill_and_submit_full_proposal(page, open_call))


# --- 2. sealing -------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sealed_proposal(browser, live_server_url, open_call) -> dict[str, str]:
    """The proposal journey 1 submitted, or (when it did not run) one submitted the same way."""
    if not SUBMITTED:
        with browser_page(browser, live_server_url, PROVIDER) as provider:
            SUBMITTED.update(fill_and_submit_full_proposal(provider, open_call))
    return SUBMITTED


def test_before_the_deadline_a_submitted_proposal_is_sealed_from_other_providers_and_the_manager(
    person, sealed_proposal, open_call
):
    proposal_id = sealed_proposal["proposal"]
    pages = [f"/proposals/{proposal_id}/{tail}" for tail in ("", "edit/", "receipt/", "print/")]

    # Another provider: as if it did not exist — pages, PDF and API.
    other = person(OTHER_PROVIDER)
    for url in pages:
        assert other.goto(url).status == 404, url
        assert sealed_proposal["title"] not in other.content()
    assert other.request.get(f"/proposals/{proposal_id}/pdf/").status == 404
    assert other.request.get(f"/api/v1/proposals/{proposal_id}").status == 404
    other.goto("/proposals/")
    assert other.locator(f"a[href*='{proposal_id}']").count() == 0

    # The project manager of the call: the same, but it may know how many proposals were received.
    manager = person(MANAGER)
    for url in pages:
        assert manager.goto(url).status == 404, url
    assert manager.request.get(f"/proposals/{proposal_id}/pdf/").status == 404
    assert manager.request.get(f"/api/v1/proposals/{proposal_id}").status == 404
    listed = manager.request.get(f"/api/v1/proposals?call={open_call['call']}")
    assert listed.status == 200 and proposal_id not in listed.text()
    count = manager.request.get(f"/api/v1/proposals/submitted-count?call={open_call['call']}")
    assert count.status == 200, count.text()
    assert count.json()["submitted"] == 1
    # No screening board before the deadline.
    assert manager.goto(f"/screening/{open_call['call']}/").status == 404
    manager.goto("/screening/")
    assert manager.locator(f"a[href='/screening/{open_call['call']}/']").count() == 0

    # The organization itself still reads it.
    owner = person(PROVIDER)
    assert owner.goto(f"/proposals/{proposal_id}/").status == 200
    assert sealed_proposal["title"] in owner.locator("main h1").inner_text()


# --- 3. the screening board -------------------------------------------------------------------------------------------


def demo_board(page) -> str:
    """The board of the demo's closed call (155 screened proposals), from the screening desk. Returns its URL."""
    page.goto("/screening/")
    links = page.locator("main table tbody a[href^='/screening/'].btn")
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs, "the screening desk lists no call"
    for href in hrefs:
        page.goto(href)
        if status_count(page, "passed") + status_count(page, "rejected") >= 100:
            return href
    pytest.fail(f"no board among {hrefs} holds the demo's screened proposals")


def status_count(page, status: str) -> int:
    return int(page.locator(f"main li:has(> a[href='?status={status}']) > span").inner_text())


def board_rows(page):
    return page.locator("#batch-form tbody tr:has(a[href^='/screening/proposals/'])")


def test_manager_screens_the_closed_demo_call_on_the_board_with_counts_filters_checks_and_evidence(page):
    sign_in(page, MANAGER)
    board_url = demo_board(page)

    # Counts per status add up to the 155 proposals; per result, purchaser and category shown too.
    statuses = ("awaiting", "passed", "rejected", "fix_requested", "fix_submitted")
    counts = {s: status_count(page, s) for s in statuses}
    assert sum(counts.values()) == 155, counts
    assert counts["rejected"] > 0 and counts["passed"] > 0
    results = page.locator("main li:has(> a[href^='?result=']) > span").all_inner_texts()
    assert sum(int(n) for n in results) == 155
    assert page.locator("main a[href^='?purchaser=']").count() >= 2
    assert page.locator("main a[href^='?category=']").count() >= 2
    assert board_rows(page).count() == 155

    # A filter narrows the list: the rejected ones only.
    page.locator("#f-status").select_option("rejected")
    submit(page.locator("form[role=search] button[type=submit]"))
    assert "status=rejected" in page.url
    assert board_rows(page).count() == counts["rejected"]
    assert page.locator("#batch-form tbody .badge.text-bg-danger").count() == counts["rejected"]

    # …and a search narrows it to the organization blocked by the credit check.
    page.fill("#f-q", BLOCKED_ORG)
    submit(page.locator("form[role=search] button[type=submit]"))
    rows = board_rows(page)
    assert rows.count() >= 1
    for text in rows.locator("td:nth-child(3)").all_inner_texts():
        assert text.strip() == BLOCKED_ORG

    # Its screening: failed checks with their reasons, the rejection with its reason, the saved credit evidence.
    submit(rows.first.locator("a[href^='/screening/proposals/']"))
    page.wait_for_url(re.compile(rf"/screening/proposals/{UUID_RE}/$"))
    main = page.locator("main")
    assert BLOCKED_ORG in main.locator("p.text-body-secondary").first.inner_text()
    checks = main.locator("table").first.locator("tbody tr")
    assert checks.count() >= 10
    failed = checks.filter(has=page.locator(".bi-x-circle-fill"))
    assert failed.count() >= 1
    assert all(text.strip() for text in failed.locator("td:nth-child(3)").all_inner_texts())
    assert pd.REJECT_REASON_CREDIT in main.inner_text()
    evidence = main.locator(".card:has(a[href^='/credit/checks/'])")
    assert evidence.count() == 1, "no credit evidence shown"
    assert HEX64.match(evidence.locator("code").inner_text().strip())
    assert evidence.locator("ol li").count() >= 1  # the findings
    assert evidence.locator(".badge.text-bg-success").count() == 1  # the evidence's digest matches (intact)
    # The decision form offers the decisions (a decision already taken may be changed, with a reason).
    assert page.locator("input[name=decision][value=pass]").count() == 1
    assert page.locator("input[name=decision][value=reject]").count() == 1

    # The Excel export of the board answers with a workbook.
    page.goto(board_url)
    href = page.locator(f"main a[href^='{board_url}export.xlsx']").first.get_attribute("href")
    workbook = page.request.get(href or "")
    assert workbook.status == 200
    assert workbook.headers["content-type"].startswith(XLSX)
    assert workbook.body()[:2] == b"PK"  # a zip: the xlsx container


# --- 4. the provider reads the decision -----------------------------------------------------------------------------


def screened_provider(browser, base_url: str) -> tuple[str, str]:
    """The first demo provider login (provider1 … provider10) with a decided screening: (login, screening id)."""
    for username in PROVIDER_USERNAMES:
        with browser_page(browser, base_url, username) as opened:
            page: Any = opened
            page.goto("/screening/mine/")
            links = page.locator("main section.card a[href^='/screening/proposals/']")
            if links.count():
                return username, public_id_in(links.first.get_attribute("href") or "")
    pytest.fail("none of provider1 … provider10 has a screened proposal in the demo")


def decision_card(page, screening_id: str):
    return page.locator(f"main section.card:has(a[href='/screening/proposals/{screening_id}/'])")


@pytest.fixture
def provider_with_a_decision(browser, live_server_url) -> tuple[str, str]:
    return screened_provider(browser, live_server_url)


def test_provider_reads_the_decision_and_its_reason_and_a_new_decision_reaches_it(
    page, person, provider_with_a_decision
):
    username, screening_id = provider_with_a_decision
    sign_in(page, username)
    page.goto("/screening/mine/")
    card = decision_card(page, screening_id)
    assert card.count() == 1
    receipt = card.locator("p.small").first.inner_text().split("·")[0].strip()
    status_text = card.locator(".badge").first.inner_text().strip()
    reason_before = card.locator("p:has(strong)").first.inner_text()
    assert receipt and status_text and reason_before

    # The project manager sees the same decision and reason on the screening's page.
    manager = person(MANAGER)
    manager.goto(f"/screening/proposals/{screening_id}/")
    assert receipt in manager.locator("main p.text-body-secondary").first.inner_text()
    assert manager.locator("main dl .badge").first.inner_text().strip() == status_text
    reason_text = reason_before.split(":", 1)[-1].strip()  # after the label “Reason:”
    assert reason_text and reason_text in manager.locator("main dl").first.inner_text()

    # The manager records the decision again (the same one: the board's counts do not move) with a new reason.
    board_url = manager.locator("main nav a[href^='/screening/']").last.get_attribute("href") or ""
    manager.goto(f"{board_url}?q={receipt}")
    decided = board_rows(manager).first.locator(".badge").last
    was_passed = "text-bg-success" in (decided.get_attribute("class") or "")
    was_rejected = "text-bg-danger" in (decided.get_attribute("class") or "")
    assert was_passed or was_rejected, "the demo's decision is neither passed nor rejected"
    manager.goto(f"/screening/proposals/{screening_id}/")
    reason = f"经复核，维持原决定；请按通知要求准备现场评审材料。（复核编号{uuid4().hex[:6]}）"
    manager.check(f"input[name=decision][value={'pass' if was_passed else 'reject'}]")
    manager.fill("#id_reason", reason)
    submit(manager.locator("main form[method=post]:has(#id_reason) button[type=submit]"))
    manager.wait_for_url(re.compile(rf"/screening/proposals/{screening_id}/$"))
    success_message(manager)
    assert reason in manager.locator("main").inner_text()
    history = manager.locator("main ol.list-group li")
    assert history.count() >= 2  # the demo's decision and this one, both kept
    assert reason in history.last.inner_text()

    # The provider reads the new reason, with the same status.
    page.goto("/screening/mine/")
    card = decision_card(page, screening_id)
    assert reason in card.inner_text()
    assert card.locator(".badge").first.inner_text().strip() == status_text
