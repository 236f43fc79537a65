"""Facets as residents see them: which query parameter filters which index field, which values are allowed, and
the label of each value in the reader's language."""

from dataclasses import dataclass

from sqlmodel import Session, select

from app.directory.models import Area, Taxonomy, TaxonomyTerm
from app.directory.vocabulary import ACCESSIBILITY_FEATURES, is_known_language, language_name
from app.i18n import formatting
from app.i18n.context import N_, current_locale, gettext, translate
from app.i18n.formatting import DAYS
from app.publishing.page_kinds import PageKind

# query parameter -> index field, in the order the filters are shown
PARAMETERS = {
    "topic": "topics",
    "kind": "kind",
    "area": "areas",
    "day": "weekdays",
    "free": "free",
    "language": "languages",
    "access": "accessibility",
}
LEGENDS = {
    "topic": N_("Topic"),
    "kind": N_("Type of page"),
    "area": N_("Area"),
    "day": N_("Day"),
    "free": N_("Cost"),
    "language": N_("Language spoken"),
    "access": N_("Accessibility"),
}
KIND_LABELS: dict[str, str] = {
    PageKind.service: N_("Services"),
    PageKind.activity: N_("Activities"),
    PageKind.hub: N_("Community hubs"),
    PageKind.guide: N_("Advice guides"),
    PageKind.leaflet: N_("Easy read"),
}
COSTS = {"yes": N_("Free"), "no": N_("There is a cost")}


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    parameter: str
    legend: str
    options: list[FacetOption]


def _names(session: Session) -> dict[str, dict[str, str]]:
    topics = session.exec(
        select(TaxonomyTerm.slug, TaxonomyTerm.name).join(Taxonomy).where(Taxonomy.slug == "topics")
    ).all()
    areas = session.exec(select(Area.slug, Area.name)).all()
    return {"topic": dict(topics), "area": dict(areas)}


def validate(session: Session, raw: dict[str, list[str]]) -> tuple[dict[str, list[str]], list[str]]:
    """The chosen filters as {index field: values}, and the parameters that had values we do not know."""
    names = _names(session)
    allowed = {
        "topic": names["topic"].__contains__,
        "area": names["area"].__contains__,
        "kind": KIND_LABELS.__contains__,
        "day": DAYS.__contains__,
        "free": COSTS.__contains__,
        "language": is_known_language,
        "access": ACCESSIBILITY_FEATURES.__contains__,
    }
    chosen, bad = {}, []
    for parameter, values in raw.items():
        values = [v for v in values if v][:20]
        if not all(len(v) <= 40 and allowed[parameter](v) for v in values):
            bad.append(parameter)
            continue
        if values:
            chosen[PARAMETERS[parameter]] = values
    return chosen, bad


def label(session_names: dict[str, dict[str, str]], parameter: str, value: str) -> str:
    if parameter in ("topic",):
        return translate(session_names["topic"].get(value, value))
    if parameter == "area":
        return session_names["area"].get(value, value)
    if parameter == "kind":
        return gettext(KIND_LABELS.get(value, value))
    if parameter == "day":
        return formatting.capfirst(formatting.weekday_name(value)) if value in DAYS else value
    if parameter == "free":
        return gettext(COSTS.get(value, value))
    if parameter == "language":
        return language_name(value, current_locale.get().babel)
    return str(ACCESSIBILITY_FEATURES.get(value, value))


def facets_for(session: Session, counts: dict[str, list[tuple[str, int]]], chosen: dict[str, list[str]]) -> list[Facet]:
    names = _names(session)
    shown = []
    for parameter, fieldname in PARAMETERS.items():
        selected = set(chosen.get(fieldname, []))
        options = [
            FacetOption(value, label(names, parameter, value), count, value in selected)
            for value, count in counts.get(fieldname, [])
            if value != "unknown"
        ]
        if parameter == "day":
            options.sort(key=lambda o: DAYS.index(o.value) if o.value in DAYS else 99)
        if options:
            shown.append(Facet(parameter, gettext(LEGENDS[parameter]), options))
    return shown
