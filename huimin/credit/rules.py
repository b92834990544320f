"""The rules of a 双公示 record: validation of the national fields, severity, and the publication plan.

`validate_record` checks one record against every rule of REFERENCE.md §3.2/3.3 and returns the cleaned values
(Python types: `date`, `Decimal`, lists of codes, the CatalogueItem) with *every* problem found, not just the first.
It writes nothing; it reads the unit's catalogue and the regime table (once per `ValidationContext`, so an import of
many rows pays for them once — build one with `make_context`).

`derive_severity` classes a penalty (轻微 / 一般 / 严重 / 特定严重) and `publication_plan` turns the regime in force on
the decision date into the record's publication period (REFERENCE.md §3.4). See docs/credit.md for the rules with
the clause each implements.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huimin.core.cleaning import nfkc
from huimin.core.validators import (
    USCC_PLACEHOLDER,
    check_resident_id,
    check_uscc,
    normalize_identifier,
    org_code_check_char,
)

from .fields import (
    CATALOGUE_ITEM_FIELD,
    ID_TYPE_LABELS,
    PROCEDURE_FIELD,
    NationalField,
    national_fields,
    parse_current_status,
    parse_id_type,
    parse_licence_category,
    parse_penalty_categories,
    parse_procedure,
    parse_subject_category,
)
from .models import (
    CatalogueItem,
    CatalogueKind,
    LicenceCategory,
    LicensingRecord,
    PenaltyCategory,
    PenaltyRecord,
    ProcedureKind,
    PublicationRegime,
    RegimeRule,
    ReportingUnit,
    Sector,
    Severity,
    SubjectCategory,
)
from .models.records import LONG_TERM_DATE, PersonIdType

KINDS = (str(CatalogueKind.LICENSING), str(CatalogueKind.PENALTY))
LONG_TERM = date.fromisoformat(LONG_TERM_DATE)  # 有效期至 2099/12/31 = 长期
LONG_TERM_WORDS = frozenset({"长期", "长期有效", "永久"})

# 行政处罚法 (2021) §51: 当场处罚 (简易程序) only for 警告 or fines up to 200 元 (citizens) / 3,000 元 (organizations).
SIMPLE_PROCEDURE_CATEGORIES = frozenset({PenaltyCategory.WARNING, PenaltyCategory.FINE})
SIMPLE_FINE_LIMIT_PERSON = Decimal("0.02")  # 万元 = 200 元
SIMPLE_FINE_LIMIT_ORGANIZATION = Decimal("0.3")  # 万元 = 3,000 元

# Severity (REFERENCE.md §3.4; 36号令 classes; 527号 特定严重失信).
MINOR_ONLY_CATEGORIES = frozenset({PenaltyCategory.WARNING, PenaltyCategory.CIRCULATE_CRITICISM})
SERIOUS_CATEGORIES = frozenset(
    {
        PenaltyCategory.SUSPEND_BUSINESS,
        PenaltyCategory.REVOKE_LICENCE,
        PenaltyCategory.ORDER_CLOSURE,
        PenaltyCategory.RESTRICT_PRACTICE,
        PenaltyCategory.DETENTION,
    }
)
SPECIFIC_SERIOUS_CATEGORIES = frozenset(
    {PenaltyCategory.SUSPEND_BUSINESS, PenaltyCategory.REVOKE_LICENCE, PenaltyCategory.ORDER_CLOSURE}
)
SPECIFIC_SERIOUS_SECTORS = frozenset(
    {
        Sector.FOOD_DRUG,
        Sector.ENVIRONMENT,
        Sector.CONSTRUCTION,
        Sector.WORK_SAFETY,
        Sector.FIRE,
        Sector.SPECIAL_EQUIPMENT,
    }
)
SERIOUS_FINE = Decimal("200")  # 万元 = 2,000,000 元: 巨额罚款 / 重大违法记录 threshold
SEVERITY_ORDER = (Severity.MINOR, Severity.GENERAL, Severity.SERIOUS, Severity.SPECIFIC_SERIOUS)

FINE_CATEGORIES = frozenset({PenaltyCategory.FINE})
CONFISCATION_CATEGORIES = frozenset({PenaltyCategory.CONFISCATE_GAINS, PenaltyCategory.CONFISCATE_PROPERTY})
LICENCE_CATEGORIES = frozenset({PenaltyCategory.SUSPEND_LICENCE, PenaltyCategory.REVOKE_LICENCE})

CONTEXT_MEMO_SIZE = 50_000  # results a ValidationContext keeps per kind of look-up (bounded memory)

AMOUNT_MAX_DECIMALS = 6
AMOUNT_LIMIT = Decimal(10) ** 8  # max_digits 14 − decimal_places 6

# The party's codes (统一社会信用代码 and the older registration numbers) and its legal representative.
PARTY_CODE_FIELDS = (
    "subject_uscc",
    "subject_business_reg_no",
    "subject_org_code",
    "subject_tax_no",
    "subject_institution_no",
    "subject_social_org_no",
)
LEGAL_REP_FIELDS = ("legal_rep", "legal_rep_id_type", "legal_rep_id_number")
# Fields whose values are identifiers: white space removed, full-width made ordinary, upper case.
IDENTIFIER_FIELDS = frozenset(
    {*PARTY_CODE_FIELDS, "legal_rep_id_number", "person_id_number", "authority_uscc", "source_unit_uscc"}
)
# Document and licence numbers keep their punctuation (〔2024〕) but full-width digits and letters are made ordinary.
NUMBER_FIELDS = frozenset({"decision_number", "licence_number"})
DATE_FIELDS: dict[str, tuple[str, ...]] = {
    CatalogueKind.LICENSING: ("decision_date", "valid_from", "valid_to"),
    CatalogueKind.PENALTY: ("decision_date", "penalty_valid_until", "publication_deadline"),
}
AMOUNT_FIELDS = ("fine_amount", "confiscated_amount")

# Keys validate_record reads beyond the national fields.
EXTRA_KEYS: dict[str, frozenset[str]] = {
    CatalogueKind.LICENSING: frozenset({"catalogue_item", "licence_category_other", "reported_at", "unit"}),
    CatalogueKind.PENALTY: frozenset({"catalogue_item", "procedure", "reported_at", "unit"}),
}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


# --- parsing of values ---------------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
_DATE_TEXT = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{1,7}(?:\.\d+)?$")


def _from_serial(serial: float | Decimal) -> date:
    if not 1 <= serial <= _EXCEL_MAX_SERIAL:
        raise ValueError(_("%(value)s is not a date (as an Excel date number it is out of range).") % {"value": serial})
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: object) -> date:
    """A date from YYYY/MM/DD, YYYY-MM-DD, YYYY.MM.DD, YYYY年M月D日, YYYYMMDD, a date or datetime, or an Excel date
    number (days since 1899-12-30). "长期" is 2099-12-31. Raises ValueError with a message saying what was seen."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a date.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        return _from_serial(value)
    return _parse_date_text(str(value))


@functools.lru_cache(maxsize=8192)
def _parse_date_text(value: str) -> date:
    text = nfkc(value)
    if text in LONG_TERM_WORDS:
        return LONG_TERM
    match = _COMPACT_DATE.match(text) or _DATE_TEXT.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(_("“%(value)s” is not a real calendar date.") % {"value": text}) from None
    if _SERIAL.match(text):
        return _from_serial(Decimal(text))
    raise ValueError(
        _("“%(value)s” is not a date; write it as YYYY/MM/DD, YYYY-MM-DD or YYYYMMDD (for example 2024/03/05).")
        % {"value": text}
    )


def parse_amount(value: object) -> Decimal:
    """An amount in 万元 (10,000 yuan): non-negative, at most 6 decimals. Accepts numbers, Decimal and text with
    thousands separators or a trailing 万元. Raises ValueError with a message saying what is wrong."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = nfkc(str(value)).replace(",", "").replace(" ", "")
        if text.endswith("万元"):
            text = text[:-2]
        elif text.endswith("元"):
            raise ValueError(
                _("“%(value)s” is in yuan; amounts here are in 万元 (10,000 yuan): write %(wan)s for %(value)s.")
                % {"value": str(value).strip(), "wan": _yuan_to_wan(text[:-1])}
            )
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                _("“%(value)s” is not an amount; write a number of 万元 such as 0.5 (= 5,000 yuan).")
                % {"value": str(value).strip()}
            ) from None
    if not amount.is_finite():
        raise ValueError(_("“%(value)s” is not an amount.") % {"value": value})
    if amount < 0:
        raise ValueError(_("The amount %(value)s is negative.") % {"value": amount})
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -AMOUNT_MAX_DECIMALS:
        raise ValueError(
            _("The amount %(value)s has more than 6 decimals; amounts in 万元 are kept to 6 decimals (0.01 yuan).")
            % {"value": amount}
        )
    if amount >= AMOUNT_LIMIT:
        raise ValueError(_("The amount %(value)s 万元 is too large.") % {"value": amount})
    return amount


# The amounts of a file repeat: each distinct text is parsed once (a refused one is not kept, so its message is
# always in the active language).
_amount_text = functools.lru_cache(maxsize=8192)(parse_amount)


def _yuan_to_wan(text: str) -> str:
    try:
        return format((Decimal(text) / 10000).normalize(), "f")
    except (InvalidOperation, ValueError):
        return "…"


_FULL_WIDTH_ALNUM = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},
    **{0xFF21 + i: 0x41 + i for i in range(26)},
    **{0xFF41 + i: 0x61 + i for i in range(26)},
}
_INVISIBLE = "\ufeff\u200b\u200c\u200d"


def clean_text(value: object) -> str:
    """Text of a cell: None → "", numbers without a spurious ".0", leading and trailing spaces (also U+3000)
    and invisible marks removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = value if isinstance(value, str) else str(value)
    return text.strip().strip(_INVISIBLE).strip()


def fast_identifier(text: str) -> str:
    """normalize_identifier, quicker for the usual plain-ASCII value."""
    if text.isascii():
        return "".join(text.split()).upper()
    return normalize_identifier(text)


def add_months(d: date, months: int) -> date:
    """Calendar months later; the day is clamped to the end of a shorter month (2024-01-31 + 1 → 2024-02-29)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


@functools.lru_cache(maxsize=65536)
def _uscc_errors(code: str, language: str | None) -> tuple[str, ...]:
    return tuple(check_uscc(code).errors)


def uscc_errors(code: str, language: str | None = None) -> list[str]:
    """The problems check_uscc finds with a (normalized) code; cached, since imports repeat the same codes.
    `language`: the active language when the caller knows it already."""
    return list(_uscc_errors(code, language or get_language()))


@functools.lru_cache(maxsize=65536)
def _resident_id_errors(number: str, today: date, language: str | None) -> tuple[str, ...]:
    return tuple(check_resident_id(number, today=today).errors)


# The code tables read texts that repeat on every row of a file: each distinct text is parsed once.
_subject_category = functools.lru_cache(maxsize=1024)(parse_subject_category)
_id_type = functools.lru_cache(maxsize=1024)(parse_id_type)
_procedure = functools.lru_cache(maxsize=1024)(parse_procedure)


# --- the regime table ----------------------------------------------------------------------------------------------


REGIME_MAX_MONTHS = 120  # ten years: a longer publication period is a typing mistake


def check_regime_periods(min_months: int, max_months: int, published: bool) -> dict[str, list[str]]:
    """Problems with the periods of a regime rule (months from the decision date), by field (empty when fine)."""
    errors: dict[str, list[str]] = {}
    for name, value in (("min_months", min_months), ("max_months", max_months)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[name] = [_("A period is a whole number of months, 0 or more.")]
        elif value > REGIME_MAX_MONTHS:
            errors[name] = [_("A period of more than %(max)d months is not plausible.") % {"max": REGIME_MAX_MONTHS}]
    if not errors:
        if min_months > max_months:
            errors["min_months"] = [
                _("The minimum period (%(min)d months) is longer than the maximum (%(max)d months).")
                % {"min": min_months, "max": max_months}
            ]
        elif published and max_months == 0:
            errors["max_months"] = [_("A published severity needs a maximum period of at least one month.")]
    return errors


@dataclass(frozen=True)
class RulePeriods:
    published: bool
    min_months: int
    max_months: int
    repairable: bool


class RegimeTable:
    """The publication regimes and their rules, loaded once (two queries)."""

    def __init__(self, regimes: Iterable[PublicationRegime], rules: Iterable[RegimeRule]):
        self.regimes = sorted(regimes, key=lambda r: r.effective_from)
        self._rules = {(r.regime_id, r.severity, r.sector): r for r in rules}

    @classmethod
    def load(cls) -> RegimeTable:
        return cls(PublicationRegime.objects.all(), RegimeRule.objects.all())

    def regime_for(self, decision_date: date) -> PublicationRegime:
        """The latest regime in force on the decision date; a decision before the first regime (2019-07-01) is
        measured by the first one, the earliest rule the district applies."""
        if not self.regimes:
            raise LookupError(_("No publication regime is configured; the credit administrator must add one."))
        chosen = self.regimes[0]
        for regime in self.regimes:
            if regime.effective_from <= decision_date:
                chosen = regime
            else:
                break
        return chosen

    def periods(self, regime: PublicationRegime, severity: str, sector: str) -> RulePeriods:
        """The periods for a severity under a regime. When a rule for the sector exists as well as the general one,
        the longer periods win (58号令: 特种设备、安全生产、消防 at least one year)."""
        general = self._rules.get((regime.pk, severity, ""))
        specific = self._rules.get((regime.pk, severity, sector)) if sector else None
        found = [r for r in (specific, general) if r is not None]
        if not found:
            raise LookupError(
                _("The regime %(regime)s has no rule for severity “%(severity)s”.")
                % {"regime": regime.document, "severity": severity}
            )
        first = found[0]
        return RulePeriods(
            published=first.published,
            min_months=max(r.min_months for r in found),
            max_months=max(r.max_months for r in found),
            repairable=all(r.repairable for r in found),
        )


# --- severity and the publication plan ---------------------------------------------------------------------------


def derive_severity(
    categories: Iterable[str], procedure: str | None, fine_amount: Decimal | None, sector: str | None
) -> str:
    """轻微 / 一般 / 严重 / 特定严重 of a penalty (the most severe reading wins when categories differ):

    - 严重 (serious): 责令停产停业, 吊销, 责令关闭, 限制从业, 行政拘留, or a fine of 200万元 or more;
      特定严重 (specific serious) when 停产停业 / 吊销 / 关闭 falls in food and drugs, environment, construction,
      work safety, fire or special equipment (527号: full 3 years, not repairable);
    - 轻微 (minor): decided by the simplified procedure, or only 警告 / 通报批评 (36号令);
    - 一般 (general): everything else (fines, confiscation, 暂扣, 降低资质 …).
    """
    cats = set(categories)
    if cats & SPECIFIC_SERIOUS_CATEGORIES and (sector or "") in SPECIFIC_SERIOUS_SECTORS:
        return Severity.SPECIFIC_SERIOUS
    if cats & SERIOUS_CATEGORIES or (fine_amount is not None and fine_amount >= SERIOUS_FINE):
        return Severity.SERIOUS
    if procedure == ProcedureKind.SIMPLE or (cats and cats <= MINOR_ONLY_CATEGORIES):
        return Severity.MINOR
    return Severity.GENERAL


@dataclass(frozen=True)
class Plan:
    """When a record is on public view. For penalties the periods count from the decision date."""

    severity: str | None  # None for licensing records
    regime: PublicationRegime | None
    published: bool
    start: date | None  # the day it went public (the day it was reported), when known
    min_end: date | None  # end of the minimum period: repair is possible from the day after
    max_end: date | None  # end of the maximum period
    deadline: date | None  # 公示截止期: the last day on public view
    repairable: bool
    error: str | None = None  # the record's own 公示截止期 is outside [min_end, max_end]


def _get(record_like: Any, name: str, default: Any = None) -> Any:
    if isinstance(record_like, Mapping):
        return record_like.get(name, default)
    return getattr(record_like, name, default)


def _start_of(record_like: Any) -> date | None:
    start = _get(record_like, "publication_start")
    if start:
        return start
    reported = _get(record_like, "reported_at")
    if isinstance(reported, datetime):
        return timezone.localtime(reported).date() if timezone.is_aware(reported) else reported.date()
    return reported if isinstance(reported, date) else None


def _sector_of(record_like: Any) -> str:
    sector = _get(record_like, "sector")
    if sector:
        return str(sector)
    item = _get(record_like, "catalogue_item")
    return getattr(item, "sector", "") or ""


def publication_plan(record_like: Any, *, kind: str | None = None, regimes: RegimeTable | None = None) -> Plan:
    """The publication plan of a record (a model instance or a dict of cleaned values).

    Licensing: public from entry, no end (a licence stays public even when its current status is 2 无效; the
    status column says so). Penalty: the regime in force on the decision date and its rule for the severity
    (and sector) give `published`, the minimum and maximum period counted from the decision date, and
    `repairable`; 公示截止期 = the end of the maximum period, unless the record gives its own that is not before
    the end of the minimum period and not after the end of the maximum (then that one; otherwise `error` says
    which range is allowed).
    """
    if kind is None:
        is_licensing = isinstance(record_like, LicensingRecord) or (
            isinstance(record_like, Mapping) and "licence_category" in record_like
        )
        kind = CatalogueKind.LICENSING if is_licensing else CatalogueKind.PENALTY
    start = _start_of(record_like)
    if kind == CatalogueKind.LICENSING:
        return Plan(None, None, True, start, None, None, None, False)

    table = regimes or RegimeTable.load()
    decision_date: date = _get(record_like, "decision_date")
    sector = _sector_of(record_like)
    severity = derive_severity(
        _get(record_like, "categories") or [],
        _get(record_like, "procedure") or ProcedureKind.GENERAL,
        _get(record_like, "fine_amount"),
        sector,
    )
    regime = table.regime_for(decision_date)
    periods = table.periods(regime, severity, sector)
    if not periods.published:
        return Plan(severity, regime, False, None, None, None, None, periods.repairable)
    min_end = add_months(decision_date, periods.min_months)
    max_end = add_months(decision_date, periods.max_months)
    deadline, error = max_end, None
    own = _get(record_like, "publication_deadline")
    if own and own != max_end:
        if min_end <= own <= max_end:
            deadline = own
        else:
            error = _(
                "The publication deadline %(own)s is outside the allowed range: under %(regime)s a %(severity)s "
                "penalty decided on %(decision)s stays public from %(min_end)s (end of the minimum period of "
                "%(min)d months) to %(max_end)s at most (%(max)d months)."
            ) % {
                "own": own.isoformat(),
                "regime": regime.document,
                "severity": Severity(severity).label,
                "decision": decision_date.isoformat(),
                "min_end": min_end.isoformat(),
                "max_end": max_end.isoformat(),
                "min": periods.min_months,
                "max": periods.max_months,
            }
    return Plan(severity, regime, True, start, min_end, max_end, deadline, periods.repairable, error)


# --- validation --------------------------------------------------------------------------------------------------


class ValidationContext:
    """What validating records of one unit needs from the database, loaded once: its catalogue and the regimes.

    `today` is the day decisions may not be later than (Asia/Shanghai today by default)."""

    def __init__(self, unit: ReportingUnit, *, today: date | None = None, regimes: RegimeTable | None = None):
        self.unit = unit
        self.today = today or timezone.localdate()
        self._regimes = regimes
        self._items: list[CatalogueItem] | None = None
        self._by_code: dict[tuple[str, str], CatalogueItem] = {}
        self._by_name: dict[tuple[str, str], list[CatalogueItem]] = {}
        self._plan_errors: dict[tuple[Any, ...], str] = {}
        self._found: dict[tuple[str, str], tuple[CatalogueItem | None, list[CatalogueItem]]] = {}

    def plan_error(self, cleaned: Mapping[str, Any], language: str | None = None) -> str:
        """The publication plan's complaint about a penalty's own 公示截止期 ("" when none). The plan depends only
        on these values, so an import computes it once per distinct combination. `language`: the active language,
        when the caller knows it already."""
        key = (
            cleaned.get("decision_date"),
            cleaned.get("sector") or getattr(cleaned.get("catalogue_item"), "sector", ""),
            tuple(cleaned.get("categories") or ()),
            cleaned.get("procedure"),
            cleaned.get("fine_amount"),
            cleaned.get("publication_deadline"),
            language or get_language(),
        )
        found = self._plan_errors.get(key)
        if found is None:
            if len(self._plan_errors) >= CONTEXT_MEMO_SIZE:
                self._plan_errors.clear()  # bounded memory whatever the file
            plan = publication_plan(cleaned, kind=CatalogueKind.PENALTY, regimes=self.regimes)
            found = self._plan_errors[key] = plan.error or ""
        return found

    @property
    def regimes(self) -> RegimeTable:
        if self._regimes is None:
            self._regimes = RegimeTable.load()
        return self._regimes

    def _load_items(self) -> None:
        if self._items is not None:
            return
        self._items = list(CatalogueItem.objects.filter(unit=self.unit))
        for item in self._items:
            self._by_code[(item.kind, normalize_identifier(item.code))] = item
            self._by_name.setdefault((item.kind, item.name.strip()), []).append(item)

    def find_item(self, kind: str, text: str) -> tuple[CatalogueItem | None, list[CatalogueItem]]:
        """(the item whose code is `text`, else the items whose exact name is `text`) — of this unit, any kind.
        Each distinct text is looked up once."""
        found = self._found.get((kind, text))
        if found is None:
            if len(self._found) >= CONTEXT_MEMO_SIZE:
                self._found.clear()  # bounded memory whatever the file
            found = self._found[(kind, text)] = self._find_item(kind, text)
        return found

    def _find_item(self, kind: str, text: str) -> tuple[CatalogueItem | None, list[CatalogueItem]]:
        self._load_items()
        key = normalize_identifier(text)
        for k in (kind, *(x for x in KINDS if x != kind)):
            item = self._by_code.get((k, key))
            if item is not None:
                return item, []
        named = self._by_name.get((kind, text), [])
        if not named:
            for k in KINDS:
                if k != kind:
                    named = self._by_name.get((k, text), [])
                    if named:
                        break
        return None, named


def make_context(unit: ReportingUnit, *, today: date | None = None) -> ValidationContext:
    """A ValidationContext for validating many records of `unit` (an import): pass it as `context=`."""
    return ValidationContext(unit, today=today)


@functools.cache
def _text_limits(kind: str) -> dict[str, int | None]:
    model = LicensingRecord if kind == CatalogueKind.LICENSING else PenaltyRecord
    limits: dict[str, int | None] = {}
    for f in model._meta.get_fields():
        if isinstance(f, models.CharField | models.TextField) and not f.choices:
            limits[f.name] = f.max_length
    return limits


_PLAIN, _IDENTIFIER, _NUMBER = 0, 1, 2


@functools.cache
def _text_reads(kind: str) -> tuple[tuple[str, int], ...]:
    """The text fields `read_texts` cleans, each with how (as `_Validation.text` does)."""
    fields = _field_index(kind)
    return tuple(
        (name, _IDENTIFIER if name in IDENTIFIER_FIELDS else _NUMBER if name in NUMBER_FIELDS else _PLAIN)
        for name in _text_limits(kind)
        if name != "public_id" and (name in fields or name == "licence_category_other")
    )


@functools.cache
def _limited_texts(kind: str) -> tuple[tuple[str, int], ...]:
    return tuple((name, limit) for name, limit in _text_limits(kind).items() if limit)


@functools.cache
def _field_index(kind: str) -> dict[str, NationalField]:
    fields = {f.name: f for f in national_fields(kind)}
    fields["catalogue_item"] = CATALOGUE_ITEM_FIELD
    if kind == CatalogueKind.PENALTY:
        fields["procedure"] = PROCEDURE_FIELD
    return fields


@functools.cache
def _allowed_keys(kind: str) -> frozenset[str]:
    return frozenset(_field_index(kind)) | EXTRA_KEYS[kind]


@functools.cache
def _required_reads(kind: str) -> tuple[tuple[str, bool], ...]:
    """The required fields check_required looks at, in field order, each with whether read_texts cleaned it."""
    reads = {name for name, _mode in _text_reads(kind)}
    return tuple(
        (name, name in reads)
        for name, f in _field_index(kind).items()
        if f.required is True and name != "catalogue_item"
    )


def field_header(kind: str, name: str) -> str:
    """The national Chinese header of a field (the name itself when it has none)."""
    f = _field_index(kind).get(name)
    return f.header if f else name


class _Validation:
    def __init__(self, kind: str, data: Mapping[str, Any], ctx: ValidationContext, language: str | None):
        self.kind = kind
        self.data = data
        self.ctx = ctx
        self.errors: list[FieldError] = []
        self.cleaned: dict[str, Any] = {}
        self.fields = _field_index(kind)
        self.language = language  # memoised checks are kept per language (their messages are translated)

    # helpers
    def error(self, name: str, message: str) -> None:
        self.errors.append(FieldError(name, message))

    def has_error(self, *names: str) -> bool:
        return any(e.field in names for e in self.errors)

    def header(self, name: str) -> str:
        return field_header(self.kind, name)

    def text(self, name: str) -> str:
        value = clean_text(self.data.get(name))
        if name in IDENTIFIER_FIELDS:
            value = fast_identifier(value)
        elif name in NUMBER_FIELDS:
            value = value.translate(_FULL_WIDTH_ALNUM)
        return value

    def required(self, name: str) -> None:
        self.error(name, _("“%(header)s” is required.") % {"header": self.header(name)})

    # steps
    def run(self) -> tuple[dict[str, Any], list[FieldError]]:
        self.check_keys()
        self.read_texts()
        self.check_required()
        self.read_dates()
        self.check_party()
        self.check_authorities()
        self.check_catalogue_item()
        if self.kind == CatalogueKind.LICENSING:
            self.check_licensing()
        else:
            self.check_penalty()
        self.check_lengths()
        return self.cleaned, self.errors

    def check_keys(self) -> None:
        allowed = _allowed_keys(self.kind)
        if not allowed.issuperset(self.data):
            for key in self.data:
                if key in allowed:
                    continue
                self.error(
                    key,
                    _("“%(key)s” is not a field of this record (%(kind)s).") % {"key": key, "kind": self.kind_label},
                )
        unit = self.data.get("unit")
        if unit not in (None, ""):
            code = unit.code if isinstance(unit, ReportingUnit) else clean_text(unit)
            if code != self.ctx.unit.code:
                self.error(
                    "unit",
                    _("This record is filed for unit %(given)s but is being validated for unit %(unit)s.")
                    % {"given": code, "unit": self.ctx.unit.code},
                )
        self.cleaned["unit"] = self.ctx.unit
        reported_at = self.data.get("reported_at")
        if reported_at not in (None, ""):
            if isinstance(reported_at, datetime):
                self.cleaned["reported_at"] = (
                    reported_at if timezone.is_aware(reported_at) else timezone.make_aware(reported_at)
                )
            else:
                try:
                    day = parse_date(reported_at)
                except ValueError as exc:
                    self.error("reported_at", str(exc))
                else:
                    self.cleaned["reported_at"] = timezone.make_aware(datetime.combine(day, datetime.min.time()))

    @property
    def kind_label(self) -> str:
        return str(CatalogueKind(self.kind).label)

    def read_texts(self) -> None:
        data, cleaned = self.data, self.cleaned
        get = data.get
        for name, mode in _text_reads(self.kind):
            raw = get(name)
            if raw is None:
                cleaned[name] = ""
                continue
            if raw.__class__ is str:  # clean_text, inlined
                value = raw.strip()
                if value and (value[0] in _INVISIBLE or value[-1] in _INVISIBLE):
                    value = value.strip(_INVISIBLE).strip()
            else:
                value = clean_text(raw)
            if mode == _IDENTIFIER:
                value = fast_identifier(value)
            elif mode == _NUMBER:
                value = value.translate(_FULL_WIDTH_ALNUM)
            cleaned[name] = value

    def check_required(self) -> None:
        if self.kind == CatalogueKind.LICENSING and not self.cleaned.get("decision_number"):
            # 行政许可决定文书号: "if none, use 许可编号".
            self.cleaned["decision_number"] = self.cleaned.get("licence_number", "")
        cleaned, data = self.cleaned, self.data
        for name, read in _required_reads(self.kind):
            if read:
                # Read by read_texts: text without white space at either end, so blank is "".
                if not cleaned[name]:
                    self.required(name)
                continue
            value = cleaned.get(name) if name in cleaned else data.get(name)
            if value in (None, "", []) or (isinstance(value, str) and not value.strip()):
                self.required(name)

    def read_dates(self) -> None:
        for name in DATE_FIELDS[self.kind]:
            raw = self.data.get(name)
            if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
                self.cleaned[name] = None
                continue
            try:
                self.cleaned[name] = parse_date(raw)
            except ValueError as exc:
                self.cleaned[name] = None
                self.error(name, f"{self.header(name)}: {exc}")
        decision = self.cleaned.get("decision_date")
        if decision is not None:
            if decision > self.ctx.today:
                self.error(
                    "decision_date",
                    _("The decision date %(date)s is in the future (today is %(today)s).")
                    % {"date": decision.isoformat(), "today": self.ctx.today.isoformat()},
                )
            reported = self.cleaned.get("reported_at")
            if reported is not None and timezone.localtime(reported).date() < decision:
                self.error(
                    "reported_at",
                    _("The record cannot have been reported (%(reported)s) before the decision date %(date)s.")
                    % {"reported": timezone.localtime(reported).date().isoformat(), "date": decision.isoformat()},
                )

    # the party (fields 1–13)
    def check_party(self) -> None:
        raw = self.data.get("subject_category")
        text = clean_text(raw)
        category = (_subject_category(raw) if raw.__class__ is str else parse_subject_category(raw)) if text else None
        if text and category is None:
            self.error(
                "subject_category",
                _("“%(value)s” is not a party category; use 法人及非法人组织, 自然人 or 个体工商户.") % {"value": text},
            )
        self.cleaned["subject_category"] = category or ""
        c = self.cleaned
        self.cleaned["person_id_type"] = ""
        raw_type = clean_text(self.data.get("person_id_type"))
        if raw_type:
            id_type = _id_type(raw_type)
            if id_type is None:
                self.error(
                    "person_id_type",
                    _(
                        "“%(value)s” is not an ID type; use 身份证, 护照号, 港澳居民来往内地通行证, "
                        "台湾居民来往大陆通行证, 外国人永久居留身份证 or 其他 (or codes 01–05, 99)."
                    )
                    % {"value": raw_type},
                )
            else:
                c["person_id_type"] = id_type
        self.clean_legal_rep_id()
        if category is None:
            return
        if category == SubjectCategory.NATURAL_PERSON:
            for name in (*PARTY_CODE_FIELDS, *LEGAL_REP_FIELDS):
                if c.get(name):
                    self.error(
                        name,
                        _("A natural person (自然人) has no “%(header)s”; leave it blank.")
                        % {"header": self.header(name)},
                    )
            if not c["person_id_type"] and not self.has_error("person_id_type"):
                self.error(
                    "person_id_type",
                    _("“%(header)s” is required for a natural person (自然人).")
                    % {"header": self.header("person_id_type")},
                )
            if not c.get("person_id_number"):
                self.error(
                    "person_id_number",
                    _("“%(header)s” is required for a natural person (自然人).")
                    % {"header": self.header("person_id_number")},
                )
            elif c["person_id_type"] == PersonIdType.RESIDENT_ID:
                for message in _resident_id_errors(c["person_id_number"], self.ctx.today, self.language):
                    self.error("person_id_number", message)
            return

        # 法人及非法人组织 / 个体工商户
        for name in ("person_id_type", "person_id_number"):
            if c.get(name):
                self.error(
                    name,
                    _(
                        "“%(header)s” is only for a natural person (自然人); for a legal person or an individual "
                        "business leave it blank (the legal representative's ID goes in 法定代表人证件类型/号码)."
                    )
                    % {"header": self.header(name)},
                )
        if not c.get("legal_rep"):
            self.error(
                "legal_rep",
                _(
                    "“%(header)s” is required for a legal person or an individual business (for an individual "
                    "business, the operator's name)."
                )
                % {"header": self.header("legal_rep")},
            )
        uscc = c.get("subject_uscc", "")
        if not uscc:
            self.error(
                "subject_uscc",
                _(
                    "The unified social credit code is required for a legal person or an individual business (an "
                    "individual business without one fills %(placeholder)s and gives its 工商注册号)."
                )
                % {"placeholder": USCC_PLACEHOLDER},
            )
        elif uscc == USCC_PLACEHOLDER:
            if category != SubjectCategory.INDIVIDUAL_BUSINESS:
                self.error(
                    "subject_uscc",
                    _(
                        "The placeholder %(placeholder)s is only for an individual business (个体工商户) without a "
                        "credit code; a legal person must give its real unified social credit code."
                    )
                    % {"placeholder": USCC_PLACEHOLDER},
                )
            elif not c.get("subject_business_reg_no"):
                self.error(
                    "subject_business_reg_no",
                    _(
                        "An individual business filed with the placeholder credit code %(placeholder)s must give its "
                        "business registration number (工商注册号)."
                    )
                    % {"placeholder": USCC_PLACEHOLDER},
                )
        else:
            for message in _uscc_errors(uscc, self.language):
                self.error("subject_uscc", message)
        org_code = c.get("subject_org_code", "").replace("-", "")
        c["subject_org_code"] = org_code
        if org_code:
            self.check_org_code(org_code, uscc)

    def check_org_code(self, org_code: str, uscc: str) -> None:
        if len(org_code) != 9 or not org_code.isascii() or not org_code.isalnum():
            self.error(
                "subject_org_code",
                _(
                    "An organization code (组织机构代码) has 9 characters (8 digits or letters and a check character); "
                    "“%(value)s” has not."
                )
                % {"value": org_code},
            )
            return
        try:
            expected = org_code_check_char(org_code[:8])
        except ValueError:
            expected = None
        if expected is not None and org_code[8] != expected:
            self.error(
                "subject_org_code",
                _("The organization code %(value)s has a wrong check character: expected “%(expected)s”.")
                % {"value": org_code, "expected": expected},
            )
        elif uscc and uscc != USCC_PLACEHOLDER and len(uscc) == 18 and not self.has_error("subject_uscc"):
            if uscc[8:17] != org_code:
                self.error(
                    "subject_org_code",
                    _("The organization code %(value)s differs from the one inside the credit code (%(embedded)s).")
                    % {"value": org_code, "embedded": uscc[8:17]},
                )

    def clean_legal_rep_id(self) -> None:
        c = self.cleaned
        raw_type = c.get("legal_rep_id_type", "")
        number = c.get("legal_rep_id_number", "")
        if raw_type:
            code = _id_type(raw_type)
            if code is None:
                self.error(
                    "legal_rep_id_type",
                    _(
                        "“%(value)s” is not an ID type; use 身份证, 护照号, 港澳居民来往内地通行证, "
                        "台湾居民来往大陆通行证, 外国人永久居留身份证 or 其他-… (or codes 01–05, 99)."
                    )
                    % {"value": raw_type},
                )
            else:
                if code != PersonIdType.OTHER:
                    c["legal_rep_id_type"] = ID_TYPE_LABELS[code]
                if not number:
                    self.error(
                        "legal_rep_id_number",
                        _("The legal representative's ID type is given but not the number."),
                    )
                elif code == PersonIdType.RESIDENT_ID:
                    for message in _resident_id_errors(number, self.ctx.today, self.language):
                        self.error("legal_rep_id_number", message)
        elif number:
            self.error("legal_rep_id_type", _("The legal representative's ID number is given but not its type."))

    def check_authorities(self) -> None:
        for name in ("authority_uscc", "source_unit_uscc"):
            code = self.cleaned.get(name, "")
            if code:
                for message in _uscc_errors(code, self.language):
                    self.error(name, f"{self.header(name)}: {message}")

    def check_catalogue_item(self) -> None:
        raw = self.data.get("catalogue_item")
        self.cleaned["catalogue_item"] = None
        self.cleaned["sector"] = ""
        item: CatalogueItem | None
        if isinstance(raw, CatalogueItem):
            item = raw
            if item.unit_id != self.ctx.unit.pk:
                self.error(
                    "catalogue_item",
                    _("The catalogue item “%(item)s” belongs to another unit, not to %(unit)s.")
                    % {"item": item, "unit": self.ctx.unit.code},
                )
                return
        else:
            text = clean_text(raw)
            if not text:
                self.required("catalogue_item")
                return
            item, named = self.ctx.find_item(self.kind, text)
            if item is None:
                active = [i for i in named if i.is_active and i.kind == self.kind]
                if len(active) > 1:
                    self.error(
                        "catalogue_item",
                        _("Several items of the catalogue are named “%(name)s”; give the item code (%(codes)s).")
                        % {"name": text, "codes": ", ".join(i.code for i in active)},
                    )
                    return
                item = active[0] if active else (named[0] if named else None)
            if item is None:
                self.error(
                    "catalogue_item",
                    _("No item with the code or name “%(value)s” is in the catalogue of %(unit)s.")
                    % {"value": text, "unit": self.ctx.unit.code},
                )
                return
        if item.kind != self.kind:
            self.error(
                "catalogue_item",
                _(
                    "The catalogue item %(code)s is an item of “%(item_kind)s”; this record is “%(kind)s” and needs "
                    "an item of that kind."
                )
                % {"code": item.code, "item_kind": item.get_kind_display(), "kind": self.kind_label},
            )
            return
        if not item.is_active:
            self.error(
                "catalogue_item",
                _("The catalogue item %(code)s “%(name)s” is no longer active.")
                % {"code": item.code, "name": item.name},
            )
            return
        self.cleaned["catalogue_item"] = item
        self.cleaned["sector"] = item.sector

    def check_licensing(self) -> None:
        c = self.cleaned
        raw = clean_text(self.data.get("licence_category"))
        c["licence_category"] = ""
        if raw:
            parsed = parse_licence_category(raw)
            if parsed is None:
                self.error(
                    "licence_category",
                    _(
                        "“%(value)s” is not a licence category; use 普通, 特许, 认可, 核准, 登记 or 其他 "
                        "(or codes 01–06)."
                    )
                    % {"value": raw},
                )
            else:
                c["licence_category"], spec = parsed
                if c["licence_category"] == LicenceCategory.OTHER:
                    c["licence_category_other"] = c.get("licence_category_other") or spec
                    if not c["licence_category_other"]:
                        self.error(
                            "licence_category_other",
                            _(
                                "The licence category 其他 must say which: write it as 其他-… "
                                "or fill the specification."
                            ),
                        )
                else:
                    c["licence_category_other"] = ""
        raw_status = clean_text(self.data.get("current_status"))
        status = parse_current_status(raw_status) if raw_status else "1"
        if status is None:
            self.error(
                "current_status",
                _("“%(value)s” is not a current status; use 1 (有效) or 2 (无效).") % {"value": raw_status},
            )
        c["current_status"] = status or "1"
        valid_from, valid_to = c.get("valid_from"), c.get("valid_to")
        if valid_from and valid_to and valid_from > valid_to:
            self.error(
                "valid_to",
                _("The licence is valid to %(to)s, before it is valid from %(from)s.")
                % {"to": valid_to.isoformat(), "from": valid_from.isoformat()},
            )

    def check_penalty(self) -> None:
        c = self.cleaned
        raw_categories = self.data.get("categories")
        codes, unknown = parse_penalty_categories(raw_categories)
        c["categories"] = codes
        for word in unknown:
            self.error(
                "categories",
                _(
                    "“%(value)s” is not a penalty category (行政处罚法 §9); use 警告, 通报批评, 罚款, "
                    "没收违法所得, 没收非法财物, 暂扣许可证件, 降低资质等级, 吊销许可证件, 限制开展生产经营活动, "
                    "责令停产停业, 责令关闭, 限制从业, 行政拘留, 其他 or codes 01–14, separated by ；or 、."
                )
                % {"value": word},
            )
        if not codes and not unknown and not self.has_error("categories"):
            self.required("categories")

        raw_procedure = clean_text(self.data.get("procedure"))
        procedure = _procedure(raw_procedure) if raw_procedure else ProcedureKind.GENERAL
        if procedure is None:
            self.error(
                "procedure",
                _("“%(value)s” is not a procedure; use 简易程序 or 一般程序 (codes 01, 02).")
                % {"value": raw_procedure},
            )
        c["procedure"] = procedure or ProcedureKind.GENERAL

        for name in AMOUNT_FIELDS:
            raw = self.data.get(name)
            c[name] = None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            try:
                c[name] = _amount_text(raw) if raw.__class__ is str else parse_amount(raw)
            except ValueError as exc:
                self.error(name, f"{self.header(name)}: {exc}")
        cats = set(codes)
        fine, confiscated = c["fine_amount"], c["confiscated_amount"]
        if cats & FINE_CATEGORIES:
            if fine is None and not self.has_error("fine_amount"):
                self.error("fine_amount", _("The penalty includes a fine (罚款): give the fine amount in 万元."))
            elif fine is not None and fine == 0:
                self.error("fine_amount", _("The penalty includes a fine (罚款) but the amount is 0."))
        elif fine:
            self.error(
                "fine_amount",
                _(
                    "A fine amount is given but the penalty categories do not include 罚款; "
                    "add it or remove the amount."
                ),
            )
        if cats & CONFISCATION_CATEGORIES:
            if confiscated is None and not self.has_error("confiscated_amount"):
                self.error(
                    "confiscated_amount",
                    _("The penalty includes a confiscation (没收违法所得/没收非法财物): give the amount in 万元."),
                )
        elif confiscated:
            self.error(
                "confiscated_amount",
                _("A confiscated amount is given but the penalty categories include no confiscation (没收)."),
            )
        if cats & LICENCE_CATEGORIES and not c.get("licence_affected"):
            self.error(
                "licence_affected",
                _("The penalty suspends or revokes a licence (暂扣/吊销): give the licence's name and number."),
            )

        if procedure == ProcedureKind.SIMPLE:
            extra = cats - SIMPLE_PROCEDURE_CATEGORIES
            if extra:
                self.error(
                    "procedure",
                    _(
                        "The simplified procedure (简易程序) allows only a warning or a small fine (行政处罚法 §51); "
                        "this penalty also includes: %(extra)s."
                    )
                    % {"extra": "、".join(str(PenaltyCategory(x).label) for x in sorted(extra))},
                )
            limit = (
                SIMPLE_FINE_LIMIT_PERSON
                if c.get("subject_category") == SubjectCategory.NATURAL_PERSON
                else SIMPLE_FINE_LIMIT_ORGANIZATION
            )
            if fine is not None and fine > limit:
                self.error(
                    "procedure",
                    _(
                        "A fine of %(fine)s 万元 is above the limit of the simplified procedure (%(limit)s 万元, "
                        "行政处罚法 §51); it must be decided by the general procedure."
                    )
                    % {"fine": fine, "limit": limit},
                )

        decision = c.get("decision_date")
        valid_until = c.get("penalty_valid_until")
        if decision and valid_until and valid_until < decision:
            self.error(
                "penalty_valid_until",
                _("The penalty is valid until %(until)s, before its decision date %(date)s.")
                % {"until": valid_until.isoformat(), "date": decision.isoformat()},
            )
        own = c.get("publication_deadline")
        if decision and own and own < decision:
            self.error(
                "publication_deadline",
                _("The publication deadline %(own)s is before the decision date %(date)s.")
                % {"own": own.isoformat(), "date": decision.isoformat()},
            )
            return
        if decision and c.get("catalogue_item") is not None and not self.has_error("categories", "fine_amount"):
            try:
                plan_error = self.ctx.plan_error(c, self.language)
            except LookupError as exc:
                self.error("decision_date", str(exc))
                return
            if plan_error:
                self.error("publication_deadline", plan_error)

    def check_lengths(self) -> None:
        for name, limit in _limited_texts(self.kind):
            value = self.cleaned.get(name)
            if isinstance(value, str) and len(value) > limit:
                self.error(
                    name,
                    _("“%(header)s” is at most %(limit)d characters long; this one has %(length)d.")
                    % {"header": self.header(name), "limit": limit, "length": len(value)},
                )


def validate_record(
    kind: str,
    data: Mapping[str, Any],
    *,
    unit: ReportingUnit,
    today: date | None = None,
    context: ValidationContext | None = None,
    language: str | None = None,
) -> tuple[dict[str, Any], list[FieldError]]:
    """Check one record of `kind` ("licensing" or "penalty") for `unit` and return (cleaned values, errors).

    `data` is keyed by model field names (see huimin.credit.fields; resolve file headers with `resolve_header`),
    plus `catalogue_item` (item code, exact item name or a CatalogueItem), for penalties `procedure`, for licences
    optionally `licence_category_other`, and `reported_at` (only the services decide who may set it). Values may
    be text as read from a file, or Python values. Every problem is returned, each as FieldError(field, message);
    the record is valid when the list is empty. The cleaned dict holds every field of the record (blank ones as ""
    or None), `unit`, `catalogue_item` (the CatalogueItem) and `sector` (the item's sector). Nothing is written.
    `language` is the active language (`get_language()`, looked up when not given), for a caller validating many
    records in a row.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown record kind {kind!r}")
    ctx = context or ValidationContext(unit, today=today)
    if context is not None and today is not None:
        ctx.today = today
    return _Validation(kind, data, ctx, language or get_language()).run()


def record_fields(kind: str) -> list[str]:
    """The model fields a cleaned record of `kind` sets (without the publication bookkeeping)."""
    names = [f.name for f in national_fields(kind)]
    if kind == CatalogueKind.LICENSING:
        names.append("licence_category_other")
    else:
        names.append("procedure")
    return [*names, "catalogue_item"]


__all__ = [
    "FieldError",
    "Plan",
    "RegimeTable",
    "ValidationContext",
    "add_months",
    "check_regime_periods",
    "derive_severity",
    "make_context",
    "parse_amount",
    "parse_date",
    "publication_plan",
    "record_fields",
    "validate_record",
]
