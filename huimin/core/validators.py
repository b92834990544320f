"""Identifier validators: 统一社会信用代码 (GB 32100-2015) and 居民身份证号 (GB 11643-1999).

Both are written out here rather than taken from a library: the messages must say exactly what is wrong (which
character, which check, what was expected), and python-stdnum rejects resident IDs whose area code is newer than its
bundled table (平城区 140213 among them).

`check_uscc` / `check_resident_id` never raise: they return what they found. `validate_uscc` /
`validate_resident_id` are Django validators for model and form fields.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

# --- normalization ------------------------------------------------------------------------------------------------

_FULL_WIDTH_OFFSET = 0xFEE0  # U+FF01..U+FF5E are the full-width forms of U+0021..U+007E


def normalize_identifier(value: object) -> str:
    """Remove all white space (including the ideographic space U+3000), turn full-width ASCII letters and digits
    into ordinary ones, and upper-case: `" ９１３５ 0100m000100y43 "` → `"91350100M000100Y43"`."""
    text = "" if value is None else str(value)
    out = []
    for ch in text:
        if ch.isspace():
            continue
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - _FULL_WIDTH_OFFSET)
        out.append(ch)
    return "".join(out).upper()


# --- 统一社会信用代码 (GB 32100-2015) ------------------------------------------------------------------------

USCC_LENGTH = 18
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)  # 3^(i-1) mod 31
USCC_PLACEHOLDER = "00000000000000000X"  # what 双公示 data carries for an individual business without a code
USCC_PATTERN = re.compile(r"^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$")

_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}
_LOOK_ALIKES = {"I": "1", "O": "0", "S": "5", "V": "U", "Z": "2"}  # letters left out, and what was likely meant

# GB 11714-1997 组织机构代码: 8 body characters (0-9 → 0-9, A-Z → 10-35) and a check character.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_CODE_VALUE = {ch: i for i, ch in enumerate(_ORG_CODE_ALPHABET)}


@functools.lru_cache(maxsize=8)
def _authority_names_in(language: str | None) -> dict[str, str]:
    return _authority_names()


@functools.lru_cache(maxsize=8)
def _category_names_in(language: str | None) -> dict[str, dict[str, str]]:
    return _category_names()


def _authority_names() -> dict[str, str]:
    """登记管理部门代码 (position 1), GB 32100-2015 with the later additions A and N."""
    return {
        "1": _("institutional staffing (机构编制)"),
        "2": _("foreign affairs (外交)"),
        "3": _("justice administration (司法行政)"),
        "4": _("culture (文化)"),
        "5": _("civil affairs (民政)"),
        "6": _("tourism (旅游)"),
        "7": _("religious affairs (宗教)"),
        "8": _("trade unions (工会)"),
        "9": _("industry and commerce (工商)"),
        "A": _("Central Military Commission staffing office (中央军委改革和编制办公室)"),
        "N": _("agriculture (农业)"),
        "Y": _("other authorities (其他)"),
    }


def _category_names() -> dict[str, dict[str, str]]:
    """机构类别代码 (position 2) allowed under each registration authority."""
    other = _("other (其他)")
    return {
        "1": {
            "1": _("government organ (机关)"),
            "2": _("public institution (事业单位)"),
            "3": _("mass organization staffed by the central staffing office (中央编办直管群众团体)"),
            "9": other,
        },
        "2": {"1": _("resident foreign news agency (外国常驻新闻机构)"), "9": other},
        "3": {
            "1": _("law firm (律师执业机构)"),
            "2": _("notary office (公证处)"),
            "3": _("grassroots legal service office (基层法律服务所)"),
            "4": _("forensic appraisal institution (司法鉴定机构)"),
            "5": _("arbitration commission (仲裁委员会)"),
            "9": other,
        },
        "4": {"1": _("foreign cultural centre (外国在华文化中心)"), "9": other},
        "5": {
            "1": _("social group (社会团体)"),
            "2": _("private non-enterprise unit / social service organization (民办非企业单位)"),
            "3": _("foundation (基金会)"),
            "9": other,
        },
        "6": {
            "1": _("foreign tourism office (外国旅游部门常驻代表机构)"),
            "2": _("Hong Kong, Macao or Taiwan tourism office (港澳台地区旅游部门常驻代表机构)"),
            "9": other,
        },
        "7": {"1": _("religious venue (宗教活动场所)"), "2": _("religious college (宗教院校)"), "9": other},
        "8": {"1": _("grassroots trade union (基层工会)"), "9": other},
        "9": {
            "1": _("enterprise (企业)"),
            "2": _("individual business (个体工商户)"),
            "3": _("farmers' specialized cooperative (农民专业合作社)"),
        },
        "A": {"1": _("military public institution (军队事业单位)"), "9": other},
        "N": {
            "1": _("group-level collective economic organization (组级集体经济组织)"),
            "2": _("village-level collective economic organization (村级集体经济组织)"),
            "3": _("township-level collective economic organization (乡镇级集体经济组织)"),
            "9": other,
        },
        "Y": {"1": _("not subdivided (不再具体划分机构类别)")},
    }


USCC_AUTHORITY_CODES = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "N", "Y")


@dataclass(frozen=True)
class UsccCheck:
    """What `check_uscc` found. The decoded parts are filled in as far as the code allows, even when invalid."""

    code: str
    valid: bool
    errors: list[str] = field(default_factory=list)
    authority: str | None = None  # name of the registration authority (position 1)
    category: str | None = None  # name of the organization category (position 2)
    region: str | None = None  # positions 3–8, administrative division code of the registering authority
    org_code: str | None = None  # positions 9–17, the embedded 组织机构代码

    def __bool__(self) -> bool:
        return self.valid


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character (position 18) for the first 17 characters (which must be in USCC_CHARSET)."""
    first17 = normalize_identifier(first17)
    if len(first17) != USCC_LENGTH - 1:
        raise ValueError(f"expected 17 characters, got {len(first17)}")
    try:
        total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not used in credit codes") from None
    return USCC_CHARSET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """The GB 11714 check character of an organization code body (8 characters 0-9/A-Z): a digit or X."""
    first8 = normalize_identifier(first8)
    if len(first8) != 8:
        raise ValueError(f"expected 8 characters, got {len(first8)}")
    try:
        total = sum(_ORG_CODE_VALUE[ch] * w for ch, w in zip(first8, ORG_CODE_WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not used in organization codes") from None
    check = 11 - total % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def generate_uscc(authority: str = "5", category: str = "2", region: str = "140213", body8: str = "MJY00001") -> str:
    """A well-formed credit code from its parts: both check characters are computed.

    `generate_uscc("5", "2", "140213", "MJY00001")` → `"52140213MJY00001X9"`. Deterministic, for demonstration
    data and tests; raises ValueError when a part cannot appear in a valid code.
    """
    authority, category, region, body8 = (normalize_identifier(p) for p in (authority, category, region, body8))
    categories = _category_names_in(get_language())
    if authority not in categories:
        raise ValueError(f"unknown registration authority code {authority!r}")
    if category not in categories[authority]:
        raise ValueError(f"category {category!r} does not exist under authority {authority!r}")
    if len(region) != 6 or not region.isdigit():
        raise ValueError(f"region must be 6 digits, got {region!r}")
    if len(body8) != 8 or any(ch not in _USCC_VALUE for ch in body8):
        raise ValueError(f"body8 must be 8 characters of {USCC_CHARSET}, got {body8!r}")
    first17 = authority + category + region + body8 + org_code_check_char(body8)
    return first17 + uscc_check_char(first17)


def check_uscc(code: object) -> UsccCheck:
    """Check a unified social credit code and say precisely what is wrong with it.

    The code is normalized first (white space removed, full-width characters made ordinary, upper case). Every
    problem found is listed: length, characters outside the 31-character set, an unknown authority or category,
    a region that is not 6 digits, a wrong organization-code check character (position 17, GB 11714) and a wrong
    credit-code check character (position 18, GB 32100). The individual-business placeholder USCC_PLACEHOLDER is
    reported invalid like any other code; callers that accept it must say so themselves.
    """
    text = normalize_identifier(code)
    errors: list[str] = []

    if not text:
        return UsccCheck(code=text, valid=False, errors=[_("The credit code is empty.")])

    if len(text) != USCC_LENGTH:
        errors.append(
            _("A unified social credit code has 18 characters; this one has %(length)d.") % {"length": len(text)}
        )

    illegal_positions = set()
    for pos, ch in enumerate(text, start=1):
        if ch not in _USCC_VALUE:
            illegal_positions.add(pos)
            if ch in _LOOK_ALIKES:
                errors.append(
                    _(
                        "Character %(position)d is “%(char)s”, a letter credit codes never use (they leave out "
                        "I, O, S, V and Z); perhaps “%(meant)s” was meant."
                    )
                    % {"position": pos, "char": ch, "meant": _LOOK_ALIKES[ch]}
                )
            else:
                errors.append(
                    _(
                        "Character %(position)d is “%(char)s”, which is not allowed: a credit code consists of "
                        "digits and the capital letters A–Y except I, O, S, V and Z."
                    )
                    % {"position": pos, "char": ch}
                )

    language = get_language()
    authority_names = _authority_names_in(language)
    category_names = _category_names_in(language)
    authority = category = region = org_code = None

    first = text[0]
    if first in authority_names:
        authority = authority_names[first]
    elif 1 not in illegal_positions:
        errors.append(
            _(
                "Character 1 “%(char)s” is not a registration authority code (登记管理部门代码); "
                "known codes are %(codes)s."
            )
            % {"char": first, "codes": ", ".join(USCC_AUTHORITY_CODES)}
        )

    if len(text) >= 2 and authority is not None:
        second = text[1]
        allowed = category_names[first]
        if second in allowed:
            category = allowed[second]
        elif 2 not in illegal_positions:
            errors.append(
                _(
                    "Character 2 “%(char)s” is not an organization category (机构类别) of registration authority "
                    "%(authority_code)s (%(authority)s); allowed: %(allowed)s."
                )
                % {
                    "char": second,
                    "authority_code": first,
                    "authority": authority,
                    "allowed": ", ".join(sorted(allowed)),
                }
            )

    if len(text) == USCC_LENGTH:
        region_text = text[2:8]
        if region_text.isascii() and region_text.isdigit():
            region = region_text
        else:
            errors.append(
                _(
                    "Characters 3–8 (“%(region)s”) must be the 6-digit administrative division code of the "
                    "registering authority."
                )
                % {"region": region_text}
            )

        org_text = text[8:17]
        if all(ch in _ORG_CODE_VALUE for ch in org_text[:8]):
            org_code = org_text
            expected_org = org_code_check_char(org_text[:8])
            if org_text[8] != expected_org:
                errors.append(
                    _(
                        "The embedded organization code (组织机构代码, characters 9–17, GB 11714) has a wrong check "
                        "character: expected “%(expected)s” at position 17, found “%(found)s”."
                    )
                    % {"expected": expected_org, "found": org_text[8]}
                )

        if not illegal_positions.intersection(range(1, USCC_LENGTH)):
            expected = uscc_check_char(text[:17])
            if text[17] != expected:
                errors.append(
                    _(
                        "The check character (position 18, GB 32100) is wrong: expected “%(expected)s”, "
                        "found “%(found)s”."
                    )
                    % {"expected": expected, "found": text[17]}
                )

    return UsccCheck(
        code=text,
        valid=not errors,
        errors=errors,
        authority=authority,
        category=category,
        region=region,
        org_code=org_code,
    )


def validate_uscc(value: object) -> None:
    """Django validator: raises ValidationError (code `uscc_invalid`) listing everything wrong with the code."""
    result = check_uscc(value)
    if not result.valid:
        raise ValidationError(" ".join(result.errors), code="uscc_invalid", params={"value": value})


# --- 居民身份证号 (GB 11643-1999) ------------------------------------------------------------------------------------

RESIDENT_ID_LENGTH = 18
RESIDENT_ID_PATTERN = re.compile(r"^[1-8]\d{16}[0-9X]$")
RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)  # 2^(18-i) mod 11
RESIDENT_ID_CHECK_CHARS = "10X98765432"  # indexed by Σ mod 11 (ISO 7064 MOD 11-2)


@dataclass(frozen=True)
class IdCheck:
    """What `check_resident_id` found."""

    number: str
    valid: bool
    errors: list[str] = field(default_factory=list)
    birth_date: date | None = None
    sex: str | None = None  # "male" (odd sequence number) or "female" (even)

    def __bool__(self) -> bool:
        return self.valid


def resident_id_check_char(first17: str) -> str:
    """The GB 11643 check character (a digit or X) for the first 17 digits of a resident ID number."""
    if len(first17) != RESIDENT_ID_LENGTH - 1 or not (first17.isascii() and first17.isdigit()):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(int(ch) * w for ch, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return RESIDENT_ID_CHECK_CHARS[total % 11]


def _today() -> date:
    from django.conf import settings

    if settings.configured:
        from django.utils import timezone

        return timezone.localdate()
    return date.today()  # pragma: no cover - outside Django


def check_resident_id(number: object, *, today: date | None = None) -> IdCheck:
    """Check an 18-character resident ID number: characters, birth date (a real date, not in the future) and the
    check character. The area code (characters 1–6) is not looked up: codes change (平城区 140213 dates from 2018)
    and a person keeps the number issued under the old code."""
    text = normalize_identifier(number)
    errors: list[str] = []
    if not text:
        return IdCheck(number=text, valid=False, errors=[_("The ID number is empty.")])

    if len(text) != RESIDENT_ID_LENGTH:
        if len(text) == 15 and text.isascii() and text.isdigit():
            errors.append(
                _(
                    "This is a 15-digit ID number of the first generation; give the 18-character number of the "
                    "second-generation card."
                )
            )
        else:
            errors.append(_("A resident ID number has 18 characters; this one has %(length)d.") % {"length": len(text)})

    for pos, ch in enumerate(text, start=1):
        is_digit = ch.isascii() and ch.isdigit()
        if pos == RESIDENT_ID_LENGTH and len(text) == RESIDENT_ID_LENGTH:
            if not (is_digit or ch == "X"):
                errors.append(_("Character 18 is “%(char)s”; the check character is a digit or X.") % {"char": ch})
        elif not is_digit:
            errors.append(
                _("Character %(position)d is “%(char)s”; it must be a digit.") % {"position": pos, "char": ch}
            )
        elif pos == 1 and ch in "09":
            errors.append(
                _("Character 1 is “%(char)s”; ID numbers start with a region digit from 1 to 8.") % {"char": ch}
            )

    birth_date = sex = None
    if len(text) == RESIDENT_ID_LENGTH:
        birth_text = text[6:14]
        if birth_text.isascii() and birth_text.isdigit():
            try:
                birth_date = date(int(birth_text[:4]), int(birth_text[4:6]), int(birth_text[6:8]))
            except ValueError:
                errors.append(
                    _("Characters 7–14 (“%(birth)s”) are not a real date of birth (YYYYMMDD).") % {"birth": birth_text}
                )
            else:
                if birth_date > (today or _today()):
                    errors.append(
                        _("The date of birth %(birth)s (characters 7–14) is in the future.")
                        % {"birth": birth_date.isoformat()}
                    )
                    birth_date = None
        sequence = text[14:17]
        if sequence.isascii() and sequence.isdigit():
            sex = "male" if int(sequence[2]) % 2 else "female"
        if text[:17].isascii() and text[:17].isdigit():
            expected = resident_id_check_char(text[:17])
            if text[17] != expected:
                errors.append(
                    _("The check character (position 18) is wrong: expected “%(expected)s”, found “%(found)s”.")
                    % {"expected": expected, "found": text[17]}
                )

    return IdCheck(number=text, valid=not errors, errors=errors, birth_date=birth_date, sex=sex)


def validate_resident_id(value: object) -> None:
    """Django validator: raises ValidationError (code `resident_id_invalid`) listing everything wrong."""
    result = check_resident_id(value)
    if not result.valid:
        raise ValidationError(" ".join(result.errors), code="resident_id_invalid", params={"value": value})


def identifier_status_label(valid: bool) -> str:
    """The word shown next to a checked identifier on the command line and in lists."""
    return pgettext("identifier check", "valid") if valid else pgettext("identifier check", "invalid")
