"""Builders of the Pingcheng demonstration data set. Every object is made by a service, as a person would make it.

    world = load_pingcheng(actor=SystemActor("demo"))      # everything, in one transaction
    world.units["东街街道"], world.orgs["manager"], world.users["dongjie"]

Later capabilities add their own builders (needs, calls, proposals…) that take the `DemoWorld` and extend it; each
draws from its own random stream `rng_for("<part>")`, so adding one never changes the data of another.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from django.db import transaction

from huimin.core.calendar import calendar_seed_from_package
from huimin.core.models import Division, DivisionLevel, Organization, User
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services import (
    division_create,
    organization_contact_add,
    organization_create,
    organization_grade_award,
    organization_inspection_record,
    user_admin_site_grant,
    user_create,
)
from huimin.core.validators import generate_uscc

from . import data
from .data import Unit


class Progress(Protocol):
    def update(self, n: int = 1) -> Any: ...


class _NoProgress:
    def update(self, n: int = 1) -> None:
        return None


class DemoAlreadyLoaded(Exception):
    """The database already holds the demonstration data (its district exists)."""


@dataclass
class DemoWorld:
    """What the builders made, by name, for the builders that come after."""

    district: Division | None = None
    units: dict[str, Division] = field(default_factory=dict)  # street / township name → division
    communities: dict[str, Division] = field(default_factory=dict)  # community / village name → division
    orgs: dict[str, Organization] = field(default_factory=dict)  # name → organization; also "manager", "mzj", "fgj"
    offices: dict[str, Organization] = field(default_factory=dict)  # street / township name → its government
    users: dict[str, User] = field(default_factory=dict)  # username → user

    @property
    def participating_units(self) -> list[Division]:
        return [d for d in self.units.values() if d.takes_part]

    @property
    def providers(self) -> list[Organization]:
        names = {spec.name for spec in data.PROVIDERS}
        return [org for name, org in self.orgs.items() if name in names]


def rng_for(part: str) -> random.Random:
    """A random stream for one part of the data set, derived from the round's seed (20201015)."""
    return random.Random(f"{data.SEED}/{part}")  # nosec B311


def demo_is_loaded() -> bool:
    return Division.objects.filter(code=data.DISTRICT_CODE).exists()


def all_units() -> tuple[Unit, ...]:
    return data.STREETS + data.TOWNSHIPS


def unit_takes_part(unit: Unit) -> bool:
    return unit.name.endswith("街道") or unit.name in data.PARTICIPATING_TOWNSHIPS


def planned_steps() -> int:
    """How many progress steps `load_pingcheng` reports (the sum of every builder's steps)."""
    return sum(steps() for _builder, steps in BUILDERS)


def division_steps() -> int:
    units = all_units()
    return 1 + len(units) + sum(len(u.children) for u in units)


def organization_steps() -> int:
    offices = sum(1 for u in all_units() if unit_takes_part(u))
    return 1 + len(data.GOVERNMENT_BODIES) + offices + len(data.PROVIDERS)


def people_steps() -> int:
    return len(planned_logins())


def calendar_steps() -> int:
    return 1


# --- fictional people, phones ---------------------------------------------------------------------------------


class NamePool:
    """Unique fictional Chinese names; never one of the real people the article names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set(data.ARTICLE_PEOPLE)

    def __call__(self) -> str:
        while True:
            given = "".join(self.rng.choice(data.GIVEN_CHARS) for _ in range(self.rng.choice((1, 2, 2, 2))))
            name = self.rng.choice(data.SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name


def landline(rng: random.Random) -> str:
    return f"0352-{rng.choice('2567')}{rng.randrange(10**5, 10**6):06d}"


def mobile(rng: random.Random) -> str:
    return f"13{rng.randrange(10)}{rng.randrange(10**8):08d}"


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


# --- divisions ------------------------------------------------------------------------------------------------


def build_divisions(*, actor: Actor, world: DemoWorld, progress: Progress) -> None:
    """平城区, its 12 streets and 3 townships (2018-02 → 2021-03), their communities and villages."""
    world.district = division_create(
        code=data.DISTRICT_CODE,
        name=data.DISTRICT_NAME,
        level=DivisionLevel.DISTRICT,
        actor=actor,
        valid_from=data.DISTRICT_FROM,
        note="大同市平城区（2018年2月由原城区、南郊区部分区域设立）",
    )
    progress.update(1)
    for unit in all_units():
        is_street = unit.name.endswith("街道")
        takes_part = unit_takes_part(unit)
        division = division_create(
            code=unit.code,
            name=unit.name,
            level=DivisionLevel.STREET if is_street else DivisionLevel.TOWNSHIP,
            parent=world.district,
            actor=actor,
            takes_part=takes_part,
            valid_from=data.DISTRICT_FROM,
            valid_to=data.STREETS_UNTIL,
            note="演示数据：区划代码为虚构（2021年3月前的代码未核实）",
        )
        world.units[unit.name] = division
        progress.update(1)
        start = data.COMMUNITY_SUFFIX_START if is_street else data.VILLAGE_SUFFIX_START
        level = DivisionLevel.COMMUNITY if is_street else DivisionLevel.VILLAGE
        for offset, name in enumerate(unit.children):
            child = division_create(
                code=f"{unit.code}{start + offset:03d}",
                name=name,
                level=level,
                parent=division,
                actor=actor,
                takes_part=takes_part,
                valid_from=data.DISTRICT_FROM,
            )
            world.communities[name] = child
            progress.update(1)


# --- organizations --------------------------------------------------------------------------------------------


class _Codes:
    """Unique, valid unified social credit codes with plausible 主体标识码 bodies."""

    ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def body(self, letter: str, founded: date | None) -> str:
        rng = self.rng
        if letter == "GOV" or (founded is not None and founded.year < 2016):
            # Bodies registered before the credit code (2016) keep their numeric 组织机构代码.
            return f"{rng.choice('0356')}{rng.randrange(10**7):07d}"
        if letter in ("G", "S", "F"):  # issued by civil affairs
            return f"MJY{rng.randrange(10**5):05d}"
        if letter == "E":
            return "MA0" + "".join(rng.choice(self.ALNUM) for _ in range(5))
        return f"L{rng.randrange(10**7):07d}"  # individual business

    def __call__(self, letter: str, region: str, founded: date | None = None) -> str:
        authority, category = data.USCC_CLASS[letter]
        while True:
            body8 = self.body(letter, founded)
            code = generate_uscc(authority=authority, category=category, region=region, body8=body8)
            if code not in self.used:
                self.used.add(code)
                return code


def _address(place: Division, rng: random.Random) -> str:
    parent = place.parent.name if place.parent and place.parent.level != DivisionLevel.DISTRICT else ""
    number = f"{rng.randrange(1, 200)}号" if place.level == DivisionLevel.COMMUNITY else ""
    return f"山西省大同市平城区{parent}{place.name}{number}"


def _add_contacts(
    org: Organization,
    letter: str,
    head: str,
    *,
    actor: Actor,
    rng: random.Random,
    names: NamePool,
    head_title: str | None = None,
) -> None:
    organization_contact_add(
        organization=org, name=head, position=head_title or data.HEAD_TITLE[letter], phone=mobile(rng), actor=actor
    )
    if letter != "I":
        organization_contact_add(
            organization=org,
            name=names(),
            position=rng.choice(data.CONTACT_TITLES),
            phone=rng.choice((landline(rng), mobile(rng))),
            actor=actor,
        )


def _record_inspections(
    org: Organization, founded: date, *, actor: Actor, rng: random.Random, always_pass: bool = False
) -> None:
    outcomes = list(data.INSPECTION_WEIGHTS)
    weights = list(data.INSPECTION_WEIGHTS.values())
    for year in data.INSPECTION_YEARS:
        if year <= founded.year:
            continue  # the first inspection is the year after registration
        result = "passed" if always_pass else rng.choices(outcomes, weights)[0]
        if result != "missing":
            organization_inspection_record(organization=org, year=year, result=result, actor=actor)


def build_organizations(*, actor: Actor, world: DemoWorld, progress: Progress) -> None:
    """The manager, the organiser and credit office, the 13 purchasers' offices and 80 fictional providers."""
    rng = rng_for("organizations")
    names = NamePool(rng_for("people/organizations"))
    codes = _Codes(rng)
    if world.district is None:
        raise RuntimeError("build_divisions must run before build_organizations")

    # The intermediary: 大同市毅源力社会组织发展中心 (the article's 项目招募方 / 项目管理方).
    spec = data.MANAGER
    place = world.communities[spec.community]
    head = names()
    manager = organization_create(
        actor=actor,
        name=spec.name,
        org_type=spec.org_type,
        uscc=codes("S", spec.region, spec.founded_on),
        registration_authority=spec.authority,
        founded_on=spec.founded_on,
        legal_representative=head,
        address=_address(place, rng),
        division=place,
        phone=landline(rng),
        description=spec.description,
    )
    _add_contacts(manager, "S", head, actor=actor, rng=rng, names=names)
    _record_inspections(manager, spec.founded_on, actor=actor, rng=rng, always_pass=True)
    organization_grade_award(
        organization=manager, grade=4, awarded_on=date(2019, 11, 20), authority=data.CIVIL_AFFAIRS_CITY, actor=actor
    )
    world.orgs["manager"] = world.orgs[manager.name] = manager
    progress.update(1)

    # 区民政局 (organiser) and 区发改局 (credit office).
    for body in data.GOVERNMENT_BODIES:
        head = names()
        org = organization_create(
            actor=actor,
            name=body["name"],
            org_type="government",
            uscc=codes("GOV", data.DISTRICT_CODE),
            registration_authority=data.ESTABLISHMENT_OFFICE,
            founded_on=data.DISTRICT_FROM,
            legal_representative=head,
            address="山西省大同市平城区迎宾西街30号",
            division=world.district,
            phone=landline(rng),
            description=body["description"],
        )
        _add_contacts(org, "GOV", head, actor=actor, rng=rng, names=names)
        world.orgs[body["key"]] = world.orgs[org.name] = org
        progress.update(1)

    # The purchasers: the governments of the 12 streets and the participating township.
    for unit in all_units():
        if not unit_takes_part(unit):
            continue
        division = world.units[unit.name]
        head = names()
        org = organization_create(
            actor=actor,
            name=data.office_name(unit),
            org_type="government",
            uscc=codes("GOV", data.DISTRICT_CODE),
            registration_authority=data.ESTABLISHMENT_OFFICE,
            founded_on=data.DISTRICT_FROM,
            legal_representative=head,
            address=f"山西省大同市平城区{unit.name}",
            division=division,
            phone=landline(rng),
            description=f"{unit.name}的购买主体。",
        )
        title = "主任" if unit.name.endswith("街道") else "乡长"
        _add_contacts(org, "GOV", head, actor=actor, rng=rng, names=names, head_title=title)
        world.offices[unit.name] = world.orgs[org.name] = org
        progress.update(1)

    # 80 providers, placed in the communities of the participating streets (a few in the township's villages).
    places = [d for d in world.communities.values() if d.takes_part]
    graded_pool: list[tuple[Organization, date, str]] = []
    for spec_ in data.PROVIDERS:
        letter = spec_.type
        founded = random_day(rng, date(data.FOUNDED_YEARS[0], 1, 1), date(data.FOUNDED_YEARS[1], 12, 31))
        if letter in ("G", "S", "F"):
            authority = data.CIVIL_AFFAIRS[spec_.level]
        else:
            authority = data.MARKET_REGULATION_DISTRICT
        place = rng.choice(places)
        head = names()
        uscc = codes(letter, data.REGION[spec_.level], founded)
        org = organization_create(
            actor=actor,
            name=spec_.name,
            org_type=data.ORG_TYPES[letter],
            uscc=uscc,
            registration_authority=authority,
            # Since the 2016 reform the registration certificate (and business licence) carries the credit code as
            # its number.
            registration_number=uscc or "",
            founded_on=founded,
            legal_representative=head,
            address=_address(place, rng),
            division=place,
            phone=landline(rng),
            description=f"服务领域：{spec_.kind}。面向社区居民开展{spec_.kind}类公益服务。",
        )
        _add_contacts(org, letter, head, actor=actor, rng=rng, names=names)
        if letter in ("G", "S", "F"):
            _record_inspections(org, founded, actor=actor, rng=rng)
            if founded.year <= data.GRADE_YEARS[1] - 2:
                graded_pool.append((org, founded, authority))
        world.orgs[org.name] = org
        progress.update(1)

    # Evaluation grades (民政部令第39号): only after two full years; valid five years, so some had expired by 2020.
    grades = list(data.GRADE_WEIGHTS)
    grade_weights = list(data.GRADE_WEIGHTS.values())
    for org, founded, authority in rng.sample(graded_pool, min(data.GRADED_COUNT, len(graded_pool))):
        first = max(founded.year + 2, data.GRADE_YEARS[0])
        awarded = random_day(rng, date(first, 1, 1), date(data.GRADE_YEARS[1], 10, 31))
        organization_grade_award(
            organization=org,
            grade=rng.choices(grades, grade_weights)[0],
            awarded_on=awarded,
            authority=authority,
            actor=actor,
        )


# --- people ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedLogin:
    username: str
    role: str
    scope: str  # a division name, "org:<key or name>", or ""
    note: str = ""


def planned_logins() -> list[PlannedLogin]:
    """Every demo account, the one-per-role logins first."""
    logins = [PlannedLogin(x.username, x.role, x.scope, x.note) for x in data.ROLE_LOGINS]
    taken = {x.username for x in logins}
    for unit in all_units():
        if unit_takes_part(unit) and unit.login not in taken:
            logins.append(PlannedLogin(unit.login, "purchaser", unit.name))
    for index, org_name in enumerate(data.PROVIDER_LOGINS, start=1):
        if f"provider{index}" not in taken:
            logins.append(PlannedLogin(f"provider{index}", "provider", f"org:{org_name}"))
    for index in range(2, data.EXPERT_COUNT + 1):
        logins.append(PlannedLogin(f"expert{index}", "expert_reviewer", ""))
    return logins


def _scope(world: DemoWorld, scope: str) -> tuple[Division | None, Organization | None]:
    if not scope:
        return None, None
    if scope.startswith("org:"):
        return None, world.orgs[scope[4:]]
    return world.units.get(scope) or world.communities[scope], None


def build_people(*, actor: Actor, world: DemoWorld, progress: Progress) -> None:
    """One account per role at least; all share the published demo password."""
    rng = rng_for("people/users")
    names = NamePool(rng_for("people/users/names"))
    for login in planned_logins():
        if login.scope.startswith("org:") and login.scope[4:] not in world.orgs:
            continue  # an organization a later builder makes (a credit reporting unit): that builder adds the login
        division, organization = _scope(world, login.scope)
        user = user_create(
            username=login.username,
            password=None,
            password_hash=data.demo_password_hash(),
            actor=actor,
            full_name=names(),
            phone=mobile(rng),
            email=f"{login.username}@huimin.example",
            roles=[(login.role, division, organization)],
            validate_password=False,
        )
        if login.role == "district_admin":
            user_admin_site_grant(user=user, actor=actor)  # into Django's /admin/, audited
        world.users[login.username] = user
        progress.update(1)


# --- calendar -------------------------------------------------------------------------------------------------


def build_calendar(*, actor: Actor, world: DemoWorld, progress: Progress) -> None:
    """Public holidays and adjusted working days from the chinese-calendar package."""
    calendar_seed_from_package(actor=actor)
    progress.update(1)


# --- everything -----------------------------------------------------------------------------------------------


class Builder(Protocol):
    def __call__(self, *, actor: Actor, world: DemoWorld, progress: Progress) -> None: ...


# In order: each builder may use what the previous ones put in the world. The second item counts its progress steps.
BUILDERS: list[tuple[Builder, Callable[[], int]]] = [
    (build_divisions, division_steps),
    (build_organizations, organization_steps),
    (build_people, people_steps),
    (build_calendar, calendar_steps),
]


def load_pingcheng(*, actor: Actor | None = None, progress: Progress | None = None) -> DemoWorld:
    """Build the whole demonstration data set in one transaction. Refuses if it is already there."""
    actor = actor or SystemActor("demo")
    progress = progress or _NoProgress()
    if demo_is_loaded():
        raise DemoAlreadyLoaded(data.DISTRICT_CODE)
    world = DemoWorld()
    with transaction.atomic():
        for builder, _steps in BUILDERS:
            builder(actor=actor, world=world, progress=progress)
    return world


def login_table() -> Iterator[PlannedLogin]:
    """The one-per-role logins shown after loading."""
    return iter(PlannedLogin(x.username, x.role, x.scope, x.note) for x in data.ROLE_LOGINS)


from .credit import build_credit, credit_steps  # noqa: E402  (the credit builder uses the helpers above)

BUILDERS.append((build_credit, credit_steps))

from .needs_calls import build_needs_and_calls, needs_calls_steps  # noqa: E402

BUILDERS.append((build_needs_and_calls, needs_calls_steps))

from .proposals import build_proposals, proposals_steps  # noqa: E402

BUILDERS.append((build_proposals, proposals_steps))
