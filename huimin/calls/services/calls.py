"""Calls for proposals (项目申报通知): draft, edit, publish, close when the deadline passes, cancel.

A call is drafted by the project manager of its organization (`Call.manager`) or the district administrator, and
edited freely while it is a draft (`call_update`). `call_publish` checks that it is complete (at least one
confirmed intention, a cap per project above zero, a deadline at least `min_open_working_days()` working days after
publication, review criteria weighing exactly 100, valid rules) and fixes `published_at` and `original_deadline`.

From then on the call is never edited in place: `call_update` refuses with `call_published_use_amendment`, and
every change goes through `huimin.calls.services.amendments.call_amend`, which publishes the change with its reason
(and moves the deadline when the amendment comes late). `call_close_due` (the periodic job `calls.close_due`) closes
published calls whose deadline has passed; `call_cancel` cancels with a reason.

The field values accepted here (`EDITABLE_FIELDS`) are Python values: Decimals or numbers for money, aware
datetimes, lists of model instances for `intentions` (confirmed intentions of the call's round), `categories`
(NeedCategory) and `documents` (Attachment), JSON for the four structured parts (validated by huimin.calls.rules).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.calendar import working_days_between
from huimin.core.cleaning import FieldErrors, parse_decimal
from huimin.core.models import Organization
from huimin.core.permissions import Actor, PermissionDenied, SystemActor, require
from huimin.core.services.errors import ServiceError
from huimin.files.services import attachment_claim, attachment_create
from huimin.planning.selectors import round_lock
from huimin.planning.services import intention_listing_set
from huimin.planning.states import IntentionStatus, RoundStatus

from ..error_codes import CallsError
from ..events import CallsEvent
from ..models import Call, CallAmendment, CallStatus
from ..permissions import can_create_call, can_manage_call, manager_organizations
from ..rules import (
    EDITABLE_FIELDS,
    HUNDRED,
    M2M_FIELDS,
    RULE_FIELDS,
    criteria_total,
    decimal_text,
    default_deadline,
    default_rules_json,
    earliest_deadline,
    local_date,
    min_open_working_days,
    parse_review_criteria,
    read_budget_rules,
    read_eligibility,
    read_required_documents,
    read_review_criteria,
)
from ..states import CALL_MACHINE, is_editable, require_editable

if TYPE_CHECKING:
    from huimin.files.models import Attachment
    from huimin.needs.models import NeedCategory
    from huimin.planning.models import Intention, Round

MONEY_MAX = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
DOCUMENT_PURPOSE = "call_document"


def _aware(value: datetime) -> datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _is_a(item: Any, label: str) -> bool:
    """Whether `item` is an object of the model `label` (another context's model, named without importing it)."""
    meta = getattr(item, "_meta", None)
    return meta is not None and meta.label == label


# --- snapshots (what amendments record and the audit trail keeps) ---------------------------------------------------


def _field_json(name: str, value: Any) -> Any:
    """A field value as JSON for the amendment's before/after and the audit payload."""
    if name in ("intentions",):
        return [
            {
                "public_id": str(i.public_id),
                "number": i.number,
                "title": i.title,
                "purchaser": i.purchaser.name,
                "budget": decimal_text(i.budget),
            }
            for i in sorted(value, key=lambda i: i.number)
        ]
    if name == "categories":
        return [{"code": c.code, "name": c.name} for c in sorted(value, key=lambda c: (c.position, c.code))]
    if name == "documents":
        return [{"public_id": str(a.public_id), "name": a.original_name} for a in sorted(value, key=lambda a: a.pk)]
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, Decimal):
        return decimal_text(value)
    return value


def _current_value(call: Call, name: str) -> Any:
    if name == "intentions":
        return list(call.intentions.select_related("purchaser", "category"))
    if name == "categories":
        return list(call.categories.all())
    if name == "documents":
        return list(call.documents.all())
    return getattr(call, name)


def _snapshot(call: Call, names: Iterable[str] = EDITABLE_FIELDS) -> dict[str, Any]:
    return {name: _field_json(name, _current_value(call, name)) for name in names}


# --- cleaning the values of a change --------------------------------------------------------------------------------


def _money(errors: FieldErrors, name: str, value: Any) -> Decimal | None:
    amount = parse_decimal(value, strip=("元",))
    if amount is None:
        errors.add(name, _("Enter an amount in yuan, e.g. 50000 or 49999.50."))
        return None
    if amount != amount.quantize(Decimal("0.01")):
        errors.add(name, _("An amount has at most two decimals (fen)."))
        return None
    if amount < 0:
        errors.add(name, _("The amount cannot be negative."))
        return None
    if amount > MONEY_MAX:
        errors.add(name, _("The amount is too large."))
        return None
    return amount.quantize(Decimal("0.01"))


def _whole(errors: FieldErrors, name: str, value: Any, *, low: int, high: int, label: str) -> int | None:
    number = parse_decimal(value)
    if number is None or number != number.to_integral_value():
        errors.add(name, _("%(label)s must be a whole number.") % {"label": label})
        return None
    if not low <= number <= high:
        errors.add(
            name,
            _("%(label)s must be between %(low)d and %(high)d (got %(value)s).")
            % {"label": label, "low": low, "high": high, "value": decimal_text(number)},
        )
        return None
    return int(number)


def _moment(errors: FieldErrors, name: str, value: Any, *, label: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            errors.add(name, _("%(label)s: enter a date and time, e.g. 2020-11-20 17:00.") % {"label": label})
            return None
    if not isinstance(value, datetime):
        errors.add(name, _("%(label)s: enter a date and time, e.g. 2020-11-20 17:00.") % {"label": label})
        return None
    return _aware(value)


def _intentions(errors: FieldErrors, call: Call, value: Any) -> list[Intention]:
    items = list(value or [])
    out: list[Intention] = []
    for item in items:
        if not _is_a(item, "planning.Intention"):
            errors.add("intentions", _("Choose project intentions from the list."))
            return []
        if item.round_id != call.round_id:
            errors.add(
                "intentions",
                _("The intention %(number)s belongs to another round; a call lists intentions of its own round only.")
                % {"number": item.number},
            )
        elif item.status != IntentionStatus.CONFIRMED:
            errors.add(
                "intentions",
                _(
                    "The intention %(number)s is not confirmed by its purchaser; only confirmed intentions can be "
                    "listed."
                )
                % {"number": item.number},
            )
        if item not in out:
            out.append(item)
    if out:
        taken = (
            Call.objects.filter(
                intentions__in=out, status__in=[CallStatus.PUBLISHED, CallStatus.CLOSED], round_id=call.round_id
            )
            .exclude(pk=call.pk)
            .values_list("intentions__number", "number")
        )
        chosen = {i.number for i in out}
        for intention_number, call_number in taken:
            if intention_number in chosen:
                errors.add(
                    "intentions",
                    _("The intention %(number)s is already listed in the published call %(call)s.")
                    % {"number": intention_number, "call": call_number},
                )
    return out


def _categories(errors: FieldErrors, value: Any) -> list[NeedCategory]:
    out: list[NeedCategory] = []
    for item in list(value or []):
        if not _is_a(item, "needs.NeedCategory"):
            errors.add("categories", _("Choose service categories from the list."))
            return []
        if not item.is_active:
            errors.add("categories", _("The category “%(name)s” is no longer in use.") % {"name": item.name})
        elif item not in out:
            out.append(item)
    return out


def _documents(errors: FieldErrors, call: Call, value: Any, actor: Actor) -> list[Attachment]:
    out: list[Attachment] = []
    attached = set(call.documents.values_list("pk", flat=True)) if call.pk else set()
    for item in list(value or []):
        if not _is_a(item, "files.Attachment"):
            errors.add("documents", _("Documents must be uploaded files."))
            return []
        own = (
            item.pk in attached
            or (actor.user is not None and item.uploaded_by_id == actor.user.pk)
            or item.organization_id == call.manager_id
            or actor.is_district_admin
        )
        if not own:
            errors.add(
                "documents",
                _("“%(name)s” was uploaded by someone else; upload the document yourself.")
                % {"name": item.original_name},
            )
        elif item not in out:
            out.append(item)
    return out


def _clean_changes(
    call: Call, changes: Mapping[str, Any], *, allowed: Iterable[str], actor: Actor, now: datetime
) -> dict[str, Any]:
    """Check every value of `changes` (all problems at once) → the values to store; ServiceError otherwise.

    Checks here are those of a value on its own; what a complete call needs (`_readiness_errors`) and the deadline's
    distance from publication are checked by the callers."""
    allowed = tuple(allowed)
    errors = FieldErrors()
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ServiceError.for_fields(
            {
                name: _("“%(field)s” cannot be changed here.") % {"field": name}
                if name in EDITABLE_FIELDS
                else _("There is no field “%(field)s” on a call.") % {"field": name}
                for name in unknown
            },
            code=CallsError.AMENDMENT_FIELD_UNKNOWN if call.status != CallStatus.DRAFT else CallsError.INVALID,
        )
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "title":
            text = " ".join(str(value or "").split())
            if not text:
                errors.add(name, _("Give the call a title."))
            elif len(text) > 200:
                errors.add(name, _("The title has %(length)d characters; at most 200.") % {"length": len(text)})
            out[name] = text
        elif name == "body":
            text = str(value or "").strip()
            if len(text) > 20000:
                errors.add(name, _("The text has %(length)d characters; at most 20000.") % {"length": len(text)})
            out[name] = text
        elif name == "cap_per_project":
            out[name] = _money(errors, name, value)
        elif name == "max_proposals_per_organization":
            out[name] = _whole(errors, name, value, low=1, high=50, label=_("Proposals per organization"))
        elif name == "expected_proposals":
            out[name] = _whole(errors, name, value, low=0, high=100000, label=_("Proposals expected"))
        elif name == "late_amendment_working_days":
            out[name] = _whole(errors, name, value, low=0, high=20, label=_("The late amendment window"))
        elif name == "extension_working_days":
            out[name] = _whole(errors, name, value, low=1, high=30, label=_("The deadline extension"))
        elif name == "opens_at":
            out[name] = _moment(errors, name, value, label=_("Opens at"))
        elif name == "deadline":
            moment = _moment(errors, name, value, label=_("The deadline"))
            if moment is None and name not in errors.by_field:
                errors.add(name, _("Give the deadline for proposals."))
            elif moment is not None and moment <= now:
                errors.add(
                    name,
                    _("The deadline %(deadline)s has already passed.")
                    % {"deadline": timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")},
                )
            out[name] = moment
        elif name == "eligibility":
            out[name] = read_eligibility(errors, value).to_json()
        elif name == "required_documents":
            out[name] = [d.to_json() for d in read_required_documents(errors, value)]
        elif name == "budget_rules":
            out[name] = read_budget_rules(errors, value).to_json()
        elif name == "review_criteria":
            out[name] = [c.to_json() for c in read_review_criteria(errors, value)]
        elif name == "intentions":
            out[name] = _intentions(errors, call, value)
        elif name == "categories":
            out[name] = _categories(errors, value)
        elif name == "documents":
            out[name] = _documents(errors, call, value, actor)
    opens_at = out.get("opens_at", call.opens_at if "opens_at" in allowed else None)
    deadline = out.get("deadline", call.deadline if call.pk else None)
    if opens_at and deadline and opens_at >= deadline and "opens_at" not in errors.by_field:
        errors.add("opens_at", _("The call must open before its deadline."))
    if any(k in RULE_FIELDS or k.split(".")[0] in RULE_FIELDS for k in errors.by_field):
        code = CallsError.RULES_INVALID
    elif "deadline" in errors.by_field:
        code = CallsError.DEADLINE_INVALID
    elif "intentions" in errors.by_field:
        code = CallsError.INTENTION_INVALID
    else:
        code = CallsError.INVALID
    if errors.by_field:
        raise ServiceError.for_fields(errors.by_field, code=code)
    return out


def _readiness_errors(state: Mapping[str, Any]) -> dict[str, str]:
    """What a published call needs, checked on its full state ({field: value} as `_clean_changes` returns them)."""
    errors: dict[str, str] = {}
    if not state["intentions"]:
        errors["intentions"] = _("List at least one confirmed project intention.")
    cap = state["cap_per_project"]
    if cap is None or cap <= 0:
        errors["cap_per_project"] = _("Set the cap per project (more than 0 元).")
    try:
        criteria = parse_review_criteria(state["review_criteria"], complete=False)
    except ServiceError:
        criteria = ()
    total = criteria_total(criteria)
    if not criteria:
        errors["review_criteria"] = _("Give at least one review criterion.")
    elif total != HUNDRED:
        errors["review_criteria"] = _(
            "The weights of the review criteria add up to %(total)s; they must add up to exactly 100."
        ) % {"total": decimal_text(total)}
    if not state["required_documents"]:
        errors["required_documents"] = _("List at least one document that proposals must carry.")
    if not str(state["title"] or "").strip():
        errors["title"] = _("Give the call a title.")
    return errors


def _full_state(call: Call, changes: Mapping[str, Any] | None = None) -> dict[str, Any]:
    state = {name: _current_value(call, name) for name in EDITABLE_FIELDS}
    state.update(changes or {})
    return state


def _claim_documents(documents: Iterable[Attachment], actor: Actor) -> None:
    """Files listed as the call's documents are the call's (huimin.files.owners): a file uploaded without an owner
    (the generic upload) is claimed with DOCUMENT_PURPOSE, so it is fetched by the call's rule."""
    for attachment in documents:
        attachment_claim(attachment=attachment, purpose=DOCUMENT_PURPOSE, actor=actor)


def _apply_changes(call: Call, values: Mapping[str, Any], *, actor: Actor) -> None:
    """Write cleaned values on the call (scalars and JSON saved; many-to-many set)."""
    scalar = [name for name in values if name not in M2M_FIELDS]
    for name in scalar:
        setattr(call, name, values[name])
    if scalar:
        call.save(update_fields=[*scalar, "updated_at"])
    for name in M2M_FIELDS:
        if name in values:
            if name == "documents":
                _claim_documents(values[name], actor)
            getattr(call, name).set(values[name])


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: {"before": before[name], "after": after[name]} for name in after if before.get(name) != after[name]}


# --- services -------------------------------------------------------------------------------------------------------


def _lock(call: Call) -> Call:
    return Call.objects.select_for_update().select_related("round", "manager").get(pk=call.pk)


def _next_number(round_: Round) -> str:
    round_lock(round=round_)
    n = Call.objects.filter(round=round_).count() + 1
    while Call.objects.filter(number=f"C-{round_.code}-{n:03d}").exists():
        n += 1
    return f"C-{round_.code}-{n:03d}"


def _check_deadline_distance(errors: dict[str, str], deadline: datetime | None, *, published: datetime) -> None:
    if deadline is None:
        errors["deadline"] = _("Give the deadline for proposals.")
        return
    if deadline <= published:
        errors["deadline"] = _("The deadline %(deadline)s has already passed.") % {
            "deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")
        }
        return
    minimum = min_open_working_days()
    days = working_days_between(local_date(published), local_date(deadline))
    if days < minimum:
        errors["deadline"] = _(
            "The deadline must be at least %(min)d working days after publication, i.e. on %(earliest)s or later; "
            "%(deadline)s leaves %(days)d."
        ) % {
            "min": minimum,
            "earliest": earliest_deadline(published).isoformat(),
            "deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M"),
            "days": days,
        }


@transaction.atomic
def call_create(
    *,
    round: Round,
    title: str,
    actor: Actor,
    manager: Organization | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Call:
    """Draft a call for `round`, run by `manager` (the actor's own intermediary when it has one). The structured
    parts start from the defaults of huimin.calls.rules; the deadline from 15 working days ahead at 17:00."""
    now = now or timezone.now()
    if manager is None:
        own = manager_organizations(actor)
        if len(own) != 1:
            raise ServiceError.for_fields(
                {"manager": _("Choose the organization that runs the call.")}, code=CallsError.MANAGER_INVALID
            )
        manager = own[0]
    require(
        can_create_call(actor, manager),
        _("Only the project managers of %(org)s or the district administrator may draft its calls.")
        % {"org": manager.name},
    )
    if round.status == RoundStatus.CLOSED:
        raise ServiceError.for_fields(
            {"round": _("The round “%(round)s” is closed; it takes no new calls.") % {"round": round.name}},
            code=CallsError.ROUND_CLOSED,
        )
    values: dict[str, Any] = {**default_rules_json(), "cap_per_project": Decimal(0), "title": title}
    values.setdefault("deadline", default_deadline(now))
    values.update(fields)
    call = Call(round=round, manager=manager, created_by=actor.user, deadline=values["deadline"] or now)
    cleaned = _clean_changes(call, values, allowed=EDITABLE_FIELDS, actor=actor, now=now)
    errors: dict[str, str] = {}
    if "deadline" in fields:
        _check_deadline_distance(errors, cleaned["deadline"], published=now)
    if errors:
        raise ServiceError.for_fields(errors, code=CallsError.DEADLINE_TOO_SOON)
    call.number = _next_number(round)
    m2m = {name: cleaned.pop(name) for name in M2M_FIELDS if name in cleaned}
    for name, value in cleaned.items():
        setattr(call, name, value)
    call.save()
    _claim_documents(m2m.get("documents", ()), actor)
    for name, value in m2m.items():
        getattr(call, name).set(value)
    audit_record(
        actor=actor,
        event_type=CallsEvent.CALL_CREATED,
        target=call,
        payload={"number": call.number, "round": round.code, "manager": str(manager.public_id), **_snapshot(call)},
    )
    return call


@transaction.atomic
def call_update(*, call: Call, actor: Actor, now: datetime | None = None, **changes: Any) -> Call:
    """Edit a draft. A published (or closed, cancelled) call is never edited in place: ServiceError
    `call_published_use_amendment` — publish an amendment with `call_amend` instead."""
    now = now or timezone.now()
    require(can_manage_call(actor, call), _("Only the call's project managers may edit it."))
    call = _lock(call)
    require_editable(call)
    if not changes:
        return call
    before = _snapshot(call, changes.keys() & set(EDITABLE_FIELDS))
    cleaned = _clean_changes(call, changes, allowed=EDITABLE_FIELDS, actor=actor, now=now)
    # An unchanged deadline is checked again at publication.
    if "deadline" in cleaned and cleaned["deadline"] != call.deadline:
        errors: dict[str, str] = {}
        _check_deadline_distance(errors, cleaned["deadline"], published=now)
        if errors:
            raise ServiceError.for_fields(errors, code=CallsError.DEADLINE_TOO_SOON)
    _apply_changes(call, cleaned, actor=actor)
    after = {name: _field_json(name, value) for name, value in cleaned.items()}
    changed = _diff(before, after)
    if changed:
        audit_record(actor=actor, event_type=CallsEvent.CALL_UPDATED, target=call, payload={"changes": changed})
    return call


@transaction.atomic
def call_document_add(*, call: Call, uploaded_file: Any, actor: Actor, now: datetime | None = None) -> Attachment:
    """Attach a document (the call's text, templates, forms) to a draft; it becomes public with the call."""
    require(can_manage_call(actor, call), _("Only the call's project managers may attach documents."))
    call = _lock(call)
    if not is_editable(call):
        raise ServiceError(
            _("The call %(number)s is published: add documents by publishing an amendment.") % {"number": call.number},
            code=CallsError.PUBLISHED_USE_AMENDMENT,
        )
    attachment = attachment_create(
        uploaded_file=uploaded_file, purpose=DOCUMENT_PURPOSE, actor=actor, organization=call.manager, is_public=False
    )
    call.documents.add(attachment)
    audit_record(
        actor=actor,
        event_type=CallsEvent.CALL_DOCUMENT_ADDED,
        target=call,
        payload={"document": str(attachment.public_id), "name": attachment.original_name},
    )
    return attachment


def call_document_upload(*, call: Call, uploaded_file: Any, actor: Actor) -> Attachment:
    """Store a file for an amendment of a published call; `call_amend` lists it and makes it public."""
    require(can_manage_call(actor, call), _("Only the call's project managers may attach documents."))
    return attachment_create(
        uploaded_file=uploaded_file, purpose=DOCUMENT_PURPOSE, actor=actor, organization=call.manager, is_public=False
    )


@transaction.atomic
def call_document_remove(*, call: Call, attachment: Attachment, actor: Actor) -> None:
    require(can_manage_call(actor, call), _("Only the call's project managers may remove documents."))
    call = _lock(call)
    if not is_editable(call):
        raise ServiceError(
            _("The call %(number)s is published: remove documents by publishing an amendment.")
            % {"number": call.number},
            code=CallsError.PUBLISHED_USE_AMENDMENT,
        )
    if not call.documents.filter(pk=attachment.pk).exists():
        raise ServiceError.for_fields(
            {"documents": _("“%(name)s” is not a document of this call.") % {"name": attachment.original_name}},
            code=CallsError.DOCUMENT_INVALID,
        )
    call.documents.remove(attachment)
    audit_record(
        actor=actor,
        event_type=CallsEvent.CALL_DOCUMENT_REMOVED,
        target=call,
        payload={"document": str(attachment.public_id), "name": attachment.original_name},
    )


def call_publish_problems(*, call: Call, actor: Actor, now: datetime | None = None) -> dict[str, str]:
    """Everything that keeps a draft from being published now (empty = ready), as `actor` (who drafts or
    publishes it) is told."""
    now = now or timezone.now()
    state = _full_state(call)
    problems = _readiness_errors(state)
    _check_deadline_distance(problems, call.deadline, published=now)
    if call.round.status != RoundStatus.OPEN:
        problems["round"] = _("The round “%(round)s” is not open; calls are published in an open round.") % {
            "round": call.round.name
        }
    for intention in state["intentions"]:
        if intention.status != IntentionStatus.CONFIRMED:
            problems["intentions"] = _(
                "The intention %(number)s is no longer confirmed by its purchaser; remove it from the call."
            ) % {"number": intention.number}
    for name in ("eligibility", "required_documents", "budget_rules"):
        try:
            _clean_changes(call, {name: getattr(call, name)}, allowed=(name,), actor=SystemActor(), now=now)
        except ServiceError as exc:
            problems.setdefault(name, " ".join(exc.messages))
    return problems


@transaction.atomic
def call_publish(*, call: Call, actor: Actor, now: datetime | None = None) -> Call:
    """Publish a complete draft: open for proposals from now until the deadline. Documents become public; when no
    category was chosen, the call takes those of its intentions."""
    now = now or timezone.now()
    require(can_manage_call(actor, call), _("Only the call's project managers may publish it."))
    call = _lock(call)
    # Lock the listed intentions too, so that a concurrent withdrawal (which locks the intention, then looks for
    # published calls listing it) runs before or after the publication, never between its check and its write.
    list(call.intentions.select_for_update().order_by("pk").values_list("pk", flat=True))
    target = CALL_MACHINE.require(call.status, "publish")
    problems = call_publish_problems(call=call, actor=actor, now=now)
    if problems:
        code = CallsError.DEADLINE_TOO_SOON if set(problems) == {"deadline"} else CallsError.NOT_READY
        if set(problems) == {"round"}:
            code = CallsError.ROUND_NOT_OPEN
        raise ServiceError.for_fields(problems, code=code)
    if not call.categories.exists():
        call.categories.set({i.category for i in call.intentions.select_related("category")})
    call.status = target
    call.published_at = now
    call.original_deadline = call.deadline
    if call.opens_at is None or call.opens_at < now:
        call.opens_at = now
    call.save(update_fields=["status", "published_at", "original_deadline", "opens_at", "updated_at"])
    call.documents.update(is_public=True)
    # From now on providers answer the listed intentions: planning holds them (no change, no withdrawal).
    intention_listing_set(
        call_number=call.number, call_title=call.title, intentions=call.intentions.all(), actor=actor, now=now
    )
    audit_record(
        actor=actor,
        event_type=CallsEvent.CALL_PUBLISHED,
        target=call,
        payload={"number": call.number, "published_at": now, "deadline": call.deadline, **_snapshot(call)},
    )
    return call


@transaction.atomic
def call_cancel(*, call: Call, reason: str, actor: Actor, now: datetime | None = None) -> Call:
    """Cancel a draft or a published call, with a reason. For a published call the cancellation is published as its
    last amendment (status before/after and the reason), so the public sees why."""
    now = now or timezone.now()
    require(can_manage_call(actor, call), _("Only the call's project managers may cancel it."))
    call = _lock(call)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.for_fields({"reason": _("Say why the call is cancelled.")}, code=CallsError.CANCEL_REASON)
    was = call.status
    target = CALL_MACHINE.require(call.status, "cancel")
    call.status = target
    call.closed_at = now
    call.save(update_fields=["status", "closed_at", "updated_at"])
    # A cancelled call holds no intention any more: planning may change or withdraw them again.
    intention_listing_set(call_number=call.number, call_title=call.title, intentions=(), actor=actor, now=now)
    if was == CallStatus.PUBLISHED:
        sequence = CallAmendment.objects.filter(call=call).count() + 1
        CallAmendment.objects.create(
            call=call,
            sequence=sequence,
            reason=reason,
            changes={"status": {"before": was, "after": target}},
            deadline_before=call.deadline,
            deadline_after=call.deadline,
            extended=False,
            published_at=now,
            published_by=actor.user,
        )
    audit_record(
        actor=actor, event_type=CallsEvent.CALL_CANCELLED, target=call, payload={"reason": reason, "status_before": was}
    )
    return call


@transaction.atomic
def call_close_due(*, now: datetime | None = None, actor: Actor | None = None) -> list[Call]:
    """Close every published call whose deadline has passed (deadline ≤ now). Idempotent: a second run closes
    nothing. Returns the calls closed by this run."""
    now = now or timezone.now()
    actor = actor or SystemActor("calls-close-due")
    if not actor.is_district_admin:
        raise PermissionDenied(_("Only the platform closes calls when their deadline passes."))
    due = list(
        Call.objects.select_for_update(skip_locked=True)
        .filter(Q(status=CallStatus.PUBLISHED) & Q(deadline__lte=now))
        .order_by("deadline", "pk")
    )
    for call in due:
        call.status = CALL_MACHINE.require(call.status, "close")
        call.closed_at = now
        call.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=actor,
            event_type=CallsEvent.CALL_CLOSED,
            target=call,
            payload={"number": call.number, "deadline": call.deadline, "closed_at": now},
        )
    return due
