"""The UI catalogs: the template is up to date, every locale is complete, placeholders survive, msgfmt agrees."""

import os
import re
import shutil
import subprocess

import pytest
import yaml
from babel.messages.pofile import read_po

from app.i18n import locales
from app.i18n.catalogs import po_path
from app.i18n.extract import POT_PATH, STAFF_POT_PATH, extract, message_ids

TRANSLATED = [locale for locale in locales.LOCALES if locale != locales.SOURCE_LOCALE]
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def _catalog(locale):
    with po_path(locale).open("rb") as source:
        return read_po(source, locale=locale.babel)


@pytest.mark.parametrize("path, staff", [(POT_PATH, False), (STAFF_POT_PATH, True)], ids=["public", "staff"])
def test_templates_are_up_to_date(path, staff):
    with path.open("rb") as source:
        committed = read_po(source)
    assert message_ids(committed) == message_ids(extract(staff=staff)), "run: signpost i18n extract"


def test_staff_strings_are_kept_out_of_the_public_catalog():
    with STAFF_POT_PATH.open("rb") as source:
        staff = read_po(source)
    assert len(staff) > 100
    from app.i18n.extract import is_staff

    assert all(is_staff(path) for message in staff for path, _line in message.locations)


@pytest.mark.parametrize("locale", TRANSLATED, ids=lambda locale: locale.code)
def test_catalog_is_complete_and_not_fuzzy(locale):
    catalog = _catalog(locale)
    with POT_PATH.open("rb") as source:
        template = read_po(source)
    assert message_ids(catalog) == message_ids(template), "run: signpost i18n extract, then translate"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{locale.code}: fuzzy: {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{locale.code}: untranslated: {message.id!r}"


@pytest.mark.parametrize("locale", TRANSLATED, ids=lambda locale: locale.code)
def test_placeholders_are_preserved(locale):
    for message in _catalog(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            found = set(PLACEHOLDER.findall(string))
            # a plural form may leave out the number ("one service" written as a word), nothing else
            assert found <= expected and expected - found <= {"count", "num"}, (
                f"{locale.code}: {message.id!r} -> {string!r}"
            )
            assert "%" not in PLACEHOLDER.sub("", string), f"{locale.code}: stray % in {string!r}"


@pytest.mark.parametrize("locale", TRANSLATED, ids=lambda locale: locale.code)
def test_msgfmt_check_passes(locale):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("msgfmt (Debian package gettext) must be installed in CI")
        pytest.skip("msgfmt (Debian package gettext) is not installed")
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po_path(locale))], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("locale", TRANSLATED, ids=lambda locale: locale.code)
def test_po_header_records_how_it_was_made_and_reviewed(locale):
    header = po_path(locale).read_text(encoding="utf-8").split('msgid ""', 1)[0]
    assert re.search(r"^# Produced:", header, re.M) and re.search(r"^# Reviewed:", header, re.M)


@pytest.mark.parametrize("locale", TRANSLATED, ids=lambda locale: locale.code)
def test_glossary_of_care_terms(locale):
    path = po_path(locale).parents[1] / "glossary.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["locale"] == locale.code
    sources = {term["source"] for term in data["terms"]}
    assert {"carer", "care needs assessment", "safeguarding"} <= sources
    assert all(term["target"].strip() for term in data["terms"])
