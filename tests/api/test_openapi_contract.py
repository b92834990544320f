"""The OpenAPI document says what the API does: one component per schema, public reads without security.

Two distinct Schema classes with the same name end up as one component (the last one generated wins), so an
operation silently documents another context's body; these tests fail on any such pair.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from typing import Any

import pydantic
import pytest
from django.utils import translation
from ninja.openapi.schema import OpenAPISchema

from config.api import api


def _operations():
    for bound_router in api._get_bound_routers():
        for path, path_view in bound_router.path_operations.items():
            for operation in path_view.operations:
                if operation.include_in_schema:
                    yield f"{bound_router.prefix}{path}", operation


def _models_in(annotation: Any, found: set[type[pydantic.BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models_in(argument, found)


def test_every_schema_used_by_an_operation_has_its_own_component_name():
    classes_by_name: dict[str, set[str]] = defaultdict(set)
    for _path, operation in _operations():
        found: set[type[pydantic.BaseModel]] = set()
        for model in operation.models:
            _models_in(model, found)
        for model in operation.response_models.values():
            if isinstance(model, type):
                _models_in(model, found)
        for model in found:
            classes_by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(classes) for name, classes in classes_by_name.items() if len(classes) > 1}
    assert shared == {}, f"distinct schemas share a component name: {shared}"


def test_no_component_of_the_openapi_document_is_overwritten_by_another_definition(monkeypatch):
    overwritten: dict[str, tuple[Any, Any]] = {}
    original = OpenAPISchema.add_schema_definitions

    def recording(self: OpenAPISchema, definitions: dict) -> None:
        for name, definition in definitions.items():
            if name in self.schemas and self.schemas[name] != definition:
                overwritten[name] = (self.schemas[name].get("properties"), definition.get("properties"))
        original(self, definitions)

    monkeypatch.setattr(OpenAPISchema, "add_schema_definitions", recording)
    with translation.override("en"):
        api.get_openapi_schema()
    assert overwritten == {}, f"components defined twice with different bodies: {sorted(overwritten)}"


@pytest.mark.parametrize(
    ("path", "method", "component"),
    [
        ("/api/v1/screenings/{public_id}/decision", "post", "ScreeningDecisionIn"),
        ("/api/v1/needs/{public_id}/decision", "post", "NeedDecisionIn"),
        ("/api/v1/needs/{public_id}/support-code", "post", "NeedPhoneCodeIn"),
        ("/api/v1/questionnaires/{public_id}/response-code", "post", "SurveyPhoneCodeIn"),
    ],
)
def test_each_operation_documents_its_own_body(path, method, component):
    with translation.override("en"):
        document = api.get_openapi_schema()
    body = document["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": f"#/components/schemas/{component}"}


# --- who may call: the document's security against what an anonymous call gets ----------------------------------

_SAMPLES = {"date": "2024-01-01", "uuid": "00000000-0000-4000-8000-000000000000"}


def _sample(name: str, schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return str(schema["enum"][0])
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return _sample(name, option)
    if schema.get("type") == "integer":
        return "1"
    if schema.get("format") in _SAMPLES:
        return _SAMPLES[schema["format"]]
    if name == "target_type":
        return "organization"
    return "140213" if name == "code" else "x"


def _anonymous_get_url(path: str, operation: dict[str, Any]) -> str:
    url = path
    query = []
    for parameter in operation.get("parameters", []):
        value = _sample(parameter["name"], parameter.get("schema", {}))
        if parameter["in"] == "path":
            url = url.replace("{" + parameter["name"] + "}", value)
        elif parameter["in"] == "query" and parameter.get("required"):
            query.append(f"{parameter['name']}={value}")
    return url + ("?" + "&".join(query) if query else "")


def _document() -> dict[str, Any]:
    with translation.override("en"):
        return api.get_openapi_schema()


def _is_public(operation: dict[str, Any]) -> bool:
    return {} in operation.get("security", [])


def test_public_operations_say_that_no_credentials_are_needed_and_the_others_ask_for_a_token_or_the_session():
    for path, methods in _document()["paths"].items():
        for method, operation in methods.items():
            alternatives = operation.get("security", [])
            assert {"SessionAuth": []} in alternatives, (method, path)
            if path.endswith("/tokens") and method == "post":
                continue  # only from a browser session (a token cannot mint tokens)
            assert {"TokenAuth": []} in alternatives, (method, path)
    public_reads = {
        path for path, methods in _document()["paths"].items() if "get" in methods and _is_public(methods["get"])
    }
    for path in ("/api/v1/needs", "/api/v1/needs/{public_id}", "/api/v1/calls", "/api/v1/credit/records"):
        assert path in public_reads


@pytest.mark.django_db
def test_every_read_the_document_declares_public_answers_the_anonymous_and_every_other_read_refuses_with_401():
    from django.test import Client

    client = Client()
    wrong = []
    for path, methods in _document()["paths"].items():
        operation = methods.get("get")
        if operation is None:
            continue
        url = _anonymous_get_url(path, operation)
        response = client.get(url)
        if _is_public(operation):
            if response.status_code in (401, 403) or response.status_code >= 500:
                wrong.append(f"public {url} → {response.status_code}")
        elif response.status_code != 401 or set(response.json()) != {"code", "message", "errors"}:
            wrong.append(f"signed-in only {url} → {response.status_code} {response.content[:80]!r}")
    assert wrong == []
