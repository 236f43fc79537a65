"""One seam for "a public page changed": every writer calls :func:`app.publishing.changes.pages_changed`, and from
that alone the change is logged in its transaction, the page cache is fresh at once and, once the app's follower has
read the log, search finds the page. No writer (and no route) refreshes search itself: before the poll, it has not.

Each case first makes a page of its own (slugs start ``seam-``; removed afterwards), then changes it with a writer.
"""

import csv
import io
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from sqlalchemy import delete
from sqlmodel import Session, func, select

from app.content.importer import import_content
from app.content.loader import load_content
from app.content.schema import GuideFile
from app.directory.models import Service
from app.guides.models import Guide
from app.i18n.locales import SOURCE_LOCALE, Locale, get_locale
from app.oruk.importer import import_services
from app.oruk.sources import read
from app.publishing import history, workflow
from app.publishing.changes import PageChange, pages_changed
from app.publishing.models import ContentItem
from app.publishing.page_kinds import PageKind
from app.staff.csv_import import columns
from app.translation import first_pass, po
from app.translation.models import PageSegment
from tests.conftest import DEMO_CONTENT, search_caught_up

AR = get_locale("ar")
PUBLIC = {PageKind.guide: "guides", PageKind.service: "services"}
PREFIX = "seam-"


@dataclass
class Case:
    kind: PageKind
    slug: str
    word: str  # a word only the changed page has
    locale: Locale = SOURCE_LOCALE  # the language the change shows in
    gone: bool = False  # the change takes the page off the site
    data: object = None  # what the writer needs to make the change

    @property
    def path(self) -> str:
        return f"/{self.locale.code}/{PUBLIC[self.kind]}/{self.slug}"


def _word() -> str:
    return f"seamword{uuid.uuid4().hex[:8]}"


def _guide(slug: str, text: str) -> GuideFile:
    return GuideFile(
        slug=slug,
        title=f"Seam test {slug}",
        summary="A page for the change seam's test.",
        topics=["looking-after-someone"],
        body=f"{text}\n\nA second paragraph.",
    )


def _new_guide(engine, text: str = "Some text.") -> str:
    """A guide published through the workflow (so it has a history to publish and unpublish)."""
    slug = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    with Session(engine) as db:
        item = workflow.create(db, PageKind.guide, _guide(slug, text), author="test")
        workflow.publish(db, item, base=item.latest, author="test")
        db.commit()
    return slug


# -- the writers: each a preparation (not what is tested) and the change ------------------------------------------
def prepare_publish(request) -> Case:
    engine, word = request.getfixturevalue("engine"), _word()
    slug = _new_guide(engine)
    with Session(engine) as db:
        item = history.get_item(db, PageKind.guide, slug)
        workflow.save_draft(db, item, _guide(slug, f"Now with {word}."), base=item.latest, author="test")
        db.commit()
    return Case(PageKind.guide, slug, word)


def publish(request, case: Case) -> None:
    with Session(request.getfixturevalue("engine")) as db:
        item = history.get_item(db, case.kind, case.slug)
        workflow.publish(db, item, base=item.latest, author="test")
        db.commit()


def prepare_unpublish(request) -> Case:
    word = _word()
    return Case(PageKind.guide, _new_guide(request.getfixturevalue("engine"), f"About {word}."), word, gone=True)


def unpublish(request, case: Case) -> None:
    with Session(request.getfixturevalue("engine")) as db:
        item = history.get_item(db, case.kind, case.slug)
        workflow.withdraw(db, item, base=item.latest, author="test")
        db.commit()


def _import_folder(engine, folder: Path) -> None:
    with Session(engine) as db:
        import_content(db, load_content(folder))
        db.commit()


def prepare_content_import(request) -> Case:
    """A content folder of the demo's reference data and one guide file of our own."""
    folder = request.getfixturevalue("tmp_path") / "content"
    (folder / "guides").mkdir(parents=True)
    for name in ("taxonomy.yml", "areas.yml", "organisations.yml"):
        (folder / name).write_text((DEMO_CONTENT / name).read_text(encoding="utf-8"), encoding="utf-8")
    slug = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    path = folder / "guides" / f"{slug}.md"
    path.write_text(
        f"---\nslug: {slug}\ntitle: Seam test {slug}\nsummary: A page for the change seam's test.\n"
        "topics: [looking-after-someone]\n---\nSome text.\n",
        encoding="utf-8",
    )
    _import_folder(request.getfixturevalue("engine"), folder)
    return Case(PageKind.guide, slug, _word(), data=folder)


def content_import(request, case: Case) -> None:
    path = case.data / "guides" / f"{case.slug}.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Some text.", f"Now with {case.word}."), encoding="utf-8")
    _import_folder(request.getfixturevalue("engine"), case.data)


def _import_oruk(request, data: dict) -> None:
    path = request.getfixturevalue("tmp_path") / f"{uuid.uuid4().hex}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Session(request.getfixturevalue("engine")) as db:
        import_services(db, read(str(path)))  # published at once, as `signpost oruk import --publish` does
        db.commit()


def prepare_oruk_import(request) -> Case:
    """A new service from another directory: one of ours through our ORUK API, with a new id and name."""
    engine, client = request.getfixturevalue("engine"), request.getfixturevalue("client")
    with Session(engine) as db:
        ours = db.exec(select(Service.id).where(Service.slug == "reablement")).one()
    exported = client.get(f"/api/oruk/services/{ours}").json()
    service_id = str(uuid.uuid4())
    data = json.loads(json.dumps(exported).replace(ours, service_id))
    for children in ("phones", "schedules", "contacts", "cost_options", "service_at_locations", "metadata"):
        data[children] = []  # their ids are the original's
    data["name"], data["description"] = f"Seam test {uuid.uuid4().hex[:10]}", "A service for the change seam's test."
    _import_oruk(request, data)
    with Session(engine) as db:
        slug = db.get(Service, service_id).slug
    assert slug.startswith(PREFIX)
    return Case(PageKind.service, slug, _word(), data=data)


def oruk_import(request, case: Case) -> None:
    _import_oruk(request, case.data | {"description": f"A service for the change seam's test, {case.word}."})


def _csv_import(request, slug: str, summary: str) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns())
    writer.writeheader()
    writer.writerow(
        {
            "name": f"Seam test {slug}",
            "slug": slug,
            "organisation": "kingsmead-council",
            "summary": summary,
            "topics": "looking-after-someone",
            "cost-free": "yes",
            "areas": "all",
        }
    )
    editor = request.getfixturevalue("signed_in")("editor")
    done = editor.post("/staff/import", {"then": "apply", "text": out.getvalue(), "publish": "yes"})
    assert done.status_code == 200 and "1 service imported and published." in done.text


def prepare_csv_import(request) -> Case:
    slug = f"{PREFIX}{uuid.uuid4().hex[:10]}"
    _csv_import(request, slug, "A service for the change seam's test.")
    return Case(PageKind.service, slug, _word())


def csv_import(request, case: Case) -> None:
    _csv_import(request, case.slug, f"A service for the change seam's test, {case.word}.")


def prepare_first_pass(request) -> Case:
    """The copy pack's "Arabic" is the English text: the unique word is in both, the page new in Arabic."""
    word = _word()
    return Case(PageKind.guide, _new_guide(request.getfixturevalue("engine"), f"About {word}."), word, locale=AR)


def first_pass_run(request, case: Case) -> None:
    machine = request.getfixturevalue("machine")
    with Session(request.getfixturevalue("engine")) as db:
        report = first_pass.run(db, machine, locales=[AR], pages=[(case.kind, case.slug)])
        db.commit()
    assert report.translated and not report.failed


def prepare_translation(request) -> Case:
    return Case(PageKind.guide, _new_guide(request.getfixturevalue("engine")), _word(), locale=AR)


def po_import(request, case: Case) -> None:
    with Session(request.getfixturevalue("engine")) as db:
        catalog = read_po(BytesIO(po.export(db, AR, site="http://testserver")))
        for number, message in enumerate(catalog):
            ours = (message.context or "").startswith(f"{case.kind}/{case.slug}:")
            message.string = f"{case.word} {number}" if ours else ""  # the other pages' entries: left alone
            message.flags.discard("fuzzy")
        out = BytesIO()
        write_po(out, catalog)
        report = po.import_po(db, out.getvalue(), name="ar.po", by="test")
        db.commit()
    assert report.reviewed >= 3


def review(request, case: Case) -> None:
    with Session(request.getfixturevalue("engine")) as db:
        hashes = db.exec(
            select(PageSegment.source_hash).where(PageSegment.kind == case.kind, PageSegment.slug == case.slug)
        ).all()
    translator = request.getfixturevalue("signed_in")("translator")  # may translate into Arabic
    saved = translator.post(
        f"/staff/guides/{case.slug}/translations/ar",
        {f"text-{key}": f"{case.word} {number}" for number, key in enumerate(hashes)},
    )
    assert saved.status_code == 303 and saved.headers["location"].endswith(f"?saved={len(hashes)}")


WRITERS: dict[str, tuple[Callable, Callable]] = {
    "publish": (prepare_publish, publish),
    "unpublish": (prepare_unpublish, unpublish),
    "content import": (prepare_content_import, content_import),
    "ORUK import": (prepare_oruk_import, oruk_import),
    "CSV import": (prepare_csv_import, csv_import),
    "first pass": (prepare_first_pass, first_pass_run),
    "PO import": (prepare_translation, po_import),
    "review": (prepare_translation, review),
}


@pytest.fixture
def follower(app, engine) -> Iterator:
    """The app's follower of the change log, up to date; afterwards, the test's pages are gone, from search too."""
    changes = app.state.search_changes
    changes.poll()  # (the first poll only finds the end of the log)
    search_caught_up(app)
    yield changes
    with Session(engine) as db:
        pages = {(kind, slug) for kind, slug in db.exec(select(Service.kind, Service.slug)) if slug.startswith(PREFIX)}
        pages |= {(PageKind.guide, slug) for slug in db.exec(select(Guide.slug)).all() if slug.startswith(PREFIX)}
        for table in (Service, Guide, ContentItem):
            db.execute(delete(table).where(table.slug.startswith(PREFIX)))
        pages_changed(db, pages)
        db.commit()
    search_caught_up(app)  # no rebuild left running to slow down the next tests' searches


def _found(app, case: Case) -> bool:
    hits = app.state.search.search(text=case.word, locale=case.locale).hits
    return any(hit.slug == case.slug and hit.locale == case.locale.code for hit in hits)


@pytest.mark.slow
@pytest.mark.parametrize("writer", WRITERS)
def test_every_writer_reaches_the_change_log_the_page_cache_and_search(writer, request, app, client, engine, follower):
    prepare, change = WRITERS[writer]
    case = prepare(request)
    follower.poll()  # the preparation is not what is tested
    before = client.get(case.path)
    assert before.status_code == 200 and client.get(case.path).headers["etag"] == before.headers["etag"]
    assert _found(app, case) is case.gone
    version = app.state.content_version.current()
    with Session(engine) as db:
        last = db.exec(select(func.max(PageChange.id))).one() or 0

    change(request, case)

    with Session(engine) as db:
        logged = db.exec(select(PageChange.kind, PageChange.slug).where(PageChange.id > last)).all()
    assert (case.kind, case.slug) in logged, "the change is logged in its own transaction"
    assert app.state.content_version.current() > version, "this process sees the new content version at once"
    after = client.get(case.path)
    if case.gone:
        assert after.status_code == 404
    else:
        assert after.status_code == 200 and case.word in after.text
        assert after.headers["etag"] != before.headers["etag"], "the page cache served the fresh page"
    assert _found(app, case) is case.gone, "search follows the change log, not the writer"
    assert follower.poll() >= 1
    assert _found(app, case) is not case.gone


def test_an_oruk_import_that_changes_an_organisation_changes_every_page_showing_it(session, client, tmp_path):
    """A service page shows its organisation: when an import changes the organisation, the pages of its services
    that were not in the file change too."""
    service = session.exec(select(Service).where(Service.slug == "reablement")).one()
    others = set(session.exec(select(Service.slug).where(Service.organization_id == service.organization_id)).all())
    assert len(others) > 1
    data = client.get(f"/api/oruk/services/{service.id}").json()
    data["organization"]["description"] = "Changed by another directory."
    path = tmp_path / "one.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    last = session.exec(select(func.max(PageChange.id))).one() or 0
    import_services(session, read(str(path)))
    logged = session.exec(select(PageChange.kind, PageChange.slug).where(PageChange.id > last)).all()
    assert {slug for _kind, slug in logged} >= others
