"""The national 双公示 field lists and code tables (REFERENCE.md §3.2, §3.3).

`LICENSING_FIELDS` (28) and `PENALTY_FIELDS` (30) give, in the national order, the model field each column fills,
its Chinese header, its current field code and the pre-2019 codes still found in data. `resolve_header` turns a
column title of an uploaded file (Chinese header, current code or old code; spaces, case and full-width characters
ignored) into a model field name.

Two columns outside the national lists are needed to file a record here: the catalogue item (权责事项, every record
belongs to an item of its unit's catalogue) and, for penalties, the procedure (案件程序类别 of the provincial
standard, which decides whether a penalty is minor). They are in `LICENSING_EXTRA_FIELDS` / `PENALTY_EXTRA_FIELDS`.

Pre-2019 codes mapped (the others — DFBM 地方编码, SJC 时间戳, XK_ZT's penalty counterpart CF_ZT — carry nothing a
record here keeps, so they resolve to None and are ignored):

    XK_XDR → subject_name            XK_XDR_ZDM → subject_org_code      XK_XDR_GSDJ → subject_business_reg_no
    XK_XDR_SFZ → person_id_number    XK_FR → legal_rep                  XK_FR_SFZH → legal_rep_id_number
    XK_XMMC (项目名称) → document_name                                     XK_SPLB (审批类别) → licence_category
    XK_JZQ (截止期) → valid_to        XK_XZJG → authority
    CF_CFMC (处罚名称) → violation_type: the old name of the case is the closest to 违法行为类型
    CF_CFLB1, CF_CFLB2 → categories (both columns: their values are joined)
    CF_XDR_ZDM → subject_org_code    CF_XDR_GSDJ → subject_business_reg_no   CF_XDR_SFZ → person_id_number
    CF_FR → legal_rep                CF_JG (结果) → content             CF_XZJG → authority

Codes that did not change (XK_WSH, XK_NR, XK_JDRQ, XK_XDR_SHXYM, XK_XDR_SWDJ, XK_ZT, CF_WSH, CF_SY, CF_YJ, CF_XDR_MC,
CF_JDRQ, BZ) are current codes and resolve as such.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .models import CatalogueKind, LicenceCategory, PenaltyCategory, ProcedureKind, SubjectCategory
from .models.records import PersonIdType

Required = bool | Literal["cond"]


@dataclass(frozen=True)
class NationalField:
    name: str  # the model field (or, for the extra columns, the key validate_record reads)
    header: str  # the national Chinese header
    code: str  # the current field code ("" for columns outside the national standard)
    old_codes: tuple[str, ...] = ()
    required: Required = False
    aliases: tuple[str, ...] = ()  # other headers seen in templates of the platforms


def _party_fields(prefix: str) -> list[NationalField]:
    """Fields 1–13, the party (行政相对人), identical in both lists except for the code prefix."""
    p = prefix
    legal_rep_old = ("XK_FR",) if p == "XK" else ("CF_FR",)
    return [
        NationalField("subject_name", "行政相对人名称", f"{p}_XDR_MC", (f"{p}_XDR",) if p == "XK" else (), True),
        NationalField("subject_category", "行政相对人类别", f"{p}_XDR_LB", (), True),
        NationalField(
            "subject_uscc",
            "行政相对人代码_1(统一社会信用代码)",
            f"{p}_XDR_SHXYM",
            (),
            "cond",
            ("行政相对人代码_1", "统一社会信用代码"),
        ),
        NationalField(
            "subject_business_reg_no",
            "行政相对人代码_2(工商注册号)",
            f"{p}_XDR_GSZC",
            (f"{p}_XDR_GSDJ",),
            "cond",
            ("行政相对人代码_2", "工商注册号", "工商登记码"),
        ),
        NationalField(
            "subject_org_code",
            "行政相对人代码_3(组织机构代码)",
            f"{p}_XDR_ZZJG",
            (f"{p}_XDR_ZDM",),
            False,
            ("行政相对人代码_3", "组织机构代码"),
        ),
        NationalField(
            "subject_tax_no",
            "行政相对人代码_4(税务登记号)",
            f"{p}_XDR_SWDJ",
            (),
            False,
            ("行政相对人代码_4", "税务登记号"),
        ),
        NationalField(
            "subject_institution_no",
            "行政相对人代码_5(事业单位证书号)",
            f"{p}_XDR_SYDW",
            (),
            False,
            ("行政相对人代码_5", "事业单位证书号"),
        ),
        NationalField(
            "subject_social_org_no",
            "行政相对人代码_6(社会组织登记证号)",
            f"{p}_XDR_SHZZ",
            (),
            False,
            ("行政相对人代码_6", "社会组织登记证号"),
        ),
        NationalField("legal_rep", "法定代表人", f"{p}_FRDB", legal_rep_old, "cond", ("法定代表人姓名",)),
        NationalField("legal_rep_id_type", "法定代表人证件类型", f"{p}_FR_ZJLX", (), False),
        NationalField(
            "legal_rep_id_number",
            "法定代表人证件号码",
            f"{p}_FR_ZJHM",
            (f"{p}_FR_SFZH",) if p == "XK" else (),
            False,
            ("法定代表人身份证号",),
        ),
        NationalField("person_id_type", "证件类型", f"{p}_XDR_ZJLX", (), "cond", ("行政相对人证件类型",)),
        NationalField(
            "person_id_number",
            "证件号码",
            f"{p}_XDR_ZJHM",
            (f"{p}_XDR_SFZ",),
            "cond",
            ("行政相对人证件号码", "身份证号"),
        ),
    ]


LICENSING_FIELDS: list[NationalField] = [
    *_party_fields("XK"),
    NationalField("document_name", "行政许可决定文书名称", "XK_XKWS", ("XK_XMMC",), True, ("项目名称",)),
    NationalField("decision_number", "行政许可决定文书号", "XK_WSH", (), True),
    NationalField("licence_category", "许可类别", "XK_XKLB", ("XK_SPLB",), True, ("审批类别",)),
    NationalField("certificate_name", "许可证书名称", "XK_XKZS", (), False),
    NationalField("licence_number", "许可编号", "XK_XKBH", (), False),
    NationalField("content", "许可内容", "XK_NR", (), False),
    NationalField("decision_date", "许可决定日期", "XK_JDRQ", (), True),
    NationalField("valid_from", "有效期自", "XK_YXQZ", (), True),
    NationalField("valid_to", "有效期至", "XK_YXQZI", ("XK_JZQ",), True, ("截止期",)),
    NationalField("authority", "许可机关", "XK_XKJG", ("XK_XZJG",), True),
    NationalField("authority_uscc", "许可机关统一社会信用代码", "XK_XKJGDM", (), True),
    NationalField("current_status", "当前状态", "XK_ZT", (), False),  # blank = 1 (有效)
    NationalField("source_unit", "数据来源单位", "XK_LYDW", (), True),
    NationalField("source_unit_uscc", "数据来源单位统一社会信用代码", "XK_LYDWDM", (), True),
    NationalField("remarks", "备注", "BZ", (), False),
]

PENALTY_FIELDS: list[NationalField] = [
    *_party_fields("CF"),
    NationalField("decision_number", "行政处罚决定书文号", "CF_WSH", (), True, ("处罚决定书文号",)),
    NationalField("violation_type", "违法行为类型", "CF_WFXW", ("CF_CFMC",), True, ("处罚名称",)),
    NationalField("facts", "违法事实", "CF_SY", (), True, ("处罚事由",)),
    NationalField("basis", "处罚依据", "CF_YJ", (), True),
    NationalField("categories", "处罚类别", "CF_CFLB", ("CF_CFLB1", "CF_CFLB2"), True, ("处罚种类", "处罚决定种类")),
    NationalField("content", "处罚内容", "CF_NR", ("CF_JG",), True, ("处罚结果",)),
    NationalField("fine_amount", "罚款金额(万元)", "CF_NR_FK", (), "cond", ("罚款金额",)),
    NationalField(
        "confiscated_amount",
        "没收违法所得、没收非法财物的金额(万元)",
        "CF_NR_WFFF",
        (),
        "cond",
        ("没收违法所得、没收非法财物的金额", "没收金额"),
    ),
    NationalField("licence_affected", "暂扣或吊销证照名称及编号", "CF_NR_ZKDX", (), "cond"),
    NationalField("decision_date", "处罚决定日期", "CF_JDRQ", (), True),
    NationalField("penalty_valid_until", "处罚有效期", "CF_YXQ", (), True),
    NationalField("publication_deadline", "公示截止期", "CF_GSJZQ", (), False),
    NationalField("authority", "处罚机关", "CF_CFJG", ("CF_XZJG",), True),
    NationalField("authority_uscc", "处罚机关统一社会信用代码", "CF_CFJGDM", (), True),
    NationalField("source_unit", "数据来源单位", "CF_SJLY", (), True),
    NationalField("source_unit_uscc", "数据来源单位统一社会信用代码", "CF_SJLYDM", (), True),
    NationalField("remarks", "备注", "BZ", (), False),
]

CATALOGUE_ITEM_FIELD = NationalField(
    "catalogue_item",
    "权责事项(编码或名称)",
    "",
    (),
    True,
    ("权责事项", "事项编码", "事项名称", "权责事项编码", "监管事项编码", "监管事项名称", "目录事项"),
)
PROCEDURE_FIELD = NationalField("procedure", "案件程序类别", "", (), False, ("程序类别", "处罚程序"))

LICENSING_EXTRA_FIELDS: list[NationalField] = [CATALOGUE_ITEM_FIELD]
PENALTY_EXTRA_FIELDS: list[NationalField] = [CATALOGUE_ITEM_FIELD, PROCEDURE_FIELD]

if len(LICENSING_FIELDS) != 28 or len(PENALTY_FIELDS) != 30:  # pragma: no cover - guards the national lists
    raise ImportError("the national field lists must have 28 and 30 fields")


def national_fields(kind: str) -> list[NationalField]:
    """The national list of `kind` ("licensing" or "penalty"), in order."""
    if kind == CatalogueKind.LICENSING:
        return LICENSING_FIELDS
    if kind == CatalogueKind.PENALTY:
        return PENALTY_FIELDS
    raise ValueError(f"unknown record kind {kind!r}")


def template_fields(kind: str) -> list[NationalField]:
    """The columns of an import template: the catalogue item first, the national fields, then the procedure."""
    if kind == CatalogueKind.LICENSING:
        return [CATALOGUE_ITEM_FIELD, *LICENSING_FIELDS]
    return [CATALOGUE_ITEM_FIELD, *PENALTY_FIELDS, PROCEDURE_FIELD]


# --- header resolution -----------------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def normalize_text_key(text: object) -> str:
    """Fold a header or a code-table word for comparison: NFKC (full-width → ordinary), no white space, upper case,
    without the required-field marks `*` and the brackets' spacing."""
    value = unicodedata.normalize("NFKC", "" if text is None else str(text)).replace("\ufeff", "")
    value = _SPACE.sub("", value).strip("*")
    return value.upper()


def _build_header_index() -> dict[str, dict[str, str]]:
    index: dict[str, dict[str, str]] = {}
    for kind in (CatalogueKind.LICENSING, CatalogueKind.PENALTY):
        table: dict[str, str] = {}
        fields = template_fields(kind)
        # Current codes and headers win over old codes and aliases when they collide.
        for f in fields:
            for alias in f.aliases:
                table[normalize_text_key(alias)] = f.name
            for old in f.old_codes:
                table[normalize_text_key(old)] = f.name
        for f in fields:
            table[normalize_text_key(f.header)] = f.name
            if f.code:
                table[normalize_text_key(f.code)] = f.name
            table[normalize_text_key(f.name)] = f.name  # the model field name itself (API, tests)
        index[str(kind)] = table
    return index


_HEADER_INDEX = _build_header_index()


def resolve_header(kind: str, text: object) -> str | None:
    """The model field a column title stands for, or None when it is not a column of `kind`.

    Accepts the national Chinese header, the current field code, a pre-2019 code, a few common variants, or the
    model field name; white space, case, `*` marks and full-width characters do not matter:
    `resolve_header("penalty", " cf_wsh ")` → `"decision_number"`; `resolve_header("licensing", "XK_JZQ")` →
    `"valid_to"`."""
    table = _HEADER_INDEX.get(str(kind))
    if table is None:
        raise ValueError(f"unknown record kind {kind!r}")
    return table.get(normalize_text_key(text))


# --- code tables -----------------------------------------------------------------------------------------------

SUBJECT_CATEGORY_WORDS: dict[str, str] = {
    "法人及非法人组织": SubjectCategory.LEGAL_PERSON,
    "法人及其他组织": SubjectCategory.LEGAL_PERSON,
    "法人和非法人组织": SubjectCategory.LEGAL_PERSON,
    "法人": SubjectCategory.LEGAL_PERSON,
    "非法人组织": SubjectCategory.LEGAL_PERSON,
    "其他组织": SubjectCategory.LEGAL_PERSON,
    "自然人": SubjectCategory.NATURAL_PERSON,
    "个体工商户": SubjectCategory.INDIVIDUAL_BUSINESS,
    "个体户": SubjectCategory.INDIVIDUAL_BUSINESS,
}
SUBJECT_CATEGORY_LABELS: dict[str, str] = {
    SubjectCategory.LEGAL_PERSON: "法人及非法人组织",
    SubjectCategory.NATURAL_PERSON: "自然人",
    SubjectCategory.INDIVIDUAL_BUSINESS: "个体工商户",
}

LICENCE_CATEGORY_WORDS: dict[str, str] = {
    "普通": LicenceCategory.ORDINARY,
    "特许": LicenceCategory.FRANCHISE,
    "认可": LicenceCategory.RECOGNITION,
    "核准": LicenceCategory.APPROVAL,
    "登记": LicenceCategory.REGISTRATION,
    "其他": LicenceCategory.OTHER,
}
LICENCE_CATEGORY_LABELS: dict[str, str] = {v: k for k, v in LICENCE_CATEGORY_WORDS.items()}

PENALTY_CATEGORY_LABELS: dict[str, str] = {
    PenaltyCategory.WARNING: "警告",
    PenaltyCategory.FINE: "罚款",
    PenaltyCategory.CONFISCATE_GAINS: "没收违法所得",
    PenaltyCategory.SUSPEND_BUSINESS: "责令停产停业",
    PenaltyCategory.REVOKE_LICENCE: "吊销许可证件",
    PenaltyCategory.DETENTION: "行政拘留",
    PenaltyCategory.OTHER: "其他",
    PenaltyCategory.CIRCULATE_CRITICISM: "通报批评",
    PenaltyCategory.CONFISCATE_PROPERTY: "没收非法财物",
    PenaltyCategory.LOWER_QUALIFICATION: "降低资质等级",
    PenaltyCategory.SUSPEND_LICENCE: "暂扣许可证件",
    PenaltyCategory.RESTRICT_BUSINESS: "限制开展生产经营活动",
    PenaltyCategory.RESTRICT_PRACTICE: "限制从业",
    PenaltyCategory.ORDER_CLOSURE: "责令关闭",
}
PENALTY_CATEGORY_WORDS: dict[str, str] = {
    **{label: code for code, label in PENALTY_CATEGORY_LABELS.items()},
    "吊销许可证": PenaltyCategory.REVOKE_LICENCE,
    "吊销执照": PenaltyCategory.REVOKE_LICENCE,
    "吊销营业执照": PenaltyCategory.REVOKE_LICENCE,
    "吊销许可证或执照": PenaltyCategory.REVOKE_LICENCE,
    "吊销许可证件或执照": PenaltyCategory.REVOKE_LICENCE,
    "暂扣许可证": PenaltyCategory.SUSPEND_LICENCE,
    "暂扣执照": PenaltyCategory.SUSPEND_LICENCE,
    "暂扣许可证或执照": PenaltyCategory.SUSPEND_LICENCE,
    "暂扣许可证件或执照": PenaltyCategory.SUSPEND_LICENCE,
    "限制开展经营活动": PenaltyCategory.RESTRICT_BUSINESS,
    "限制生产经营活动": PenaltyCategory.RESTRICT_BUSINESS,
    "停产停业": PenaltyCategory.SUSPEND_BUSINESS,
    "责令停业": PenaltyCategory.SUSPEND_BUSINESS,
    "拘留": PenaltyCategory.DETENTION,
    "其他行政处罚": PenaltyCategory.OTHER,
    "法律行政法规规定的其他": PenaltyCategory.OTHER,
    "法律、行政法规规定的其他行政处罚": PenaltyCategory.OTHER,
    "法律、行政法规规定的其他": PenaltyCategory.OTHER,
    "法律行政法规规定的其他行政处罚": PenaltyCategory.OTHER,
}
# Separators of the multi-valued 处罚类别: ; ； , ， 、 / and white space (full-width forms fold to these).
PENALTY_CATEGORY_SEPARATORS = re.compile(r"[;,、/\s|]+")

PROCEDURE_WORDS: dict[str, str] = {
    "简易程序": ProcedureKind.SIMPLE,
    "简易": ProcedureKind.SIMPLE,
    "当场处罚": ProcedureKind.SIMPLE,
    "一般程序": ProcedureKind.GENERAL,
    "一般": ProcedureKind.GENERAL,
    "普通程序": ProcedureKind.GENERAL,
}
PROCEDURE_LABELS: dict[str, str] = {ProcedureKind.SIMPLE: "简易程序", ProcedureKind.GENERAL: "一般程序"}

ID_TYPE_WORDS: dict[str, str] = {
    "身份证": PersonIdType.RESIDENT_ID,
    "居民身份证": PersonIdType.RESIDENT_ID,
    "身份证号": PersonIdType.RESIDENT_ID,
    "身份证号码": PersonIdType.RESIDENT_ID,
    "111": PersonIdType.RESIDENT_ID,  # 当事人证件类型 111 居民身份证 (provincial standard)
    "护照": PersonIdType.PASSPORT,
    "护照号": PersonIdType.PASSPORT,
    "港澳居民来往内地通行证": PersonIdType.HK_MACAO,
    "港澳通行证": PersonIdType.HK_MACAO,
    "回乡证": PersonIdType.HK_MACAO,
    "台湾居民来往大陆通行证": PersonIdType.TAIWAN,
    "台胞证": PersonIdType.TAIWAN,
    "外国人永久居留身份证": PersonIdType.FOREIGN_PR,
    "外国人永久居留证": PersonIdType.FOREIGN_PR,
    "其他": PersonIdType.OTHER,
}
ID_TYPE_LABELS: dict[str, str] = {
    PersonIdType.RESIDENT_ID: "身份证",
    PersonIdType.PASSPORT: "护照号",
    PersonIdType.HK_MACAO: "港澳居民来往内地通行证",
    PersonIdType.TAIWAN: "台湾居民来往大陆通行证",
    PersonIdType.FOREIGN_PR: "外国人永久居留身份证",
    PersonIdType.OTHER: "其他",
}

CURRENT_STATUS_WORDS: dict[str, str] = {"1": "1", "有效": "1", "正常": "1", "2": "2", "无效": "2"}

SUBJECT_CATEGORY_CODES = frozenset(SubjectCategory.values)
LICENCE_CATEGORY_CODES = frozenset(LicenceCategory.values)
PENALTY_CATEGORY_CODES = frozenset(PenaltyCategory.values)
PROCEDURE_CODES = frozenset(ProcedureKind.values)
ID_TYPE_CODES = frozenset(PersonIdType.values)

_OTHER_PREFIX = re.compile(r"^(其他|06|6|99)[-:：—(（]?(.*?)[)）]?$")


def _code_for(value: str, words: dict[str, str], codes: frozenset[str]) -> str | None:
    key = normalize_text_key(value)
    if not key:
        return None
    if key in words:
        return words[key]
    if key.isdigit() and len(key) <= 2:
        padded = key.zfill(2)
        if padded in codes:
            return padded
    lowered = key.lower()
    if lowered in codes:  # the stored value itself (API clients)
        return lowered
    return None


def parse_subject_category(value: object) -> str | None:
    """法人及非法人组织 / 自然人 / 个体工商户 (or a stored value) → SubjectCategory value; None if unknown."""
    key = normalize_text_key(value)
    if key in SUBJECT_CATEGORY_WORDS:
        return SUBJECT_CATEGORY_WORDS[key]
    lowered = key.lower()
    return lowered if lowered in SUBJECT_CATEGORY_CODES else None


def parse_licence_category(value: object) -> tuple[str, str] | None:
    """许可类别 → (LicenceCategory value, specification of 其他); None if unknown.

    `普通` → ("01", ""); `05` → ("05", ""); `其他-备案` or `其他（备案）` → ("06", "备案")."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    code = _code_for(text, LICENCE_CATEGORY_WORDS, LICENCE_CATEGORY_CODES)
    if code is not None:
        return code, ""
    match = _OTHER_PREFIX.match(text.replace(" ", ""))
    if match and match.group(1) in ("其他", "06", "6"):
        return LicenceCategory.OTHER, match.group(2).strip()
    return None


def parse_penalty_categories(value: object) -> tuple[list[str], list[str]]:
    """处罚类别 (one value or several, as a string or a list) → (codes in order without repeats, unknown words).

    Names (警告, 罚款, 没收违法所得 …, with common variants) and codes 01–14 (or 1–14) are accepted, separated by
    ; ； , ， 、 / or spaces: `"警告；罚款"` → (["01", "02"], [])."""
    if value is None:
        return [], []
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str | int):
        codes, unknown = _parse_categories_text(str(value))
        return list(codes), list(unknown)
    codes_: list[str] = []
    unknown_: list[str] = []
    for item in value:  # type: ignore[attr-defined]
        more, bad = _parse_categories_text(str(item))
        codes_.extend(c for c in more if c not in codes_)
        unknown_.extend(bad)
    return codes_, unknown_


@functools.lru_cache(maxsize=4096)
def _parse_categories_text(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    text = unicodedata.normalize("NFKC", text).strip()
    # Names that contain a separator are replaced before splitting.
    for phrase in ("法律、行政法规规定的其他行政处罚", "法律、行政法规规定的其他"):
        text = text.replace(phrase, f" {PenaltyCategory.OTHER} ")
    codes: list[str] = []
    unknown: list[str] = []
    for token in PENALTY_CATEGORY_SEPARATORS.split(text):
        if not token:
            continue
        code = _code_for(token, PENALTY_CATEGORY_WORDS, PENALTY_CATEGORY_CODES)
        if code is None:
            unknown.append(token)
        elif code not in codes:
            codes.append(code)
    return tuple(codes), tuple(unknown)


def parse_procedure(value: object) -> str | None:
    """简易程序 / 一般程序 (or codes 01 / 02) → ProcedureKind value; None if unknown."""
    return _code_for(str(value or ""), PROCEDURE_WORDS, PROCEDURE_CODES)


def parse_id_type(value: object) -> str | None:
    """证件类型: 身份证 … or codes 01–05 / 99 (`其他-…` → 99) → PersonIdType value; None if unknown."""
    text = unicodedata.normalize("NFKC", "" if value is None else str(value)).strip()
    code = _code_for(text, ID_TYPE_WORDS, ID_TYPE_CODES)
    if code is not None:
        return code
    if text.replace(" ", "").startswith("其他"):
        return PersonIdType.OTHER
    return None


def parse_current_status(value: object) -> str | None:
    """当前状态: 1 / 有效 → "1", 2 / 无效 → "2"; None if unknown."""
    return CURRENT_STATUS_WORDS.get(normalize_text_key(value))


def penalty_category_labels(codes: list[str]) -> str:
    """The Chinese names of penalty category codes joined as the national files write them: `警告;罚款`."""
    return ";".join(PENALTY_CATEGORY_LABELS.get(c, c) for c in codes)
