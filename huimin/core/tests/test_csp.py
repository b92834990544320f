"""A Content-Security-Policy on every page: scripts only from the platform's own files or an inline <script> carrying
the response's nonce, no inline event handlers or eval; and the templates are written so that the policy holds (a
reading of every template: no onclick=, no javascript: links, no inline script without the nonce)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.csp import CSP

HUIMIN = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize("path", ["/", "/login/", "/needs/", "/credit/", "/calls/", "/divisions/", "/no/such/page/"])
def test_every_page_sends_a_policy_whose_nonce_is_on_its_inline_scripts(client, path):
    response = client.get(path)
    header = response["Content-Security-Policy"]
    policy = directives(header)
    scripts = policy["script-src"]
    assert CSP.SELF in scripts and CSP.UNSAFE_INLINE not in scripts and CSP.UNSAFE_EVAL not in scripts
    assert policy["script-src-attr"] == [CSP.NONE] and policy["object-src"] == [CSP.NONE]
    assert policy["frame-ancestors"] == [CSP.NONE] and policy["default-src"] == [CSP.SELF]
    (nonce,) = [s[len("'nonce-") : -1] for s in scripts if s.startswith("'nonce-")]
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", html)
    assert inline, "every page has the focus script of base.html"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline), inline


def test_each_response_has_its_own_nonce(client):
    first = directives(client.get("/").headers["Content-Security-Policy"])["script-src"]
    second = directives(client.get("/").headers["Content-Security-Policy"])["script-src"]
    assert first != second


def test_the_policy_loads_nothing_from_elsewhere():
    for directive, values in settings.SECURE_CSP.items():
        for value in values:
            assert value in (CSP.SELF, CSP.NONE, CSP.NONCE, "data:") or (
                directive == "style-src" and value == CSP.UNSAFE_INLINE
            ), (directive, value)


# --- the templates keep to the policy -----------------------------------------------------------------------------

TEMPLATES = sorted(p for p in HUIMIN.rglob("templates/**/*.html") if "static" not in p.parts)
HANDLER = re.compile(r"""(?<![\w-])on[a-z]+\s*=\s*["']""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*csp_nonce_attr)(?![^>]*application/json)[^>]*>", re.I)


def test_the_templates_this_test_reads_are_found():
    assert len(TEMPLATES) > 100


@pytest.mark.parametrize("path", TEMPLATES, ids=[str(p.relative_to(HUIMIN)) for p in TEMPLATES])
def test_no_template_has_inline_handlers_script_links_or_scripts_without_the_nonce(path):
    text = path.read_text(encoding="utf-8")
    assert not HANDLER.findall(text), "inline event handlers are blocked: use a data- attribute (static/js/huimin.js)"
    assert "javascript:" not in text.lower(), "javascript: links are blocked"
    assert "hx-on" not in text, "htmx hx-on attributes need eval, which the policy forbids"
    assert not INLINE_SCRIPT.findall(text), "an inline <script> needs {% csp_nonce_attr %}"
