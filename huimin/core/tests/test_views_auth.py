"""Sign-in, lockout, sign-out, password change, session expiry and the language switch, through the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huimin.core.models import LoginThrottle, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Messages are asserted in English (the msgids), whatever the zh-hans catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


PASSWORD = "x-Passw0rd-long"
REFUSAL = "The user name or password is not correct, or there were too many attempts"


@pytest.fixture
def person():
    return User.objects.create_user(username="wang", password=PASSWORD, full_name="王芳")


def sign_in(client, username="wang", password=PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_login_page_has_labelled_fields_and_the_product_name_in_its_title(client):
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "惠民</title>" in html
    assert '<label class="form-label" for="id_username">' in html
    assert '<label class="form-label" for="id_password">' in html


def test_signing_in_with_the_right_password_leads_to_the_home_page(client, person):
    response = sign_in(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).context["user"] == person


def test_wrong_password_is_refused_with_a_message_and_counted(client, person):
    response = sign_in(client, password="wrong-password")
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert LoginThrottle.objects.get(username_key="wang", client="127.0.0.1").failures == 1


def test_five_failed_sign_ins_refuse_the_pair_with_the_same_message(client, person):
    for _ in range(settings.LOCKOUT_THRESHOLD):
        response = sign_in(client, password="wrong-password")
        assert response.status_code == 200 and REFUSAL in response.content.decode()
    throttle = LoginThrottle.objects.get(username_key="wang", client="127.0.0.1")
    assert throttle.locked_until is not None and throttle.locked_until > timezone.now()


def test_a_refused_pair_refuses_even_the_right_password_until_the_refusal_expires(client, person):
    for _ in range(settings.LOCKOUT_THRESHOLD):
        sign_in(client, password="wrong-password")
    response = sign_in(client)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Move the clock past the refusal.
    LoginThrottle.objects.update(locked_until=timezone.now() - timedelta(seconds=1))
    response = sign_in(client)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    assert LoginThrottle.objects.get(username_key="wang").failures == 0


def test_sign_out_works_by_post_only(client, person):
    client.force_login(person)
    assert client.get(reverse("core:logout")).status_code == 405
    response = client.post(reverse("core:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_requires_sign_in(client):
    response = client.get(reverse("core:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_password_change_refuses_a_wrong_current_password_next_to_the_field(client, person):
    client.force_login(person)
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": "not-my-password",
            "new_password1": "n3w-Secret-pass",
            "new_password2": "n3w-Secret-pass",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "The current password is not correct." in form.errors["old_password"]
    assert 'id="id_old_password_error"' in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_change_refuses_a_weak_new_password(client, person):
    client.force_login(person)
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"]
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_change_with_the_right_current_password_works_and_keeps_the_session(client, person):
    client.force_login(person)
    response = client.post(
        reverse("core:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "n3w-Secret-pass",
            "new_password2": "n3w-Secret-pass",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("n3w-Secret-pass")
    assert client.get(reverse("core:password_change")).status_code == 200  # still signed in


def test_sessions_last_eight_hours(client, person):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    sign_in(client)
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_a_session_older_than_its_age_is_refused(client, person):
    sign_in(client)
    assert client.get(reverse("core:tokens")).status_code == 200
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("core:tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_pages_speak_chinese_by_default_and_english_after_the_switch():
    client = Client()
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="zh-hans">' in html
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("core:home")})
    assert response.status_code == 302
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in html


def test_every_page_has_a_skip_link_and_a_main_landmark(client):
    html = client.get(reverse("core:home")).content.decode()
    assert 'href="#content"' in html
    assert '<main id="content"' in html
