"""What a document may refer to (organisations, topics, places, areas, hubs), for form options and for the check
before publishing."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.directory.models import Area, Location, Organization, ServiceLanguage, Taxonomy, TaxonomyTerm
from app.directory.vocabulary import SIGN_LANGUAGES, language_name
from app.i18n import locales
from app.i18n.context import gettext as _
from app.publishing.page_kinds import PageKind


def _languages(db: Session) -> list[tuple[str, str]]:
    """The portal's languages, sign languages and every language a service already offers, by English name."""
    codes = {locale.code for locale in locales.LOCALES} | set(SIGN_LANGUAGES)
    codes |= set(db.exec(select(ServiceLanguage.code).distinct()).all())
    return sorted(((code, f"{language_name(code, 'en')} ({code})") for code in codes), key=lambda pair: pair[1])


@dataclass
class Choices:
    organisations: list[tuple[str, str]]
    topics: list[tuple[str, str]]
    service_types: list[tuple[str, str]]
    locations: list[tuple[str, str]]  # venues and hubs
    hubs: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    languages: list[tuple[str, str]]

    @classmethod
    def load(cls, db: Session) -> "Choices":
        def terms(taxonomy: str) -> list[tuple[str, str]]:
            return list(
                db.exec(
                    select(TaxonomyTerm.slug, TaxonomyTerm.name)
                    .join(Taxonomy)
                    .where(Taxonomy.slug == taxonomy)
                    .order_by(col(TaxonomyTerm.position))
                ).all()
            )

        places = db.exec(select(Location.slug, Location.name, Location.is_hub).order_by(Location.name)).all()
        return cls(
            organisations=list(db.exec(select(Organization.slug, Organization.name).order_by(Organization.name))),
            topics=terms("topics"),
            service_types=terms("service-types"),
            locations=[(slug, name) for slug, name, _hub in places],
            hubs=[(slug, name) for slug, name, is_hub in places if is_hub],
            areas=[("all", _("Every area")), *db.exec(select(Area.slug, Area.name).order_by(col(Area.position)))],
            languages=_languages(db),
        )

    def problems(self, kind: str, data: dict) -> dict[str, str]:
        """Field -> message for every reference that does not exist (anything may have changed since the form)."""
        found: dict[str, str] = {}

        def check(field: str, values, options: list[tuple[str, str]], message: str) -> None:
            known = {slug for slug, _name in options}
            values = values if isinstance(values, list) else [values]
            if any(value not in known for value in values if value):
                found[field] = message

        if kind in (PageKind.service, PageKind.activity):
            check("organisation", data.get("organisation"), self.organisations, _("Select an organisation"))
            check("topics", data.get("topics", []), self.topics, _("Select topics from the list"))
            check(
                "service_types",
                data.get("service_types", []),
                self.service_types,
                _("Select types of service from the list"),
            )
        if kind == PageKind.service:
            check("locations", data.get("locations", []), self.locations, _("Select places from the list"))
        if kind in (PageKind.service, PageKind.hub):
            check("areas", data.get("areas", []), self.areas, _("Select areas from the list"))
        if kind == PageKind.activity:
            check("hub", data.get("hub"), self.hubs, _("Select the community hub where it is held"))
        if kind == PageKind.hub and data.get("organisation"):
            check("organisation", data.get("organisation"), self.organisations, _("Select an organisation"))
        if kind == PageKind.guide:
            check("topics", data.get("topics", []), self.topics, _("Select topics from the list"))
        return found
