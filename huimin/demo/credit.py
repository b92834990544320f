"""The demo's credit data: Pingcheng's 30 reporting units, their catalogues, 11,061 published 双公示 records, the
11 joint-punishment memoranda, list entries, and five providers that a credit check stops or warns about.

Everything goes through the credit services as an administrator's import would: units and catalogue items by
`reporting_unit_create` / `catalogue_items_bulk_create`, records validated one by one by `validate_record` and filed
per unit by `records_bulk_upsert` (one audit event per batch), memoranda and list entries by the list services.

The records are planned by pure functions (`catalogue_plan`, `records_plan`) from the day of the load and the
organizations already made, so the plan is the same on every run of the same day and can be tested without a
database. Penalties are decided in the 25–330 days before that day (so every one is within its publication
period under any regime), licences on the dates of the seed's story (2019-07 → 2020-12): see docs/demo.md.
"""

from __future__ import annotations

import importlib
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from huimin.core.models import Organization
from huimin.core.permissions import Actor
from huimin.core.services import organization_create, user_create
from huimin.core.validators import USCC_PLACEHOLDER, resident_id_check_char
from huimin.credit.models import CatalogueItem, CatalogueKind, PublicationRegime, ReportingUnit
from huimin.credit.rules import LONG_TERM, RegimeTable, ValidationContext, add_months, validate_record
from huimin.credit.services.catalogue import catalogue_items_bulk_create, reporting_unit_create
from huimin.credit.services.lists import list_entry_add, memorandum_create
from huimin.credit.services.records import records_bulk_upsert
from huimin.credit.services.regimes import regime_create, regime_rule_create

from . import credit_data as cd
from . import data

if TYPE_CHECKING:
    from .pingcheng import DemoWorld, Progress


def _pingcheng():
    """The demo's helpers (names, codes, random streams); imported late because pingcheng lists this builder."""
    from . import pingcheng

    return pingcheng


def rng_for(part: str) -> random.Random:
    return _pingcheng().rng_for(part)


LICENSING = CatalogueKind.LICENSING
PENALTY = CatalogueKind.PENALTY


def credit_steps() -> int:
    """Progress steps of `build_credit`: each unit made, each catalogue, each unit's records; memoranda; lists."""
    return 3 * len(cd.UNITS) + 2


# --- the catalogues --------------------------------------------------------------------------------------------


def penalty_item_counts() -> dict[str, int]:
    """Penalty items per unit: as set in credit_data, the market regulator taking the rest of the 1,251."""
    counts = {u.key: u.penalty_items for u in cd.UNITS}
    counts["SCJGJ"] = cd.CATALOGUE_PENALTY - sum(v for k, v in counts.items() if k != "SCJGJ")
    return counts


def _unit_sector(unit: cd.CreditUnit, sector: str) -> str:
    return sector or unit.sector


def catalogue_plan() -> dict[str, list[dict[str, Any]]]:
    """Every unit's catalogue items (kind, code, name, sector, legal_basis), in order."""
    rng = rng_for("credit/catalogue")
    counts = penalty_item_counts()
    plan: dict[str, list[dict[str, Any]]] = {u.key: [] for u in cd.UNITS}
    by_unit = {u.key: u for u in cd.UNITS}
    numbers: dict[str, int] = defaultdict(int)
    for item in cd.LICENSING_ITEMS:
        unit = by_unit[item.unit]
        numbers[unit.key] += 1
        plan[unit.key].append(
            {
                "kind": LICENSING,
                "code": f"{unit.key}-XK-{numbers[unit.key]:03d}",
                "name": item.name,
                "sector": unit.sector,
                "legal_basis": "《中华人民共和国行政许可法》",
            }
        )
    for unit in cd.UNITS:
        names: list[tuple[str, str]] = list(cd.PENALTY_CORE.get(unit.key, ()))
        combos = [
            (f"对{party}{act}的处罚", sector)
            for party, sector in cd.PENALTY_PARTIES[unit.key]
            for act in cd.PENALTY_ACTS
        ]
        rng.shuffle(combos)
        seen = {n for n, _s in names}
        for name, sector in combos:
            if name not in seen:
                names.append((name, sector))
                seen.add(name)
        wanted = counts[unit.key]
        if len(names) < wanted:
            raise ValueError(f"the templates of {unit.key} give {len(names)} penalty items, {wanted} wanted")
        for index, (name, sector) in enumerate(names[:wanted], start=1):
            plan[unit.key].append(
                {
                    "kind": PENALTY,
                    "code": f"{unit.key}-CF-{index:04d}",
                    "name": name,
                    "sector": _unit_sector(unit, sector),
                    "legal_basis": f"《{unit.law}》" if unit.law else "",
                }
            )
    return plan


# --- people, companies, identifiers ----------------------------------------------------------------------------

TRADE_CHARS = (
    "鑫源恒达瑞丰宏盛金泰华晟永顺聚福德润同力晋阳凯旋天成佳和众诚兴业"
    "广安博远泽新锐嘉禾鼎宝隆正信明汇万长龙腾乾元美弘毅利民惠东方北岳御文瀛桑古红大诺鹏程"
)


def resident_id(rng: random.Random, *, born_from: date = date(1955, 1, 1), born_to: date = date(2002, 12, 31)) -> str:
    """A resident ID number (GB 11643) with a Pingcheng-area code and a valid check digit; fictional."""
    born = born_from + timedelta(days=rng.randrange((born_to - born_from).days + 1))
    first17 = f"{rng.choice(cd.AREA_CODES)}{born:%Y%m%d}{rng.randrange(1, 1000):03d}"
    return first17 + resident_id_check_char(first17)


def business_reg_no(rng: random.Random) -> str:
    """A 15-digit 工商注册号 of a Pingcheng 个体工商户 with its ISO 7064 MOD 11,10 check digit."""
    body = f"140213600{rng.randrange(10**5):05d}"
    p = 10
    for ch in body:
        s = (p + int(ch)) % 10 or 10
        p = (s * 2) % 11
    return body + str((11 - p) % 10)


@dataclass
class Party:
    """The party (行政相对人) of a record, in the fields validate_record reads."""

    fields: dict[str, str]
    key: str  # uscc, registration number or ID number

    @property
    def name(self) -> str:
        return self.fields["subject_name"]


class Parties:
    """Fictional companies, individual businesses, social organizations and persons, each unique."""

    def __init__(self, taken_codes: Iterable[str]):
        self.rng = rng_for("credit/parties")
        self.codes = _pingcheng()._Codes(rng_for("credit/parties/codes"))
        self.codes.used.update(taken_codes)
        self.names = _pingcheng().NamePool(rng_for("credit/parties/people"))
        self.used_names: set[str] = set()
        self.used_ids: set[str] = set()
        self.used_reg: set[str] = set()
        self.pools: dict[str, list[Party]] = defaultdict(list)

    def _unique(self, make) -> str:
        while True:
            name = make()
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _trade(self) -> str:
        return "".join(self.rng.sample(TRADE_CHARS, 2))

    def company(self, industry: str, *, reuse: float = 0.0) -> Party:
        pool = self.pools[f"company/{industry}"]
        if pool and self.rng.random() < reuse:
            return self.rng.choice(pool)
        kinds = cd.INDUSTRIES.get(industry, cd.INDUSTRIES["default"])
        place = self.rng.choice(("大同市平城区", "大同市平城区", "大同", "山西"))
        name = self._unique(lambda: f"{place}{self._trade()}{self.rng.choice(kinds)}")
        founded = date(self.rng.randrange(2005, 2020), 1, 1)
        uscc = self.codes("E", data.DISTRICT_CODE, founded)
        party = Party(
            {"subject_name": name, "subject_category": "legal_person", "subject_uscc": uscc, "legal_rep": self.names()},
            uscc,
        )
        pool.append(party)
        return party

    def individual(self, *, reuse: float = 0.0) -> Party:
        pool = self.pools["individual"]
        if pool and self.rng.random() < reuse:
            return self.rng.choice(pool)
        name = self._unique(lambda: f"平城区{self._trade()}{self.rng.choice(cd.INDIVIDUAL_SHOPS)}")
        fields = {"subject_name": name, "subject_category": "individual_business", "legal_rep": self.names()}
        if self.rng.random() < 0.4:
            while (reg := business_reg_no(self.rng)) in self.used_reg:
                pass
            self.used_reg.add(reg)
            fields.update(subject_uscc=USCC_PLACEHOLDER, subject_business_reg_no=reg)
            key = reg
        else:
            key = fields["subject_uscc"] = self.codes("I", data.DISTRICT_CODE, date(2018, 1, 1))
        party = Party(fields, key)
        pool.append(party)
        return party

    def social(self) -> Party:
        letter = self.rng.choice("GS")
        suffix = ("协会", "研究会", "促进会") if letter == "G" else ("培训学校", "服务中心", "社会工作服务社")
        name = self._unique(lambda: f"平城区{self._trade()}{self.rng.choice(suffix)}")
        uscc = self.codes(letter, data.DISTRICT_CODE, date(2018, 1, 1))
        return Party(
            {"subject_name": name, "subject_category": "legal_person", "subject_uscc": uscc, "legal_rep": self.names()},
            uscc,
        )

    def person(self) -> Party:
        while (number := resident_id(self.rng)) in self.used_ids:
            pass
        self.used_ids.add(number)
        return Party(
            {
                "subject_name": self.names(),
                "subject_category": "natural_person",
                "person_id_type": "01",
                "person_id_number": number,
            },
            number,
        )


# --- the records -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInfo:
    name: str
    uscc: str


@dataclass
class PlannedRecord:
    unit: str
    kind: str
    data: dict[str, Any]


@dataclass
class RecordsPlan:
    records: list[PlannedRecord] = field(default_factory=list)

    def of(self, unit: str, kind: str) -> list[dict[str, Any]]:
        return [r.data for r in self.records if r.unit == unit and r.kind == kind]


def _shares(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split `total` in proportion to `weights` (largest remainders), exactly."""
    whole = sum(weights.values())
    raw = {k: total * w / whole for k, w in weights.items()}
    out = {k: int(v) for k, v in raw.items()}
    rest = total - sum(out.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - out[k]), k))[:rest]:
        out[k] += 1
    return out


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _reported(rng: random.Random, decided: date, latest: date | None = None) -> datetime:
    """When the unit filed the record: mostly within a week (7 working days), 6 % late."""
    roll = rng.random()
    delay = rng.randrange(0, 9) if roll < 0.86 else rng.randrange(9, 11) if roll < 0.94 else rng.randrange(12, 31)
    day = decided + timedelta(days=delay)
    if latest is not None and day > latest:
        day = max(decided, latest)
    moment = datetime.combine(day, time(rng.randrange(8, 18), rng.randrange(60)))
    return timezone.make_aware(moment, timezone.get_fixed_timezone(8 * 60))


def _yuan(wan: Decimal) -> str:
    return f"{int(wan * 10000):,}"


LICENCE_INDUSTRY = {
    "JY": "food",
    "XCY": "food",
    "SG": "construction",
    "JZLJ": "construction",
    "ZW": "construction",
    "XFSC": "construction",
    "XFYS": "construction",
    "YDGH": "construction",
    "RF": "construction",
    "DY": "transport",
    "YL": "health",
    "YP": "health",
    "YX": "health",
    "WGS": "health",
    "TH": "health",
}


def _licence_party(parties: Parties, item: cd.LicensingItem, rng: random.Random) -> Party:
    industry = LICENCE_INDUSTRY.get(item.prefix, "default")
    kind = item.subject
    if kind == "mixed":
        kind = "company" if rng.random() < 0.45 else "individual"
    if kind == "company":
        return parties.company(industry, reuse=0.15)
    if kind == "individual":
        return parties.individual(reuse=0.1)
    if kind == "social":
        return parties.social()
    return parties.person()


def _licences(
    plan: RecordsPlan, parties: Parties, units: Mapping[str, UnitInfo], items: Mapping[str, list[dict[str, Any]]]
) -> None:
    rng = rng_for("credit/licences")
    counts = _shares(cd.LICENSING_RECORDS, {str(i): it.weight for i, it in enumerate(cd.LICENSING_ITEMS)})
    codes = {(it["kind"], it["name"], unit): it["code"] for unit, lst in items.items() for it in lst}
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    serial: dict[str, int] = defaultdict(int)
    abbr = {u.key: u.abbr for u in cd.UNITS}
    for index, item in enumerate(cd.LICENSING_ITEMS):
        unit = units[item.unit]
        for _n in range(counts[str(index)]):
            decided = _day(rng, *cd.LICENCE_DATES)
            party = _licence_party(parties, item, rng)
            serial[item.prefix] += 1
            valid_to = LONG_TERM if item.years == 0 else add_months(decided, 12 * item.years) - timedelta(days=1)
            record = {
                **party.fields,
                "document_name": f"{item.name}决定书",
                "licence_category": item.category,
                "certificate_name": item.certificate,
                "licence_number": f"{item.prefix}1140213{decided.year}{serial[item.prefix]:05d}",
                "content": f"经审查，准予{item.name}"
                + (f"，核发《{item.certificate}》。" if item.certificate else "。"),
                "decision_date": decided,
                "valid_from": decided,
                "valid_to": valid_to,
                "authority": unit.name,
                "authority_uscc": unit.uscc,
                "source_unit": unit.name,
                "source_unit_uscc": unit.uscc,
                "catalogue_item": codes[(LICENSING, item.name, item.unit)],
                "reported_at": _reported(rng, decided),
            }
            by_unit[item.unit].append(record)
    for unit_key, records in by_unit.items():
        records.sort(key=lambda r: (r["decision_date"], r["licence_number"]))
        per_year: dict[int, int] = defaultdict(int)
        for record in records:
            year = record["decision_date"].year
            per_year[year] += 1
            record["decision_number"] = f"平{abbr[unit_key]}许〔{year}〕{per_year[year]:05d}号"
            plan.records.append(PlannedRecord(unit_key, LICENSING, record))


@dataclass(frozen=True)
class Screened:
    """An organization of the demo that the credit check must stop or warn about."""

    name: str
    uscc: str
    legal_rep: str


def _penalty_text(
    rng: random.Random,
    *,
    unit: cd.CreditUnit,
    item: Mapping[str, Any],
    party: Party,
    natural: bool,
    decided: date,
) -> dict[str, Any]:
    violation = item["name"].removeprefix("对").removesuffix("的处罚")
    found = decided - timedelta(days=rng.randrange(10, 60))
    if unit.key in ("SPSX", "XWX", "MJYX") and "电力" in item["name"]:
        volume = rng.randrange(5, 60)
        facts = (
            f"{found:%Y年%-m月%-d日}，执法人员在辖区巡查时发现，当事人在高压架空电力线路保护区内（线下）"
            f"{violation.removeprefix('在架空电力线路保护区内')}，约{volume}立方米，危及电力设施安全。"
        )
    else:
        act = violation
        for role, _sector in cd.PENALTY_PARTIES.get(unit.key, ()):
            if violation.startswith(role) and len(violation) > len(role):
                act = violation.removeprefix(role)
                break
        facts = f"{found:%Y年%-m月%-d日}，执法人员检查发现，当事人{party.name}{act}。"
    if natural:
        fine = Decimal(rng.choice(("0.05", "0.1", "0.1", "0.2", "0.3", "0.5", "1")))
        profile = "fine"
    else:
        fine = Decimal(rng.choice(("0.2", "0.3", "0.5", "0.5", "0.8", "1", "1", "1.5", "2", "3", "5", "8", "10")))
        roll = rng.random()
        profile = "fine" if roll < 0.72 else "warning" if roll < 0.88 else "confiscate"
    out: dict[str, Any] = {"fine_amount": fine, "confiscated_amount": None}
    if profile == "fine":
        out["categories"] = ["02"]
        out["content"] = f"罚款人民币{_yuan(fine)}元。"
    elif profile == "warning":
        out["categories"] = ["01", "02"]
        out["content"] = f"警告，并处罚款人民币{_yuan(fine)}元。"
    else:
        gains = Decimal(rng.choice(("0.05", "0.12", "0.3", "0.68", "1.2")))
        out["categories"] = ["02", "03"]
        out["confiscated_amount"] = gains
        out["content"] = f"没收违法所得人民币{_yuan(gains)}元，并处罚款人民币{_yuan(fine)}元。"
    if unit.key in ("SPSX", "XWX", "MJYX") and "电力" in item["name"]:
        out["content"] = "责令限期清除堆放物品，" + out["content"]
    out.update(
        violation_type=violation[:300],
        facts=facts,
        basis=f"《{unit.law}》及相关法律、法规、规章" if unit.law else "相关法律、法规、规章",
        procedure="02",
    )
    return out


def _penalties(
    plan: RecordsPlan,
    parties: Parties,
    units: Mapping[str, UnitInfo],
    items: Mapping[str, list[dict[str, Any]]],
    today: date,
    screened: Mapping[str, Screened],
) -> None:
    rng = rng_for("credit/penalties")
    first = today - timedelta(days=cd.PENALTY_DAYS_BEFORE_TODAY[0])
    last = today - timedelta(days=cd.PENALTY_DAYS_BEFORE_TODAY[1])
    yesterday = today - timedelta(days=1)
    by_key = {u.key: u for u in cd.UNITS}
    penalty_items = {k: [i for i in lst if i["kind"] == PENALTY] for k, lst in items.items()}
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)

    def add(unit_key: str, party: Party, item: Mapping[str, Any], decided: date, natural: bool, **override) -> None:
        unit = by_key[unit_key]
        info = units[unit_key]
        text = _penalty_text(rng, unit=unit, item=item, party=party, natural=natural, decided=decided)
        text.update(override)
        record = {
            **party.fields,
            **text,
            "decision_date": decided,
            "penalty_valid_until": add_months(decided, 12),
            "authority": info.name,
            "authority_uscc": info.uscc,
            "source_unit": info.name,
            "source_unit_uscc": info.uscc,
            "catalogue_item": item["code"],
            "reported_at": _reported(rng, decided, latest=yesterday),
        }
        by_unit[unit_key].append(record)

    # The screening demo: a food-safety fine this year, and a 责令停产停业 (a 重大违法记录) by the fire brigade.
    special = 0
    if cd.SCREEN_RECENT_PENALTY in screened:
        org = screened[cd.SCREEN_RECENT_PENALTY]
        party = Party(
            {"subject_name": org.name, "subject_category": "legal_person", "subject_uscc": org.uscc,
             "legal_rep": org.legal_rep},
            org.uscc,
        )  # fmt: skip
        item = next(i for i in penalty_items["SCJGJ"] if "健康证明" in i["name"])
        add(
            "SCJGJ",
            party,
            item,
            today - timedelta(days=150),
            False,
            fine_amount=Decimal("0.5"),
            confiscated_amount=None,
            categories=["01", "02"],
            content="警告，并处罚款人民币5,000元。",
            remarks="社区厨房项目点；由沙岭市场监督管理所承办",
        )
        special += 1
    if cd.SCREEN_MAJOR_VIOLATION in screened:
        org = screened[cd.SCREEN_MAJOR_VIOLATION]
        party = Party(
            {"subject_name": org.name, "subject_category": "legal_person", "subject_uscc": org.uscc,
             "legal_rep": org.legal_rep},
            org.uscc,
        )  # fmt: skip
        item = next(i for i in penalty_items["XFDD"] if "虚假文件" in i["name"])
        add(
            "XFDD",
            party,
            item,
            today - timedelta(days=200),
            False,
            fine_amount=Decimal("5"),
            confiscated_amount=None,
            categories=["04", "02"],
            content="责令停产停业（停止执业）六个月，并处罚款人民币50,000元。",
            violation_type="消防技术服务机构出具虚假文件",
            facts="当事人在为本区某商业综合体提供消防设施维护保养检测服务时，出具虚假检测报告。",
        )
        special += 1

    legal = _shares(cd.PENALTIES_LEGAL_PERSON - special, {u.key: u.legal_share for u in cd.UNITS})
    for unit in cd.UNITS:
        industry = cd.UNIT_INDUSTRY.get(unit.key, "default")
        for _n in range(legal[unit.key]):
            item = rng.choice(penalty_items[unit.key])
            party = parties.company(industry, reuse=0.12)
            add(unit.key, party, item, _day(rng, first, last), False)
        for _n in range(unit.natural):
            choices = penalty_items[unit.key]
            if unit.key in ("SPSX", "XWX", "MJYX"):
                choices = [i for i in choices if "电力" in i["name"]] or choices
            item = rng.choice(choices)
            add(unit.key, parties.person(), item, _day(rng, first, last), True)

    # 沙岭所 (market regulation office of 新旺乡) handled part of the food-safety cases.
    for record in by_unit["SCJGJ"]:
        if not record.get("remarks") and "食品" in record["violation_type"] and rng.random() < 0.25:
            record["remarks"] = "由沙岭市场监督管理所承办"

    for unit_key, records in by_unit.items():
        records.sort(key=lambda r: (r["decision_date"], r["subject_name"]))
        per_year: dict[int, int] = defaultdict(int)
        for record in records:
            year = record["decision_date"].year
            per_year[year] += 1
            record["decision_number"] = f"平{by_key[unit_key].abbr}罚〔{year}〕{per_year[year]:04d}号"
            plan.records.append(PlannedRecord(unit_key, PENALTY, record))


def records_plan(
    *,
    today: date,
    units: Mapping[str, UnitInfo],
    items: Mapping[str, list[dict[str, Any]]],
    taken_codes: Iterable[str],
    screened: Mapping[str, Screened],
) -> RecordsPlan:
    """Every record of the demo, as data for validate_record (catalogue items by code)."""
    parties = Parties(taken_codes)
    plan = RecordsPlan()
    _licences(plan, parties, units, items)
    _penalties(plan, parties, units, items, today, screened)
    return plan


# --- building ----------------------------------------------------------------------------------------------------


def _unit_organizations(*, actor: Actor, world: DemoWorld, progress: Progress) -> dict[str, ReportingUnit]:
    rng = rng_for("credit/units")
    names = _pingcheng().NamePool(rng_for("credit/units/people"))
    codes = _pingcheng()._Codes(rng)
    codes.used.update(Organization.objects.values_list("uscc", flat=True))
    units: dict[str, ReportingUnit] = {}
    for spec in cd.UNITS:
        if spec.reuse.startswith("office:"):
            org = world.offices[spec.reuse.removeprefix("office:")]
        elif spec.reuse:
            org = world.orgs[spec.reuse]
        else:
            org = organization_create(
                actor=actor,
                name=spec.name,
                org_type="government",
                uscc=codes("GOV", data.DISTRICT_CODE),
                registration_authority=data.ESTABLISHMENT_OFFICE,
                founded_on=data.DISTRICT_FROM,
                legal_representative=names(),
                address="山西省大同市平城区",
                division=world.district,
                phone=f"0352-{rng.choice('2567')}{rng.randrange(10**5, 10**6):06d}",
                description=f"双公示信用信息报送单位：{spec.short}。",
            )
            world.orgs[org.name] = org
        units[spec.key] = reporting_unit_create(organization=org, code=spec.key, short_name=spec.short, actor=actor)
        progress.update(1)
    return units


def _credit_logins(*, actor: Actor, world: DemoWorld, progress: Progress) -> None:
    """The planned logins whose organization is a reporting unit made here (build_people leaves them; its steps
    count them)."""
    rng = rng_for("credit/users")
    names = _pingcheng().NamePool(rng_for("credit/users/names"))
    for login in _pingcheng().planned_logins():
        if login.username in world.users:
            continue
        organization = world.orgs[login.scope.removeprefix("org:")] if login.scope.startswith("org:") else None
        world.users[login.username] = user_create(
            username=login.username,
            password=None,
            password_hash=data.demo_password_hash(),
            actor=actor,
            full_name=names(),
            phone=_pingcheng().mobile(rng),
            email=f"{login.username}@huimin.example",
            roles=[(login.role, None, organization)],
            validate_password=False,
        )
        progress.update(1)


def _taken_codes() -> list[str]:
    return [code for code in Organization.objects.values_list("uscc", flat=True) if code]


def _screened(world: DemoWorld) -> dict[str, Screened]:
    return {
        name: Screened(org.name, org.uscc or "", org.legal_representative)
        for name in cd.SCREENED
        if (org := world.orgs.get(name)) is not None
    }


def _list_entries(*, actor: Actor, world: DemoWorld, today: date, memos: Mapping[str, Any]) -> None:
    rng = rng_for("credit/lists")
    screened = _screened(world)
    memo_for = {m.list_type: memos[m.code] for m in cd.MEMORANDA if m.list_type != "other"}
    if cd.SCREEN_DISHONEST_DEBTOR in screened:
        org = screened[cd.SCREEN_DISHONEST_DEBTOR]
        list_entry_add(
            list_type="dishonest_debtor",
            subject_name=org.name,
            subject_uscc=org.uscc,
            start_date=cd.SCREEN_DEBTOR_LISTED,  # listed before the 2020 round, still listed: blocked then and now
            reason="有履行能力而拒不履行生效法律文书确定的给付义务",
            decided_by="大同市平城区人民法院",
            document_number=f"（{cd.SCREEN_DEBTOR_LISTED.year}）晋0213执{rng.randrange(100, 2000)}号",
            memorandum=memo_for["dishonest_debtor"],
            actor=actor,
        )
    if cd.SCREEN_SOCIAL_SERIOUS in screened:
        org = screened[cd.SCREEN_SOCIAL_SERIOUS]
        list_entry_add(
            list_type="social_org_serious",
            subject_name=org.name,
            subject_uscc=org.uscc,
            start_date=cd.SCREEN_SERIOUS_LISTED,
            reason="被列入活动异常名录满2年仍未整改（民政部令第60号第十五条）",
            decided_by=data.CIVIL_AFFAIRS_DISTRICT,
            document_number=f"平民社〔{cd.SCREEN_SERIOUS_LISTED.year}〕{rng.randrange(10, 90)}号",
            memorandum=memo_for["social_org_serious"],
            actor=actor,
        )
    if cd.SCREEN_ABNORMAL in screened:
        org = screened[cd.SCREEN_ABNORMAL]
        # On the list during the 2020 round (its 2019 report late) and again now.
        list_entry_add(
            list_type="social_org_abnormal",
            subject_name=org.name,
            subject_uscc=org.uscc,
            start_date=cd.SCREEN_ABNORMAL_2020,
            end_date=add_months(cd.SCREEN_ABNORMAL_2020, 6),
            reason="未按规定报送2019年度工作报告",
            decided_by=data.CIVIL_AFFAIRS_DISTRICT,
            actor=actor,
        )
        start = today - timedelta(days=60)
        list_entry_add(
            list_type="social_org_abnormal",
            subject_name=org.name,
            subject_uscc=org.uscc,
            start_date=start,
            end_date=add_months(start, 6),
            reason=f"未按规定报送{start.year - 1}年度工作报告",
            decided_by=data.CIVIL_AFFAIRS_DISTRICT,
            actor=actor,
        )
    parties = Parties(_taken_codes())
    parties.rng = rng
    for list_type, count in cd.EXTRA_LIST_ENTRIES:
        for n in range(count):
            start = _day(rng, date(2020, 1, 1), today - timedelta(days=30))
            person = list_type == "dishonest_debtor" and n % 2 == 1
            party = (
                parties.person()
                if person
                else parties.social()
                if list_type == "social_org_abnormal"
                else parties.company("default")
            )
            list_entry_add(
                list_type=list_type,
                subject_name=party.name,
                subject_uscc=party.fields.get("subject_uscc", ""),
                person_id_number=party.fields.get("person_id_number", ""),
                start_date=start,
                end_date=add_months(start, 6) if list_type == "social_org_abnormal" else None,
                reason={
                    "dishonest_debtor": "有履行能力而拒不履行生效法律文书确定的义务",
                    "major_tax": "虚开增值税普通发票，达到重大税收违法失信案件标准",
                    "procurement_serious": "提供虚假材料谋取中标、成交",
                    "wage_arrears": "拒不支付劳动报酬，经责令限期支付仍不支付",
                    "social_org_abnormal": f"未按规定报送{start.year - 1}年度工作报告",
                }[list_type],
                decided_by={
                    "dishonest_debtor": "大同市平城区人民法院",
                    "major_tax": "国家税务总局大同市税务局稽查局",
                    "procurement_serious": "大同市财政局",
                    "wage_arrears": "大同市平城区人力资源和社会保障局",
                    "social_org_abnormal": data.CIVIL_AFFAIRS_DISTRICT,
                }[list_type],
                memorandum=memo_for.get(list_type),
                actor=actor,
            )


def _file_records(
    *,
    actor: Actor,
    units: Mapping[str, ReportingUnit],
    plan: RecordsPlan,
    items: Mapping[tuple[str, str], CatalogueItem],
    today: date,
    now: datetime,
    progress: Progress,
) -> None:
    regimes = RegimeTable.load()
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for record in plan.records:
        grouped[(record.unit, record.kind)].append(record.data)
    for spec in cd.UNITS:
        unit = units[spec.key]
        context = ValidationContext(unit, today=today, regimes=regimes)
        for kind in (LICENSING, PENALTY):
            rows = grouped.get((spec.key, kind), [])
            cleaned_rows = []
            for row in rows:
                data_ = {**row, "catalogue_item": items[(spec.key, row["catalogue_item"])]}
                cleaned, errors = validate_record(kind, data_, unit=unit, context=context)
                if errors:
                    raise ValueError(f"demo record {row['decision_number']} of {spec.key} is invalid: {errors}")
                cleaned_rows.append(cleaned)
            if cleaned_rows:
                records_bulk_upsert(kind=kind, cleaned_rows=cleaned_rows, unit=unit, actor=actor, now=now)
        progress.update(1)


def _ensure_regimes(*, actor: Actor) -> None:
    """The publication regimes are seeded by a migration; `demo load --fresh` flushes them with everything else, so
    they are put back (through the regime services) from the same data."""
    if PublicationRegime.objects.exists():
        return
    seeded = importlib.import_module("huimin.credit.migrations.0002_regimes").REGIMES
    for spec in seeded:
        regime = regime_create(
            code=spec["code"],
            name=spec["name"],
            document=spec["document"],
            effective_from=spec["effective_from"],
            note=spec.get("note", ""),
            actor=actor,
        )
        for severity, sector, published, min_months, max_months, repairable in spec["rules"]:
            regime_rule_create(
                regime=regime,
                severity=severity,
                sector=sector,
                published=published,
                min_months=min_months,
                max_months=max_months,
                repairable=repairable,
                actor=actor,
            )


def build_credit(*, actor: Actor, world: DemoWorld, progress: Progress) -> None:
    """The 30 reporting units, catalogues, memoranda, records and list entries of the demo (see the module doc)."""
    now = timezone.now()
    today = timezone.localdate(now)
    _ensure_regimes(actor=actor)
    units = _unit_organizations(actor=actor, world=world, progress=progress)
    _credit_logins(actor=actor, world=world, progress=progress)

    catalogue = catalogue_plan()
    items: dict[tuple[str, str], CatalogueItem] = {}
    for key, planned in catalogue.items():
        for item in catalogue_items_bulk_create(unit=units[key], items=planned, actor=actor):
            items[(key, item.code)] = item
        progress.update(1)

    memos = {}
    for spec in cd.MEMORANDA:
        memos[spec.code] = memorandum_create(
            code=spec.code,
            title=spec.title,
            signed_on=spec.signed_on,
            forwarded_on=spec.forwarded_on,
            list_type=spec.list_type,
            bars_purchased_services=spec.bars,
            actor=actor,
        )
    progress.update(1)

    info = {key: UnitInfo(u.organization.name, u.organization.uscc or "") for key, u in units.items()}
    plan = records_plan(
        today=today,
        units=info,
        items=catalogue,
        taken_codes=_taken_codes(),
        screened=_screened(world),
    )
    _file_records(actor=actor, units=units, plan=plan, items=items, today=today, now=now, progress=progress)
    _list_entries(actor=actor, world=world, today=today, memos=memos)
    progress.update(1)
