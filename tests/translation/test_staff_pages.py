"""Staff translation pages: status per language, the machine first pass for one page, and review forms where
translators correct text and reviewers mark it checked — each only in their own languages."""

from sqlmodel import Session, select

from app.accounts.models import AuditEvent
from app.content.schema import GuideFile
from app.publishing import workflow
from app.translation.models import PageSegment, Translation
from tests.staff.conftest import signed_in, staff_users  # noqa: F401 (fixtures)
from tests.staff.forms_data import unique_slug


def _published_guide(engine) -> str:
    slug = unique_slug("translated-guide")
    guide = GuideFile(
        slug=slug,
        title=f"Staff translation test {slug}",
        summary=f"Summary of {slug}.",
        topics=["looking-after-someone"],
        body=f"First paragraph of {slug}.\n\n- an item of {slug}",
    )
    with Session(engine) as db:
        item = workflow.create(db, "guide", guide, author="setup")
        db.flush()
        workflow.publish(db, item, base=1, author="setup")
        db.commit()
    return slug


def _segments(engine, slug):
    with Session(engine) as db:
        return db.exec(
            select(PageSegment).where(PageSegment.slug == slug).order_by(PageSegment.field, PageSegment.position)
        ).all()


def _translation(engine, source_hash, locale="ar"):
    with Session(engine) as db:
        return db.get(Translation, (source_hash, locale))


def test_editors_run_the_machine_for_one_page_and_see_the_status(engine, machine, signed_in):
    slug = _published_guide(engine)
    editor = signed_in("editor")
    page = editor.get(f"/staff/guides/{slug}/translations")
    assert page.status_code == 200 and "Not translated: shown in English" in page.text
    response = editor.post(
        f"/staff/guides/{slug}/translations/machine", token=editor.token(f"/staff/guides/{slug}/translations")
    )
    assert response.status_code == 303
    segments = _segments(engine, slug)
    assert _translation(engine, segments[0].source_hash).origin == "machine"
    page = editor.get(response.headers["location"])
    assert f"The machine translated {len(segments) * 3} pieces of text (0 failed)" in page.text
    assert "Complete, not all checked yet" in page.text and "No language pack: people translate" in page.text
    with Session(engine) as db:
        assert db.exec(
            select(AuditEvent).where(AuditEvent.action == "machine-translated", AuditEvent.target == f"guide:{slug}")
        ).first()


def test_a_translator_saves_unchecked_text_and_a_reviewer_marks_it_checked(engine, signed_in):
    slug = _published_guide(engine)
    first = _segments(engine, slug)[0]
    translator = signed_in("translator")  # Arabic only
    form = translator.get(f"/staff/guides/{slug}/translations/ar")
    assert f'name="text-{first.source_hash}"' in form.text and 'dir="rtl"' in form.text
    response = translator.post(
        f"/staff/guides/{slug}/translations/ar",
        {f"text-{first.source_hash}": "نص عربي", f"checked-{first.source_hash}": "yes"},
        token=translator.token(f"/staff/guides/{slug}/translations/ar"),
    )
    assert response.status_code == 303 and response.headers["location"].endswith("?saved=1")
    saved = _translation(engine, first.source_hash)
    assert (saved.text, saved.origin, saved.state) == ("نص عربي", "human", "unreviewed")  # cannot approve
    reviewer = signed_in("reviewer")
    reviewer.post(
        f"/staff/guides/{slug}/translations/ar",
        {f"text-{first.source_hash}": "نص عربي", f"checked-{first.source_hash}": "yes"},
        token=reviewer.token(f"/staff/guides/{slug}/translations/ar"),
    )
    assert _translation(engine, first.source_hash).state == "reviewed"


def test_people_only_change_their_own_languages(engine, signed_in):
    slug = _published_guide(engine)
    first = _segments(engine, slug)[0]
    translator = signed_in("translator")
    response = translator.post(
        f"/staff/guides/{slug}/translations/es", {f"text-{first.source_hash}": "Hola"}, token=translator.token()
    )
    assert response.status_code == 403 and _translation(engine, first.source_hash, "es") is None
    assert "readonly" in translator.get(f"/staff/guides/{slug}/translations/es").text
    assert translator.get(f"/staff/guides/{slug}/translations/en").status_code == 404
    assert translator.get(f"/staff/guides/{slug}/translations/xx").status_code == 404


def test_bad_input_gets_an_error_summary_and_saves_nothing(engine, signed_in):
    slug = _published_guide(engine)
    first, second = _segments(engine, slug)[:2]
    reviewer = signed_in("reviewer")
    response = reviewer.post(
        f"/staff/guides/{slug}/translations/ar",
        {
            f"text-{first.source_hash}": "x" * 5001,
            f"text-{second.source_hash}": "",
            f"checked-{second.source_hash}": "yes",
            "text-unknown": "ignored",
        },
        token=reviewer.token(),
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text and f'href="#text-{first.source_hash}"' in response.text
    assert "5000 characters or fewer" in response.text and "Enter a translation before" in response.text
    assert _translation(engine, first.source_hash) is None and _translation(engine, second.source_hash) is None


def test_control_characters_in_a_translation_are_dropped_not_a_server_error(engine, signed_in):
    """PostgreSQL cannot store a NUL: a translation pasted with one is saved without it (the suite runs on both)."""
    slug = _published_guide(engine)
    first = _segments(engine, slug)[0]
    reviewer = signed_in("reviewer")
    response = reviewer.post(
        f"/staff/guides/{slug}/translations/ar",
        {f"text-{first.source_hash}": "نص\x00 عربي\x07"},
        token=reviewer.token(f"/staff/guides/{slug}/translations/ar"),
    )
    assert response.status_code == 303
    assert _translation(engine, first.source_hash).text == "نص عربي"


def test_a_broken_packs_folder_is_explained_not_a_server_error(engine, settings, machine, signed_in):
    from app.translation.machine.argos import packages_dir

    slug = _published_guide(engine)
    stray = packages_dir(settings.data_dir) / "not-a-pack"
    stray.mkdir()
    try:
        editor = signed_in("editor")
        page = editor.get(f"/staff/guides/{slug}/translations")
        assert page.status_code == 200 and "Machine translation cannot run:" in page.text
        response = editor.post(f"/staff/guides/{slug}/translations/machine", token=editor.token())
        assert response.status_code == 303 and _translation(engine, _segments(engine, slug)[0].source_hash) is None
    finally:
        stray.rmdir()
