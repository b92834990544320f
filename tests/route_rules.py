"""Who may reach each route: the declared rule of every page and every API operation (the role × route matrix).

tests/test_route_matrix.py lists every route of the URL configuration and every operation of the OpenAPI document,
fails for any without a rule here (and for rules of routes that no longer exist), and tries every role on every
route of the demo. When you add a route, add its rule in its app's section below:

    "needs:detail": rule(EVERYONE, public_id="need"),
    "needs:manage": rule({COMMUNITY, PURCHASER, ADMIN}, hidden=…, public_id="need"),

`rule(ok, hidden=(), method="GET", **params)`:
- `ok`: the roles that reach it (2xx, or a redirect that is not to the sign-in page);
- `hidden`: the roles that get 404 because the object is outside what they may see (sealed, another's draft…);
- every other role is refused: 403 (401 through the API, a redirect to the sign-in page for the public on pages);
- `method`: "POST" for pages that only take POST; API operations carry their method in their key;
- `params`: path parameter → the name of an example object of the world (route_matrix_kit.build_matrix_world).
A route may have a list of rules, one per example object (the owner's object and another's).

Unsafe requests (POST, PATCH, PUT, DELETE) are sent without a valid body: the roles that are refused must be refused
(401/403/404) before the body is looked at, and no role may get a 5xx. The API operations in
VALIDATED_BEFORE_REFUSAL still read the body first for a signed-in caller they would refuse (422); a caller without
credentials always gets 401 first (core.api_auth.public_reads). The list may only shrink.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANON = "anonymous"
RESIDENT = "resident"
COMMUNITY = "community_worker"
PURCHASER = "purchaser"
MANAGER = "project_manager"
ADMIN = "district_admin"
PROVIDER = "provider"
EXPERT = "expert_reviewer"
OFFICER = "credit_officer"
CREDIT_ADMIN = "credit_admin"

ROLES: tuple[str, ...] = (
    ANON,
    RESIDENT,
    COMMUNITY,
    PURCHASER,
    MANAGER,
    ADMIN,
    PROVIDER,
    EXPERT,
    OFFICER,
    CREDIT_ADMIN,
)
EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANON}
NOBODY: frozenset[str] = frozenset()
# The staff who work on divisions (the district and its streets and communities).
DIVISION_STAFF = frozenset({ADMIN, PURCHASER, COMMUNITY})
CREDIT_STAFF = frozenset({OFFICER, CREDIT_ADMIN})


@dataclass(frozen=True)
class Rule:
    ok: frozenset[str]
    hidden: frozenset[str] = frozenset()
    method: str = "GET"
    params: dict[str, str] = field(default_factory=dict)
    query: str = ""

    def expected(self, role: str) -> str:
        from .route_matrix_kit import DENIED, HIDDEN, OK

        if role in self.ok:
            return OK
        if role in self.hidden:
            return HIDDEN
        return DENIED


def rule(ok, hidden=(), *, method: str = "GET", query: str = "", **params: str) -> Rule:
    ok, hidden = frozenset(ok), frozenset(hidden)
    unknown = (ok | hidden) - EVERYONE
    if unknown or ok & hidden:
        raise ValueError(f"unknown roles {sorted(unknown)} or roles both allowed and hidden {sorted(ok & hidden)}")
    return Rule(ok=ok, hidden=hidden, method=method, params=dict(params), query=query)


def post(ok, hidden=(), **params: str) -> Rule:
    """A page that only takes POST."""
    return rule(ok, hidden, method="POST", **params)


def scoped(ok, **params: str) -> Rule:
    """An object the other signed-in roles may not know of (404); the public is asked to sign in."""
    return rule(ok, SIGNED_IN - frozenset(ok), **params)


def unseen(ok, **params: str) -> Rule:
    """An object nobody else may know of, the public included (404)."""
    return rule(ok, EVERYONE - frozenset(ok), **params)


Rules = Rule | list[Rule]

# Role sets the rules below share.
MANAGERS = frozenset({MANAGER, ADMIN})  # a call's project manager and the district administrator
PLANNERS = frozenset({PURCHASER, ADMIN})  # a round's purchasers and the district administrator
SURVEYORS = frozenset({COMMUNITY, PURCHASER, ADMIN})  # who asks residents (community, street, district)
CREDIT_DESK = frozenset({ADMIN, OFFICER, CREDIT_ADMIN})  # who reports 双公示 records
CREDIT_OFFICE = frozenset({ADMIN, CREDIT_ADMIN})  # the credit office (lists, catalogues, regimes, repairs)
CREDIT_CHECKERS = frozenset({PURCHASER, MANAGER, ADMIN, OFFICER, CREDIT_ADMIN})
# Who sees the provider's proposal to 东街街道 after the deadline: its organization, the call's manager, the
# district administrator and the purchaser whose intention it answers.
PROPOSAL_READERS = frozenset({PROVIDER, MANAGER, ADMIN, PURCHASER})
PROVIDER_FILE_READERS = frozenset({PROVIDER, MANAGER, ADMIN, PURCHASER})  # an organization's private file

# --- pages, by URL name ---------------------------------------------------------------------------------------------

PAGES: dict[str, Rules] = {
    # core: home, sign-in, the API's own pages
    "core:home": rule(EVERYONE),
    "core:login": rule(EVERYONE),
    "core:logout": post(EVERYONE),
    "set_language": rule(EVERYONE),
    "core:password_change": rule(SIGNED_IN),
    "core:tokens": rule(SIGNED_IN),
    "core:token_revoke": post({PROVIDER}, SIGNED_IN - {PROVIDER}, prefix="token"),
    "api:openapi-json": rule(EVERYONE),
    "api:openapi-view": rule(EVERYONE),
    "api:api-root": rule(NOBODY, EVERYONE),
    # core: divisions, organizations, people, calendar, audit
    "core:division_list": rule(EVERYONE),
    "core:division_detail": rule(EVERYONE, code="division"),
    "core:division_create": rule({ADMIN}),
    "core:division_edit": [rule(DIVISION_STAFF, code="division"), rule({ADMIN}, code="division.other")],
    "core:organization_list": rule(EVERYONE),
    "core:organization_detail": rule(EVERYONE, public_id="organization"),
    "core:organization_create": rule({ADMIN}),
    "core:organization_edit": [
        rule({ADMIN, PROVIDER}, public_id="organization"),
        rule({ADMIN}, public_id="organization.other"),
    ],
    "core:organization_contact_add": [
        rule({ADMIN, PROVIDER}, public_id="organization"),
        rule({ADMIN}, public_id="organization.other"),
    ],
    "core:organization_grade_add": rule({ADMIN}, public_id="organization"),
    "core:organization_inspection_add": rule({ADMIN}, public_id="organization"),
    "core:person_list": rule({ADMIN}),
    "core:person_create": rule({ADMIN}),
    "core:person_detail": rule({ADMIN, PROVIDER}, username="username"),
    "core:person_edit": rule({ADMIN, PROVIDER}, username="username"),
    "core:person_role_add": rule({ADMIN}, username="username"),
    "core:person_role_revoke": post({ADMIN}, username="username"),
    "core:calendar": rule(EVERYONE),
    "audit:event_list": rule({ADMIN}),
    # files: a file is read by those who may see what it belongs to
    "files:upload": post(SIGNED_IN),
    "files:download": [
        unseen(PROPOSAL_READERS, public_id="attachment.opened"),
        unseen({PROVIDER}, public_id="attachment.sealed"),  # sealed until the call's deadline
        unseen(PROVIDER_FILE_READERS, public_id="attachment.profile"),
    ],
    # surveys
    "surveys:list": rule(EVERYONE),
    "surveys:answer": rule(EVERYONE, public_id="questionnaire.open"),
    "surveys:answer_phone": post(EVERYONE, public_id="questionnaire.open"),
    "surveys:answer_verify": post(EVERYONE, public_id="questionnaire.open"),
    "surveys:answer_forget": post(EVERYONE, public_id="questionnaire.open"),
    "surveys:results": rule(EVERYONE, public_id="questionnaire.closed"),
    "surveys:desk": rule(SURVEYORS),
    "surveys:create": rule(SURVEYORS),
    "surveys:manage": scoped(SURVEYORS, public_id="questionnaire.draft"),
    "surveys:print": scoped(SURVEYORS, public_id="questionnaire.draft"),
    "surveys:export": rule(SURVEYORS, public_id="questionnaire.closed", fmt="export_format"),
    "surveys:paper": scoped(SURVEYORS, public_id="questionnaire.draft"),
    "surveys:paper_delete": post(
        SURVEYORS, SIGNED_IN - SURVEYORS, public_id="questionnaire.closed", response_id="paper_response"
    ),
    "surveys:open": post(SURVEYORS, SIGNED_IN - SURVEYORS, public_id="questionnaire.draft"),
    "surveys:close": post(SURVEYORS, SIGNED_IN - SURVEYORS, public_id="questionnaire.draft"),
    "surveys:question_add": post(SURVEYORS, SIGNED_IN - SURVEYORS, public_id="questionnaire.draft"),
    "surveys:question_edit": scoped(SURVEYORS, public_id="questionnaire.draft", question_id="question"),
    "surveys:question_remove": post(
        SURVEYORS, SIGNED_IN - SURVEYORS, public_id="questionnaire.draft", question_id="question"
    ),
    "surveys:question_move": post(
        SURVEYORS, SIGNED_IN - SURVEYORS, public_id="questionnaire.draft", question_id="question", direction="direction"
    ),
    # needs
    "needs:board": rule(EVERYONE),
    "needs:community": rule(EVERYONE, code="community"),
    "needs:detail": rule(EVERYONE, public_id="need"),
    "needs:support": post(EVERYONE, public_id="need"),
    "needs:submit": rule(EVERYONE),
    "needs:mine": rule(EVERYONE),
    "needs:verify_phone": rule(EVERYONE),
    "needs:forget_phone": post(EVERYONE),
    "needs:desk": rule(SURVEYORS),
    "needs:new": rule({COMMUNITY, ADMIN}),
    "needs:batch_accept": post(SURVEYORS),
    "needs:street": rule(PLANNERS),
    "needs:edit": [rule({COMMUNITY}, public_id="need"), rule(NOBODY, public_id="need.other")],
    "needs:manage": [rule(SURVEYORS, public_id="need"), rule({ADMIN}, public_id="need.other")],
    "needs:categories": rule({ADMIN}),
    "needs:category_edit": rule({ADMIN}, code="category"),
    "needs:category_toggle": post({ADMIN}, code="category"),
    # calls: rounds and the purchasers' intentions
    "planning:round_list": rule(EVERYONE),
    "planning:round_detail": rule(EVERYONE, code="round"),
    "planning:round_new": rule({ADMIN}),
    "planning:round_edit": rule({ADMIN}, code="round"),
    "planning:round_budget": post({ADMIN}, code="round"),
    "planning:round_open": post({ADMIN}, code="round"),
    "planning:round_close": post({ADMIN}, code="round"),
    "planning:planning_desk": rule(PLANNERS),
    "planning:round_plan": rule(PLANNERS, code="round"),
    "planning:intention_new": rule(PLANNERS, code="round"),
    "planning:intention_detail": rule(EVERYONE, public_id="intention"),
    "planning:intention_edit": rule(PLANNERS, public_id="intention"),
    "planning:intention_confirm": post(PLANNERS, public_id="intention"),
    "planning:intention_withdraw": rule(PLANNERS, public_id="intention"),
    # calls: the calls, their documents and questions
    "calls:call_list": rule(EVERYONE),
    "calls:call_detail": [rule(EVERYONE, public_id="call"), unseen(MANAGERS, public_id="call.draft")],
    "calls:call_ask": post(SIGNED_IN, public_id="call.open"),
    "calls:call_desk": rule(MANAGERS),
    "calls:call_new": rule(MANAGERS),
    "calls:call_editor_row": rule(MANAGERS, kind="call_row"),
    "calls:call_edit": scoped(MANAGERS, public_id="call.draft"),
    "calls:call_publish": scoped(MANAGERS, public_id="call.draft"),
    "calls:call_amend": scoped(MANAGERS, public_id="call.draft"),
    "calls:call_cancel": scoped(MANAGERS, public_id="call.draft"),
    "calls:call_questions": scoped(MANAGERS, public_id="call.draft"),
    "calls:call_document_upload": post(MANAGERS, SIGNED_IN - MANAGERS, public_id="call.draft"),
    "calls:call_document_remove": post(
        MANAGERS, SIGNED_IN - MANAGERS, public_id="call.draft", document_id="call_document"
    ),
    "calls:question_answer": post(MANAGERS, public_id="call_question"),
    "calls:question_reject": post(MANAGERS, public_id="call_question"),
    "calls:question_correct": post(MANAGERS, public_id="call_question"),
    # providers: the organization's profile
    "providers:profile": rule({PROVIDER}),
    "providers:team_member_add": post({PROVIDER}),
    "providers:team_member_edit": scoped({PROVIDER}, public_id="team_member"),
    "providers:team_member_deactivate": post({PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="team_member"),
    "providers:team_member_reactivate": post({PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="team_member"),
    "providers:past_project_add": post({PROVIDER}),
    "providers:past_project_edit": scoped({PROVIDER}, public_id="past_project"),
    "providers:past_project_remove": post({PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="past_project"),
    "providers:profile_document_upload": post({PROVIDER}),
    "providers:profile_document_remove": post({PROVIDER}, SIGNED_IN - {PROVIDER}, attachment_id="profile_attachment"),
    # proposals: reading (sealed before the deadline: only the organization's own members)
    "proposals:mine": rule({PROVIDER}),
    "proposals:new": post({PROVIDER}),
    "proposals:detail": [
        scoped(PROPOSAL_READERS, public_id="proposal"),
        scoped(MANAGERS, public_id="proposal.other"),
        scoped({PROVIDER}, public_id="proposal.sealed"),
    ],
    "proposals:print": [
        scoped(PROPOSAL_READERS, public_id="proposal"),
        scoped({PROVIDER}, public_id="proposal.sealed"),
    ],
    "proposals:pdf": [scoped(PROPOSAL_READERS, public_id="proposal"), scoped({PROVIDER}, public_id="proposal.sealed")],
    "proposals:receipt": [
        scoped(PROPOSAL_READERS, public_id="proposal"),
        scoped({PROVIDER}, public_id="proposal.sealed"),
    ],
    # proposals: the editor and submission (the organization's own members only)
    "proposals:edit": scoped({PROVIDER}, public_id="proposal.draft"),
    "proposals:submit": scoped({PROVIDER}, public_id="proposal.draft"),
    "proposals:withdraw": scoped({PROVIDER}, public_id="proposal.sealed"),
    "proposals:submit_fix": scoped({PROVIDER}, public_id="proposal.draft"),
    **{
        name: post({PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="proposal.draft")
        for name in (
            "proposals:confirm_amendments",
            "proposals:autosave",
            "proposals:intentions_save",
            "proposals:communities_save",
            "proposals:commitment_save",
            "proposals:team_add",
        )
    },
    "proposals:section_save": post({PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="proposal.draft", section="section"),
    "proposals:team_update": post(
        {PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="proposal.draft", member_id="proposal_team_member"
    ),
    "proposals:team_remove": post(
        {PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="proposal.draft", member_id="proposal_team_member"
    ),
    **{
        name: post({PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="proposal.draft", code="document_code")
        for name in ("proposals:document_upload", "proposals:document_use_profile", "proposals:document_remove")
    },
    "proposals:row_add": post({PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="proposal.draft", kind="row_kind"),
    "proposals:row_update": post(
        {PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="proposal.draft", kind="row_kind", position="position"
    ),
    "proposals:row_remove": post(
        {PROVIDER}, SIGNED_IN - {PROVIDER}, public_id="proposal.draft", kind="row_kind", position="position"
    ),
    # screening
    "screening:index": rule(PROPOSAL_READERS),
    "screening:mine": rule({PROVIDER}),
    "screening:board": rule({PURCHASER, MANAGER, ADMIN}, public_id="call"),
    "screening:export": rule({PURCHASER, MANAGER, ADMIN}, public_id="call"),
    "screening:run": post(MANAGERS, public_id="call"),
    "screening:batch": post(MANAGERS, public_id="call"),
    "screening:detail": scoped(PROPOSAL_READERS, public_id="screening"),
    # credit: public 双公示
    "credit:index": rule(EVERYONE),
    "credit:licensing": rule(EVERYONE),
    "credit:penalties": rule(EVERYONE),
    "credit:record": [rule(EVERYONE, public_id="penalty"), rule(EVERYONE, public_id="licensing")],
    "credit:lists": rule(EVERYONE),
    "credit:catalogues": rule(EVERYONE),
    "credit:regimes": rule(EVERYONE),
    # credit: the reporting units' desk
    "credit:desk": rule(CREDIT_DESK),
    "credit:record_new": rule(CREDIT_DESK, kind="record_kind"),
    "credit:manage_record": [
        rule(CREDIT_DESK, public_id="penalty"),
        rule(CREDIT_OFFICE, public_id="penalty.other_unit"),
    ],
    "credit:record_edit": [
        rule(CREDIT_STAFF, public_id="penalty"),
        rule({CREDIT_ADMIN}, public_id="penalty.other_unit"),
    ],
    "credit:record_revoke": [
        rule(CREDIT_STAFF, public_id="penalty"),
        rule({CREDIT_ADMIN}, public_id="penalty.other_unit"),
    ],
    "credit:template": rule(CREDIT_DESK, kind="record_kind", extension="extension"),
    "credit:import": rule(CREDIT_DESK),
    "credit:import_job": rule(CREDIT_DESK, public_id="import"),
    "credit:import_progress": rule(CREDIT_DESK, public_id="import"),
    "credit:import_errors": rule(CREDIT_DESK, public_id="import"),
    "credit:timeliness": rule(CREDIT_DESK),
    # credit: the credit office
    "credit:office": rule(CREDIT_OFFICE),
    "credit:office_catalogues": rule(CREDIT_OFFICE),
    "credit:unit_catalogue": rule(CREDIT_OFFICE, code="unit"),
    "credit:office_regimes": rule(CREDIT_OFFICE),
    "credit:regime_rule_edit": rule(CREDIT_OFFICE, regime_code="regime", severity="severity", sector="sector"),
    "credit:office_lists": rule(CREDIT_OFFICE),
    "credit:list_entry_new": rule(CREDIT_OFFICE),
    "credit:list_import": rule(CREDIT_OFFICE),
    "credit:list_entry_remove": rule(CREDIT_OFFICE, public_id="list_entry"),
    "credit:memorandum_new": rule(CREDIT_OFFICE),
    "credit:office_repairs": rule(CREDIT_OFFICE),
    "credit:repair_detail": scoped(CREDIT_OFFICE, public_id="repair"),
    # credit: checks, and the providers' own penalties
    "credit:check": rule(CREDIT_CHECKERS),
    "credit:check_detail": rule(CREDIT_CHECKERS, public_id="check"),
    "credit:mine": rule({PROVIDER, ADMIN, CREDIT_ADMIN}),
    "credit:repair_new": rule(CREDIT_OFFICE, public_id="penalty"),
}

# --- API operations, by "METHOD /path" under /api/v1 ----------------------------------------------------------------

PROPOSAL_WRITES = (
    "PATCH /proposals/{public_id}",
    "POST /proposals/{public_id}/submit",
    "POST /proposals/{public_id}/withdraw",
    "POST /proposals/{public_id}/confirm-amendments",
    "POST /proposals/{public_id}/fix",
    "POST /proposals/{public_id}/activities",
    "POST /proposals/{public_id}/indicators",
    "POST /proposals/{public_id}/team",
    "POST /proposals/{public_id}/budget-lines",
    "POST /proposals/{public_id}/documents",
)
PROPOSAL_ROW_WRITES = tuple(
    f"{method} /proposals/{{public_id}}/{kind}/{{position}}"
    for kind in ("activities", "indicators", "budget-lines")
    for method in ("PATCH", "DELETE")
)

API: dict[str, Rules] = {
    # core: people, tokens, tools, audit
    "GET /users": rule(EVERYONE),  # the list is scoped: others see only themselves
    "POST /users": rule({ADMIN}),
    "GET /users/me": rule(SIGNED_IN),
    "GET /users/{username}": unseen({ADMIN, PROVIDER}, username="username"),
    "POST /users/{username}/roles": rule({ADMIN}, username="username"),
    "DELETE /users/{username}/roles/{key}": rule(
        {ADMIN}, EVERYONE - {ADMIN, PROVIDER}, username="username", key="role_key"
    ),
    "GET /tokens": rule(SIGNED_IN),
    "POST /tokens": rule(SIGNED_IN),
    "DELETE /tokens/{prefix}": scoped({PROVIDER}, prefix="token"),
    "GET /checks/uscc/{code}": rule(EVERYONE, code="uscc"),
    "GET /calendar/days/{day}": rule(EVERYONE, day="day"),
    "GET /calendar/add-working-days": rule(EVERYONE, query="date=2020-10-01&n=3"),
    "GET /calendar/working-days-between": rule(EVERYONE, query="start=2020-10-01&end=2020-10-31"),
    "GET /audit/{target_type}/{target_id}": rule(
        PROVIDER_FILE_READERS | {CREDIT_ADMIN}, target_type="audit_type", target_id="organization"
    ),
    # core: divisions and organizations
    "GET /divisions": rule(EVERYONE),
    "POST /divisions": rule({ADMIN}),
    "GET /divisions/{code}": rule(EVERYONE, code="division"),
    "PATCH /divisions/{code}": [rule(DIVISION_STAFF, code="division"), rule({ADMIN}, code="division.other")],
    "GET /organizations": rule(EVERYONE),
    "POST /organizations": rule({ADMIN}),
    "GET /organizations/{public_id}": rule(EVERYONE, public_id="organization"),
    "PATCH /organizations/{public_id}": [
        rule({ADMIN, PROVIDER}, public_id="organization"),
        rule({ADMIN}, public_id="organization.other"),
    ],
    "POST /organizations/{public_id}/grades": rule({ADMIN}, public_id="organization"),
    "POST /organizations/{public_id}/inspections": rule({ADMIN}, public_id="organization"),
    # providers: the organization's profile
    "GET /organizations/{public_id}/team": rule(PROVIDER_FILE_READERS, public_id="organization"),
    "POST /organizations/{public_id}/team": rule({PROVIDER}, public_id="organization"),
    "PATCH /organizations/{public_id}/team/{member_id}": rule(
        {PROVIDER}, public_id="organization", member_id="team_member"
    ),
    "POST /organizations/{public_id}/team/{member_id}/deactivate": rule(
        {PROVIDER}, public_id="organization", member_id="team_member"
    ),
    "GET /organizations/{public_id}/past-projects": rule(PROVIDER_FILE_READERS, public_id="organization"),
    "POST /organizations/{public_id}/past-projects": rule({PROVIDER}, public_id="organization"),
    "PATCH /organizations/{public_id}/past-projects/{project_id}": rule(
        {PROVIDER}, public_id="organization", project_id="past_project"
    ),
    "DELETE /organizations/{public_id}/past-projects/{project_id}": rule(
        {PROVIDER}, public_id="organization", project_id="past_project"
    ),
    "GET /organizations/{public_id}/documents": rule(PROVIDER_FILE_READERS, public_id="organization"),
    "POST /organizations/{public_id}/documents": rule({PROVIDER}, public_id="organization"),
    "DELETE /organizations/{public_id}/documents/{document_id}": rule(
        {PROVIDER}, public_id="organization", document_id="profile_attachment"
    ),
    # files
    "POST /files": rule(SIGNED_IN),
    "GET /files/{public_id}": [
        unseen(PROPOSAL_READERS, public_id="attachment.opened"),
        unseen({PROVIDER}, public_id="attachment.sealed"),
        unseen(PROVIDER_FILE_READERS, public_id="attachment.profile"),
    ],
    # surveys
    "GET /questionnaires": rule(EVERYONE),
    "POST /questionnaires": rule(SURVEYORS),
    "GET /questionnaires/{public_id}": [
        rule(EVERYONE, public_id="questionnaire.open"),
        unseen(SURVEYORS, public_id="questionnaire.draft"),
    ],
    "GET /questionnaires/{public_id}/results": [
        rule(EVERYONE, public_id="questionnaire.closed"),
        unseen(SURVEYORS, public_id="questionnaire.draft"),
    ],
    "POST /questionnaires/{public_id}/open": scoped(SURVEYORS, public_id="questionnaire.draft"),
    "POST /questionnaires/{public_id}/close": scoped(SURVEYORS, public_id="questionnaire.draft"),
    "POST /questionnaires/{public_id}/paper-responses": scoped(SURVEYORS, public_id="questionnaire.open"),
    "POST /questionnaires/{public_id}/response-code": rule(EVERYONE, public_id="questionnaire.open"),
    "POST /questionnaires/{public_id}/responses": rule(EVERYONE, public_id="questionnaire.open"),
    # needs
    "GET /needs": rule(EVERYONE),
    "POST /needs": rule({COMMUNITY, ADMIN}),
    "GET /needs/{public_id}": rule(EVERYONE, public_id="need"),
    "PATCH /needs/{public_id}": [rule({COMMUNITY}, public_id="need"), rule(NOBODY, public_id="need.other")],
    "PUT /needs/{public_id}/questionnaires": rule({COMMUNITY}, public_id="need"),
    "POST /needs/{public_id}/decision": [rule(SURVEYORS, public_id="need"), rule({ADMIN}, public_id="need.other")],
    "POST /needs/{public_id}/support-code": rule(EVERYONE, public_id="need"),
    "POST /needs/{public_id}/support": rule({ANON, RESIDENT}, public_id="need"),
    "GET /need-categories": rule(EVERYONE),
    "POST /need-categories": rule({ADMIN}),
    "PATCH /need-categories/{code}": rule({ADMIN}, code="category"),
    # calls: rounds and intentions
    "GET /rounds": rule(EVERYONE),
    "POST /rounds": rule({ADMIN}),
    "GET /rounds/{code}": rule(EVERYONE, code="round"),
    "PATCH /rounds/{code}": rule({ADMIN}, code="round"),
    "POST /rounds/{code}/budgets": rule({ADMIN}, code="round"),
    "POST /rounds/{code}/open": rule({ADMIN}, code="round"),
    "POST /rounds/{code}/close": rule({ADMIN}, code="round"),
    "GET /intentions": rule(EVERYONE),
    "POST /intentions": rule(PLANNERS),
    "GET /intentions/{public_id}": rule(EVERYONE, public_id="intention"),
    "PATCH /intentions/{public_id}": rule(PLANNERS, public_id="intention"),
    "POST /intentions/{public_id}/confirm": rule(PLANNERS, public_id="intention"),
    "POST /intentions/{public_id}/withdraw": rule(PLANNERS, public_id="intention"),
    # calls
    "GET /calls": rule(EVERYONE),
    "POST /calls": rule(MANAGERS),
    "GET /calls/{public_id}": [rule(EVERYONE, public_id="call"), unseen(MANAGERS, public_id="call.draft")],
    "PATCH /calls/{public_id}": scoped(MANAGERS, public_id="call.draft"),
    "POST /calls/{public_id}/publish": scoped(MANAGERS, public_id="call.draft"),
    "POST /calls/{public_id}/cancel": scoped(MANAGERS, public_id="call.draft"),
    "GET /calls/{public_id}/amendments": [
        rule(EVERYONE, public_id="call"),
        unseen(MANAGERS, public_id="call.draft"),
    ],
    "POST /calls/{public_id}/amendments": scoped(MANAGERS, public_id="call.open"),
    "GET /calls/{public_id}/questions": [
        rule(EVERYONE, public_id="call"),
        unseen(MANAGERS, public_id="call.draft"),
    ],
    "POST /calls/{public_id}/questions": rule(SIGNED_IN, public_id="call.open"),
    "POST /calls/{public_id}/questions/{question_id}/answer": rule(
        MANAGERS, public_id="call", question_id="call_question_id"
    ),
    "POST /calls/{public_id}/questions/{question_id}/reject": rule(
        MANAGERS, public_id="call", question_id="call_question_id"
    ),
    "POST /calls/{public_id}/questions/{question_id}/correction": rule(
        MANAGERS, public_id="call", question_id="call_question_id"
    ),
    # proposals (sealed before the deadline: only the organization's own members)
    "GET /proposals": rule(SIGNED_IN),  # the list is scoped to what each may see
    "POST /proposals": rule({PROVIDER}),
    "GET /proposals/submitted-count": rule(MANAGERS, query="call={call.open}"),
    "GET /proposals/{public_id}": [
        scoped(PROPOSAL_READERS, public_id="proposal"),
        scoped(MANAGERS, public_id="proposal.other"),
        scoped({PROVIDER}, public_id="proposal.sealed"),
        scoped({PROVIDER}, public_id="proposal.draft"),
    ],
    **{key: scoped({PROVIDER}, public_id="proposal.draft") for key in PROPOSAL_WRITES},
    **{key: scoped({PROVIDER}, public_id="proposal.draft", position="position") for key in PROPOSAL_ROW_WRITES},
    "PATCH /proposals/{public_id}/team/{member}": scoped(
        {PROVIDER}, public_id="proposal.draft", member="proposal_team_member"
    ),
    "DELETE /proposals/{public_id}/team/{member}": scoped(
        {PROVIDER}, public_id="proposal.draft", member="proposal_team_member"
    ),
    "PATCH /proposals/{public_id}/documents/{code}": scoped(
        {PROVIDER}, public_id="proposal.draft", code="document_code"
    ),
    "DELETE /proposals/{public_id}/documents/{code}": scoped(
        {PROVIDER}, public_id="proposal.draft", code="document_code"
    ),
    # screening
    "GET /screenings": rule(SIGNED_IN),  # scoped
    "GET /screenings/{public_id}": scoped(PROPOSAL_READERS, public_id="screening"),
    "POST /screenings/{public_id}/decision": scoped(MANAGERS, public_id="screening"),
    "POST /screenings/batch-decision": rule(MANAGERS),
    "GET /calls/{public_id}/screening-runs": scoped({PURCHASER, MANAGER, ADMIN}, public_id="call"),
    "POST /calls/{public_id}/screening-runs": rule(MANAGERS, public_id="call"),
    # credit: public 双公示
    "GET /credit/records": rule(EVERYONE),
    "GET /credit/records/{public_id}": rule(EVERYONE, public_id="penalty"),
    "GET /credit/lists": rule(EVERYONE),
    "GET /credit/catalogues": rule(EVERYONE),
    "GET /credit/units": rule(EVERYONE),
    "GET /credit/stats": rule(EVERYONE),
    # credit: reporting
    "POST /credit/records": rule(CREDIT_DESK),
    "PATCH /credit/records/{public_id}": [
        rule(CREDIT_STAFF, public_id="penalty"),
        rule({CREDIT_ADMIN}, public_id="penalty.other_unit"),
    ],
    "POST /credit/records/{public_id}/revocation": [
        rule(CREDIT_STAFF, public_id="penalty"),
        rule({CREDIT_ADMIN}, public_id="penalty.other_unit"),
    ],
    "GET /credit/desk/records": rule(CREDIT_DESK),
    "GET /credit/desk/records/{public_id}": [
        rule(CREDIT_DESK, public_id="penalty"),
        rule(CREDIT_OFFICE, public_id="penalty.other_unit"),
    ],
    "GET /credit/timeliness": rule(CREDIT_DESK),
    # credit: the credit office
    "POST /credit/catalogues": rule(CREDIT_OFFICE),
    "POST /credit/lists": rule(CREDIT_OFFICE),
    "POST /credit/lists/{public_id}/removal": rule(CREDIT_OFFICE, public_id="list_entry"),
    "GET /credit/repairs": rule(SIGNED_IN),  # scoped
    "POST /credit/repairs": rule({PROVIDER, ADMIN, CREDIT_ADMIN}),
    "GET /credit/repairs/{public_id}": scoped(CREDIT_OFFICE, public_id="repair"),
    "POST /credit/repairs/{public_id}/decision": scoped(CREDIT_OFFICE, public_id="repair"),
    # credit: checks
    "POST /credit/checks": rule(CREDIT_CHECKERS),
    "GET /credit/checks/{public_id}": rule(CREDIT_CHECKERS, public_id="check"),
}

# API operations that still validate the body before they refuse a caller (django-ninja parses the body before the
# view asks who is calling): anyone, the public included, gets 422 for a malformed body instead of 401/403/404.
# The matrix fails for an operation that starts doing this, and for one listed here that no longer does.
VALIDATED_BEFORE_REFUSAL: frozenset[str] = frozenset(
    {
        "PATCH /proposals/{public_id}/documents/{code}",
        "POST /calls",
        "POST /calls/{public_id}/amendments",
        "POST /calls/{public_id}/cancel",
        "POST /calls/{public_id}/questions/{question_id}/answer",
        "POST /calls/{public_id}/questions/{question_id}/correction",
        "POST /calls/{public_id}/questions/{question_id}/reject",
        "POST /credit/catalogues",
        "POST /credit/lists",
        "POST /credit/lists/{public_id}/removal",
        "POST /credit/records",
        "POST /credit/records/{public_id}/revocation",
        "POST /credit/repairs",
        "POST /credit/repairs/{public_id}/decision",
        "POST /divisions",
        "POST /intentions",
        "POST /need-categories",
        "POST /needs",
        "POST /needs/{public_id}/decision",
        "POST /organizations",
        "POST /organizations/{public_id}/documents",
        "POST /organizations/{public_id}/grades",
        "POST /organizations/{public_id}/inspections",
        "POST /organizations/{public_id}/past-projects",
        "POST /organizations/{public_id}/team",
        "POST /proposals",
        "POST /proposals/{public_id}/documents",
        "POST /proposals/{public_id}/team",
        "POST /questionnaires",
        "POST /questionnaires/{public_id}/paper-responses",
        "POST /rounds",
        "POST /rounds/{code}/budgets",
        "POST /screenings/batch-decision",
        "POST /screenings/{public_id}/decision",
        "POST /users",
        "POST /users/{username}/roles",
        "PUT /needs/{public_id}/questionnaires",
    }
)
