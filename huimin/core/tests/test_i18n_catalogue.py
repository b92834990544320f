"""The Simplified Chinese catalogue is complete: every English msgid in the code has a reviewed translation.

ARCHITECTURE.md rule 6: CI fails on untranslated or fuzzy entries, and on messages missing from the catalogue.
Fix with `make messages` (extracts new messages into huimin/locale/zh_Hans/LC_MESSAGES/django.po), translate the
empty `msgstr ""` entries, remove the `#, fuzzy` flags after checking them, and run `make messages` again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "huimin" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
HOW_TO_FIX = "Run `make messages`, translate the entries in huimin/locale/zh_Hans/LC_MESSAGES/django.po, and commit."


def _catalogue() -> polib.POFile:
    assert CATALOGUE.exists(), f"The Simplified Chinese catalogue {CATALOGUE} does not exist. {HOW_TO_FIX}"
    return polib.pofile(str(CATALOGUE))


def _describe(entries: list[polib.POEntry], limit: int = 40) -> str:
    lines = []
    for entry in entries[:limit]:
        where = ", ".join(path for path, _line in entry.occurrences[:2]) or "?"
        context = f" [context {entry.msgctxt}]" if entry.msgctxt else ""
        lines.append(f"  {entry.msgid!r}{context} ({where})")
    if len(entries) > limit:
        lines.append(f"  … and {len(entries) - limit} more")
    return "\n".join(lines)


def _key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def test_zh_hans_catalogue_declares_its_language_and_utf8():
    po = _catalogue()
    assert not po.metadata_is_fuzzy, f"The header of {CATALOGUE} is marked fuzzy; remove the flag."
    assert po.metadata.get("Language") == "zh_Hans", f"{CATALOGUE}: header Language should be zh_Hans."
    assert "charset=UTF-8" in po.metadata.get("Content-Type", ""), f"{CATALOGUE}: header charset should be UTF-8."


def test_zh_hans_catalogue_has_no_untranslated_entries():
    po = _catalogue()
    missing = [e for e in po.untranslated_entries() if not e.obsolete]
    if missing:
        pytest.fail(f"{len(missing)} message(s) have no Chinese translation:\n{_describe(missing)}\n{HOW_TO_FIX}")


def test_zh_hans_catalogue_has_no_fuzzy_entries():
    po = _catalogue()
    fuzzy = [e for e in po.fuzzy_entries() if not e.obsolete]
    if fuzzy:
        pytest.fail(
            f"{len(fuzzy)} translation(s) are marked fuzzy (guessed, not reviewed):\n{_describe(fuzzy)}\n"
            "Check each translation and remove its `#, fuzzy` line."
        )


def test_zh_hans_catalogue_lists_every_message_in_the_sources(tmp_path):
    """Extract the messages from a copy of the sources and compare: nothing in the code may be missing."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is not installed (Debian package gettext); run scripts/bootstrap.sh.")
    current = {_key(e) for e in _catalogue() if not e.obsolete}

    root = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "static", "*.po", "*.mo", "node_modules")
    shutil.copytree(root / "config", copy / "config", ignore=ignore)
    shutil.copytree(root / "huimin", copy / "huimin", ignore=ignore)
    shutil.copy(root / "manage.py", copy / "manage.py")
    (copy / "huimin" / "locale").mkdir(exist_ok=True)

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-obsolete", "--add-location", "file"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    extracted = polib.pofile(str(copy / "huimin" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))

    missing = [e for e in extracted if _key(e) not in current]
    if missing:
        pytest.fail(
            f"{len(missing)} message(s) in the code are not in the catalogue yet:\n{_describe(missing)}\n{HOW_TO_FIX}"
        )


def test_djangos_empty_choice_label_is_chinese():
    from django.db.models.fields import BLANK_CHOICE_LABEL
    from django.utils import translation

    with translation.override("zh-hans"):
        assert str(BLANK_CHOICE_LABEL) == "- 请选择 -"
