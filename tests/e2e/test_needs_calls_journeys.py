"""The needs and calls journeys in a real browser on the demo data.

1. A community worker records a need (Chinese and full-width text), sees it waiting on the desk, accepts it with an
   answer, and the community's public board shows the answer; a need with a required field left empty is refused
   next to the field and nothing is recorded.
2. A resident supports a need of 水泉湾龙园社区: the count goes up by one; a second support is refused.
3. A street (东街街道) plans in the open round: a new intention is refused while its budget is used up; the district
   administrator raises the budget; the street writes an intention answering an accepted need within what is left,
   confirms it, and the public round and intention pages show it with its need.
4. The project manager drafts a call listing a new confirmed intention (those already listed in the demo's closed
   call are not offered), publishes it, publishes an amendment with its reason; a published call is not edited in
   place.
5. A provider asks a clarification question; the manager answers; the public page shows the answer without naming
   the provider.

Pages are located by ids, names and URLs, and texts are asserted on data (titles, numbers, answers), not on
translated labels, so that the journeys hold in Chinese and in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from uuid import uuid4

import pytest

from huimin.demo import data
from huimin.demo import needs_data as nd

ROUND = nd.ROUND_CODE
DONGJIE = nd.DONGJIE
LONGYUAN = nd.LONGYUAN
SHUIPOSI = "水泊寺乡"
PROVIDER1_ORG = next(login.scope for login in data.ROLE_LOGINS if login.username == "provider1").removeprefix("org:")
UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


# --- helpers --------------------------------------------------------------------------------------------------------


@contextmanager
def browser_page(browser, base_url: str, username: str | None = None) -> Iterator[object]:
    """A page in its own browser context (its own cookies: one person), signed in as `username` when given."""
    context = browser.new_context(
        base_url=base_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        extra_http_headers={"Accept-Language": "zh-CN"},
    )
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        if username:
            sign_in(page, username)
        yield page
    finally:
        context.close()


@pytest.fixture
def person(browser, live_server_url) -> Iterator[Callable[..., object]]:
    """`person("dongjie")`: another signed-in person (or, without a name, an anonymous visitor) for this test."""
    with ExitStack() as stack:
        yield lambda username=None: stack.enter_context(browser_page(browser, live_server_url, username))


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", data.DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login/'] button[type=submit]")
    assert "/login/" not in page.url, f"{username} could not sign in"


def success_message(page) -> str:
    alert = page.locator(".messages .alert-success")
    alert.first.wait_for()
    return alert.first.inner_text()


def error_message(page) -> str:
    alert = page.locator(".messages .alert-danger")
    alert.first.wait_for()
    return alert.first.inner_text()


def submit(locator):
    """Click a link or a form's button and wait for the page it leads to (its response: the status, for instance)."""
    with locator.page.expect_navigation() as navigation:
        locator.click()
    return navigation.value


def field_error(page, field_id: str) -> str:
    """The error shown next to a field, tied to it by aria-describedby."""
    field = page.locator(f"#{field_id}")
    described = (field.get_attribute("aria-describedby") or "").split()
    assert f"{field_id}_error" in described, f"the error of {field_id} is not tied to the field"
    return page.locator(f"#{field_id}_error").inner_text()


def public_id_in(url: str) -> str:
    found = re.search(UUID_RE, url)
    assert found, f"no public id in {url}"
    return found.group(0)


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", "").strip())


def plain(text: str) -> str:
    """Text with thousands separators dropped: Chinese pages write 20000.00, English ones 20,000.00."""
    return re.sub(r"(?<=\d),(?=\d{3})", "", text)


def shows_amount(text: str, amount: str) -> bool:
    """Whether `text` shows the amount (e.g. "50000", "0.00") as a number of its own, in either language."""
    return re.search(rf"(?<![\d.]){re.escape(amount)}(?![\d])", plain(text)) is not None


def raise_budget(admin_page, purchaser_name: str, by: Decimal) -> Decimal:
    """As the district administrator, raise a purchaser's budget in the round on the round's page; the new amount."""
    admin_page.goto(f"/calls/rounds/{ROUND}/")
    row = admin_page.locator("#budgets ~ div table tbody tr").filter(
        has=admin_page.locator("th", has_text=purchaser_name)
    )
    amount = row.locator("input[name=amount]")
    new_amount = money(amount.input_value()) + by
    amount.fill(f"{new_amount:.2f}")
    submit(row.locator("button[type=submit]"))
    assert f"{new_amount:.2f}" in plain(success_message(admin_page))
    return new_amount


def open_plan(page) -> str:
    """From the purchaser's planning desk to its plan in the demo round; the plan's URL."""
    page.goto("/calls/planning/")
    submit(page.locator(f"a[href^='/calls/rounds/{ROUND}/plan/']").first)
    page.wait_for_url(re.compile(rf"/calls/rounds/{ROUND}/plan/\?purchaser="))
    return page.url


def fill_intention(page, *, title: str, budget: Decimal, community: str | None) -> str:
    """Fill the new intention form: covers `community` (or every community), links the first accepted need of it.
    Returns the linked need's number."""
    page.fill("#id_title", title)
    page.locator("#id_category").select_option(index=1)
    communities = page.locator("label[for^='id_communities_']")
    if community is None:
        for i in range(communities.count()):
            page.check(f"#{communities.nth(i).get_attribute('for')}")
        need_label = page.locator("label[for^='id_needs_']").first
    else:
        label = communities.filter(has_text=re.compile(rf"^\s*{re.escape(community)}\s*$"))
        page.check(f"#{label.get_attribute('for')}")
        need_label = page.locator("label[for^='id_needs_']").filter(has_text=community).first
    page.check(f"#{need_label.get_attribute('for')}")
    page.fill("#id_budget", f"{budget:.2f}")
    page.fill("#id_expected_beneficiaries", "30")
    page.fill("#id_description", "每周两次，由专业老师授课；面向社区居民免费开放。")
    return need_label.inner_text().split()[0]


def plan_titles(page) -> list[str]:
    return page.locator("main table tbody tr td:nth-child(2) a").all_inner_texts()


def make_confirmed_intention(browser, base_url: str, *, purchaser_login: str, purchaser_name: str, title: str):
    """Through the pages: the administrator raises the purchaser's budget, the purchaser writes an intention within
    it and confirms it. Returns the intention's public id."""
    budget = Decimal("20000")
    with browser_page(browser, base_url, "admin") as admin:
        raise_budget(admin, purchaser_name, budget)
    with browser_page(browser, base_url, purchaser_login) as page:
        open_plan(page)
        submit(page.locator(f"a[href*='/calls/rounds/{ROUND}/plan/new/']"))
        fill_intention(page, title=title, budget=budget, community=None)
        submit(page.locator("main form[method=post] button[type=submit]"))
        page.wait_for_url(re.compile(rf"/calls/intentions/{UUID_RE}/$"))
        submit(page.locator("form[action$='/confirm/'] button[type=submit]"))
        success_message(page)
        return public_id_in(page.url)


def draft_and_publish_call(page, *, title: str, intention_id: str, cap: str = "50000") -> str:
    """As a project manager: a new draft in the demo round, listing the intention, published. Returns the call's id."""
    page.goto("/calls/manage/")
    page.locator("#id_round").select_option(ROUND)
    page.fill("#id_title", title)
    submit(page.locator("form[action='/calls/manage/new/'] button[type=submit]"))
    page.wait_for_url(re.compile(rf"/calls/manage/{UUID_RE}/edit/$"))
    call_id = public_id_in(page.url)
    page.fill("#id_cap_per_project", cap)
    page.check(f"#intention-{intention_id}")
    submit(page.locator("button[name=then][value=publish]"))
    page.wait_for_url(re.compile(rf"/calls/manage/{call_id}/publish/$"))
    assert page.locator("#publish-errors").count() == 0, page.locator("#publish-errors").inner_text()
    submit(page.locator("main form[method=post] button[type=submit]"))
    page.wait_for_url(re.compile(rf"/calls/{call_id}/$"))
    success_message(page)
    return call_id


# --- 1. the community worker ----------------------------------------------------------------------------------------


def test_community_worker_records_a_need_accepts_it_and_the_public_board_shows_the_answer(page):
    sign_in(page, "longyuan")
    page.goto("/needs/desk/")
    board_url = page.locator("main a[href^='/needs/c/']").first.get_attribute("href")
    marker = uuid4().hex[:8]

    # Refused: the title left empty — the error is next to the field and nothing is recorded.
    submit(page.locator("main a[href='/needs/desk/new/']"))
    page.locator("#id_category").select_option(label="社区厨房")
    page.fill("#id_target_group", "独居老人")
    page.fill("#id_description", f"空标题测试{marker}")
    submit(page.locator("main form[enctype='multipart/form-data'] button[type=submit]"))
    assert page.url.endswith("/needs/desk/new/")
    assert "is-invalid" in (page.locator("#id_title").get_attribute("class") or "")
    assert field_error(page, "id_title").strip()
    page.goto(f"/needs/desk/?q={marker}")
    assert page.locator("main table tbody a[href^='/needs/']").count() == 0

    # Recorded with Chinese and full-width text.
    title = f"老年助餐服务（试点）第２期·{marker}"
    page.goto("/needs/desk/new/")
    page.fill("#id_title", title)
    page.locator("#id_category").select_option(label="社区厨房")
    page.fill("#id_target_group", "７０岁以上独居老人")
    page.fill("#id_estimated_beneficiaries", "45")
    page.fill("#id_description", "小区内独居老人做饭不便，希望社区食堂每天中午提供助餐，费用可适当补贴！")
    page.fill("#id_residents_asking", "18")
    submit(page.locator("main form[enctype='multipart/form-data'] button[type=submit]"))
    page.wait_for_url(re.compile(rf"/needs/{UUID_RE}/manage/$"))
    success_message(page)
    need_id = public_id_in(page.url)
    assert page.locator("main h1").inner_text() == title

    # On the desk, among the submitted needs.
    page.goto(f"/needs/desk/?status=submitted&q={marker}")
    row = page.locator("main table tbody tr").filter(has=page.locator(f"a[href='/needs/{need_id}/manage/']"))
    assert row.count() == 1
    assert row.locator("input[name=need]").count() == 1  # submitted needs can be ticked for batch acceptance
    submit(row.locator(f"a[href='/needs/{need_id}/manage/']"))

    # Accepted with an answer.
    answer = f"已纳入社区助餐项目，十月起每天中午供餐。{marker}"
    page.check("input[name=action][value=accept]")
    page.fill("#id_answer", answer)
    submit(page.locator("form:has(input[name=form][value=decision]) button[type=submit]"))
    success_message(page)
    assert page.locator("form:has(input[name=form][value=decision])").count() == 0
    page.goto(f"/needs/desk/?status=accepted&q={marker}")
    assert page.locator(f"main a[href='/needs/{need_id}/manage/']").count() == 1

    # The community's public board shows it with its answer, to anyone.
    page.context.clear_cookies()
    page.goto(board_url)
    answered = page.locator("main table tbody tr").filter(has=page.locator(f"a[href='/needs/{need_id}/']"))
    assert answered.count() == 1
    assert title in answered.inner_text()
    assert answer in answered.inner_text()


# --- 2. the resident ------------------------------------------------------------------------------------------------


def test_resident_supports_a_need_of_longyuan_once(page):
    sign_in(page, "resident1")
    page.goto("/needs/")
    code = page.locator("#id_community option", has_text=LONGYUAN).get_attribute("value")
    page.locator("#id_community").select_option(code)
    submit(page.locator("main form[role=search] button[type=submit]"))
    page.wait_for_url(re.compile(r"[?&]community="))
    links = page.locator("main article.need-card h3 a")
    assert links.count() > 0, "the board shows no need of 水泉湾龙园社区"
    hrefs = links.evaluate_all("els => els.map(e => e.getAttribute('href'))")

    support_form = "main form[action$='/support/']"
    for href in hrefs:
        page.goto(href)
        if page.locator(support_form).count():
            break
    else:
        pytest.fail("no need of 水泉湾龙园社区 on the first page of the board can still be supported by resident1")
    assert LONGYUAN in page.locator("main").inner_text()
    before = int(page.locator("#support-total").inner_text())

    # A second tab, left open on the same need before supporting.
    stale = page.context.new_page()
    stale.goto(href)

    submit(page.locator(f"{support_form} button[type=submit]"))
    success_message(page)
    assert int(page.locator("#support-total").inner_text()) == before + 1
    assert page.locator(support_form).count() == 0  # the button is gone: already supported

    # Supporting again from the stale tab is refused with a message, and the count does not move.
    submit(stale.locator(f"{support_form} button[type=submit]"))
    error_message(stale)
    assert int(stale.locator("#support-total").inner_text()) == before + 1
    stale.close()


# --- 3. the street --------------------------------------------------------------------------------------------------


def test_street_over_budget_is_refused_then_plans_within_a_raised_budget(page, person):
    sign_in(page, "dongjie")
    plan_url = open_plan(page)
    titles_before = plan_titles(page)
    marker = uuid4().hex[:6]
    title = f"水泉湾龙园社区围棋进阶班（第２期）{marker}"

    # The demo round's budget of 东街街道 is used up by its 13 intentions: a new one is refused.
    submit(page.locator(f"a[href*='/calls/rounds/{ROUND}/plan/new/']"))
    fill_intention(page, title=title, budget=Decimal("20000"), community=LONGYUAN)
    submit(page.locator("main form[method=post] button[type=submit]"))
    assert "/plan/new/" in page.url
    refusal = field_error(page, "id_budget")
    assert DONGJIE in refusal and shows_amount(refusal, "0.00"), refusal  # 0.00 yuan left
    page.goto(plan_url)
    assert plan_titles(page) == titles_before

    # The district administrator raises the budget, in another browser.
    admin = person("admin")
    raise_budget(admin, DONGJIE, Decimal("20000"))

    # Within what is now left, the intention is saved, then confirmed.
    page.goto(plan_url)
    assert shows_amount(page.locator("main .budget-bar").first.inner_text(), "20000.00")  # left
    submit(page.locator(f"a[href*='/calls/rounds/{ROUND}/plan/new/']"))
    need_number = fill_intention(page, title=title, budget=Decimal("20000"), community=LONGYUAN)
    submit(page.locator("main form[method=post] button[type=submit]"))
    page.wait_for_url(re.compile(rf"/calls/intentions/{UUID_RE}/$"))
    success_message(page)
    intention_url = page.url.removeprefix(page.url.split("/calls/")[0])
    submit(page.locator("form[action$='/confirm/'] button[type=submit]"))
    success_message(page)
    assert page.locator("form[action$='/confirm/']").count() == 0
    page.goto(plan_url)
    assert sorted(plan_titles(page)) == sorted([*titles_before, title])

    # The public sees it on the round's page and on its own page, with the need behind it.
    visitor = person()
    visitor.goto(f"/calls/rounds/{ROUND}/")
    link = visitor.locator(f"#intentions ~ div a[href='{intention_url}']")
    assert link.inner_text() == title
    submit(link)
    visitor.wait_for_url(re.compile(re.escape(intention_url) + "$"))
    need_link = visitor.locator("main .list-group a[href^='/needs/']", has_text=need_number)
    assert need_link.count() == 1
    assert LONGYUAN in visitor.locator("main .list-group").inner_text()
    submit(need_link)
    visitor.wait_for_url(re.compile(rf"/needs/{UUID_RE}/$"))
    assert need_number in visitor.locator("main").inner_text()


# --- 4. the project manager -----------------------------------------------------------------------------------------


def test_project_manager_publishes_a_call_then_amends_it_and_cannot_edit_it_in_place(
    page, person, browser, live_server_url
):
    marker = uuid4().hex[:6]
    intention_id = make_confirmed_intention(
        browser,
        live_server_url,
        purchaser_login="shuiposi",
        purchaser_name=SHUIPOSI,
        title=f"水泊寺乡便民维修进村（第２批）{marker}",
    )
    sign_in(page, "yiyuanli")
    title = f"平城区社区服务项目补充申报通知（２０２０）{marker}"

    page.goto("/calls/manage/")
    page.locator("#id_round").select_option(ROUND)
    page.fill("#id_title", title)
    submit(page.locator("form[action='/calls/manage/new/'] button[type=submit]"))
    page.wait_for_url(re.compile(rf"/calls/manage/{UUID_RE}/edit/$"))
    call_id = public_id_in(page.url)
    assert page.locator("#id_title").input_value() == title

    # The intentions the demo's (closed) call lists are not offered again; the new one is.
    assert page.locator(f"#intention-{intention_id}").count() == 1
    assert page.locator("input[name=intentions]").count() < 62

    # A tab left open on the draft editor, for later.
    stale = page.context.new_page()
    stale.goto(f"/calls/manage/{call_id}/edit/")

    # Title, deadline, cap; the default rules kept; published after the confirmation page.
    deadline = page.locator("#id_deadline").input_value()
    assert deadline, "the draft starts with a deadline"
    page.fill("#id_deadline", deadline)
    page.fill("#id_cap_per_project", "50000")
    page.check(f"#intention-{intention_id}")
    submit(page.locator("button[name=then][value=publish]"))
    page.wait_for_url(re.compile(rf"/calls/manage/{call_id}/publish/$"))
    assert page.locator("#publish-errors").count() == 0
    submit(page.locator("main form[method=post] button[type=submit]"))
    page.wait_for_url(re.compile(rf"/calls/{call_id}/$"))
    success_message(page)

    # The public call page shows it, open, with its intention and cap.
    visitor = person()
    visitor.goto(f"/calls/{call_id}/")
    assert visitor.locator("main h1").inner_text() == title
    facts = visitor.locator("#intentions-heading ~ *").all_inner_texts()
    assert any(f"水泊寺乡便民维修进村（第２批）{marker}" in text for text in facts)
    assert shows_amount(visitor.locator("main").inner_text(), "50000")
    assert visitor.locator("[data-countdown]").count() == 1
    visitor.goto("/calls/")
    assert visitor.locator(f"main a[href='/calls/{call_id}/']").count() == 1

    # Not edited in place: the manager's page offers no editor, the editor leads to the amendment page, and the
    # stale editor tab is refused (409) with nothing changed.
    page.goto(f"/calls/{call_id}/")
    assert page.locator(f"a[href='/calls/manage/{call_id}/edit/']").count() == 0
    page.goto(f"/calls/manage/{call_id}/edit/")
    assert page.url.endswith(f"/calls/manage/{call_id}/amend/")
    stale.fill("#id_title", "静默修改的标题")
    refused = submit(stale.locator("main form[method=post] button[type=submit]").first)
    assert refused is not None and refused.status == 409
    assert stale.locator(f"main a[href='/calls/manage/{call_id}/amend/']").count() == 1
    stale.close()
    visitor.goto(f"/calls/{call_id}/")
    assert visitor.locator("main h1").inner_text() == title

    # An amendment, with its reason, published and listed on the public page.
    reason = f"根据街道意见，每个项目资金上限调整为４.８万元。{marker}"
    page.fill("#id_cap_per_project", "48000")
    page.fill("#id_reason", reason)
    submit(page.locator("button[name=action][value=publish]"))
    page.wait_for_url(re.compile(rf"/calls/{call_id}/#amendments$"))
    success_message(page)
    visitor.goto(f"/calls/{call_id}/")
    amendments = visitor.locator("#amendments article")
    assert amendments.count() == 1
    assert reason in amendments.inner_text()
    assert shows_amount(visitor.locator("main").inner_text(), "48000")


# --- 5. clarification questions -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published_call(browser, live_server_url) -> str:
    """A call published through the pages for the questions journey (its own intention, its own call)."""
    marker = uuid4().hex[:6]
    intention_id = make_confirmed_intention(
        browser,
        live_server_url,
        purchaser_login="shuiposi",
        purchaser_name=SHUIPOSI,
        title=f"水泊寺乡老年人健康讲座{marker}",
    )
    with browser_page(browser, live_server_url, "yiyuanli") as manager:
        return draft_and_publish_call(manager, title=f"水泊寺乡健康服务项目申报通知{marker}", intention_id=intention_id)


def test_provider_asks_the_manager_answers_and_the_public_sees_the_answer_without_the_provider(
    page, person, published_call
):
    call_url = f"/calls/{published_call}/"
    marker = uuid4().hex[:6]
    question = f"请问项目预算中的场地租赁费是否可以列支？（编号{marker}）"
    answer = f"可以列支，但不得超过项目总额的１０％。{marker}"

    sign_in(page, "provider1")
    page.goto(call_url)
    page.fill("#id_question", question)
    submit(page.locator("form[action$='/ask/'] button[type=submit]"))
    page.wait_for_url(re.compile(re.escape(call_url) + "#questions$"))
    success_message(page)
    assert question in page.locator("#questions").inner_text()  # among the organization's own questions

    manager = person("yiyuanli")
    manager.goto(call_url)
    submit(manager.locator(f"main a[href='/calls/manage/{published_call}/questions/']"))
    card = manager.locator("main article.card").filter(has_text=question)
    assert PROVIDER1_ORG in card.inner_text()  # the manager sees who asked
    card.locator("textarea[name=answer]").fill(answer)
    submit(card.locator("form[action$='/answer/'] button[type=submit]"))
    success_message(manager)

    visitor = person()
    visitor.goto(call_url)
    published = visitor.locator("#questions article").filter(has_text=question)
    assert published.count() == 1
    assert answer in published.inner_text()
    assert PROVIDER1_ORG not in visitor.locator("main").inner_text()
