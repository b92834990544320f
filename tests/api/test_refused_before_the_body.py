"""A caller without credentials is refused with 401 before the body of a write is read (issue 9: refusals come
before validation, so a refused caller learns nothing from it). Only the writes the document declares public (a
resident's support by phone, a survey answer) take anonymous callers; every other unsafe operation of the OpenAPI
document answers an anonymous request with an invalid body 401 `unauthenticated`, never 422."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from config.api import api

pytestmark = pytest.mark.django_db

UNSAFE = ("post", "put", "patch", "delete")
EXAMPLE = {"public_id": "00000000-0000-0000-0000-000000000000"}


def _writes() -> list[tuple[str, str, bool]]:
    document = api.get_openapi_schema()
    out = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in UNSAFE:
                is_public = {} in operation.get("security", [])
                out.append((method.upper(), path, is_public))
    return out


def _fill(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: EXAMPLE.get(m.group(1), "1"), path)


def test_there_are_few_anonymous_writes_and_many_others():
    writes = _writes()
    public = [(m, p) for m, p, is_public in writes if is_public]
    assert len(public) == 4, public  # support code, support, response code, response
    assert len(writes) > 50


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, is_public in _writes() if not is_public])
def test_an_anonymous_write_with_an_invalid_body_is_refused_with_401_before_validation(method, path):
    response = Client().generic(method, _fill(path), b"{not json", content_type="application/json")
    assert response.status_code == 401, (method, path, response.status_code, response.content[:200])
    assert response.json()["code"] == "unauthenticated"
