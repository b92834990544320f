"""`huimin check uscc|id …`: one line per value, exit status 0 only when all are valid; other arguments go to
Django's own `check`."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

HUIMIN = Path(sys.executable).parent / "huimin"


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("huimin_check", *args, stdout=out)
    return out.getvalue()


def test_valid_credit_code_is_reported_with_its_decoded_parts():
    assert run("uscc", "52140213MJY00001X9") == (
        "52140213MJY00001X9  valid (civil affairs (民政) · private non-enterprise unit / social service organization "
        "(民办非企业单位) · 140213)\n"
    )


def test_invalid_credit_code_is_reported_with_its_reasons_and_fails():
    out = StringIO()
    with translation.override("en"), pytest.raises(CommandError) as excinfo:
        call_command("huimin_check", "uscc", "52140213MJY00001X9", "5214O213MJY00001X9", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("52140213MJY00001X9  valid")
    assert lines[1].startswith("5214O213MJY00001X9  invalid: Character 5 is “O”")
    assert "; Characters 3–8" in lines[1]
    assert excinfo.value.returncode == 1
    assert str(excinfo.value) == "1 of 2 values are not valid."


def test_check_prints_the_normalized_code():
    assert run("uscc", "５２１４０２１３ｍｊｙ００００１ｘ９").startswith("52140213MJY00001X9  valid")


def test_resident_ids_are_checked_too():
    assert run("id", "11010519491231002X") == "11010519491231002X  valid (born 1949-12-31 · female)\n"
    with translation.override("en"), pytest.raises(CommandError):
        call_command("huimin_check", "id", "110105194912310021", stdout=StringIO())


def _huimin(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(  # noqa: S603
        [str(HUIMIN), *args], capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, timeout=120
    )


@pytest.mark.skipif(not HUIMIN.exists(), reason="the huimin console script is not installed in this environment")
def test_huimin_check_uscc_exit_status_says_whether_all_codes_are_valid():
    ok = _huimin("check", "uscc", "91350100M000100Y43", "52140213MJY00001X9")
    assert ok.returncode == 0, ok.stderr
    assert [line.split()[0] for line in ok.stdout.splitlines()] == ["91350100M000100Y43", "52140213MJY00001X9"]

    bad = _huimin("check", "uscc", "91350100M000100Y43", "91350200M000000510")
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[1].startswith("91350200M000000510  ")
    assert "D" in bad.stdout.splitlines()[1]  # the expected check character is named


@pytest.mark.skipif(not HUIMIN.exists(), reason="the huimin console script is not installed in this environment")
def test_huimin_check_id_exit_status():
    assert _huimin("check", "id", "140213199001011233").returncode == 0
    assert _huimin("check", "id", "140213199001011234").returncode == 1


@pytest.mark.skipif(not HUIMIN.exists(), reason="the huimin console script is not installed in this environment")
def test_other_arguments_run_djangos_system_checks():
    result = _huimin("check", "--fail-level", "CRITICAL")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # Django's "System check identified …" line, in the configured language
    assert "huimin_check" not in result.stderr
