"""The personal-data crawler (issue 9): residents, community workers and credit officers type ID and phone numbers,
in every spelling that once got through the masking, into every free-text field the public can read — a need's
title, target group, description, evidence and answer, a merged need's answer, survey free-text answers, the facts,
content, basis and remarks of 双公示 records, the reasons of list entries — through the services. Then every public
page reachable from the public entry points (anonymous, following internal links), every public API GET (from the
OpenAPI document, with the ids the lists give) and every public export they link to is fetched; then, as the staff
of that world, the exports that leave the platform are downloaded (the survey responses as CSV and XLSX, and the
screening board when the call has screenings). The bodies, normalized (NFKC, separators removed; spreadsheets read
cell by cell), are scanned for the planted numbers: none may appear.

The counts (pages scanned, API responses, exports, hits) are printed in CI's log (huimin.core.testing.ci_counts).
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation

from huimin.core.masking import normalize_digits
from huimin.core.models import DivisionLevel, Role, RoleAssignment, User
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services import division_create
from huimin.core.testing.ci_counts import report_count
from huimin.core.validators import resident_id_check_char

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

START = ["/", "/needs/", "/credit/", "/calls/", "/surveys/", "/calls/rounds/", "/organizations/", "/divisions/"]
SKIP_PREFIXES = ("/static/", "/admin/", "/i18n/", "/api/", "/login/", "/logout/", "/files/")
MAX_PAGES = 600
MAX_PER_API_PATH = 25


# --- the planted numbers and their spellings ----------------------------------------------------------------------


def _resident_id(sequence: int) -> str:
    first17 = f"14020219770312{sequence:03d}"
    return first17 + resident_id_check_char(first17)


def _mobile(sequence: int) -> str:
    return f"1390352{sequence:04d}"


FULL_WIDTH = str.maketrans("0123456789X+-.", "０１２３４５６７８９Ｘ＋－．")


def id_spellings(number: str) -> list[str]:
    a, b, c = number[:6], number[6:14], number[14:]
    return [
        number,
        f"ID{number}",
        f"{a} {b} {c}",
        f"{a}-{b}-{c}",
        f"{a}.{b}.{c}",
        number.translate(FULL_WIDTH),
        f"身份证号：{a}　{b}　{c}",
    ]


def mobile_spellings(number: str) -> list[str]:
    return [
        number,
        f"+86 {number[:3]} {number[3:7]} {number[7:]}",
        f"86{number}",
        f"+86{number}",
        f"{number[:4]} {number[4:7]} {number[7:]}",
        f"{number[:3]}.{number[3:7]}.{number[7:]}",
        f"{number[:3]}-{number[3:7]}-{number[7:]}",
        number.translate(FULL_WIDTH),
        f"tel{number}",
    ]


@dataclass
class Planter:
    """Hands out a fresh number for every field, in the next spelling, and remembers what it planted."""

    numbers: list[str] = field(default_factory=list)
    sequence: int = 0

    def text(self, prefix: str = "") -> str:
        self.sequence += 1
        resident_id, mobile = _resident_id(self.sequence), _mobile(self.sequence)
        self.numbers += [resident_id, mobile]
        ids, mobiles = id_spellings(resident_id), mobile_spellings(mobile)
        return (
            f"{prefix}联系人身份证{ids[self.sequence % len(ids)]}，"
            f"电话{mobiles[self.sequence % len(mobiles)]}，座机0352-{self.sequence:07d}"
        )

    def landlines(self) -> list[str]:
        return [f"0352{n:07d}" for n in range(1, self.sequence + 1)]


# --- the world --------------------------------------------------------------------------------------------------------

_users = iter(range(1, 10_000))


def make_user(role: str | None, *, division=None, organization=None, **fields: Any) -> Actor:
    user = User.objects.create_user(username=f"crawl-{role or 'user'}-{next(_users)}", password="x-Passw0rd!", **fields)
    if role:
        RoleAssignment.objects.create(user=user, role=role, division=division, organization=organization)
    return Actor.for_user(user)


def build_world(planter: Planter) -> dict[str, Any]:
    from huimin.credit.models import ListType
    from huimin.credit.services.lists import list_entry_add
    from huimin.credit.services.records import record_create
    from huimin.credit.tests.factories import licence_data, make_item, make_unit, natural_person, penalty_data
    from huimin.needs.services import need_accept, need_create, need_merge
    from huimin.needs.tests.factories import category
    from huimin.surveys.services import response_submit
    from huimin.surveys.tests.factories import good_answers, make_questionnaire

    system = SystemActor("crawler")
    district = division_create(code="140213", name="平城区", level=DivisionLevel.DISTRICT, actor=system)
    street = division_create(
        code="140213051", name="古城街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    community = division_create(
        code="140213051001",
        name="兴云社区",
        level=DivisionLevel.COMMUNITY,
        parent=street,
        note=planter.text("社区书记")[:200],
        actor=system,
    )
    worker = make_user(Role.COMMUNITY_WORKER, division=community, full_name="刘社工")
    residents = [make_user(Role.RESIDENT, full_name=f"居民{n}", phone=_mobile(9000 + n)) for n in range(4)]
    planter.numbers += [_mobile(9000 + n) for n in range(4)]  # residents' own phones are never shown either

    # needs: recorded by the worker, submitted by residents, merged and accepted with answers
    needs = []
    for author in (worker, *residents[:2]):
        needs.append(
            need_create(
                community=community,
                title=planter.text("需求")[:110],
                category=category("elderly"),
                target_group=planter.text("独居老人")[:118],
                description=planter.text("描述："),
                evidence_note=planter.text("走访："),
                estimated_beneficiaries=30,
                actor=author,
            )
        )
    need_merge(need=needs[1], into=needs[0], answer=planter.text("已合并，"), actor=worker)
    need_accept(need=needs[0], answer=planter.text("已受理，"), actor=worker)

    # a survey written by the worker, with free-text answers from residents
    questionnaire = make_questionnaire(
        community,
        worker,
        title=planter.text("调查")[:100],
        description=planter.text("说明："),
        questions=[
            {"kind": "single", "text": planter.text("年龄段？")[:200], "choices": ["60岁以下", planter.text()[:100]]},
            {"kind": "multiple", "text": "需要哪些服务？", "choices": ["助餐", planter.text("其他")[:100]]},
            {"kind": "text", "text": "其他建议", "required": False},
        ],
    )
    for resident in residents:
        response_submit(
            questionnaire=questionnaire,
            answers=good_answers(questionnaire, multiple=(0, 1), text=planter.text("建议：")),
            actor=resident,
        )

    # 双公示 records of natural persons and of a company, and a list entry, filed by the unit
    unit = make_unit(name="大同市平城区市场监督管理局")
    penalty_item, licence_item = make_item(unit, "penalty"), make_item(unit, "licensing")
    officer = make_user(Role.CREDIT_OFFICER, organization=unit.organization)
    decided = (timezone.localdate() - timedelta(days=3)).strftime("%Y/%m/%d")
    person_id = _resident_id(900)
    planter.numbers.append(person_id)
    with translation.override("en"):
        record_create(
            kind="penalty",
            data=penalty_data(
                unit,
                penalty_item,
                decision_date=decided,
                violation_type=planter.text("违法行为：")[:100],
                facts=planter.text("当事人"),
                basis=planter.text("依据："),
                content=planter.text("罚款，"),
                fine_amount="0.5",
                remarks=planter.text("备注："),
                **natural_person(subject_name="卫涵", person_id_number=person_id),
            ),
            actor=officer,
        )
        record_create(
            kind="penalty",
            data=penalty_data(
                unit,
                penalty_item,
                decision_date=decided,
                facts=planter.text("公司员工"),
                remarks=planter.text("已整改，"),
            ),
            actor=officer,
        )
        record_create(
            kind="licensing",
            data=licence_data(
                unit, licence_item, decision_date=decided, content=planter.text("许可内容："), subject_name="卫涵",
                **{k: v for k, v in natural_person(person_id_number=person_id).items() if k != "subject_name"},
            ),
            actor=officer,
        )  # fmt: skip
    admin = make_user(Role.CREDIT_ADMIN)
    list_entry_add(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        subject_name="卫涵",
        person_id_number=person_id,
        start_date=timezone.localdate() - timedelta(days=10),
        reason=planter.text("拒不履行，"),
        actor=admin,
    )
    calls = build_calls_world(planter, system=system, district=district, street=street, need=needs[0])
    return {"needs": needs, "questionnaire": questionnaire, "surveyor": worker, **calls}


def build_calls_world(planter: Planter, *, system, district, street, need) -> dict[str, Any]:
    """The organizations' registration facts, a planning round with an intention behind the need, and a published
    call with its rules, an amendment and an answered question: what the district administrator, a purchaser, a
    project manager and a provider type, all of it public once published."""
    from huimin.calls.rules import default_rules_json
    from huimin.calls.services import call_amend, call_create, call_publish, call_question_answer, call_question_ask
    from huimin.core.models import OrganizationType
    from huimin.core.services import organization_create, organization_grade_award, organization_inspection_record
    from huimin.core.validators import generate_uscc
    from huimin.needs.tests.factories import category
    from huimin.planning.services import intention_confirm, intention_create, round_budget_set, round_create, round_open

    admin = make_user(Role.DISTRICT_ADMIN)
    organizations = []
    for n, kind in enumerate(("manager", "provider"), start=1):
        org = organization_create(
            actor=admin,
            name=f"大同市平城区爬虫{kind}社会工作服务中心",
            org_type=OrganizationType.SOCIAL_SERVICE,
            uscc=generate_uscc("5", "2", "140213", f"MJC{n:05d}"),
            registration_authority=planter.text("登记机关")[:100],
            legal_representative=planter.text("法人")[:64],
            description=planter.text("简介："),
            division=street,
        )
        organization_grade_award(
            organization=org,
            grade=4,
            awarded_on=timezone.localdate() - timedelta(days=30),
            authority=planter.text("评估机构")[:100],
            actor=admin,
        )
        organization_inspection_record(
            organization=org,
            year=timezone.localdate().year - 1,
            result="passed",
            note=planter.text()[:200],
            actor=admin,
        )
        organizations.append(org)
    manager_org, provider_org = organizations
    manager = make_user(Role.PROJECT_MANAGER, organization=manager_org)
    provider = make_user(Role.PROVIDER, organization=provider_org)
    purchaser = make_user(Role.PURCHASER, division=street)

    round_ = round_create(
        code="crawl-2030", name="平城区爬虫轮次", year=2030, description=planter.text("说明："), actor=admin
    )
    round_budget_set(round=round_, purchaser=street, amount="100000", actor=admin)
    round_open(round=round_, actor=admin)
    intention = intention_create(
        round=round_,
        purchaser=street,
        title=planter.text("意向")[:120],
        category=category("elderly"),
        communities=[need.community],
        needs=[need],
        budget="50000",
        expected_beneficiaries=40,
        description=planter.text("内容："),
        actor=purchaser,
    )
    intention = intention_confirm(intention=intention, actor=purchaser)

    rules = default_rules_json()
    rules["required_documents"][0]["description"] = planter.text("材料说明")[:300]
    rules["review_criteria"][0]["description"] = planter.text("评分说明")[:500]
    rules["eligibility"]["other_conditions"] = planter.text("其他条件")[:200]
    call = call_create(
        round=round_,
        title=planter.text("公告")[:200],
        body=planter.text("正文："),
        manager=manager_org,
        intentions=[intention],
        cap_per_project="50000",
        deadline=timezone.now() + timedelta(days=45),
        **rules,
        actor=manager,
    )
    call = call_publish(call=call, actor=manager)
    question = call_question_ask(call=call, question=planter.text("请问"), organization=provider_org, actor=provider)
    call_question_answer(question=question, answer=planter.text("答复："), actor=manager)
    call_amend(call=call, changes={"body": planter.text("新正文：")}, reason=planter.text("更正："), actor=manager)
    return {
        "call": call,
        "intention": intention,
        "round": round_,
        "organizations": organizations,
        "call_manager": manager,
        "purchaser": purchaser,
    }


@pytest.fixture(scope="module")
def planted(django_db_setup, django_db_blocker):
    """The world, built once for the module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        planter = Planter()
        world = build_world(planter)
        yield planter, world
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()


# --- fetching and scanning --------------------------------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            for name, value in attrs:
                if name == "href" and value:
                    self.hrefs.append(value)


def _internal(href: str) -> str | None:
    url, _ = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIP_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def body_text(response) -> str:
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    if kind.startswith(("text/", "application/json", "application/javascript")):
        return response.content.decode("utf-8", "replace")
    return ""


@dataclass
class Scan:
    numbers: list[str]
    hits: list[tuple[str, str]] = field(default_factory=list)

    def check(self, url: str, text: str) -> None:
        flat = normalize_digits(text).upper()
        self.hits += [(url, n) for n in self.numbers if n.upper() in flat]


def crawl(client: Client, scan: Scan) -> tuple[int, int, set[str]]:
    """Breadth-first over the public pages from START; returns (pages scanned, exports scanned, URLs fetched)."""
    queue = deque(START)
    seen = set(START)
    pages = exports = 0
    while queue and pages + exports < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = body_text(response)
        scan.check(url, text)
        if "text/html" not in response.get("Content-Type", ""):
            exports += 1
            continue
        pages += 1
        parser = Links()
        parser.feed(text)
        for href in parser.hrefs:
            target = _internal(href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages, exports, seen


_PARAM = re.compile(r"\{[^}]+\}")


def _ids(data: Any, out: set[str]) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("public_id", "id", "code", "number", "username") and isinstance(value, str):
                out.add(value)
            else:
                _ids(value, out)
    elif isinstance(data, list):
        for item in data:
            _ids(item, out)


def crawl_api(client: Client, scan: Scan) -> int:
    """Every GET of the OpenAPI document: first those without parameters, then the others with the ids seen."""
    document = client.get("/api/v1/openapi.json").json()
    gets = [path for path, ops in document["paths"].items() if "get" in ops]
    seen_ids: set[str] = set()
    scanned = 0
    for path in [p for p in gets if not _PARAM.search(p)]:
        response = client.get(path)
        if response.status_code == 200:
            scanned += 1
            scan.check(path, body_text(response))
            _ids(response.json() if "json" in response.get("Content-Type", "") else None, seen_ids)
    for path in [p for p in gets if _PARAM.search(p)]:
        if len(_PARAM.findall(path)) != 1:
            continue
        tried = 0
        for value in sorted(seen_ids):
            if tried >= MAX_PER_API_PATH:
                break
            response = client.get(_PARAM.sub(value, path))
            if response.status_code == 200:
                tried += 1
                scanned += 1
                scan.check(path, body_text(response))
    return scanned


def crawl_staff_exports(world: dict[str, Any], scan: Scan) -> int:
    """The exports that leave the platform are staff downloads: as the staff of the world, download the survey
    responses (CSV and XLSX, as the questionnaire's surveyor) and, when the call has screenings, the screening
    board (as its project manager and as the purchaser); scan them like the pages. Returns how many were scanned."""
    from django.urls import reverse

    from huimin.screening.models import Screening

    downloads: list[tuple[Actor, str]] = [
        (
            world["surveyor"],
            reverse("surveys:export", kwargs={"public_id": world["questionnaire"].public_id, "fmt": fmt}),
        )
        for fmt in ("csv", "xlsx")
    ]
    if Screening.objects.filter(call=world["call"]).exists():
        board = reverse("screening:export", kwargs={"public_id": world["call"].public_id})
        downloads += [(world["call_manager"], f"{board}?all=1"), (world["purchaser"], f"{board}?all=1")]
    scanned = 0
    for actor, url in downloads:
        client = Client(headers={"accept-language": "zh-CN"})
        client.force_login(actor.user)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response.get("Content-Disposition", "").startswith("attachment"), url
        scan.check(url, body_text(response))
        scanned += 1
    return scanned


def test_no_planted_id_or_phone_number_reaches_a_public_page_api_response_or_export(planted, record_property):
    planter, world = planted
    numbers = planter.numbers + planter.landlines()
    scan = Scan(numbers=numbers)
    client = Client(headers={"accept-language": "zh-CN"})
    pages, exports, visited = crawl(client, scan)
    api = crawl_api(client, scan)
    exports += crawl_staff_exports(world, scan)
    for name, value in (
        ("personal-data crawler: numbers planted", len(numbers)),
        ("personal-data crawler: pages scanned", pages),
        ("personal-data crawler: API responses scanned", api),
        ("personal-data crawler: exports scanned", exports),
        ("personal-data crawler: hits", len(scan.hits)),
    ):
        report_count(record_property, name, value)
    print(f"personal-data crawler: {len(numbers)} numbers, {pages} pages, {api} API responses, {exports} exports")
    # the planted things were reached (so that 0 hits means something)
    for need in world["needs"]:
        assert f"/needs/{need.public_id}/" in visited
    assert f"/surveys/{world['questionnaire'].public_id}/results/" in visited
    assert any(url.startswith("/credit/records/") for url in visited)
    assert f"/calls/{world['call'].public_id}/" in visited
    assert f"/calls/intentions/{world['intention'].public_id}/" in visited
    assert f"/calls/rounds/{world['round'].code}/" in visited
    assert "/divisions/140213051001/" in visited
    for organization in world["organizations"]:
        assert f"/organizations/{organization.public_id}/" in visited
    assert api > 10
    assert exports >= 1
    by_url = Counter(url for url, _ in scan.hits)
    assert scan.hits == [], json.dumps({"hits per URL": by_url, "first hits": scan.hits[:20]}, ensure_ascii=False)
