"""The demo ships reviewed human translations of key pages in Arabic, Bengali, Spanish and Somali."""

import re
from io import BytesIO

import pytest
from babel.messages.pofile import read_po
from sqlmodel import Session

from app.translation.status import Status, page_counts
from tests.conftest import DEMO_CONTENT

KEY_PAGES = [
    ("guide", "guides", "help-in-your-language"),
    ("guide", "guides", "getting-a-care-needs-assessment"),
    ("guide", "guides", "staying-safe-from-abuse-and-neglect"),
    ("hub", "hubs", "ashfield-community-hub"),
    ("service", "services", "carers-assessment"),
]
PROTECTED = re.compile(r"https?://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b0\d{2,4} \d{3,4} \d{3,4}\b|\]\([^)]+\)")


@pytest.mark.parametrize("code", ["ar", "bn", "es", "so"])
def test_key_pages_are_translated_reviewed_and_shown(client, engine, code):
    with Session(engine) as db:
        for kind, _plural, slug in KEY_PAGES:
            assert page_counts(db, kind, slug, code).status == Status.reviewed, (kind, slug)
    for _kind, plural, slug in KEY_PAGES:
        html = client.get(f"/{code}/{plural}/{slug}").text
        main = html[html.index("<main") : html.index("</main>")]
        assert "notice--language" not in main and '<h1><span lang="en"' not in main, (code, slug)


@pytest.mark.parametrize("code", ["ar", "bn", "es", "so"])
def test_the_demo_files_translate_everything_and_keep_what_is_protected(code):
    catalog = read_po(BytesIO((DEMO_CONTENT / "translations" / f"{code}.po").read_bytes()))
    entries = [message for message in catalog if message.id]
    assert entries and all(message.string and not message.fuzzy for message in entries)
    for message in entries:
        for kept in PROTECTED.findall(message.id):
            assert kept in message.string, (message.context, kept)
