"""The machinery of the role × route matrix (tests/test_route_matrix.py): which routes exist, how a path is filled,
what class of answer a response is, and one signed-in client per role.

    routes = page_routes()          # every named page pattern of the URL configuration, with what is skipped
    operations = api_operations()   # every operation of the API's OpenAPI document: "GET /needs/{public_id}", …
    outcome(response)               # OK / DENIED / HIDDEN / INVALID / ERROR

The rules themselves (who may reach what) are in tests/route_rules.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

API_PREFIX = "/api/v1"

# Outcome classes of one response.
OK = "ok"  # 2xx, or a redirect that is not to the sign-in page
DENIED = "denied"  # 401, 403, or a redirect to the sign-in page
HIDDEN = "hidden"  # 404: the object does not exist for this actor
INVALID = "invalid"  # 400, 405, 409, 422: refused for what was sent, not for who sent it
ERROR = "error"  # 5xx

# URL patterns the matrix does not try, and why (listed so that skipping is a decision, not an accident).
SKIPPED_PREFIXES: dict[str, str] = {
    "admin/": "Django's admin site: its own staff sign-in and model permissions (only the district administrator "
    "is staff), not the product's rules",
    "static/": "static files",
    "media/": "uploaded files are never served from MEDIA_URL; they go through files:download",
}


@dataclass(frozen=True)
class PageRoute:
    name: str  # "namespace:name" — the key of its rule in route_rules.PAGES
    route: str  # "needs/<uuid:public_id>/"

    @property
    def params(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.route)

    def path(self, values: dict[str, str]) -> str:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], self.route)


@dataclass(frozen=True)
class ApiOperation:
    key: str  # "GET /needs/{public_id}" — the key of its rule in route_rules.API
    method: str
    path_template: str  # "/needs/{public_id}"
    operation_id: str
    body: str | None  # "json", "multipart" or None

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path_template)

    def path(self, values: dict[str, str]) -> str:
        return API_PREFIX + re.sub(r"{(\w+)}", lambda m: values[m.group(1)], self.path_template)


def _walk(patterns, prefix: str = "", namespace: str | None = None) -> Iterator[tuple[str, str | None]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name


def all_url_patterns() -> list[tuple[str, str | None]]:
    """(route, name) for every pattern of the URL configuration, resolved recursively."""
    return list(_walk(get_resolver().url_patterns))


def skipped_patterns() -> list[tuple[str, str]]:
    """(route, reason) of the patterns deliberately left out of the matrix."""
    return [
        (route, reason)
        for route, _name in all_url_patterns()
        for prefix, reason in SKIPPED_PREFIXES.items()
        if route.startswith(prefix)
    ]


def _openapi_paths() -> set[str]:
    """The OpenAPI document's paths in Django's route syntax ("api/v1/needs/<public_id>")."""
    return {re.sub(r"{(\w+)}", r"<\1>", path.lstrip("/")) for path in openapi_document()["paths"]}


def page_routes() -> list[PageRoute]:
    """Every pattern that is not skipped and not an API operation (API operations come from the OpenAPI document).
    Patterns without a name are keyed by their route."""
    operation_routes = _openapi_paths()
    found: dict[str, PageRoute] = {}
    for route, name in all_url_patterns():
        if any(route.startswith(prefix) for prefix in SKIPPED_PREFIXES):
            continue
        key = name or route
        if re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", route) in operation_routes:
            continue  # an API operation: tried through the OpenAPI document
        if key in found and found[key].route != route:
            raise AssertionError(f"two URL patterns share the name {key!r}: {found[key].route} and {route}")
        found[key] = PageRoute(name=key, route=route)
    return sorted(found.values(), key=lambda r: r.route)


def openapi_document() -> dict:
    from config.api import api

    return api.get_openapi_schema()


def api_operations() -> list[ApiOperation]:
    """Every operation of the OpenAPI document, keyed "METHOD /path" (the path under /api/v1)."""
    document = openapi_document()
    operations = []
    for full_path, methods in document["paths"].items():
        path_template = full_path.removeprefix(API_PREFIX)
        for method, op in methods.items():
            if method.lower() not in ("get", "post", "put", "patch", "delete"):
                continue
            content = (op.get("requestBody") or {}).get("content", {})
            body = "multipart" if "multipart/form-data" in content else "json" if content else None
            operations.append(
                ApiOperation(
                    key=f"{method.upper()} {path_template}",
                    method=method.upper(),
                    path_template=path_template,
                    operation_id=op.get("operationId", ""),
                    body=body,
                )
            )
    return sorted(operations, key=lambda o: (o.path_template, o.method))


def _login_path() -> str:
    return reverse(settings.LOGIN_URL) if ":" in settings.LOGIN_URL else settings.LOGIN_URL


def outcome(response) -> str:
    """The class of one response (see the constants above)."""
    status = response.status_code
    if status >= 500:
        return ERROR
    if status in (401, 403):
        return DENIED
    if status == 404:
        return HIDDEN
    if 300 <= status < 400:
        # login_required sends the public to the sign-in page with where it was going (`?next=`); signing out
        # also ends there, without it.
        location = response.get("Location", "")
        to_sign_in = location.split("?")[0].endswith(_login_path()) and "next=" in location
        return DENIED if to_sign_in else OK
    if status >= 400:
        return INVALID
    return OK


# --- the world ----------------------------------------------------------------------------------------------------

# The demo's one-per-role logins (huimin/demo/data.py ROLE_LOGINS) that play each role; None is the public.
ROLE_LOGINS: dict[str, str | None] = {
    "anonymous": None,
    "resident": "resident1",
    "community_worker": "longyuan",  # 水泉湾龙园社区 (东街街道)
    "purchaser": "dongjie",  # 东街街道
    "project_manager": "yiyuanli",  # 大同市毅源力社会组织发展中心, the manager of the demo call
    "district_admin": "admin",
    "provider": "provider1",  # 大同市平城区弈智围棋培训学校
    "expert_reviewer": "expert1",
    "credit_officer": "credit_scj",  # 大同市平城区市场监督管理局 (reporting unit SCJGJ)
    "credit_admin": "credit_admin",
}


@dataclass
class MatrixWorld:
    """The demo plus the few objects it lacks (a call still open with a sealed proposal, drafts, a token, an import,
    a repair request); `examples` maps an example's name (used by the rules' `params`) to its path value."""

    users: dict[str, object]  # role → User (None for the public)
    examples: dict[str, str]


def build_matrix_world(*, load_demo: bool = True) -> MatrixWorld:
    """Load the demo and add what it lacks; call inside a transaction that is rolled back afterwards."""
    import io
    from datetime import timedelta
    from decimal import Decimal
    from types import SimpleNamespace

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from huimin.calls.models import Call, CallQuestion, CallStatus
    from huimin.calls.rules import default_rules_json
    from huimin.calls.services import call_create, call_document_add
    from huimin.core.models import Division, Organization, User
    from huimin.core.permissions import Actor, SystemActor
    from huimin.core.services.people import api_token_create
    from huimin.credit.importing.jobs import import_job_start, import_records_task
    from huimin.credit.models import (
        CatalogueItem,
        CreditCheck,
        LicensingRecord,
        ListEntry,
        PenaltyRecord,
        PublicationStatus,
        RegimeRule,
    )
    from huimin.credit.services.repairs import repair_request_submit
    from huimin.demo.pingcheng import load_pingcheng
    from huimin.needs.models import NeedCategory
    from huimin.needs.services import need_create
    from huimin.planning.models import Intention, Round
    from huimin.proposals.models import Proposal, ProposalDocument
    from huimin.proposals.tests.factories import make_complete_proposal, submit
    from huimin.providers.models import ProfileDocument, TeamMember
    from huimin.providers.services import past_project_declare
    from huimin.screening.models import Screening
    from huimin.surveys.models import Questionnaire, Response
    from huimin.surveys.services.questionnaires import questionnaire_create, questionnaire_open

    system = SystemActor("matrix")
    if load_demo:
        load_pingcheng(actor=SystemActor("demo"))
    users = {role: (User.objects.get(username=login) if login else None) for role, login in ROLE_LOGINS.items()}
    actor = {role: Actor.for_user(user) for role, user in users.items() if user is not None}
    now = timezone.now()

    street = Division.objects.get(name="东街街道")
    community = Division.objects.get(name="水泉湾龙园社区")
    other_community = Division.objects.get(name="帅府社区")
    provider_org = actor["provider"].organizations_for("provider")[0]
    other_org = Organization.objects.get(name="平城区雅韵书画艺术研究会")
    manager_org = actor["project_manager"].organizations_for("project_manager")[0]
    demo_round = Round.objects.get()
    demo_call = Call.objects.get()

    # A call still open (its deadline a year ahead) with a submitted proposal of the provider: sealed.
    intention = (
        Intention.objects.filter(purchaser=street, communities=community, calls=demo_call).order_by("number").first()
    )
    open_call = Call.objects.create(
        number=f"{demo_call.number}-matrix",
        round=demo_round,
        manager=manager_org,
        title="矩阵测试用的申报通知（征集中）",
        cap_per_project=Decimal(50000),
        max_proposals_per_organization=3,
        deadline=now + timedelta(days=365),
        original_deadline=now + timedelta(days=365),
        status=CallStatus.PUBLISHED,
        published_at=now - timedelta(days=1),
        opens_at=now - timedelta(days=1),
        **default_rules_json(),
    )
    open_call.intentions.set([intention])
    open_call.categories.set([intention.category])
    holder = SimpleNamespace(call=None, intention=None)
    sealed = make_complete_proposal(holder, org=provider_org, actor=actor["provider"], now=now, call=open_call)
    submit(sealed, actor["provider"], now=now)
    draft = make_complete_proposal(holder, org=provider_org, actor=actor["provider"], now=now, call=open_call)
    draft_call = call_create(round=demo_round, title="矩阵测试用的申报通知草稿", actor=actor["project_manager"])
    call_document = call_document_add(
        call=draft_call,
        uploaded_file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="notice.pdf"),
        actor=actor["project_manager"],
    )

    # The provider's proposal of the demo call answering 东街's intention (opened, screened).
    opened = (
        Proposal.objects.filter(organization=provider_org, call=demo_call, intentions__purchaser=street).first()
        or Proposal.objects.filter(organization=provider_org, call=demo_call).first()
    )
    other_opened = (
        Proposal.objects.filter(call=demo_call)
        .exclude(intentions__purchaser=street)
        .exclude(organization=provider_org)
        .first()
    )
    past_project = past_project_declare(
        organization=provider_org, actor=actor["provider"], now=now, year=2019, title="社区围棋兴趣班"
    )
    token, _raw = api_token_create(user=users["provider"], name="matrix", actor=actor["provider"])
    screening = Screening.objects.get(proposal=opened)

    # Needs: a submitted need in each community, waiting for the community's answer.
    def need_in(division):
        return need_create(
            community=division,
            title="楼道照明维修",
            category=NeedCategory.objects.order_by("pk").first(),
            target_group="楼内居民",
            description="楼道灯坏了。",
            estimated_beneficiaries=30,
            actor=system,
        )

    need, other_need = need_in(community), need_in(other_community)

    # Surveys: a draft and an open questionnaire of 水泉湾龙园社区.
    questions = [{"kind": "single", "text": "您的年龄段", "required": True, "choices": ["60岁以下", "60岁及以上"]}]
    draft_q = questionnaire_create(division=community, title="矩阵测试问卷（草稿）", questions=questions, actor=system)
    open_q = questionnaire_create(
        division=community,
        title="矩阵测试问卷（进行中）",
        questions=questions,
        closes_at=now + timedelta(days=30),
        actor=system,
    )
    questionnaire_open(questionnaire=open_q, actor=system, now=now)
    closed_q = Questionnaire.objects.filter(division=community).exclude(pk__in=[draft_q.pk, open_q.pk]).first()
    paper = Response.objects.filter(questionnaire=closed_q, channel="paper").first()

    # Credit: the officer's unit's records, an import of that unit, a repair request.
    unit = actor["credit_officer"].organizations_for("credit_officer")[0].reporting_unit
    published = PenaltyRecord.objects.filter(unit=unit, status=PublicationStatus.PUBLISHED, is_public=True)
    penalty = published.order_by("pk").first()
    repaired = published.exclude(pk=penalty.pk).order_by("pk").first()
    repair = repair_request_submit(
        record=repaired, applicant_name=repaired.subject_name, commitment="承诺守信", fulfilment="已履行", actor=system
    )
    job = import_job_start(
        file=io.BytesIO("行政相对人名称,处罚决定日期\n某公司,2020-13-01\n".encode()),
        filename="matrix.csv",
        kind="penalty",
        unit=unit,
        actor=actor["credit_officer"],
    )
    import_records_task.call(str(job.public_id))  # its report and error workbook, as the worker would make them
    other_penalty = PenaltyRecord.objects.filter(status=PublicationStatus.PUBLISHED).exclude(unit=unit).first()
    licensing = LicensingRecord.objects.filter(status=PublicationStatus.PUBLISHED, is_public=True).first()
    rule = RegimeRule.objects.select_related("regime").order_by("pk").first()

    def uuid_of(obj) -> str:
        return str(obj.public_id)

    sealed_document = ProposalDocument.objects.filter(proposal=sealed).select_related("attachment").first()
    # The proposals factory writes attachment rows only: give the sealed one its bytes, so that a download that is
    # allowed can succeed.
    default_storage.save(sealed_document.attachment.file.name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    standing = ProfileDocument.objects.values("attachment_id")
    opened_document = ProposalDocument.objects.filter(proposal=opened).exclude(attachment_id__in=standing).first()
    profile_document = ProfileDocument.objects.filter(organization=provider_org).first()
    team_row = draft.team.select_related("member").first()
    examples = {
        # core
        "division": community.code,
        "division.other": other_community.code,
        "organization": uuid_of(provider_org),
        "organization.other": uuid_of(other_org),
        "uscc": provider_org.uscc,
        "username": users["provider"].username,
        "token": token.prefix,
        "role_key": f"provider:{provider_org.public_id}",
        "day": "2020-10-01",
        "audit_type": "organization",
        # files
        "attachment.sealed": uuid_of(sealed_document.attachment),
        "attachment.opened": uuid_of(opened_document.attachment),
        "attachment.profile": uuid_of(profile_document.attachment),
        # credit
        "penalty": uuid_of(penalty),
        "penalty.other_unit": uuid_of(other_penalty),
        "licensing": uuid_of(licensing),
        "record_kind": "penalty",
        "extension": "xlsx",
        "import": uuid_of(job),
        "unit": unit.code,
        "catalogue_item": CatalogueItem.objects.filter(unit=unit).first().code,
        "regime": rule.regime.code,
        "severity": rule.severity,
        "sector": rule.sector or "-",
        "list_entry": uuid_of(ListEntry.objects.first()),
        "repair": uuid_of(repair),
        "check": uuid_of(CreditCheck.objects.first()),
        # surveys
        "questionnaire.draft": uuid_of(draft_q),
        "questionnaire.open": uuid_of(open_q),
        "questionnaire.closed": uuid_of(closed_q),
        "question": str(draft_q.questions.first().pk),
        "paper_response": uuid_of(paper),
        "export_format": "xlsx",
        "direction": "down",
        # needs
        "community": community.code,
        "category": NeedCategory.objects.order_by("pk").first().code,
        "need": uuid_of(need),
        "need.other": uuid_of(other_need),
        # calls
        "call": uuid_of(demo_call),
        "call.draft": uuid_of(draft_call),
        "call.open": uuid_of(open_call),
        "call_document": uuid_of(call_document),
        "call_question": uuid_of(CallQuestion.objects.filter(call=demo_call).first()),
        "call_question_id": str(CallQuestion.objects.filter(call=demo_call).first().pk),
        "call_row": "doc",
        "round": demo_round.code,
        "intention": uuid_of(intention),
        # proposals
        "proposal": uuid_of(opened),
        "proposal.other": uuid_of(other_opened),
        "proposal.sealed": uuid_of(sealed),
        "proposal.draft": uuid_of(draft),
        "screening": uuid_of(screening),
        "team_member": uuid_of(TeamMember.objects.filter(organization=provider_org).first()),
        "past_project": uuid_of(past_project),
        "profile_attachment": uuid_of(profile_document.attachment),
        "proposal_team_member": uuid_of(team_row.member),
        "document_code": sealed_document.code,
        "row_kind": "activities",
        "position": "1",
        "section": "basics",
    }
    return MatrixWorld(users=users, examples=examples)
