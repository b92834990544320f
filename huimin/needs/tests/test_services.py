"""Recording, editing and deciding needs through the services: who may, what is checked, what is recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.residents import resident_key_for_phone, resident_key_for_user
from huimin.core.services.errors import ServiceError
from huimin.files.models import Attachment
from huimin.needs import selectors
from huimin.needs.error_codes import NeedsError
from huimin.needs.events import NeedsEvent
from huimin.needs.models import Need, NeedSource, NeedStatus
from huimin.needs.services import (
    MAX_RESIDENT_SUBMISSIONS_PER_DAY,
    need_accept,
    need_category_deactivate,
    need_create,
    need_decline,
    need_link_questionnaires,
    need_merge,
    need_update,
    needs_accept_batch,
)
from huimin.surveys.models import Questionnaire, QuestionnaireStatus

from .factories import at, category, make_need, need_data, pdf_file, png_file

pytestmark = pytest.mark.django_db


# --- recording ------------------------------------------------------------------------------------------------------


def test_worker_records_a_need_for_its_community_with_a_number(world):
    need = make_need(world.community_a1, world.worker_a1, now=at(date(2020, 9, 20)))
    assert need.number == "N-140213051001-2020-001"
    assert need.source == NeedSource.WORKER and need.status == NeedStatus.SUBMITTED
    assert need.submitted_by == world.worker_a1.user and need.submitter_key == ""
    second = make_need(world.community_a1, world.worker_a1, now=at(date(2020, 10, 1)))
    assert second.number == "N-140213051001-2020-002"
    next_year = make_need(world.community_a1, world.worker_a1, now=at(date(2021, 1, 5)))
    assert next_year.number == "N-140213051001-2021-001"
    other = make_need(world.community_a2, world.worker_a2, now=at(date(2020, 10, 1)))
    assert other.number == "N-140213051002-2020-001"
    assert AuditEvent.objects.filter(event_type=NeedsEvent.NEED_CREATED, target_id=str(need.pk)).exists()


def test_numbers_continue_after_the_highest_even_past_999(world):
    make_need(world.community_a1, world.worker_a1, now=at(date(2020, 9, 20)))
    Need.objects.filter(community=world.community_a1).update(number="N-140213051001-2020-999")
    need = make_need(world.community_a1, world.worker_a1, now=at(date(2020, 9, 21)))
    assert need.number == "N-140213051001-2020-1000"
    again = make_need(world.community_a1, world.worker_a1, now=at(date(2020, 9, 22)))
    assert again.number == "N-140213051001-2020-1001"


def test_worker_outside_the_community_is_refused(world):
    with pytest.raises(PermissionDenied):
        make_need(world.community_b1, world.worker_a1)
    assert not Need.objects.exists()


@pytest.mark.parametrize("who", ["purchaser_a", "provider"])
def test_others_without_a_resident_role_cannot_record(world, who):
    with pytest.raises(PermissionDenied):
        make_need(world.community_a1, getattr(world, who))


def test_the_public_without_a_verified_phone_cannot_submit(world):
    with pytest.raises(PermissionDenied):
        make_need(world.community_a1, Actor.anonymous())


def test_district_admin_records_for_any_community(world):
    need = make_need(world.community_b1, world.admin)
    assert need.source == NeedSource.WORKER


def test_resident_account_submits_for_a_community_they_pick(world):
    need = make_need(world.community_b1, world.resident)
    assert need.source == NeedSource.RESIDENT
    assert need.submitted_by == world.resident.user
    assert need.submitter_key == resident_key_for_user(world.resident.user)


def test_resident_with_a_verified_phone_submits_without_an_account(world):
    key = resident_key_for_phone("13800001111")
    need = make_need(world.community_a2, Actor.anonymous(), resident_key=key)
    assert need.source == NeedSource.RESIDENT and need.submitted_by is None and need.submitter_key == key


def test_a_resident_submits_at_most_five_needs_a_day(world):
    key = resident_key_for_phone("13800001112")
    day = date(2020, 9, 20)
    for hour in range(8, 8 + MAX_RESIDENT_SUBMISSIONS_PER_DAY):
        make_need(world.community_a1, Actor.anonymous(), resident_key=key, now=at(day, hour))
    with pytest.raises(ServiceError) as err:
        make_need(world.community_a1, Actor.anonymous(), resident_key=key, now=at(day, 20))
    assert err.value.error_code == NeedsError.TOO_MANY_SUBMISSIONS
    make_need(world.community_a1, Actor.anonymous(), resident_key=key, now=at(date(2020, 9, 21), 8))


def test_a_need_is_recorded_in_a_community_not_a_street(world):
    with pytest.raises(ServiceError) as err:
        make_need(world.street_a, world.admin)
    assert err.value.error_code == NeedsError.COMMUNITY_INVALID


def test_required_fields_are_named_one_by_one(world, english):
    with pytest.raises(ServiceError) as err:
        need_create(
            community=world.community_a1,
            title="　 ",
            category=None,
            target_group="",
            description="\u3000",
            estimated_beneficiaries="很多",
            residents_asking=-3,
            actor=world.worker_a1,
        )
    assert err.value.error_code == NeedsError.NEED_INVALID
    assert set(err.value.message_dict) == {
        "title",
        "category",
        "target_group",
        "description",
        "estimated_beneficiaries",
        "residents_asking",
    }
    assert not Need.objects.exists()


def test_full_width_input_is_accepted(world):
    need = make_need(
        world.community_a1,
        world.worker_a1,
        title="　老年人　　助餐服务　",
        estimated_beneficiaries="１２０",
        residents_asking="１，２００",
        target_group="６０岁以上独居老人",
    )
    need.refresh_from_db()
    assert need.title == "老年人 助餐服务"
    assert need.estimated_beneficiaries == 120
    assert need.residents_asking == 1200
    assert need.target_group == "６０岁以上独居老人"


def test_a_deactivated_category_cannot_be_chosen(world):
    old = category("kitchen")
    need_category_deactivate(category=old, actor=world.admin)
    with pytest.raises(ServiceError) as err:
        make_need(world.community_a1, world.worker_a1, category=old)
    assert "category" in err.value.message_dict


def test_title_length_is_limited(world):
    with pytest.raises(ServiceError) as err:
        make_need(world.community_a1, world.worker_a1, title="长" * 121)
    assert "title" in err.value.message_dict


# --- photos and questionnaires --------------------------------------------------------------------------------------


def test_photos_are_stored_as_public_images_of_the_community(world):
    need = make_need(world.community_a1, world.worker_a1, photos=[png_file(), png_file("门口.PNG")])
    photos = list(need.photos.all())
    assert len(photos) == 2
    assert all(p.is_public and p.kind == "png" and p.division == world.community_a1 for p in photos)


def test_a_pdf_is_not_a_photo(world):
    with pytest.raises(ServiceError) as err:
        make_need(world.community_a1, world.worker_a1, photos=[pdf_file()])
    assert err.value.error_code == NeedsError.PHOTO_INVALID
    assert not Need.objects.exists() and not Attachment.objects.exists()


def test_a_file_named_jpg_that_is_not_an_image_is_refused(world):
    fake = pdf_file("照片.jpg")
    with pytest.raises(ServiceError):
        make_need(world.community_a1, world.worker_a1, photos=[fake])


def test_at_most_nine_photos(world):
    with pytest.raises(ServiceError) as err:
        make_need(world.community_a1, world.worker_a1, photos=[png_file(f"{i}.png") for i in range(10)])
    assert err.value.error_code == NeedsError.PHOTO_INVALID


def test_a_phone_verified_resident_cannot_upload_photos(world):
    key = resident_key_for_phone("13800001113")
    with pytest.raises(ServiceError) as err:
        make_need(world.community_a1, Actor.anonymous(), resident_key=key, photos=[png_file()])
    assert err.value.error_code == NeedsError.PHOTO_INVALID


def _questionnaire(community, status=QuestionnaireStatus.OPEN, title="社区居民需求问需表"):
    return Questionnaire.objects.create(division=community, title=title, status=status)


def test_worker_links_questionnaires_of_its_own_community(world):
    q = _questionnaire(world.community_a1)
    need = make_need(world.community_a1, world.worker_a1, questionnaires=[q])
    assert list(need.questionnaires.all()) == [q]
    need_accept(need=need, actor=world.worker_a1)
    closed = _questionnaire(world.community_a1, QuestionnaireStatus.CLOSED, "第二次问需")
    need_link_questionnaires(need=need, questionnaires=[q, closed], actor=world.worker_a1)
    assert set(need.questionnaires.all()) == {q, closed}
    assert list(selectors.public_questionnaires(need=need)) == [closed, q]


def test_questionnaires_of_another_community_or_drafts_are_refused(world):
    need = make_need(world.community_a1, world.worker_a1)
    for bad in (_questionnaire(world.community_a2), _questionnaire(world.community_a1, QuestionnaireStatus.DRAFT)):
        with pytest.raises(ServiceError) as err:
            need_link_questionnaires(need=need, questionnaires=[bad], actor=world.worker_a1)
        assert err.value.error_code == NeedsError.QUESTIONNAIRE_INVALID
    assert not need.questionnaires.exists()


def test_residents_do_not_link_questionnaires(world):
    q = _questionnaire(world.community_a1)
    with pytest.raises(ServiceError):
        make_need(world.community_a1, world.resident, questionnaires=[q])
    need = make_need(world.community_a1, world.resident)
    with pytest.raises(PermissionDenied):
        need_link_questionnaires(need=need, questionnaires=[q], actor=world.resident)


def test_questionnaires_cannot_be_linked_to_a_declined_need(world):
    need = make_need(world.community_a1, world.worker_a1)
    need_decline(need=need, answer="不在范围内", actor=world.worker_a1)
    with pytest.raises(ServiceError) as err:
        need_link_questionnaires(need=need, questionnaires=[_questionnaire(world.community_a1)], actor=world.worker_a1)
    assert err.value.error_code == NeedsError.NOT_EDITABLE


# --- editing ------------------------------------------------------------------------------------------------------


def test_worker_of_the_community_edits_a_submitted_need(world):
    need = make_need(world.community_a1, world.resident)
    need_update(need=need, actor=world.worker_a1, title="助餐点建设", estimated_beneficiaries="８０")
    need.refresh_from_db()
    assert need.title == "助餐点建设" and need.estimated_beneficiaries == 80
    event = AuditEvent.objects.filter(event_type=NeedsEvent.NEED_UPDATED, target_id=str(need.pk)).get()
    assert event.payload["changes"]["title"]["to"] == "助餐点建设"


def test_the_author_edits_by_account_or_by_the_same_verified_phone(world):
    need = make_need(world.community_a1, world.resident)
    need_update(need=need, actor=world.resident, target_group="高龄老人")
    key = resident_key_for_phone("13800002222")
    by_phone = make_need(world.community_a1, Actor.anonymous(), resident_key=key)
    need_update(need=by_phone, actor=Actor.anonymous(), resident_key=key, title="换个标题")
    with pytest.raises(PermissionDenied):
        need_update(
            need=by_phone,
            actor=Actor.anonymous(),
            resident_key=resident_key_for_phone("13800003333"),
            title="别人的",
        )


@pytest.mark.parametrize("who", ["worker_b1", "worker_a2", "resident_no_phone", "provider", "purchaser_a"])
def test_others_cannot_edit(world, who):
    need = make_need(world.community_a1, world.resident)
    with pytest.raises(PermissionDenied):
        need_update(need=need, actor=getattr(world, who), title="改")


def test_only_submitted_needs_are_edited(world):
    need = make_need(world.community_a1, world.worker_a1)
    need_accept(need=need, actor=world.worker_a1)
    with pytest.raises(ServiceError) as err:
        need_update(need=need, actor=world.worker_a1, title="改")
    assert err.value.error_code == NeedsError.NOT_EDITABLE


def test_photos_are_added_and_removed(world):
    need = make_need(world.community_a1, world.worker_a1, photos=[png_file()])
    first = need.photos.get()
    need_update(need=need, actor=world.worker_a1, add_photos=[png_file("二.png")], remove_photos=[first.public_id])
    assert need.photos.count() == 1 and need.photos.get() != first


# --- decisions ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker_a1", "purchaser_a", "admin"])
def test_worker_purchaser_above_or_admin_decide(world, who):
    need = make_need(world.community_a1, world.resident)
    need_accept(need=need, actor=getattr(world, who), answer="纳入2020年项目意向")
    need.refresh_from_db()
    assert need.status == NeedStatus.ACCEPTED and need.answer == "纳入2020年项目意向"


@pytest.mark.parametrize("who", ["worker_a2", "worker_b1", "purchaser_b", "resident", "provider"])
def test_others_cannot_decide(world, who):
    need = make_need(world.community_a1, world.worker_a1)
    with pytest.raises(PermissionDenied):
        need_accept(need=need, actor=getattr(world, who))
    with pytest.raises(PermissionDenied):
        need_decline(need=need, answer="否", actor=getattr(world, who))
    need.refresh_from_db()
    assert need.status == NeedStatus.SUBMITTED


def test_accept_needs_no_answer_but_decline_and_merge_do(world):
    need = make_need(world.community_a1, world.worker_a1)
    other = make_need(world.community_a1, world.worker_a1)
    for call in (
        lambda: need_decline(need=need, answer="  　", actor=world.worker_a1),
        lambda: need_merge(need=need, into=other, answer="", actor=world.worker_a1),
    ):
        with pytest.raises(ServiceError) as err:
            call()
        assert err.value.error_code == NeedsError.ANSWER_REQUIRED
    need_accept(need=need, actor=world.worker_a1)
    need.refresh_from_db()
    assert need.status == NeedStatus.ACCEPTED and need.answer == ""


def test_merge_points_to_the_target(world):
    need = make_need(world.community_a1, world.worker_a1)
    target = make_need(world.community_a1, world.worker_a1)
    need_merge(need=need, into=target, answer="与N-002为同一需求，合并办理", actor=world.purchaser_a)
    need.refresh_from_db()
    assert need.status == NeedStatus.MERGED and need.merged_into == target
    assert list(selectors.merged_needs(need=target)) == [need]


def test_merge_targets_must_be_of_the_same_community_open_and_not_itself(world):
    need = make_need(world.community_a1, world.worker_a1)
    elsewhere = make_need(world.community_a2, world.worker_a2)
    declined = make_need(world.community_a1, world.worker_a1)
    need_decline(need=declined, answer="不予采纳", actor=world.worker_a1)
    for into in (need, elsewhere, declined):
        with pytest.raises(ServiceError) as err:
            need_merge(need=need, into=into, answer="合并", actor=world.purchaser_a)
        assert err.value.error_code == NeedsError.MERGE_TARGET_INVALID
    assert list(selectors.merge_targets(need=need)) == []
    accepted = make_need(world.community_a1, world.worker_a1)
    need_accept(need=accepted, actor=world.worker_a1)
    assert list(selectors.merge_targets(need=need)) == [accepted]
    need_merge(need=need, into=accepted, answer="合并", actor=world.worker_a1)


def test_batch_accept_is_all_or_nothing(world):
    a = make_need(world.community_a1, world.worker_a1)
    b = make_need(world.community_a2, world.worker_a2)
    with pytest.raises(PermissionDenied):
        needs_accept_batch(needs=[a, b], actor=world.worker_a1)
    assert Need.objects.filter(status=NeedStatus.ACCEPTED).count() == 0
    needs_accept_batch(needs=[a, b], actor=world.purchaser_a, answer="列入本轮")
    assert Need.objects.filter(status=NeedStatus.ACCEPTED).count() == 2


def test_decisions_are_audited_with_the_answer(world):
    need = make_need(world.community_a1, world.worker_a1)
    need_decline(need=need, answer="该需求已由物业解决", actor=world.worker_a1)
    event = AuditEvent.objects.get(event_type=NeedsEvent.NEED_DECLINED, target_id=str(need.pk))
    assert event.payload["answer"] == "该需求已由物业解决"
    assert event.payload["from"] == "submitted" and event.payload["to"] == "declined"


def test_messages_name_the_need(world):
    need = make_need(world.community_a1, world.worker_a1)
    need_accept(need=need, actor=world.worker_a1)
    with translation.override("en"), pytest.raises(ServiceError) as err:
        need_decline(need=need, answer="x", actor=world.worker_a1)
    assert need.number in " ".join(err.value.messages)


def test_needs_for_consolidation_lists_accepted_needs_under_the_purchaser(world):
    a = make_need(world.community_a1, world.worker_a1)
    b = make_need(world.community_b1, world.worker_b1)
    make_need(world.community_a2, world.worker_a2)
    need_accept(need=a, actor=world.worker_a1)
    need_accept(need=b, actor=world.worker_b1)
    assert list(selectors.needs_for_consolidation(purchaser=world.street_a)) == [a]


def test_need_data_is_valid(world):
    assert need_data()["category"].is_active
