from datetime import timedelta

import pytest
from django.utils import timezone

from huimin.core import sms
from huimin.core.clients import RequestOrigin
from huimin.core.models import User
from huimin.core.permissions import Actor
from huimin.core.residents import normalize_mobile, resident_key_for_phone, resident_key_for_user
from huimin.core.services.errors import ServiceError
from huimin.core.services.phones import phone_verification_confirm, phone_verification_start

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = RequestOrigin(client="192.0.2.10")
PUBLIC = Actor.anonymous()


def _sent_code() -> str:
    return "".join(ch for ch in sms.outbox[-1].text if ch.isdigit())[:6]


def test_full_width_and_prefixed_numbers_are_the_same_phone():
    assert normalize_mobile("１３９ １２３４ ５６７８") == "13912345678"
    assert normalize_mobile("+86 139-1234-5678") == "13912345678"
    assert resident_key_for_phone("+8613912345678") == resident_key_for_phone("13912345678")


@pytest.mark.parametrize("bad", ["", "1391234567", "23912345678", "12012345678", "139123456789", "电话"])
def test_malformed_numbers_are_refused(bad):
    with pytest.raises(ServiceError) as err:
        normalize_mobile(bad)
    assert err.value.error_code == "invalid_phone"


def test_code_sent_then_confirmed_returns_the_phone_key():
    sms.outbox.clear()
    phone_verification_start(phone="13912345678", origin=ORIGIN, actor=PUBLIC)
    assert len(sms.outbox) == 1 and sms.outbox[0].phone == "13912345678"
    key = phone_verification_confirm(phone="13912345678", code=_sent_code(), actor=PUBLIC)
    assert key == resident_key_for_phone("13912345678")
    with pytest.raises(ServiceError):  # a code is used once
        phone_verification_confirm(phone="13912345678", code=_sent_code(), actor=PUBLIC)


def test_second_code_within_a_minute_is_refused():
    now = timezone.now()
    phone_verification_start(phone="13912345679", now=now, origin=ORIGIN, actor=PUBLIC)
    with pytest.raises(ServiceError) as err:
        phone_verification_start(phone="13912345679", now=now + timedelta(seconds=30), origin=ORIGIN, actor=PUBLIC)
    assert err.value.error_code == "too_soon"
    phone_verification_start(phone="13912345679", now=now + timedelta(seconds=61), origin=ORIGIN, actor=PUBLIC)


def test_expired_code_is_refused():
    now = timezone.now()
    sms.outbox.clear()
    phone_verification_start(phone="13912345670", now=now, origin=ORIGIN, actor=PUBLIC)
    with pytest.raises(ServiceError) as err:
        phone_verification_confirm(
            phone="13912345670", code=_sent_code(), now=now + timedelta(minutes=11), actor=PUBLIC
        )
    assert err.value.error_code == "code_expired"


def test_wrong_codes_are_counted_and_lock_after_five():
    sms.outbox.clear()
    phone_verification_start(phone="13912345671", origin=ORIGIN, actor=PUBLIC)
    right = _sent_code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ServiceError) as err:
            phone_verification_confirm(phone="13912345671", code=wrong, actor=PUBLIC)
        assert err.value.error_code == "wrong_code"
    with pytest.raises(ServiceError) as err:
        phone_verification_confirm(phone="13912345671", code=right, actor=PUBLIC)
    assert err.value.error_code == "too_many_attempts"


def test_account_with_a_phone_has_the_phone_key():
    user = User.objects.create(username="r1", phone="13912345672")
    assert resident_key_for_user(user) == resident_key_for_phone("13912345672")
    other = User.objects.create(username="r2")
    assert resident_key_for_user(other) != resident_key_for_user(user)
