"""What the public may read of a need's free text: no phone numbers, no ID numbers, no residents' names.

Needs are written by community workers and residents, who sometimes type a phone number or a name into the
description. Public pages and the public API pass every free-text field through `public_text`; the stored text is
unchanged (the community sees it as written). Resident ID numbers and mobile numbers are masked as the credit
context masks them (REFERENCE.md §3.6), also when written with spaces or dashes, and landline numbers keep only
their area code.
"""

from __future__ import annotations

import re

from huimin.credit.masking import MASK, mask_person_name, scrub_text

# A mobile number written in groups: 139 1234 5678, 139-1234-5678 (full-width digits match \d too).
_MOBILE_GROUPED = re.compile(r"(?<!\d)(1[3-9]\d)[\s\-－]+(\d{4})[\s\-－]+(\d{4})(?!\d)")
# A landline with its area code: 0352-1234567, (0352)1234567, 0352 1234567.
_LANDLINE = re.compile(r"(?<!\d)[(（]?(0\d{2,3})[)）]?[\s\-－]?(\d{7,8})(?!\d)")
# A long run of digits (full-width or not, with spaces or dashes): read as ASCII so the patterns above apply.
_DIGIT_RUN = re.compile(r"[0-9０-９][0-9０-９\s\-－Xx]{5,}[0-9０-９Xx]")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－", "0123456789-")


def public_text(text: str | None, *, names: tuple[str, ...] = ()) -> str:
    """`text` with personal data masked; `names` are people's names to hide as well (e.g. the submitter's)."""
    if not text:
        return ""
    out = _DIGIT_RUN.sub(lambda m: m.group(0).translate(_FULL_WIDTH), str(text))
    out = scrub_text(out, names=names)
    out = _MOBILE_GROUPED.sub(lambda m: f"{m.group(1)}{MASK * 4}{m.group(3)}", out)
    out = _LANDLINE.sub(lambda m: f"{m.group(1)}-{MASK * len(m.group(2))}", out)
    return out


__all__ = ["mask_person_name", "public_text"]
