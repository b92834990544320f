"""`huimin serve` runs with DEBUG off even on the development settings (which `make demo` uses), so a 404 lists no
URL patterns and a 500 prints no traceback to whoever connects; `--debug` is for a loopback address only."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.management.base import CommandError
from django.utils import translation

from huimin.core.management.commands.serve import serve_debug

pytestmark = pytest.mark.django_db

URL_LIST_MARKERS = ("Using the URLconf", "URLconf defined in", "api/v1/", "admin/")


@pytest.fixture
def dev_settings(settings):
    """What config.settings.dev says before the server starts."""
    settings.DEBUG = True
    return settings


def test_huimin_serve_turns_debug_off_so_a_404_lists_no_url_patterns(dev_settings, client):
    assert client.get("/no/such/page/").status_code == 404
    debug_page = client.get("/no/such/page/").content.decode()
    assert any(marker in debug_page for marker in URL_LIST_MARKERS), "the debug 404 page lists the URL patterns"

    serve_debug(False, "0.0.0.0")  # noqa: S104 — what `make demo` passed before
    assert django_settings.DEBUG is False
    page = client.get("/no/such/page/")
    assert page.status_code == 404
    assert not any(marker in page.content.decode() for marker in URL_LIST_MARKERS)


def test_debug_pages_are_only_for_a_loopback_address(dev_settings):
    with translation.override("en"), pytest.raises(CommandError, match=r"127\.0\.0\.1 only"):
        serve_debug(True, "0.0.0.0")  # noqa: S104
    serve_debug(True, "127.0.0.1")
    assert django_settings.DEBUG is True
    serve_debug(True, "localhost")
    serve_debug(True, "::1")
