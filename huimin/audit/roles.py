"""The human names of the roles an audit event records.

The audit trail sits beneath every other app and imports none of them: the context that defines the roles (core)
tells it their names in its AppConfig.ready() through `register_role_labels`; the pages show them with the
`role_labels` filter (huimin.audit.templatetags.audit_tags).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

_labels: dict[str, Any] = {}


def register_role_labels(labels: Mapping[str, Any]) -> None:
    """Name roles by their code: `{"district_admin": _("District administrator"), …}` (lazy translations welcome)."""
    _labels.update(labels)


def role_label_map() -> dict[str, Any]:
    """Every registered role code with its name (a copy)."""
    return dict(_labels)
