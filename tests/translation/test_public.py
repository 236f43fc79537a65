"""Public pages in the reader's language: translated when complete, labelled honestly when a machine translated
them and nobody has checked yet, and English under a notice when incomplete."""

import re

import pytest
from sqlalchemy import delete
from sqlmodel import Session, select

from app.directory.models import Location
from app.i18n.locales import get_locale
from app.publishing import version
from app.translation import first_pass, memory
from app.translation.models import Origin, PageSegment, Review, Translation


@pytest.fixture
def committed(engine):
    """Save translations for real (the test client reads its own sessions); remove them afterwards."""
    made: list[tuple[str, str]] = []

    def translate(
        kind: str, slug: str, locale: str, *, state=Review.reviewed, origin=Origin.human, skip: int = 0
    ) -> dict[str, str]:
        with Session(engine) as db:
            segments = db.exec(
                select(PageSegment)
                .where(PageSegment.kind == kind, PageSegment.slug == slug)
                .order_by(PageSegment.field, PageSegment.position)
            ).all()
            texts = {}
            for segment in segments[skip:]:
                texts[segment.source] = f"«{locale}» {segment.source}"
                memory.save(
                    db,
                    source_hash=segment.source_hash,
                    locale=locale,
                    text=texts[segment.source],
                    origin=origin,
                    state=state,
                    produced_by="test",
                )
                made.append((segment.source_hash, locale))
            version.bump(db)
            db.commit()
        return texts

    yield translate
    with Session(engine) as db:
        for source_hash, locale in made:
            db.execute(delete(Translation).where(Translation.source_hash == source_hash, Translation.locale == locale))
        version.bump(db)
        db.commit()


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_a_reviewed_translation_is_shown_in_the_reader_s_language_without_notices(client, committed, new_guide):
    slug = new_guide()
    texts = committed("guide", slug, "es")
    main = _main(client.get(f"/es/guides/{slug}").text)
    assert "notice--language" not in main and 'lang="en"' not in main
    title = next(text for source, text in texts.items() if source.startswith("Help for carers"))
    assert f"<h1>{title}</h1>" in main
    assert "<li>«es» Ask for a care needs assessment.</li>" in main
    assert '<a href="https://kingsmead.example/advice">our advice</a>' in main
    assert "<td>«es» Monday</td>" in main


def test_machine_text_nobody_checked_carries_a_label_with_the_english_original(client, engine, machine, new_guide):
    slug = new_guide()
    with Session(engine) as db:
        first_pass.run(db, machine, locales=[get_locale("ar")], pages=[("guide", slug)])
        db.commit()
    main = _main(client.get(f"/ar/guides/{slug}").text)
    assert "notice--machine" in main
    assert f'href="http://testserver/en/guides/{slug}" hreflang="en" lang="en"' in main
    assert 'href="/ar/help"' in main
    assert "<h1>Help for carers" in main  # the copy pack's "Arabic" is the English text, not marked English


def test_an_incomplete_translation_shows_english_with_a_notice(client, committed, new_guide):
    slug = new_guide()
    committed("guide", slug, "pt", skip=1)
    main = _main(client.get(f"/pt/guides/{slug}").text)
    assert 'class="notice notice--language"' in main and "«pt»" not in main
    assert re.search(r'<h1><span lang="en" dir="ltr">Help for carers [0-9a-f]+</span></h1>', main)


def test_services_and_hubs_are_translated_too_opening_time_notes_included(client, committed, engine):
    with Session(engine) as db:
        hub = db.exec(select(Location).where(Location.is_hub).order_by(Location.slug)).first()
    committed("hub", hub.slug, "tr")
    main = _main(client.get(f"/tr/hubs/{hub.slug}").text)
    assert "notice--language" not in main and f"<h1>«tr» {hub.name}</h1>" in main
    committed("service", "carers-assessment", "tr")
    main = _main(client.get("/tr/services/carers-assessment").text)
    assert "notice--language" not in main and "<h1>«tr» " in main


def test_a_hubs_weekly_activities_are_listed_in_the_reader_s_language(client, committed, engine):
    from app.directory import queries

    with Session(engine) as db:
        hub = db.exec(select(Location).where(Location.slug == "ashfield-community-hub")).one()
        activity = queries.activities(db, hub_id=hub.id)[0]
    texts = committed(str(getattr(activity.kind, "value", activity.kind)), activity.slug, "it")
    main = _main(client.get("/it/hubs/ashfield-community-hub").text)
    assert f'<a href="/it/services/{activity.slug}">{texts[activity.name]}</a>' in main
    assert f'<span lang="en" dir="ltr">{activity.name}</span>' not in main


def test_human_translations_survive_a_machine_run(engine, committed, machine, new_guide):
    slug = new_guide()
    committed("guide", slug, "bn", state=Review.unreviewed)
    with Session(engine) as db:
        first_pass.run(db, machine, locales=[get_locale("bn")], pages=[("guide", slug)])
        rows = db.exec(
            select(Translation)
            .join(PageSegment, PageSegment.source_hash == Translation.source_hash)
            .where(PageSegment.slug == slug, Translation.locale == "bn")
        ).all()
        assert rows and all(row.origin == "human" and row.text.startswith("«bn»") for row in rows)
        db.rollback()


def test_lists_show_translated_entries_in_the_reader_s_language(client, committed, new_guide):
    slug = new_guide()
    texts = committed("guide", slug, "fa")
    title = next(text for source, text in texts.items() if source.startswith("Help for carers"))
    main = _main(client.get("/fa/guides").text)
    assert f'<a href="/fa/guides/{slug}">{title}</a>' in main
    assert "notice--language" in main  # most guides are still in English
    topic = _main(client.get("/fa/topics/looking-after-someone").text)
    assert f">{title}</a>" in topic
