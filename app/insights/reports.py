"""The numbers behind the insights dashboard. Every breakdown by language, need or personal characteristic goes
through :func:`suppress`, so a count small enough to single someone out is never shown or exported."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, func, select

from app.i18n import locales
from app.i18n.context import gettext as _
from app.insights.models import EqualityResponse, FeedbackComment, FeedbackCount, HelpCount, PageViewCount, SearchEvent
from app.publishing.models import ContentItem, ItemState
from app.translation.status import Status, by_page, status_in

SMALLEST_SHOWN = 5


def suppress(count: int) -> int | str:
    """1 to 4 become "fewer than 5"; 0 and 5 or more are shown as they are."""
    return _("fewer than %(n)s", n=SMALLEST_SHOWN) if 0 < count < SMALLEST_SHOWN else count


@dataclass
class Table:
    """A report table: what the dashboard shows, what a chart draws and what the CSV download holds."""

    name: str
    title: str
    header: list[str]
    rows: list[list]

    def chart_data(self, value_column: int = -1) -> list[tuple[str, int | str]]:
        return [(str(row[0]), row[value_column]) for row in self.rows]


def _since(days: int) -> date:
    return date.today() - timedelta(days=days)


def reach_by_language(db: Session, *, weeks: int = 12) -> Table:
    """Page views per language, week by week (weeks start on Monday), newest week last."""
    start = date.today() - timedelta(days=date.today().weekday() + 7 * (weeks - 1))
    mondays = [start + timedelta(weeks=n) for n in range(weeks)]
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for day, code, views in db.exec(
        select(col(PageViewCount.day), PageViewCount.locale, PageViewCount.views).where(PageViewCount.day >= start)
    ):
        counts[code][day - timedelta(days=day.weekday())] += views
    rows = []
    for locale in locales.LOCALES:
        weekly = [counts[locale.code][monday] for monday in mondays]
        rows.append([locale.english_name, *[suppress(n) for n in weekly], suppress(sum(weekly))])
    return Table(
        "reach",
        _("Page views by language, week by week"),
        [_("Language"), *[monday.isoformat() for monday in mondays], _("Total")],
        rows,
    )


def zero_result_searches(db: Session, *, days: int = 90, per_language: int = 10) -> Table:
    """What people searched for and did not find, most often first, per language."""
    rows = []
    found = db.exec(
        select(SearchEvent.locale, SearchEvent.query, func.count())
        .where(SearchEvent.results == 0, SearchEvent.day >= _since(days))
        .group_by(SearchEvent.locale, SearchEvent.query)
        .order_by(func.count().desc(), SearchEvent.query)
    ).all()
    shown: dict[str, int] = defaultdict(int)
    names = {locale.code: locale.english_name for locale in locales.LOCALES}
    for locale, query, count in found:
        if shown[locale] < per_language:
            rows.append([names.get(locale, locale), query, suppress(count)])
            shown[locale] += 1
    return Table(
        "zero-results", _("Searches that found nothing, last 90 days"), [_("Language"), _("Search"), _("Times")], rows
    )


STATUSES = ("original", "reviewed", "machine", "incomplete", "none")
_READS = {
    Status.reviewed: "reviewed",
    Status.unreviewed: "machine",
    Status.incomplete: "incomplete",
    Status.none: "none",
}


def translation_status(pages: dict, item: ContentItem, locale: locales.Locale) -> str:
    """How a published page reads in ``locale``: the English original, a reviewed translation, a translation not
    all checked yet ("machine"), an incomplete one (shown in English), or none."""
    if locale == locales.SOURCE_LOCALE:
        return "original"
    return _READS[status_in(pages, item.kind, item.slug, locale.code)]


def _published(db: Session) -> list[ContentItem]:
    return list(
        db.exec(
            select(ContentItem)
            .where(ContentItem.state == ItemState.published)
            .order_by(ContentItem.kind, ContentItem.title)
        ).all()
    )


def coverage(db: Session) -> Table:
    """For each language: how many published pages are reviewed, machine-translated, incomplete or missing."""
    items, pages = _published(db), by_page(db)
    rows = []
    for locale in locales.LOCALES:
        counts = dict.fromkeys(STATUSES, 0)
        for item in items:
            counts[translation_status(pages, item, locale)] += 1
        rows.append([locale.english_name, *[counts[status] for status in STATUSES], 0])
    return Table(
        "coverage",
        _("Published pages in each language"),
        [
            _("Language"),
            _("English original"),
            _("Reviewed translation"),
            _("Machine translation"),
            _("Incomplete"),
            _("None"),
            _("Easy read"),
        ],
        rows,
    )


def coverage_by_page(db: Session) -> Table:
    """Every published page against every language, with whether it has an easy-read version."""
    items, pages = _published(db), by_page(db)
    rows = [
        [item.title, item.kind, *[translation_status(pages, item, locale) for locale in locales.LOCALES], _("no")]
        for item in items
    ]
    return Table(
        "coverage-pages",
        _("Every published page in every language"),
        [_("Page"), _("Kind"), *[locale.code for locale in locales.LOCALES], _("Easy read")],
        rows,
    )


def help_by_language(db: Session, *, days: int = 365) -> Table:
    rows = db.exec(
        select(HelpCount.language, func.sum(HelpCount.requests))
        .where(HelpCount.need == "", HelpCount.day >= _since(days))
        .group_by(HelpCount.language)
        .order_by(func.sum(HelpCount.requests).desc())
    ).all()
    return Table(
        "help-languages",
        _("Help requests by language asked for, last 12 months"),
        [_("Language"), _("Requests")],
        [[_language_label(code), suppress(n)] for code, n in rows],
    )


def help_by_need(db: Session, *, days: int = 365) -> Table:
    from app.insights.vocabulary import NEEDS

    rows = db.exec(
        select(HelpCount.need, func.sum(HelpCount.requests))
        .where(HelpCount.need != "", HelpCount.day >= _since(days))
        .group_by(HelpCount.need)
        .order_by(func.sum(HelpCount.requests).desc())
    ).all()
    return Table(
        "help-needs",
        _("Help requests by communication need, last 12 months"),
        [_("Need"), _("Requests")],
        [[str(NEEDS.get(need, need)), suppress(n)] for need, n in rows],
    )


def _language_label(code: str) -> str:
    from babel import Locale

    from app.insights.languages import name_in

    return _("Not in the list") if code == "other" else f"{name_in(code, Locale('en'))} ({code})"


def feedback_by_locale(db: Session, *, days: int = 90) -> Table:
    totals: dict[str, dict[bool, int]] = defaultdict(lambda: {True: 0, False: 0})
    for locale, useful, answers in db.exec(
        select(FeedbackCount.locale, FeedbackCount.useful, func.sum(FeedbackCount.answers))
        .where(FeedbackCount.day >= _since(days))
        .group_by(FeedbackCount.locale, col(FeedbackCount.useful))
    ):
        totals[locale][useful] = answers
    rows = [
        [locale.english_name, suppress(totals[locale.code][True]), suppress(totals[locale.code][False])]
        for locale in locales.LOCALES
    ]
    return Table(
        "feedback",
        _("Was this page useful? Answers by language, last 90 days"),
        [_("Language"), _("Yes"), _("No")],
        rows,
    )


def recent_comments(db: Session, limit: int = 50) -> list[FeedbackComment]:
    return list(
        db.exec(
            select(FeedbackComment)
            .order_by(col(FeedbackComment.day).desc(), col(FeedbackComment.id).desc())
            .limit(limit)
        )
    )


def equality(db: Session) -> Table:
    from app.insights.vocabulary import PREFER_NOT_TO_SAY, QUESTIONS

    rows = []
    for name, (question, options) in QUESTIONS.items():
        column = getattr(EqualityResponse, name)
        counts = dict(db.exec(select(column, func.count()).group_by(column)).all())
        for value, label in [*options.items(), (PREFER_NOT_TO_SAY, _("Prefer not to say"))]:
            rows.append([str(question), str(label), suppress(counts.get(value, 0))])
    return Table(
        "equality",
        _("Optional equality questions, all answers so far"),
        [_("Question"), _("Answer"), _("People")],
        rows,
    )


def all_tables(db: Session) -> list[Table]:
    return [
        reach_by_language(db),
        zero_result_searches(db),
        coverage(db),
        coverage_by_page(db),
        help_by_language(db),
        help_by_need(db),
        feedback_by_locale(db),
        equality(db),
    ]
