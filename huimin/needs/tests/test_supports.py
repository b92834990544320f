"""附议: one support per resident (account, phone, or both being the same person), counted in the same transaction,
refused on merged and declined needs, safe under concurrent duplicates."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from huimin.audit.models import AuditEvent
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.residents import resident_key_for_phone
from huimin.core.services.errors import ServiceError
from huimin.needs.error_codes import NeedsError
from huimin.needs.events import NeedsEvent
from huimin.needs.models import Need, Support, SupportChannel
from huimin.needs.services import need_accept, need_decline, need_merge, need_support

from .factories import build_world, make_need, seed_categories

PUBLIC = Actor.anonymous()


def _counts(need: Need) -> tuple[int, int]:
    need.refresh_from_db()
    return need.support_count, need.support_total


@pytest.mark.django_db
class TestOnePerResident:
    def test_a_resident_account_supports_once(self, world):
        need = make_need(world.community_a1, world.worker_a1)
        support = need_support(need=need, actor=world.resident_no_phone)
        assert support.channel == SupportChannel.ACCOUNT and support.user == world.resident_no_phone.user
        with pytest.raises(ServiceError) as err:
            need_support(need=need, actor=world.resident_no_phone)
        assert err.value.error_code == NeedsError.SUPPORT_DUPLICATE
        assert _counts(need) == (1, 1)

    def test_an_account_and_its_own_phone_are_one_resident(self, world):
        need = make_need(world.community_a1, world.worker_a1)
        need_support(need=need, actor=world.resident)  # the account has the phone 13912345678
        with pytest.raises(ServiceError) as err:
            need_support(need=need, actor=PUBLIC, resident_key=resident_key_for_phone("139 1234 5678"))
        assert err.value.error_code == NeedsError.SUPPORT_DUPLICATE
        assert _counts(need) == (1, 1)

    def test_the_phone_first_then_the_account_with_that_phone(self, world):
        need = make_need(world.community_a1, world.worker_a1)
        need_support(need=need, actor=PUBLIC, resident_key=resident_key_for_phone("+86 13912345678"))
        with pytest.raises(ServiceError):
            need_support(need=need, actor=world.resident)
        assert _counts(need) == (1, 1)

    def test_a_phone_supports_once_whatever_its_spelling(self, world):
        need = make_need(world.community_a1, world.worker_a1)
        need_support(need=need, actor=PUBLIC, resident_key=resident_key_for_phone("13800001234"))
        with pytest.raises(ServiceError) as err:
            need_support(need=need, actor=PUBLIC, resident_key=resident_key_for_phone("１３８ ００００ １２３４"))
        assert err.value.error_code == NeedsError.SUPPORT_DUPLICATE
        assert Support.objects.filter(need=need).count() == 1

    def test_different_residents_each_count(self, world):
        need = make_need(world.community_a1, world.worker_a1)
        need_support(need=need, actor=world.resident)
        need_support(need=need, actor=world.resident_no_phone)
        need_support(need=need, actor=PUBLIC, resident_key=resident_key_for_phone("13800009999"))
        assert _counts(need) == (3, 3)
        assert AuditEvent.objects.filter(event_type=NeedsEvent.NEED_SUPPORTED, target_id=str(need.pk)).count() == 3

    @pytest.mark.parametrize("who", ["worker_a1", "purchaser_a", "admin", "provider"])
    def test_staff_accounts_are_not_residents(self, world, who):
        need = make_need(world.community_a1, world.worker_a1)
        with pytest.raises(PermissionDenied):
            need_support(need=need, actor=getattr(world, who))

    def test_the_public_needs_a_verified_phone(self, world):
        need = make_need(world.community_a1, world.worker_a1)
        with pytest.raises(PermissionDenied):
            need_support(need=need, actor=PUBLIC)

    def test_the_integrity_error_path_refuses_the_duplicate_cleanly(self, world, monkeypatch):
        """Two requests of one resident both pass the existence check; the unique constraint stops the second."""
        need = make_need(world.community_a1, world.worker_a1)
        key = resident_key_for_phone("13800004321")
        need_support(need=need, actor=PUBLIC, resident_key=key)
        from huimin.needs.services import supports as module

        real_filter = module.Support.objects.filter

        class Blind:
            """The check sees nothing, as a concurrent request would before the first commits."""

            def __init__(self, qs):
                self.qs = qs

            def exists(self):
                return False

            def exclude(self, *a, **k):
                return self.qs.exclude(*a, **k)

        monkeypatch.setattr(module.Support.objects, "filter", lambda *a, **k: Blind(real_filter(*a, **k)))
        with pytest.raises(ServiceError) as err:
            need_support(need=need, actor=PUBLIC, resident_key=key)
        assert err.value.error_code == NeedsError.SUPPORT_DUPLICATE
        monkeypatch.undo()
        assert _counts(need) == (1, 1)
        assert Support.objects.filter(need=need).count() == 1


@pytest.mark.django_db
class TestStatuses:
    def test_accepted_needs_still_take_supports(self, world):
        need = make_need(world.community_a1, world.worker_a1)
        need_accept(need=need, actor=world.worker_a1)
        need_support(need=need, actor=world.resident)
        assert _counts(need) == (1, 1)

    def test_declined_needs_take_no_supports(self, world):
        need = make_need(world.community_a1, world.worker_a1)
        need_decline(need=need, answer="不属于服务范围", actor=world.worker_a1)
        with pytest.raises(ServiceError) as err:
            need_support(need=need, actor=world.resident)
        assert err.value.error_code == NeedsError.SUPPORT_CLOSED
        assert _counts(need) == (0, 0)

    def test_merged_needs_take_no_supports_and_name_their_target(self, world, english):
        need = make_need(world.community_a1, world.worker_a1)
        target = make_need(world.community_a1, world.worker_a1)
        need_merge(need=need, into=target, answer="同一需求", actor=world.worker_a1)
        with pytest.raises(ServiceError) as err:
            need_support(need=need, actor=world.resident)
        assert err.value.error_code == NeedsError.SUPPORT_CLOSED
        assert target.number in " ".join(err.value.messages)

    def test_supports_of_a_merged_need_count_for_its_target_once_per_resident(self, world):
        a = make_need(world.community_a1, world.worker_a1)
        b = make_need(world.community_a1, world.worker_a1)
        both = resident_key_for_phone("13800000001")
        need_support(need=a, actor=PUBLIC, resident_key=both)
        need_support(need=a, actor=PUBLIC, resident_key=resident_key_for_phone("13800000002"))
        need_support(need=b, actor=PUBLIC, resident_key=both)
        need_support(need=b, actor=world.resident)
        need_merge(need=a, into=b, answer="合并", actor=world.worker_a1)
        assert _counts(b) == (2, 3)  # own supports 2; residents of a and b: 3 (one supported both)
        assert _counts(a) == (2, 2)

    def test_a_resident_who_supported_the_merged_need_cannot_support_its_target_again(self, world):
        a = make_need(world.community_a1, world.worker_a1)
        b = make_need(world.community_a1, world.worker_a1)
        need_support(need=a, actor=world.resident_no_phone)
        need_merge(need=a, into=b, answer="合并", actor=world.worker_a1)
        with pytest.raises(ServiceError) as err:
            need_support(need=b, actor=world.resident_no_phone)
        assert err.value.error_code == NeedsError.SUPPORT_DUPLICATE
        assert _counts(b) == (0, 1)
        need_support(need=b, actor=world.resident)
        assert _counts(b) == (1, 2)

    def test_merge_chains_count_every_resident_once(self, world):
        a = make_need(world.community_a1, world.worker_a1)
        b = make_need(world.community_a1, world.worker_a1)
        c = make_need(world.community_a1, world.worker_a1)
        need_support(need=a, actor=PUBLIC, resident_key=resident_key_for_phone("13800000011"))
        need_support(need=b, actor=PUBLIC, resident_key=resident_key_for_phone("13800000012"))
        need_support(need=c, actor=PUBLIC, resident_key=resident_key_for_phone("13800000013"))
        need_merge(need=a, into=b, answer="合并", actor=world.worker_a1)
        need_merge(need=b, into=c, answer="合并", actor=world.worker_a1)
        assert _counts(c) == (1, 3)
        with pytest.raises(ServiceError):
            need_support(need=c, actor=PUBLIC, resident_key=resident_key_for_phone("13800000011"))


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_supports_leave_one(make_user):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database cannot serve concurrent writers")
    try:
        world = build_world(make_user)
        need = make_need(world.community_a1, world.worker_a1)
        key = resident_key_for_phone("13800007777")
        barrier = threading.Barrier(4)
        outcomes: list[str] = []

        def attempt() -> None:
            from django.db import connection as thread_connection

            try:
                barrier.wait()
                need_support(need=need, actor=PUBLIC, resident_key=key)
                outcomes.append("ok")
            except ServiceError as exc:
                outcomes.append(exc.error_code)
            except BaseException as exc:  # pragma: no cover - reported by the assertion below
                outcomes.append(repr(exc))
            finally:
                thread_connection.close()

        threads = [threading.Thread(target=attempt) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert sorted(outcomes) == ["ok"] + [NeedsError.SUPPORT_DUPLICATE] * 3
        assert Support.objects.filter(need=need).count() == 1
        assert _counts(need) == (1, 1)
    finally:
        seed_categories()  # the flush after a transactional test empties the seeded catalogue
