"""Filters for showing audit events: a one-line payload summary and role labels."""

from __future__ import annotations

import json
from typing import Any

from django import template

from ..roles import role_label_map

register = template.Library()


def _short(value: Any) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {_short(v)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_short(v) for v in value) + "]"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


@register.filter
def payload_summary(payload: Any, limit: int = 160) -> str:
    """`key: value; key: value` on one line, cut to `limit` characters."""
    if not payload:
        return ""
    if isinstance(payload, dict):
        parts = []
        for key, value in payload.items():
            if isinstance(value, dict) and set(value) == {"from", "to"}:
                parts.append(f"{key}: {_short(value['from'])} → {_short(value['to'])}")
            else:
                parts.append(f"{key}: {_short(value)}")
        text = "; ".join(parts)
    else:
        text = _short(payload)
    text = " ".join(text.split())
    limit = int(limit)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.filter
def role_labels(role: str) -> str:
    """`district_admin,provider` → the roles' human names; `system` stays as it is."""
    if not role:
        return ""
    from django.utils.translation import get_language
    from django.utils.translation import gettext as _

    labels = role_label_map()
    labels["system"] = _("Platform (system)")
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(labels.get(code, code)) for code in role.split(","))
