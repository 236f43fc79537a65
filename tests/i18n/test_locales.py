"""The locale registry is the only list of locales: adding one is one entry plus one PO file."""

import shutil

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from fastapi.testclient import TestClient

from app.directory.terms import TERM_STRINGS
from app.i18n import catalogs, locales
from app.main import create_app
from tests.conftest import DEMO_CONTENT


def test_registry_has_the_sixteen_locales_with_endonyms_and_directions():
    assert [locale.code for locale in locales.LOCALES] == [
        "en",
        "ar",
        "bn",
        "es",
        "fa",
        "fr",
        "it",
        "pl",
        "pt",
        "ro",
        "ru",
        "so",
        "tl",
        "tr",
        "ur",
        "zh-Hans",
    ]
    assert {locale.code for locale in locales.LOCALES if locale.direction == "rtl"} == {"ar", "fa", "ur"}
    names = {locale.code: locale.endonym for locale in locales.LOCALES}
    assert names["ar"] == "العربية" and names["bn"] == "বাংলা" and names["zh-Hans"] == "简体中文"
    assert names["so"] == "Soomaali" and names["ur"] == "اردو"


def test_adding_a_locale_needs_one_registry_entry_and_one_po_file(settings, engine, tmp_path, monkeypatch):
    shutil.copytree(catalogs.LOCALES_DIR, tmp_path / "locales", ignore=shutil.ignore_patterns("*.mo"))
    catalog = Catalog(locale="de")
    catalog.add("Skip to main content", "Zum Hauptinhalt springen")
    catalog.add("Care and support in your area", "Pflege und Unterstützung in Ihrer Nähe")
    po = tmp_path / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as target:
        write_po(target, catalog)
    monkeypatch.setattr(locales, "LOCALES", (*locales.LOCALES, locales.Locale("de", "German", argos_code="de")))
    monkeypatch.setattr(catalogs, "LOCALES_DIR", tmp_path / "locales")
    catalogs.translations_for.cache_clear()
    try:
        with TestClient(create_app(settings)) as client:
            html = client.get("/de/").text
            assert '<html lang="de" dir="ltr">' in html
            assert "Zum Hauptinhalt springen" in html and "Pflege und Unterstützung in Ihrer Nähe" in html
            assert 'hreflang="de"' in html and ">Deutsch</a>" in client.get("/en/").text
            redirect = client.get("/", headers={"Accept-Language": "de-AT"}, follow_redirects=False)
            assert redirect.headers["location"] == "/de/"
        assert po.with_suffix(".mo").exists()
    finally:
        catalogs.translations_for.cache_clear()


def test_taxonomy_wording_is_in_the_interface_catalog():
    import yaml

    data = yaml.safe_load((DEMO_CONTENT / "taxonomy.yml").read_text(encoding="utf-8"))
    wording = {t["name"] for tax in data["taxonomies"] for t in tax["terms"]}
    wording |= {t["description"] for tax in data["taxonomies"] for t in tax["terms"] if t.get("description")}
    assert wording == set(TERM_STRINGS), "update app/directory/terms.py to match content/taxonomy.yml"
