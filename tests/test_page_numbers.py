"""Every HTML page that takes no path argument answers a huge, negative or malformed `?page=` without a server error
(Django's Paginator.get_page shows the last or the first page). The pages are read from the URL configuration, so a
list added later is tried too."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from huimin.core.models import Role

pytestmark = pytest.mark.django_db

PAGES = ["99999999999999999999", "-1", "0", "abc", "1e400", "9" * 400]
SKIPPED_PREFIXES = ("api/", "admin/", "i18n/")


def argumentless_routes() -> list[str]:
    """'/needs/', '/credit/records/' …: every pattern without a path argument, outside the API and the admin."""
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and "<" not in route and "(?P" not in route and "\\" not in route:
                if not route.startswith(SKIPPED_PREFIXES) and not route.endswith("$"):
                    routes.append("/" + route.lstrip("^"))

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))


ROUTES = argumentless_routes()


def test_the_url_configuration_has_the_lists_this_test_tries():
    assert {"/needs/", "/audit/", "/calls/"} <= set(ROUTES), ROUTES


@pytest.mark.parametrize("who", ["public", Role.DISTRICT_ADMIN])
def test_no_page_answers_a_bad_page_number_with_a_server_error(client, client_for, make_user, who):
    if who != "public":
        client = client_for(make_user(role=who))
    client.raise_request_exception = False
    failures = []
    for route in ROUTES:
        for page in PAGES:
            response = client.get(route, {"page": page})
            if response.status_code >= 500:
                failures.append(f"{route}?page={page[:30]} → {response.status_code}")
    assert failures == []
