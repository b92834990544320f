"""What the profile pages share beyond the view kit (huimin.core.viewkit)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """The moment a page acts at (one place, so every check of a request uses the same clock)."""
    return timezone.now()
