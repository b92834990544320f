"""Personal data the public never reads: one masking module for every public page, API response and export.

People type ID and phone numbers into free text (a need's title, a survey answer, the facts of a penalty). What is
published passes through `mask_text`; the stored text is unchanged (its writer and the officers see it as written).
The rules (REFERENCE.md §3.6, 行政处罚结果信息网上公示暂行办法):

- a resident ID number keeps its first 6 and last 4 characters (the birth date is hidden): 140213********1233; a
  legacy 15-digit one likewise (140202*****1123);
- a mobile number keeps its first 3 and last 4 digits: 139****0001 (a +86/0086/86 prefix is dropped);
- a landline keeps its area code only: 0352-*******;
- people's names given by the caller keep the surname only (张三丰 → 张**, 欧阳修 → 欧阳*).

Numbers are found however they are spelt: full-width or other compatibility digits (NFKC), split by spaces, dashes,
dots, slashes, plus signs, brackets or invisible characters (`140202 19770312 4568`, `1390 352 0012`,
`139.0352.0001`, `+86 139 0352 0001`), glued to letters or Chinese (`ID140202197703124568`, `电话13903520002`).
A number is replaced as a whole, in the span of the original text it occupies, by its masked form.

`find_personal_numbers` reports what was found, so that forms can ask the writer to remove it before publishing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

MASK = "*"

# 复姓: the compound surnames a masked name keeps whole (the common ones of 百家姓 and today's registers).
COMPOUND_SURNAMES = frozenset(
    """
    欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 澹台 公冶 太史 申屠 端木 西门
    南宫 百里 呼延 赫连 独孤 万俟 司空 拓跋 第五 濮阳 单于 东郭 仲孙 淳于 公羊 梁丘 左丘 东门 羊舌 微生 谷梁 宰父
    乐正 漆雕 壤驷 公良 拓拔 夹谷 段干 巫马 亓官 司寇 公西 子车 颛孙 鲜于 闾丘 呼衍 叱干 贺兰 完颜 纳兰 耶律 乌孙
    """.split()
)

# The shapes of the numbers, matched against digits only (separators removed), as a whole.
_BIRTH8 = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_BIRTH6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
RESIDENT_ID_18 = re.compile(rf"[1-8]\d{{5}}{_BIRTH8}\d{{3}}[0-9Xx]")
RESIDENT_ID_15 = re.compile(rf"[1-8]\d{{5}}{_BIRTH6}\d{{3}}")
MOBILE = re.compile(r"(?:0086|86)?(1[3-9]\d{9})")
LANDLINE = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})")
# The shape of a resident ID as a whole field (no birth-date check: an ID field holds an ID).
_RESIDENT_ID_FIELD = re.compile(r"^[1-8]\d{16}[0-9Xx]$|^[1-8]\d{14}$")

# A group of digits in the normalized text (an X ends a resident ID when no digit follows it).
_GROUP = re.compile(r"\d+(?:[Xx](?!\d))?")
# What may stand between the groups of one number: spaces, dashes, dots, slashes, plus signs, brackets, and
# invisible characters; at most a few of them.
_SEPARATORS = frozenset(
    " \t\r\n\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
    "-_.·/\\+()[]"
    "\u00ad\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fb\uff65\u2027\u2219"
    "\u200b\u200c\u200d\u2060\ufeff"
)
_MAX_GAP = 3
_MAX_DIGITS = 20  # the longest number looked for: 0086 + 11 digits, 18 characters of an ID, with slack


@dataclass(frozen=True)
class Found:
    """A personal number in a text: its kind (resident_id, mobile, landline), where it is in the original text
    (`text[start:end]`), its digits as normalized, and the masked form that replaces it."""

    kind: str
    start: int
    end: int
    digits: str
    masked: str


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def normalize(text: str) -> tuple[str, list[int]]:
    """`text` under NFKC (full-width and other compatibility digits and signs become ASCII), with, for each
    character of the result, the index of the original character it comes from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        norm = unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch
        for out in norm:
            chars.append(out)
            origin.append(index)
    return "".join(chars), origin


def normalize_digits(text: str | None) -> str:
    """NFKC with every separator removed: how a crawler compares published text with a number it looks for."""
    norm, _ = normalize(text or "")
    return "".join(ch for ch in norm if ch not in _SEPARATORS)


def _mask_mobile(number: str) -> str:
    return number[:3] + MASK * 4 + number[-4:]


def _classify(digits: str) -> tuple[str, str] | None:
    """The kind and masked form of a number written as `digits` (separators removed), or None."""
    if RESIDENT_ID_18.fullmatch(digits) or RESIDENT_ID_15.fullmatch(digits):
        return "resident_id", digits[:6] + MASK * (len(digits) - 10) + digits[-4:].upper()
    mobile = MOBILE.fullmatch(digits)
    if mobile:
        return "mobile", _mask_mobile(mobile.group(1))
    landline = LANDLINE.fullmatch(digits)
    if landline:
        return "landline", f"{landline.group(1)}-{MASK * len(landline.group(2))}"
    return None


def find_personal_numbers(text: str | None) -> list[Found]:
    """The resident ID, mobile and landline numbers written in `text`, in whatever spelling (see the module's
    docstring), without overlaps, in the order they appear. Longer readings win (an ID over a phone inside it)."""
    if not text:
        return []
    norm, origin = normalize(str(text))
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(norm)]
    # chains of groups separated only by a few separators: the candidates are runs of whole groups of a chain
    chains: list[list[tuple[int, int]]] = []
    for start, end in groups:
        if chains:
            prev_end = chains[-1][-1][1]
            gap = norm[prev_end:start]
            if 0 < len(gap) <= _MAX_GAP and all(ch in _SEPARATORS for ch in gap):
                chains[-1].append((start, end))
                continue
        chains.append([(start, end)])
    candidates: list[Found] = []
    for chain in chains:
        for i in range(len(chain)):
            digits = ""
            for j in range(i, len(chain)):
                digits += norm[chain[j][0] : chain[j][1]]
                if len(digits) > _MAX_DIGITS:
                    break
                kind = _classify(digits)
                if kind is not None:
                    first = chain[i][0]
                    if first > 0 and norm[first - 1] in "+(":  # +86 …, (0352) …: the sign goes with the number
                        first -= 1
                    start = origin[first]
                    end = origin[chain[j][1] - 1] + 1
                    candidates.append(Found(kind[0], start, end, digits.upper(), kind[1]))
    # keep the longest readings that do not overlap
    candidates.sort(key=lambda f: (-(f.end - f.start), f.start))
    chosen: list[Found] = []
    for found in candidates:
        if all(found.end <= c.start or found.start >= c.end for c in chosen):
            chosen.append(found)
    return sorted(chosen, key=lambda f: f.start)


def has_personal_numbers(text: str | None) -> bool:
    """Whether `text` holds something that reads as a resident ID, mobile or landline number."""
    return bool(find_personal_numbers(text))


def mask_numbers(text: str | None) -> str:
    """`text` with every resident ID, mobile and landline number replaced by its masked form."""
    if not text:
        return ""
    out = str(text)
    for found in reversed(find_personal_numbers(out)):
        out = out[: found.start] + found.masked + out[found.end :]
    return out


def mask_id_number(number: str | None, *, resident: bool | None = None) -> str:
    """Hide the middle of an ID number.

    A resident ID (`resident=True`, or with `resident=None` any 18/15-character number of that shape) keeps its first 6
    and last 4 characters, hiding the birth date: 140213199001011233 → 140213********1233. Other documents keep the
    first 2 and last 2 characters: E12345678 → E1*****78. Numbers of 4 characters or fewer are hidden entirely. Blank
    stays blank.
    """
    text = "".join((number or "").split())
    if not text:
        return ""
    is_resident = resident if resident is not None else bool(_RESIDENT_ID_FIELD.match(text))
    if is_resident and len(text) > 10:
        return text[:6] + MASK * (len(text) - 10) + text[-4:]
    if len(text) <= 4:
        return MASK * len(text)
    if len(text) <= 6:
        return text[0] + MASK * (len(text) - 2) + text[-1]
    return text[:2] + MASK * (len(text) - 4) + text[-2:]


def mask_person_name(name: str | None) -> str:
    """Keep the surname, hide the given name, one mark per character: 张三 → 张*, 张三丰 → 张**, 欧阳修 → 欧阳*,
    欧阳明月 → 欧阳**. A name of one character is hidden entirely; a two-character name keeps its first character
    even when it reads as a compound surname (欧阳 → 欧*). Names in Latin letters keep their first letter
    (John Smith → J*********); minority names with a middle dot keep their first character."""
    text = (name or "").strip()
    if not text:
        return ""
    if len(text) == 1:
        return MASK
    if all(_is_cjk(ch) for ch in text) and len(text) > 2 and text[:2] in COMPOUND_SURNAMES:
        keep = 2
    else:
        keep = 1
    return text[:keep] + MASK * (len(text) - keep)


def mask_text(text: str | None, *, names: tuple[str, ...] = (), numbers: tuple[str, ...] = ()) -> str:
    """Free text as the public may read it: resident ID, mobile and landline numbers masked wherever and however
    they are written; the given `numbers` (a person's own document numbers, of any type) and `names` (people's
    names) replaced by their masked forms."""
    if not text:
        return ""
    out = str(text)
    for number in sorted({n.strip() for n in numbers if n and len(n.strip()) >= 5}, key=len, reverse=True):
        masked = mask_id_number(number)
        out = out.replace(number, masked).replace(number.lower(), masked).replace(number.upper(), masked)
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        out = out.replace(name, mask_person_name(name))
    return mask_numbers(out)


def personal_number_kinds(text: str | None) -> list[str]:
    """The kinds of personal numbers found in `text`, each once, in a stable order (for a form's message)."""
    kinds = {f.kind for f in find_personal_numbers(text)}
    return [kind for kind in ("resident_id", "mobile", "landline") if kind in kinds]


# Keys of a JSON document whose values are identifiers, codes, amounts or times, never free text.
JSON_IDENTITY_KEYS = frozenset(
    {"public_id", "id", "code", "number", "url", "sha256", "source", "kind", "status", "category", "weight"}
)


def mask_json(value: Any, *, keep: frozenset[str] = JSON_IDENTITY_KEYS) -> Any:
    """A JSON value (dicts, lists, strings, numbers) as the public may read it: every string masked by `mask_text`,
    except the values of the keys in `keep` (identifiers and codes, which the masking must not alter)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: (v if k in keep else mask_json(v, keep=keep)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_json(v, keep=keep) for v in value]
    return value
