"""Reads of the needs context, scoped to the actor.

Public reads (`public_needs`, `need_get_public`, the community boards) show every need with its status, answer and
support total: needs are published when they are submitted. What identifies a person (who submitted, who supported)
is never part of a public read; free text is shown masked (huimin.needs.presenters, huimin.core.masking), and a public
search matches only the masked text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from huimin.core.masking import mask_text
from huimin.core.models import Division, DivisionLevel, Role
from huimin.core.permissions import Actor, PermissionDenied
from huimin.surveys.selectors import questionnaires_by_ids as surveys_questionnaires_by_ids
from huimin.surveys.selectors import questionnaires_for_division
from huimin.surveys.states import PUBLISHED as PUBLISHED_QUESTIONNAIRES

from .models import Need, NeedCategory, NeedStatus, Support
from .permissions import COMMUNITY_LEVELS, can_decide_need, can_use_desk, is_author, supporter_of
from .states import MERGE_TARGETS

if TYPE_CHECKING:
    from huimin.surveys.models import Questionnaire


SORTS = {
    "recent": ("-submitted_at", "-pk"),
    "supports": ("-support_total", "-submitted_at", "-pk"),
    "number": ("number",),
}


def categories(*, active_only: bool = True) -> QuerySet[NeedCategory]:
    qs = NeedCategory.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def categories_for(*, need: Need | None = None) -> QuerySet[NeedCategory]:
    """What a need's form offers: the active categories, and the need's own category even if deactivated since."""
    cond = Q(is_active=True)
    if need is not None:
        cond |= Q(pk=need.category_id)
    return NeedCategory.objects.filter(cond)


def category_get(*, code: str) -> NeedCategory:
    return NeedCategory.objects.get(code=(code or "").strip())


def categories_with_counts() -> QuerySet[NeedCategory]:
    return NeedCategory.objects.annotate(need_count=Count("needs")).order_by("position", "code")


def needs_for_consolidation(*, purchaser: Division) -> QuerySet[Need]:
    """Accepted needs of the communities under a purchaser (street / township): what its intentions may answer."""
    return (
        Need.objects.filter(status=NeedStatus.ACCEPTED, community__parent=purchaser)
        .select_related("community", "category")
        .order_by("community__code", "-support_total", "number")
    )


# --- public reads ----------------------------------------------------------------------------------------------------


def _base() -> QuerySet[Need]:
    return Need.objects.select_related("community", "community__parent", "category", "merged_into", "submitted_by")


_TEXT_FIELDS = ("title", "description", "target_group")


def _search(qs: QuerySet[Need], q: str, *, public: bool = False) -> QuerySet[Need]:
    """Needs whose title, description, target group, number or community name hold `q`.

    A public search matches only what the public reads: when the words hold a digit, the free text they are found in
    must hold them once masked too, so that no one finds a hidden phone or ID number by trying its digits."""
    text = " ".join((q or "").split())
    if not text:
        return qs
    variants = {text, unicodedata.normalize("NFKC", text)}
    codes = Q()
    free = Q()
    for v in variants:
        codes |= Q(number__icontains=v) | Q(community__name__icontains=v)
        for name in _TEXT_FIELDS:
            free |= Q(**{f"{name}__icontains": v})
    if public and any(ch.isdigit() for ch in text):
        needles = [v.casefold() for v in variants]
        shown = [
            pk
            for pk, *values in qs.filter(free).values_list("pk", "submitted_by__full_name", *_TEXT_FIELDS)
            if any(
                needle in mask_text(value, names=(values[0],) if values[0] else ()).casefold()
                for value in values[1:]
                for needle in needles
            )
        ]
        free = Q(pk__in=shown)
    return qs.filter(codes | free)


def _filtered(
    qs: QuerySet[Need],
    *,
    q: str = "",
    community: Division | None = None,
    street: Division | None = None,
    category: NeedCategory | None = None,
    status: str | None = None,
    sort: str = "recent",
    public: bool = False,
) -> QuerySet[Need]:
    if community is not None:
        qs = qs.filter(community=community)
    if street is not None:
        qs = qs.filter(community__parent=street)
    if category is not None:
        qs = qs.filter(category=category)
    if status in NeedStatus.values:
        qs = qs.filter(status=status)
    qs = _search(qs, q, public=public)
    return qs.order_by(*SORTS.get(sort, SORTS["recent"]))


def public_needs(
    *,
    q: str = "",
    community: Division | None = None,
    street: Division | None = None,
    category: NeedCategory | None = None,
    status: str | None = None,
    sort: str = "recent",
) -> QuerySet[Need]:
    """Every need, for the public board and the public API."""
    return _filtered(
        _base(), q=q, community=community, street=street, category=category, status=status, sort=sort, public=True
    )


def need_get_public(*, public_id: UUID | str) -> Need:
    try:
        return _base().get(public_id=public_id)
    except (ValueError, TypeError, ValidationError):
        raise Need.DoesNotExist(_("No need has the id %(id)s.") % {"id": public_id}) from None


def community_get(*, code: str) -> Division:
    """A community (or village) by its code, for its public board."""
    return Division.objects.select_related("parent").get(code=(code or "").strip(), level__in=COMMUNITY_LEVELS)


def street_get(*, code: str) -> Division:
    return Division.objects.get(code=(code or "").strip(), level__in=(DivisionLevel.STREET, DivisionLevel.TOWNSHIP))


def public_communities() -> QuerySet[Division]:
    """Active communities and villages, with their street, for the board's filter."""
    return (
        Division.objects.filter(level__in=COMMUNITY_LEVELS, is_active=True)
        .select_related("parent")
        .order_by("parent__code", "code")
    )


def public_streets() -> QuerySet[Division]:
    return Division.objects.filter(level__in=(DivisionLevel.STREET, DivisionLevel.TOWNSHIP), is_active=True).order_by(
        "code"
    )


def status_counts(qs: QuerySet[Need]) -> dict[str, int]:
    """{status: count} for every status (0 where none), and "all"."""
    counts = {s: 0 for s in NeedStatus.values}
    for row in qs.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    counts["all"] = sum(counts[s] for s in NeedStatus.values)
    return counts


def merged_needs(*, need: Need) -> QuerySet[Need]:
    """The needs merged directly into `need`."""
    return _base().filter(merged_into=need).order_by("number")


def public_photos(*, need: Need):
    return need.photos.filter(is_public=True).order_by("uploaded_at", "pk")


def public_questionnaires(*, need: Need) -> QuerySet[Questionnaire]:
    """Questionnaires linked as evidence that are published (not drafts)."""
    return need.questionnaires.filter(status__in=PUBLISHED_QUESTIONNAIRES).order_by("-created_at")


def has_supported(*, need: Need, actor: Actor, resident_key: str | None = None) -> bool:
    """Whether the resident acting (account or verified phone) already supports the need."""
    keys = set()
    if resident_key:
        keys.add(resident_key)
    who = supporter_of(actor)
    if who is not None:
        keys.add(who[0])
    return bool(keys) and Support.objects.filter(need=need, supporter_key__in=keys).exists()


def needs_of_resident(*, actor: Actor, resident_key: str | None = None) -> QuerySet[Need]:
    """The needs the acting resident submitted (by account or by verified phone)."""
    cond = Q(pk__in=[])
    if actor.user is not None:
        cond |= Q(submitted_by=actor.user, source="resident")
    keys = {k for k in (resident_key, (supporter_of(actor) or ("",))[0]) if k}
    if keys:
        cond |= Q(submitter_key__in=keys)
    return _base().filter(cond).order_by("-submitted_at")


def needs_supported_by(*, actor: Actor, resident_key: str | None = None) -> QuerySet[Need]:
    keys = {k for k in (resident_key, (supporter_of(actor) or ("",))[0]) if k}
    return _base().filter(supports__supporter_key__in=keys).distinct().order_by("-submitted_at")


def community_board(*, community: Division) -> dict:
    """A community's board: its needs (most supported first within each status), counts, and supports."""
    qs = _base().filter(community=community)
    totals = qs.aggregate(supports=Sum("support_count"))
    return {
        "counts": status_counts(qs),
        "supports": totals["supports"] or 0,
        "open": qs.filter(status=NeedStatus.SUBMITTED).order_by("-support_total", "-submitted_at"),
        "answered": qs.exclude(status=NeedStatus.SUBMITTED).order_by("-answered_at", "-pk"),
    }


# --- the desk (community workers, purchasers, district administrator) -------------------------------------------------


def managed_communities(*, actor: Actor) -> QuerySet[Division]:
    """Communities whose needs the actor decides: its own (worker), those under its street (purchaser), all (admin)."""
    qs = Division.objects.filter(level__in=COMMUNITY_LEVELS).select_related("parent").order_by("parent__code", "code")
    if actor.is_district_admin:
        return qs
    worker = [d.pk for d in actor.divisions_for(Role.COMMUNITY_WORKER)]
    purchaser = [d.pk for d in actor.divisions_for(Role.PURCHASER)]
    if not worker and not purchaser:
        return qs.none()
    return qs.filter(Q(pk__in=worker) | Q(parent__in=purchaser))


def managed_streets(*, actor: Actor) -> QuerySet[Division]:
    """Streets / townships whose communities the actor oversees as purchaser (all for the district administrator)."""
    qs = Division.objects.filter(level__in=(DivisionLevel.STREET, DivisionLevel.TOWNSHIP)).order_by("code")
    if actor.is_district_admin:
        return qs
    return qs.filter(pk__in=[d.pk for d in actor.divisions_for(Role.PURCHASER)])


def managed_needs(
    *,
    actor: Actor,
    q: str = "",
    community: Division | None = None,
    street: Division | None = None,
    category: NeedCategory | None = None,
    status: str | None = None,
    sort: str = "recent",
) -> QuerySet[Need]:
    """Needs the actor may decide, filtered; empty for anyone without a desk."""
    if not can_use_desk(actor):
        return Need.objects.none()
    qs = _base().filter(community__in=managed_communities(actor=actor))
    return _filtered(qs, q=q, community=community, street=street, category=category, status=status, sort=sort)


def managed_needs_by_ids(*, actor: Actor, public_ids: Iterable[str]) -> list[Need]:
    """The needs named by `public_ids`, all of which the actor must be able to decide (PermissionDenied otherwise)."""
    ids = set()
    for value in public_ids:
        try:
            ids.add(UUID(str(value)))
        except ValueError:
            continue
    found = list(managed_needs(actor=actor).filter(public_id__in=ids))
    if len(found) != len(ids):
        raise PermissionDenied(_("Some of the chosen needs are not in your scope."))
    return found


def need_get_managed(*, actor: Actor, public_id: UUID | str) -> Need:
    """A need the actor may decide; Need.DoesNotExist when unknown, PermissionDenied when outside the actor's scope."""
    need = need_get_public(public_id=public_id)
    if not can_decide_need(actor, need):
        raise PermissionDenied(
            _("Need %(number)s belongs to %(community)s, which is not in your scope.")
            % {"number": need.number, "community": need.community.name}
        )
    return need


def need_get_editable(*, actor: Actor, public_id: UUID | str, resident_key: str | None = None) -> Need:
    """A need the actor may edit (its community's worker or its author); PermissionDenied otherwise."""
    from .permissions import can_edit_need

    need = need_get_public(public_id=public_id)
    if not can_edit_need(actor, need, resident_key):
        raise PermissionDenied(
            _("Only the worker of %(community)s or the need's author may change need %(number)s.")
            % {"community": need.community.name, "number": need.number}
        )
    return need


def community_summary(*, communities: QuerySet[Division]) -> list[dict]:
    """Per community: needs per status and supports, for the purchaser's overview."""
    rows: dict[int, dict[str, Any]] = {
        d.pk: {"community": d, "counts": {s: 0 for s in NeedStatus.values}, "all": 0, "supports": 0}
        for d in communities
    }
    data = (
        Need.objects.filter(community__in=list(rows))
        .order_by()
        .values("community_id", "status")
        .annotate(n=Count("pk"), support_sum=Sum("support_count"))
    )
    for row in data:
        entry = rows[row["community_id"]]
        entry["counts"][row["status"]] = row["n"]
        entry["all"] += row["n"]
        entry["supports"] += row["support_sum"] or 0
    return list(rows.values())


def merge_targets(*, need: Need) -> QuerySet[Need]:
    """Needs `need` may be merged into: the same community's submitted or accepted needs, itself excepted."""
    return (
        _base()
        .filter(community_id=need.community_id, status__in=list(MERGE_TARGETS))
        .exclude(pk=need.pk)
        .order_by("number")
    )


def community_questionnaires(*, community: Division) -> QuerySet[Questionnaire]:
    """The community's questionnaires that may be linked as evidence (published or closed, not drafts)."""
    return questionnaires_for_division(division=community)


def questionnaires_by_ids(*, community: Division, public_ids) -> list[Questionnaire]:
    """The questionnaires named (the services check they belong to the community); QuestionnaireNotFound."""
    return surveys_questionnaires_by_ids(public_ids=public_ids)


def submitter_label(*, actor: Actor, need: Need) -> str:
    """Who submitted, for staff who decide the need (never shown to the public)."""
    if not can_decide_need(actor, need) and not is_author(actor, need):
        return ""
    if need.submitted_by is not None:
        return str(need.submitted_by)
    return _("a resident with a verified mobile phone") if need.submitter_key else ""
