"""The foundation's journeys in a real browser on the demo data: every printed login works, an administrator
registering an organization with a wrong credit code sees why next to the field, and the language switch works."""

from __future__ import annotations

import pytest

from huimin.demo import data

ROLE_USERNAMES = [login.username for login in data.ROLE_LOGINS]


def sign_in(page, username: str, password: str = data.DEMO_PASSWORD) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("username", ROLE_USERNAMES)
def test_every_printed_demo_login_signs_in_and_sees_its_home(page, username):
    sign_in(page, username)
    assert "/login/" not in page.url, f"{username} could not sign in"
    assert page.locator("form[action='/logout/']").count() == 1, f"{username} is not signed in"
    # The home page shows one card per role the user holds.
    assert page.locator("main .card").count() >= 1


def test_wrong_password_is_refused_with_a_message(page):
    sign_in(page, "admin", "not-the-password")
    assert "/login/" in page.url
    assert page.locator(".alert-danger, .invalid-feedback").count() >= 1


def test_invalid_credit_code_is_explained_next_to_the_field_and_nothing_is_created(page):
    sign_in(page, "admin")
    page.goto("/organizations/new/")
    page.fill("#id_name", "浏览器测试协会")
    page.select_option("#id_org_type", "social_group")
    page.fill("#id_uscc", "51140213MJY000029C")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    field = page.locator("#id_uscc")
    assert "is-invalid" in (field.get_attribute("class") or "")
    described = field.get_attribute("aria-describedby") or ""
    assert described, "the error must be tied to the field"
    error_text = " ".join(
        page.locator(f"#{i}").inner_text() for i in described.split() if page.locator(f"#{i}").count()
    )
    assert "校验" in error_text or "check" in error_text.lower()
    page.goto("/organizations/?q=浏览器测试协会")
    assert "浏览器测试协会" not in page.inner_text("main")


def test_language_switch_turns_the_page_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.locator("form[action='/i18n/setlang/'] [name=language]").first.select_option("en")
    if page.locator("form[action='/i18n/setlang/'] button[type=submit]").count():
        page.locator("form[action='/i18n/setlang/'] button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
