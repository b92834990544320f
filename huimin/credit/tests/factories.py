"""Builders for credit tests: reporting units with their catalogue, and valid record data to vary.

Everything is built through the services, as the demo does. `penalty_data()` / `licence_data()` return the values of
a record that passes every rule, keyed by model field names, to be changed one field at a time.
"""

from __future__ import annotations

import itertools
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from huimin.core.models import OrganizationType
from huimin.core.permissions import SystemActor
from huimin.core.services import organization_create
from huimin.core.validators import generate_uscc
from huimin.credit.models import CatalogueItem, ReportingUnit
from huimin.credit.services.catalogue import catalogue_item_create, reporting_unit_create

SHANGHAI = ZoneInfo("Asia/Shanghai")

COMPANY_USCC = "91350100M000100Y43"  # a valid code (GB 32100 and GB 11714 checks pass)
COMPANY_ORG_CODE = "M000100Y4"
OTHER_COMPANY_USCC = "91320105780688132K"
RESIDENT_ID = "140213199001011233"  # a valid GB 11643 number (平城区 area code)
OTHER_RESIDENT_ID = "11010519491231002X"
AUTHORITY_USCC = generate_uscc("1", "1", "140213", "01100001")  # 机关

_counter = itertools.count(1)


def at(day, hour: int = 10) -> datetime:
    """A moment on `day` in Asia/Shanghai (aware)."""
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def make_unit(code: str | None = None, *, name: str | None = None, org_type: str = OrganizationType.GOVERNMENT):
    """A reporting unit on a new government organization."""
    n = next(_counter)
    code = code or f"U{n:03d}"
    system = SystemActor("test")
    org = organization_create(
        actor=system,
        name=name or f"大同市平城区测试局{n}",
        org_type=org_type,
        uscc=generate_uscc("1", "1", "140213", f"0{n:07d}"),
    )
    return reporting_unit_create(organization=org, code=code, short_name=f"测试局{n}", actor=system)


def make_item(
    unit: ReportingUnit, kind: str = "penalty", code: str | None = None, *, name: str | None = None, sector="general"
) -> CatalogueItem:
    n = next(_counter)
    code = code or f"{'CF' if kind == 'penalty' else 'XK'}{n:04d}"
    return catalogue_item_create(
        unit=unit,
        kind=kind,
        code=code,
        name=name or f"测试事项{n}",
        sector=sector,
        legal_basis="《中华人民共和国食品安全法》第一百二十二条",
        actor=SystemActor("test"),
    )


def penalty_data(unit: ReportingUnit, item: CatalogueItem | str, **overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    data: dict[str, Any] = {
        "unit": unit,
        "catalogue_item": item.code if isinstance(item, CatalogueItem) else item,
        "subject_name": "大同市平城区好味道餐饮有限公司",
        "subject_category": "法人及非法人组织",
        "subject_uscc": COMPANY_USCC,
        "legal_rep": "王建国",
        "decision_number": f"平市监罚〔2025〕{n}号",
        "violation_type": "未取得食品经营许可从事食品经营",
        "facts": "当事人未取得食品经营许可，在其经营场所从事餐饮服务。",
        "basis": "《中华人民共和国食品安全法》第一百二十二条第一款",
        "categories": "罚款",
        "content": "罚款人民币伍仟元整",
        "fine_amount": "0.5",
        "decision_date": "2025/03/10",
        "penalty_valid_until": "2030/12/31",
        "authority": "大同市平城区市场监督管理局",
        "authority_uscc": AUTHORITY_USCC,
        "source_unit": "大同市平城区市场监督管理局",
        "source_unit_uscc": AUTHORITY_USCC,
    }
    data.update(overrides)
    return data


def licence_data(unit: ReportingUnit, item: CatalogueItem | str, **overrides: Any) -> dict[str, Any]:
    n = next(_counter)
    data: dict[str, Any] = {
        "unit": unit,
        "catalogue_item": item.code if isinstance(item, CatalogueItem) else item,
        "subject_name": "大同市平城区好味道餐饮有限公司",
        "subject_category": "法人及非法人组织",
        "subject_uscc": COMPANY_USCC,
        "legal_rep": "王建国",
        "document_name": "食品经营许可决定书",
        "decision_number": f"平市监许〔2025〕{n}号",
        "licence_category": "普通",
        "certificate_name": "食品经营许可证",
        "licence_number": f"JY1140213{n:07d}",
        "content": "热食类食品制售",
        "decision_date": "2025/03/10",
        "valid_from": "2025/03/10",
        "valid_to": "2030/03/09",
        "authority": "大同市平城区行政审批服务管理局",
        "authority_uscc": AUTHORITY_USCC,
        "current_status": "1",
        "source_unit": "大同市平城区行政审批服务管理局",
        "source_unit_uscc": AUTHORITY_USCC,
    }
    data.update(overrides)
    return data


def natural_person(**overrides: Any) -> dict[str, Any]:
    """Overrides that turn a record's party into a natural person."""
    data: dict[str, Any] = {
        "subject_name": "李小明",
        "subject_category": "自然人",
        "subject_uscc": "",
        "legal_rep": "",
        "person_id_type": "身份证",
        "person_id_number": RESIDENT_ID,
    }
    data.update(overrides)
    return data
