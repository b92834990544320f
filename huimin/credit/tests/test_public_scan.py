"""Every public credit page and API response, scanned for natural persons' data: no full resident ID number (the raw
numbers of the persons filed, and anything shaped like one that passes the GB 11643 check) and no full name.

The first test builds its own world (many natural persons, so lists run over several pages); the second, marked
slow, scans the demonstration data set when the demo loads credit data.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from datetime import date

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from huimin.core.validators import check_resident_id
from huimin.credit.models import LicensingRecord, ListEntry, ListType, PenaltyRecord, SubjectCategory
from huimin.credit.services.lists import list_entry_add
from huimin.credit.services.records import record_create

from .factories import at, licence_data, make_item, make_unit, natural_person, penalty_data
from .pages_world import PERSONS, World, build_world, resident_id

pytestmark = pytest.mark.django_db

ID_PATTERN = re.compile(r"\b[1-8]\d{16}[0-9Xx]\b")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def _extra_persons(count: int) -> list[tuple[str, str]]:
    people = []
    for i in range(count):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)] + GIVEN[(i * 7 + 3) % len(GIVEN)]
        number = resident_id("140213", f"19{70 + i % 30:02d}0{1 + i % 9}1{i % 9}", 100 + i)
        people.append((name, number))
    return people


@pytest.fixture
def scan_world(make_user) -> tuple[World, list[tuple[str, str]]]:
    world = build_world(make_user)
    unit = make_unit(name="大同市平城区城市管理局")
    penalty_item = make_item(unit, "penalty")
    licence_item = make_item(unit, "licensing")
    persons = list(PERSONS) + _extra_persons(30)
    with translation.override("en"):
        for index, (name, number) in enumerate(persons[len(PERSONS) :]):
            kind = "penalty" if index % 2 == 0 else "licensing"
            maker = penalty_data if kind == "penalty" else licence_data
            item = penalty_item if kind == "penalty" else licence_item
            extra = {"facts": f"{name}（{number}）占道经营。"} if kind == "penalty" else {"content": f"{name}申请"}
            record_create(
                kind=kind,
                data=maker(
                    unit,
                    item,
                    decision_date="2026/03/10",
                    **extra,
                    **natural_person(subject_name=name, person_id_number=number),
                ),
                actor=world.system,
                now=at(date(2026, 3, 12)),
            )
        for name, number in persons[:4]:
            list_entry_add(
                list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
                subject_name=name,
                person_id_number=number,
                start_date=date(2026, 1, 5),
                reason=f"{name}（{number}）拒不履行生效判决",
                decided_by="大同市平城区人民法院",
                actor=world.admin,
            )
    return world, persons


def _pages(client: Client, url: str, params: dict | None = None) -> Iterable[tuple[str, str]]:
    """Every page of a paginated public page (30 rows a page)."""
    first = client.get(url, params or {})
    assert first.status_code == 200, url
    yield url, first.content.decode()
    page = first.context.get("page") if first.context else None
    if page is not None:
        for number in range(2, page.paginator.num_pages + 1):
            response = client.get(url, {**(params or {}), "page": number})
            assert response.status_code == 200
            yield f"{url}?page={number}", response.content.decode()


def _api_pages(client: Client, url: str, params: dict | None = None) -> Iterable[tuple[str, str]]:
    page = 1
    while True:
        response = client.get(url, {**(params or {}), "page": page, "page_size": 100})
        assert response.status_code == 200, (url, response.content)
        body = response.json()
        yield f"{url}?page={page}", json.dumps(body, ensure_ascii=False)
        if page * 100 >= body["count"]:
            return
        page += 1


def public_responses(client: Client) -> Iterable[tuple[str, str]]:
    """Every public credit page and API response: lists, searches, every published record, statistics, lists."""
    yield from _pages(client, "/credit/")
    for url in ("/credit/licensing/", "/credit/penalties/"):
        yield from _pages(client, url)
        yield from _pages(client, url, {"party": SubjectCategory.NATURAL_PERSON})
    for q in ("李", "王", "欧阳", "有限公司"):
        yield from _pages(client, "/credit/", {"q": q})
    yield from _pages(client, "/credit/lists/")
    for url in ("/credit/catalogues/", "/credit/regimes/"):
        yield url, client.get(url).content.decode()
    api = "/api/v1/credit"
    yield from _api_pages(client, f"{api}/records")
    yield from _api_pages(client, f"{api}/records", {"party": SubjectCategory.NATURAL_PERSON})
    yield from _api_pages(client, f"{api}/records", {"q": "李"})
    yield from _api_pages(client, f"{api}/lists")
    yield from _api_pages(client, f"{api}/catalogues")
    for url in (f"{api}/stats", f"{api}/units"):
        yield url, client.get(url).content.decode()
    for model in (LicensingRecord, PenaltyRecord):
        for public_id in model.objects.filter(is_public=True).values_list("public_id", flat=True):
            page = client.get(f"/credit/records/{public_id}/")
            if page.status_code == 404:  # past its 公示截止期 before the expiry job ran
                continue
            assert page.status_code == 200
            yield f"/credit/records/{public_id}/", page.content.decode()
            yield f"{api}/records/{public_id}", client.get(f"{api}/records/{public_id}").content.decode()


def _known_codes() -> set[str]:
    codes: set[str] = set()
    for model in (LicensingRecord, PenaltyRecord):
        for row in model.objects.values_list("subject_uscc", "authority_uscc", "source_unit_uscc"):
            codes.update(c.upper() for c in row if c)
    codes.update(c.upper() for c in ListEntry.objects.values_list("subject_uscc", flat=True) if c)
    return codes


def assert_nothing_personal(responses: Iterable[tuple[str, str]], persons: list[tuple[str, str]]) -> int:
    """Fail on any person's raw ID number or full name, or any 18-character number that is a valid resident ID and
    not an organization's credit code. Returns the number of responses scanned."""
    known = _known_codes()
    numbers = {number.upper() for _name, number in persons} | {number.lower() for _name, number in persons}
    names = {name for name, _number in persons if len(name) >= 2}
    scanned = 0
    for url, text in responses:
        scanned += 1
        for number in numbers:
            assert number not in text, f"{url} shows the ID number {number}"
        for name in names:
            assert name not in text, f"{url} shows the name {name}"
        for match in ID_PATTERN.findall(text):
            if match.upper() in known:
                continue
            assert not check_resident_id(match).valid, f"{url} shows a resident ID number {match}"
    return scanned


def test_no_public_page_or_api_response_shows_a_natural_persons_id_number_or_name(scan_world):
    _world, persons = scan_world
    client = Client(headers={"accept-language": "zh-CN"})
    scanned = assert_nothing_personal(public_responses(client), persons)
    natural_records = (
        LicensingRecord.objects.filter(subject_category=SubjectCategory.NATURAL_PERSON, is_public=True).count()
        + PenaltyRecord.objects.filter(subject_category=SubjectCategory.NATURAL_PERSON, is_public=True).count()
    )
    assert natural_records == 2 * len(PERSONS) + 30
    assert scanned > 2 * natural_records  # every natural person's record page and API response was scanned


def test_the_scan_would_catch_an_unmasked_id_number(scan_world):
    _world, persons = scan_world
    name, number = persons[5]
    with pytest.raises(AssertionError, match="ID number"):
        assert_nothing_personal([("/x", f"<td>{number}</td>")], persons)
    with pytest.raises(AssertionError, match="name"):
        assert_nothing_personal([("/x", f"<td>{name}</td>")], persons)
    stranger = resident_id("110105", "19491231", 2)
    with pytest.raises(AssertionError, match="resident ID"):
        assert_nothing_personal([("/x", f"<td>{stranger}</td>")], persons)


@pytest.mark.slow
def test_the_demos_public_credit_pages_show_masked_data_only(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("demo", "load", "--no-progress", stdout=io.StringIO())
    people = []
    for model in (LicensingRecord, PenaltyRecord):
        people += list(
            model.objects.filter(subject_category=SubjectCategory.NATURAL_PERSON).values_list(
                "subject_name", "person_id_number"
            )
        )
    people += list(
        ListEntry.objects.exclude(person_id_number="")
        .filter(subject_uscc="")
        .values_list("subject_name", "person_id_number")
    )
    if not people:
        pytest.skip("the demonstration data set holds no natural persons' credit records")
    client = Client(headers={"accept-language": "zh-CN"})

    def demo_responses():
        yield from _pages(client, "/credit/")
        for url in ("/credit/licensing/", "/credit/penalties/"):
            yield url, client.get(url).content.decode()
            yield from _pages(client, url, {"party": SubjectCategory.NATURAL_PERSON})
        yield from _pages(client, "/credit/lists/")
        api = "/api/v1/credit"
        yield from _api_pages(client, f"{api}/records", {"party": SubjectCategory.NATURAL_PERSON})
        yield from _api_pages(client, f"{api}/lists")
        yield f"{api}/stats", client.get(f"{api}/stats").content.decode()
        for model in (LicensingRecord, PenaltyRecord):
            ids = model.objects.filter(subject_category=SubjectCategory.NATURAL_PERSON, is_public=True)
            for public_id in ids.values_list("public_id", flat=True):
                yield f"/credit/records/{public_id}/", client.get(f"/credit/records/{public_id}/").content.decode()
                yield f"{api}/records/{public_id}", client.get(f"{api}/records/{public_id}").content.decode()

    assert assert_nothing_personal(demo_responses(), people) > len(people)
