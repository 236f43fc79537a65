"""Staff pages for a page's translations: how far each language is, the machine first pass for this page, and a
review form per language where translators correct text and reviewers mark it checked."""

from fastapi import APIRouter, HTTPException, Request
from sqlmodel import col, select

from app.accounts import audit
from app.accounts.deps import EditorUser, StaffUser
from app.accounts.models import Role
from app.db import SessionDep
from app.i18n.context import gettext as _
from app.i18n.locales import LOCALES, SOURCE_LOCALE, get_locale
from app.publishing.changes import pages_changed
from app.staff import leaflets
from app.staff.items import KindDep, item_or_404
from app.staff.pages import client_address, see_other, staff_page
from app.translation import first_pass, memory
from app.translation.machine import MachineError, machine_for
from app.translation.models import Origin, PageSegment, Review
from app.translation.status import page_counts
from app.ui.params import FormDep, SlugDep, clean

router = APIRouter()
TARGETS = [locale for locale in LOCALES if locale != SOURCE_LOCALE]
MAX_TEXT = 5000


def _segments(db, kind: str, slug: str) -> list[PageSegment]:
    return list(
        db.exec(
            select(PageSegment)
            .where(PageSegment.kind == kind, PageSegment.slug == slug)
            .order_by(PageSegment.field, col(PageSegment.position))
        ).all()
    )


@router.get("/{plural}/{slug}/translations", name="staff_translations")
def overview(
    request: Request,
    db: SessionDep,
    user: StaffUser,
    kind: KindDep,
    slug: SlugDep,
    translated: int | None = None,
    failed: int | None = None,
):
    item = item_or_404(db, kind, slug)
    try:
        targets, problem = machine_for(request.app.state.settings).targets(SOURCE_LOCALE), None
    except MachineError as exc:
        targets, problem = set(), str(exc)
    rows = [(locale, page_counts(db, kind.name, slug, locale.code), locale in targets) for locale in TARGETS]
    return staff_page(
        request,
        "staff/translations.html",
        kind=kind,
        item=item,
        rows=rows,
        problem=problem,
        may_run=user.has(Role.editor) and bool(targets),
        any_pack=bool(targets),
        done=None if translated is None else (max(translated, 0), max(failed or 0, 0)),
    )


@router.post("/{plural}/{slug}/translations/machine", name="staff_machine_translate")
def machine_translate(request: Request, db: SessionDep, user: EditorUser, kind: KindDep, slug: SlugDep, form: FormDep):
    item_or_404(db, kind, slug)
    memory.refresh_page(db, kind.name, slug)
    try:
        report = first_pass.run(
            db, machine_for(request.app.state.settings), locales=TARGETS, pages=[(kind.name, slug)], only_missing=True
        )
    except MachineError:  # the overview page explains it
        db.rollback()
        return see_other(request, "staff_translations", plural=kind.plural, slug=slug)
    audit.record(
        db,
        actor=user.username,
        action="machine-translated",
        target=f"{kind.name}:{slug}",
        detail=f"{report.translated} segments, {report.failed} failed",
        client=client_address(request),
    )
    db.commit()
    response = see_other(request, "staff_translations", plural=kind.plural, slug=slug)
    response.headers["location"] += f"?translated={report.translated}&failed={report.failed}"
    return response


def _locale_or_404(code: str):
    locale = get_locale(code)
    if locale is None or locale == SOURCE_LOCALE:
        raise HTTPException(status_code=404)
    return locale


def _review_page(request, db, user, kind, item, locale, *, errors=None, values=None, saved=None, status_code=200):
    segments = _segments(db, kind.name, item.slug)
    hashes = [s.source_hash for s in segments] + [s.previous_hash for s in segments if s.previous_hash]
    found = memory.translations(db, hashes, locale.code)
    return staff_page(
        request,
        "staff/translation_review.html",
        status_code=status_code,
        kind=kind,
        item=item,
        target=locale,
        segments=segments,
        found=found,
        errors=errors or {},
        values=values or {},
        saved=saved,
        may_translate=user.may_work_in(Role.translator, locale.code) or user.may_work_in(Role.reviewer, locale.code),
        may_review=user.may_work_in(Role.reviewer, locale.code),
        counts=page_counts(db, kind.name, item.slug, locale.code),
        findings=leaflets.translation_findings(db, kind.name, item.slug, locale),
    )


@router.get("/{plural}/{slug}/translations/{code}", name="staff_translation")
def review_form(
    request: Request, db: SessionDep, user: StaffUser, kind: KindDep, slug: SlugDep, code: str, saved: int | None = None
):
    return _review_page(
        request,
        db,
        user,
        kind,
        item_or_404(db, kind, slug),
        _locale_or_404(code),
        saved=None if saved is None else max(saved, 0),
    )


@router.post("/{plural}/{slug}/translations/{code}")
def review_save(
    request: Request, db: SessionDep, user: StaffUser, kind: KindDep, slug: SlugDep, code: str, form: FormDep
):
    item, locale = item_or_404(db, kind, slug), _locale_or_404(code)
    reviewer = user.may_work_in(Role.reviewer, locale.code)
    if not (reviewer or user.may_work_in(Role.translator, locale.code)):
        raise HTTPException(status_code=403, detail="You do not have permission to do this.")
    segments = {s.source_hash: s for s in _segments(db, kind.name, slug)}
    found = memory.translations(db, segments, locale.code)
    errors, values, changes = {}, {}, []
    for key in segments:
        raw = form.get(f"text-{key}", "")
        text = clean(raw).strip() if isinstance(raw, str) else ""
        values[key] = text
        checked = reviewer and form.get(f"checked-{key}") == "yes"
        if len(text) > MAX_TEXT:
            errors[key] = _("The translation must be %(max)s characters or fewer", max=MAX_TEXT)
            continue
        before = found.get(key)
        if not text:
            if checked:
                errors[key] = _("Enter a translation before you mark it as checked")
            continue
        state = Review.reviewed if checked else Review.unreviewed
        if before is not None and before.text == text and (before.state == state.value or not reviewer):
            continue
        origin = Origin.human if before is None or before.text != text else Origin(before.origin)  # edited: a person
        changes.append((key, text, origin, state))
    if errors:
        return _review_page(request, db, user, kind, item, locale, errors=errors, values=values, status_code=400)
    for key, text, origin, state in changes:
        memory.save(
            db, source_hash=key, locale=locale.code, text=text, origin=origin, state=state, produced_by=user.username
        )
    if changes:
        pages_changed(db, [(kind.name, slug)], translations_only=True)
        audit.record(
            db,
            actor=user.username,
            action="translation-saved",
            target=f"{kind.name}:{slug}",
            detail=f"{locale.code}: {len(changes)} segments",
            client=client_address(request),
        )
    db.commit()
    response = see_other(request, "staff_translation", plural=kind.plural, slug=slug, code=locale.code)
    response.headers["location"] += f"?saved={len(changes)}"
    return response
