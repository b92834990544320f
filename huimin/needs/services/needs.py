"""Recording, editing and deciding needs.

- `need_create`: a community worker records a need for its community (source `worker`); a resident — signed in with a
  resident account, or with a mobile phone verified by a one-time code (`resident_key`) — submits one for a
  community they pick (source `resident`). Numbers are N-<community code>-<year>-<sequence>.
- `need_update`: while submitted, by the worker of the community or the author.
- `need_link_questionnaires`: the community's questionnaires as evidence (submitted or accepted needs).
- `need_accept`, `need_merge`, `need_decline` (and `need_decide`, `needs_accept_batch`): the transitions of
  `huimin.needs.states`, by the community's worker, the purchaser above it or the district administrator. Merged and
  declined needs carry a public answer; a merged need points to the need it was merged into, whose displayed
  support total then counts the residents of both (each once).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.cleaning import nfkc, one_line, paragraph
from huimin.core.models import Division, Role, User
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.residents import resident_key_for_user
from huimin.core.services.errors import ServiceError
from huimin.files.detect import detect
from huimin.files.services import attachment_create
from huimin.surveys.states import PUBLISHED as PUBLISHED_QUESTIONNAIRES

from ..error_codes import NeedsError
from ..events import NeedsEvent, decision_event
from ..models import Need, NeedCategory, NeedSource, NeedStatus, Support
from ..permissions import (
    COMMUNITY_LEVELS,
    can_decide_need,
    can_edit_need,
    can_link_evidence,
    can_record_need,
    is_resident,
)
from ..states import ANSWER_REQUIRED, EDITABLE, EVIDENCE_LINKABLE, MERGE_TARGETS, NEED_MACHINE, NeedAction

if TYPE_CHECKING:
    from huimin.files.models import Attachment
    from huimin.surveys.models import Questionnaire


MAX_PHOTOS = 9
# A resident (one account or one phone) may submit this many needs a day; more is refused as likely abuse.
MAX_RESIDENT_SUBMISSIONS_PER_DAY = 5
TITLE_MAX = 120
TARGET_GROUP_MAX = 120
DESCRIPTION_MAX = 5000
EVIDENCE_MAX = 5000
ANSWER_MAX = 2000
PHOTO_PURPOSE = "need-photo"

EDITABLE_FIELDS = (
    "title",
    "category",
    "target_group",
    "estimated_beneficiaries",
    "description",
    "residents_asking",
    "evidence_note",
)


MAX_COUNT = 1_000_000


def _parse_count(value: Any, field: str, errors: dict[str, str]) -> int:
    """A non-negative whole number from an int or from text such as "１２０" or "1,200"; problems go to `errors`."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        errors[field] = _("Enter a whole number.")
        return 0
    if isinstance(value, int):
        number = value
    else:
        text = nfkc(str(value)).replace(",", "").replace(" ", "")
        if not text.lstrip("-").isdigit():
            errors[field] = _("Enter a whole number.")
            return 0
        number = int(text)
    if number < 0:
        errors[field] = _("The number cannot be negative.")
        return 0
    if number > MAX_COUNT:
        errors[field] = _("The number cannot exceed %(max)s.") % {"max": f"{MAX_COUNT:,}"}
        return 0
    return number


# --- checks shared by create and update ------------------------------------------------------------------------------


def _check_community(community: Any) -> Division:
    if not isinstance(community, Division) or community.level not in COMMUNITY_LEVELS or not community.is_active:
        raise ServiceError.for_fields(
            {"community": _("Choose a community (or village) of the district.")}, code=NeedsError.COMMUNITY_INVALID
        )
    return community


def _clean_fields(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Cleaned values of the editable fields present in `data` (all of them unless `partial`); raises ServiceError
    with a message per bad field."""
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}

    def present(name: str) -> bool:
        return not partial or name in data

    if present("title"):
        title = one_line(data.get("title"))
        if not title:
            errors["title"] = _("Give the need a short title.")
        elif len(title) > TITLE_MAX:
            errors["title"] = _("The title may have at most %(max)d characters (it has %(n)d).") % {
                "max": TITLE_MAX,
                "n": len(title),
            }
        out["title"] = title
    if present("category"):
        category = data.get("category")
        if isinstance(category, NeedCategory):
            category = NeedCategory.objects.filter(pk=category.pk).first()
        if not isinstance(category, NeedCategory):
            errors["category"] = _("Choose a category.")
        elif not category.is_active:
            errors["category"] = _("The category “%(name)s” is no longer in use; choose another.") % {
                "name": category.name
            }
        out["category"] = category
    if present("target_group"):
        target = one_line(data.get("target_group"))
        if not target:
            errors["target_group"] = _("Say who the service is for (e.g. 独居老人, 小学生).")
        elif len(target) > TARGET_GROUP_MAX:
            errors["target_group"] = _("At most %(max)d characters.") % {"max": TARGET_GROUP_MAX}
        out["target_group"] = target
    if present("description"):
        description = paragraph(data.get("description"))
        if not description:
            errors["description"] = _("Describe the need: what is missing, for whom, and why it matters.")
        elif len(description) > DESCRIPTION_MAX:
            errors["description"] = _("At most %(max)d characters.") % {"max": DESCRIPTION_MAX}
        out["description"] = description
    if present("evidence_note"):
        note = paragraph(data.get("evidence_note"))
        if len(note) > EVIDENCE_MAX:
            errors["evidence_note"] = _("At most %(max)d characters.") % {"max": EVIDENCE_MAX}
        out["evidence_note"] = note
    for name in ("estimated_beneficiaries", "residents_asking"):
        if present(name):
            out[name] = _parse_count(data.get(name), name, errors)
    if errors:
        raise ServiceError.for_fields(errors, code=NeedsError.NEED_INVALID)
    return out


def _photo_stream(uploaded: Any) -> Any:
    inner = getattr(uploaded, "file", None)
    return inner if inner is not None and hasattr(inner, "seek") else uploaded


def _check_photos(photos: Sequence[Any], *, actor: Actor, already: int = 0) -> None:
    """Photos are images (read from their bytes), at most MAX_PHOTOS per need, uploaded by a signed-in user."""
    if not photos:
        return
    if not actor.is_authenticated or actor.user is None:
        raise ServiceError.for_fields(
            {"photos": _("Sign in to add photos; a need submitted with a verified phone has no photos.")},
            code=NeedsError.PHOTO_INVALID,
        )
    if already + len(photos) > MAX_PHOTOS:
        raise ServiceError.for_fields(
            {"photos": _("A need may have at most %(max)d photos.") % {"max": MAX_PHOTOS}},
            code=NeedsError.PHOTO_INVALID,
        )
    for photo in photos:
        kind = detect(_photo_stream(photo))
        if not kind.accepted or kind.family != "image":
            raise ServiceError.for_fields(
                {
                    "photos": _("“%(name)s” is not a photo (%(kind)s). Accepted are PNG, JPEG, GIF and WebP images.")
                    % {"name": getattr(photo, "name", "") or "?", "kind": kind.label}
                },
                code=NeedsError.PHOTO_INVALID,
            )


def _attach_photos(need: Need, photos: Sequence[Any], *, actor: Actor) -> list[Attachment]:
    attachments = [
        attachment_create(
            uploaded_file=photo, purpose=PHOTO_PURPOSE, actor=actor, division=need.community, is_public=True
        )
        for photo in photos
    ]
    if attachments:
        need.photos.add(*attachments)
    return attachments


def _check_questionnaires(community: Division, questionnaires: Iterable[Questionnaire]) -> list[Questionnaire]:
    chosen = list(questionnaires)
    for q in chosen:
        if q.division_id != community.pk:
            raise ServiceError.for_fields(
                {
                    "questionnaires": _("The questionnaire “%(title)s” belongs to another community.")
                    % {"title": q.title}
                },
                code=NeedsError.QUESTIONNAIRE_INVALID,
            )
        if q.status not in PUBLISHED_QUESTIONNAIRES:
            raise ServiceError.for_fields(
                {
                    "questionnaires": _(
                        "The questionnaire “%(title)s” is still a draft: it has no answers to show yet."
                    )
                    % {"title": q.title}
                },
                code=NeedsError.QUESTIONNAIRE_INVALID,
            )
    return chosen


_NUMBER_TAIL = re.compile(r"-(\d+)$")


def _next_number(community: Division, year: int) -> str:
    """N-<community code>-<year>-<sequence>: the community row is locked, so two needs never get the same number."""
    Division.objects.select_for_update().filter(pk=community.pk).first()
    prefix = f"N-{community.code}-{year}-"
    last = 0
    for number in Need.objects.filter(number__startswith=prefix).values_list("number", flat=True):
        match = _NUMBER_TAIL.search(number)
        if match:
            last = max(last, int(match.group(1)))
    return f"{prefix}{last + 1:03d}"


def _author(actor: Actor, community: Division, resident_key: str | None) -> tuple[str, User | None, str]:
    """(source, user, submitter key) of a new need, or PermissionDenied."""
    if can_record_need(actor, community):
        return NeedSource.WORKER, actor.user, ""
    if resident_key:
        return NeedSource.RESIDENT, (actor.user if is_resident(actor) else None), resident_key
    if is_resident(actor) and actor.user is not None:
        return NeedSource.RESIDENT, actor.user, resident_key_for_user(actor.user)
    if actor.has_role(Role.COMMUNITY_WORKER):
        raise PermissionDenied(
            _("You may record needs only for your own community; %(community)s is not yours.")
            % {"community": community.name}
        )
    raise PermissionDenied(_("Sign in as a resident, or verify your mobile phone, to submit a need."))


def _snapshot(need: Need) -> dict[str, Any]:
    return {
        "title": need.title,
        "category": need.category.code,
        "target_group": need.target_group,
        "estimated_beneficiaries": need.estimated_beneficiaries,
        "description": need.description,
        "residents_asking": need.residents_asking,
        "evidence_note": need.evidence_note,
    }


# --- create and update -----------------------------------------------------------------------------------------------


@transaction.atomic
def need_create(
    *,
    community: Division,
    title: str,
    category: NeedCategory,
    target_group: str,
    description: str,
    estimated_beneficiaries: int | str = 0,
    residents_asking: int | str = 0,
    evidence_note: str = "",
    photos: Sequence[Any] = (),
    questionnaires: Iterable[Questionnaire] = (),
    actor: Actor,
    resident_key: str | None = None,
    now: datetime | None = None,
) -> Need:
    """Record (worker) or submit (resident) a need. Photos are images; questionnaires are linked by the community."""
    now = now or timezone.now()
    community = _check_community(community)
    source, user, key = _author(actor, community, resident_key)
    fields = _clean_fields(
        {
            "title": title,
            "category": category,
            "target_group": target_group,
            "description": description,
            "estimated_beneficiaries": estimated_beneficiaries,
            "residents_asking": residents_asking,
            "evidence_note": evidence_note,
        }
    )
    chosen = list(questionnaires)
    if chosen and source != NeedSource.WORKER:
        raise ServiceError.for_fields(
            {"questionnaires": _("Only the community links its questionnaires to a need.")},
            code=NeedsError.QUESTIONNAIRE_INVALID,
        )
    chosen = _check_questionnaires(community, chosen)
    photos = list(photos)
    _check_photos(photos, actor=actor)
    if source == NeedSource.RESIDENT:
        day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        today = Need.objects.filter(submitter_key=key, submitted_at__gte=day_start, submitted_at__lte=now).count()
        if today >= MAX_RESIDENT_SUBMISSIONS_PER_DAY:
            raise ServiceError(
                _("You have submitted %(n)d needs today; please come back tomorrow.") % {"n": today},
                NeedsError.TOO_MANY_SUBMISSIONS,
            )
    need = Need.objects.create(
        number=_next_number(community, timezone.localtime(now).year),
        community=community,
        source=source,
        submitted_by=user,
        submitter_key=key,
        submitted_at=now,
        status=NeedStatus.SUBMITTED,
        **fields,
    )
    if chosen:
        need.questionnaires.set(chosen)
    attachments = _attach_photos(need, photos, actor=actor)
    audit_record(
        actor=actor,
        event_type=NeedsEvent.NEED_CREATED,
        target=need,
        payload={
            **_snapshot(need),
            "community": community.code,
            "source": source,
            "photos": [str(a.public_id) for a in attachments],
            "questionnaires": [str(q.public_id) for q in chosen],
        },
    )
    return need


def _locked(need: Need) -> Need:
    return Need.objects.select_for_update(of=("self",)).select_related("community", "category").get(pk=need.pk)


@transaction.atomic
def need_update(
    *,
    need: Need,
    actor: Actor,
    resident_key: str | None = None,
    add_photos: Sequence[Any] = (),
    remove_photos: Iterable[Attachment | str] = (),
    **changes: Any,
) -> Need:
    """Change a submitted need's text, category, figures or photos: the worker of its community or its author."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"need_update() got unexpected fields: {', '.join(sorted(unknown))}")
    need = _locked(need)
    if not can_edit_need(actor, need, resident_key):
        raise PermissionDenied(
            _("Only the worker of %(community)s or the need's author may change need %(number)s.")
            % {"community": need.community.name, "number": need.number}
        )
    if need.status not in EDITABLE:
        raise ServiceError(
            _("Need %(number)s has been %(status)s; it can no longer be changed.")
            % {"number": need.number, "status": need.get_status_display()},
            NeedsError.NOT_EDITABLE,
        )
    current_category = changes.get("category")
    if isinstance(current_category, NeedCategory) and current_category.pk == need.category_id:
        changes.pop("category")  # unchanged: kept even when it has been deactivated since
    fields = _clean_fields(changes, partial=True)
    before = _snapshot(need)
    add_photos = list(add_photos)
    removing = {str(getattr(p, "public_id", p)) for p in remove_photos}
    current = list(need.photos.all())
    kept = [p for p in current if str(p.public_id) not in removing]
    _check_photos(add_photos, actor=actor, already=len(kept))
    for name, value in fields.items():
        setattr(need, name, value)
    need.save()
    removed = [p for p in current if str(p.public_id) in removing]
    if removed:
        need.photos.remove(*removed)
    attachments = _attach_photos(need, add_photos, actor=actor)
    after = _snapshot(need)
    changed = {k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]}
    audit_record(
        actor=actor,
        event_type=NeedsEvent.NEED_UPDATED,
        target=need,
        payload={
            "changes": changed,
            "photos_added": [str(a.public_id) for a in attachments],
            "photos_removed": [str(p.public_id) for p in removed],
        },
    )
    return need


@transaction.atomic
def need_link_questionnaires(*, need: Need, questionnaires: Iterable[Questionnaire], actor: Actor) -> Need:
    """Set the questionnaires (of the need's own community, not drafts) that are evidence for the need."""
    need = _locked(need)
    if not can_link_evidence(actor, need):
        raise PermissionDenied(
            _("Only the staff of %(community)s may link its questionnaires to its needs.")
            % {"community": need.community.name}
        )
    if need.status not in EVIDENCE_LINKABLE:
        raise ServiceError(
            _("Need %(number)s has been %(status)s; no evidence can be added.")
            % {"number": need.number, "status": need.get_status_display()},
            NeedsError.NOT_EDITABLE,
        )
    chosen = _check_questionnaires(need.community, questionnaires)
    before = sorted(str(q.public_id) for q in need.questionnaires.all())
    need.questionnaires.set(chosen)
    audit_record(
        actor=actor,
        event_type=NeedsEvent.NEED_QUESTIONNAIRES_LINKED,
        target=need,
        payload={"from": before, "to": sorted(str(q.public_id) for q in chosen)},
    )
    return need


# --- decisions -------------------------------------------------------------------------------------------------------


def _recount_total(need: Need) -> int:
    total = Support.objects.filter(need_id__in=need.merged_tree_ids()).values("supporter_key").distinct().count()
    Need.objects.filter(pk=need.pk).update(support_total=total)
    need.support_total = total
    return total


def _decide(
    *,
    need: Need,
    action: str,
    answer: str,
    actor: Actor,
    now: datetime,
    into: Need | None = None,
) -> Need:
    action = NeedAction(action)
    answer = paragraph(answer)
    if into is not None and action == NeedAction.MERGE:
        first, second = sorted([need.pk, into.pk])
        locked = {
            n.pk: n
            for n in Need.objects.select_for_update(of=("self",))
            .select_related("community", "category")
            .filter(pk__in=[first, second])
            .order_by("pk")
        }
        need, into = locked[need.pk], locked.get(into.pk, into)
    else:
        need = _locked(need)
    if not can_decide_need(actor, need):
        raise PermissionDenied(
            _(
                "Only the worker of %(community)s, the purchaser above it or the district administrator may decide "
                "need %(number)s."
            )
            % {"community": need.community.name, "number": need.number}
        )
    target_status = NEED_MACHINE.require(need.status, action, number=need.number)
    if action in ANSWER_REQUIRED and not answer:
        message = (
            _("Say publicly why the need is merged (e.g. the same request as the other need).")
            if action == NeedAction.MERGE
            else _("Say publicly why the need is declined.")
        )
        raise ServiceError.for_fields({"answer": message}, code=NeedsError.ANSWER_REQUIRED)
    if len(answer) > ANSWER_MAX:
        raise ServiceError.for_fields(
            {"answer": _("At most %(max)d characters.") % {"max": ANSWER_MAX}}, code=NeedsError.NEED_INVALID
        )
    payload: dict[str, Any] = {"from": need.status, "to": target_status, "answer": answer}
    if action == NeedAction.MERGE:
        if into is None:
            raise ServiceError.for_fields(
                {"merged_into": _("Choose the need to merge into.")}, code=NeedsError.MERGE_TARGET_INVALID
            )
        if into.pk == need.pk:
            raise ServiceError.for_fields(
                {"merged_into": _("A need cannot be merged into itself.")}, code=NeedsError.MERGE_TARGET_INVALID
            )
        if into.community_id != need.community_id:
            raise ServiceError.for_fields(
                {
                    "merged_into": _("Need %(number)s belongs to another community; merge needs of one community.")
                    % {"number": into.number}
                },
                code=NeedsError.MERGE_TARGET_INVALID,
            )
        if into.status not in MERGE_TARGETS:
            raise ServiceError.for_fields(
                {
                    "merged_into": _("Need %(number)s is %(status)s; merge into a submitted or accepted need.")
                    % {"number": into.number, "status": into.get_status_display()}
                },
                code=NeedsError.MERGE_TARGET_INVALID,
            )
        need.merged_into = into
        payload["merged_into"] = into.number
    NEED_MACHINE.apply(need, action, number=need.number)
    need.answer = answer
    need.answered_by = actor.user
    need.answered_at = now
    need.save(update_fields=["status", "answer", "answered_by", "answered_at", "merged_into", "updated_at"])
    if action == NeedAction.MERGE and into is not None:
        payload["into_support_total"] = _recount_total(into)
    audit_record(actor=actor, event_type=decision_event(target_status), target=need, payload=payload)
    return need


@transaction.atomic
def need_accept(*, need: Need, actor: Actor, answer: str = "", now: datetime | None = None) -> Need:
    """Accept a submitted need (it may then be consolidated into a project intention); the answer is optional."""
    return _decide(need=need, action=NeedAction.ACCEPT, answer=answer, actor=actor, now=now or timezone.now())


@transaction.atomic
def need_merge(*, need: Need, into: Need, answer: str, actor: Actor, now: datetime | None = None) -> Need:
    """Merge a submitted need into another need of the same community (submitted or accepted), with an answer."""
    return _decide(need=need, action=NeedAction.MERGE, answer=answer, actor=actor, now=now or timezone.now(), into=into)


@transaction.atomic
def need_decline(*, need: Need, answer: str, actor: Actor, now: datetime | None = None) -> Need:
    """Decline a submitted need, saying publicly why."""
    return _decide(need=need, action=NeedAction.DECLINE, answer=answer, actor=actor, now=now or timezone.now())


@transaction.atomic
def need_decide(
    *,
    need: Need,
    action: str,
    answer: str = "",
    into: Need | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Need:
    """One of accept / merge / decline, named by `action` (forms and the API)."""
    if action not in {a.value for a in NeedAction}:
        raise ServiceError.for_fields(
            {"action": _("Choose accept, merge or decline.")}, code=NeedsError.TRANSITION_REFUSED
        )
    return _decide(need=need, action=action, answer=answer, actor=actor, now=now or timezone.now(), into=into)


@transaction.atomic
def needs_accept_batch(
    *, needs: Iterable[Need] | QuerySet[Need], actor: Actor, answer: str = "", now: datetime | None = None
) -> list[Need]:
    """Accept several submitted needs at once: all of them, or none when one of them cannot be accepted."""
    now = now or timezone.now()
    chosen = list(needs)
    if not chosen:
        raise ServiceError(_("Choose at least one need to accept."), NeedsError.INVALID)
    return [
        _decide(need=n, action=NeedAction.ACCEPT, answer=answer, actor=actor, now=now)
        for n in sorted(chosen, key=lambda n: n.pk)
    ]
