"""The operators' commands around the code: `huimin serve` addresses and `huimin openapi [--check]`."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from huimin.core.management.commands import openapi
from huimin.core.management.commands.serve import parse_addrport


@pytest.fixture(autouse=True)
def english():
    """These tests read the English messages; the product speaks Chinese by default."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("8000", ("127.0.0.1", 8000)),
        ("0.0.0.0:8080", ("0.0.0.0", 8080)),  # noqa: S104 — parsing, not binding
        ("localhost:9000", ("localhost", 9000)),
        ("[::1]:8000", ("::1", 8000)),
    ],
)
def test_serve_address_is_a_port_or_host_and_port(value, expected):
    assert parse_addrport(value) == expected


@pytest.mark.parametrize("value", ["", "abc", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:0"])
def test_serve_address_without_a_valid_port_is_rejected(value):
    with pytest.raises(CommandError, match="not a valid address"):
        parse_addrport(value)


@pytest.fixture
def fixed_document(monkeypatch):
    document = json.dumps({"openapi": "3.1.0", "paths": {"/a": {}}}, indent=2, sort_keys=True) + "\n"
    monkeypatch.setattr(openapi, "openapi_document", lambda: document)
    return document


def test_openapi_writes_the_document_to_the_output_file(tmp_path, fixed_document):
    target = tmp_path / "api" / "openapi.json"
    call_command("openapi", output=str(target))
    assert target.read_text(encoding="utf-8") == fixed_document


def test_openapi_check_passes_when_the_committed_document_is_current(tmp_path, fixed_document):
    target = tmp_path / "openapi.json"
    target.write_text(fixed_document, encoding="utf-8")
    call_command("openapi", output=str(target), check=True)


def test_openapi_check_fails_with_a_diff_when_the_committed_document_differs(tmp_path, fixed_document, capsys):
    target = tmp_path / "openapi.json"
    target.write_text(fixed_document.replace("/a", "/old"), encoding="utf-8")
    with pytest.raises(CommandError, match="out of date") as raised:
        call_command("openapi", output=str(target), check=True)
    assert raised.value.returncode == 1
    diff = capsys.readouterr().err
    assert '-    "/old": {}' in diff
    assert '+    "/a": {}' in diff
    assert target.read_text(encoding="utf-8") != fixed_document  # --check never writes


def test_openapi_document_is_sorted_indented_json_of_api_v1():
    document = openapi.openapi_document()
    schema = json.loads(document)
    assert schema["openapi"].startswith("3.")
    assert document == json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
