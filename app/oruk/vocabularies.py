"""Signpost's closed code lists, published as ORUK taxonomies so that they travel as ``attributes``.

Languages. ORUK 3.0's ``language`` object carries only ids (``id``, ``service_id``, ``phone_id``): nothing says which
language it is, and even HSDS 3.0's ``name``/``code`` have no agreed value for British Sign Language (``bfi``). So
every language a service offers is published twice:

- as an ORUK ``languages`` entry, with HSDS 3.0's ``name`` and ``code`` added (consumers of plain ORUK ignore them);
- as an ``attribute`` whose taxonomy term belongs to the "languages" taxonomy below: the term's ``code`` is the
  BCP 47 code (``bfi`` for BSL) and its ``name`` the English name from :func:`app.directory.vocabulary.language_name`.

The other lists work the same way: how to get a service ("referral"), accessibility features of a place
("accessibility") and Signpost's own labels ("labels": an activity at a community hub, a free service, a community
hub). The import reads all of them back. Ids are stable: derived from the taxonomy slug and the code.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from babel import Locale
from sqlmodel import Session, select

from app.content.ids import stable_id
from app.directory.models import ServiceLanguage
from app.directory.vocabulary import (
    ACCESSIBILITY_FEATURES,
    REFERRAL_METHODS,
    SIGN_LANGUAGES,
    is_known_language,
    language_name,
)
from app.i18n.context import current_locale
from app.i18n.locales import SOURCE_LOCALE

LANGUAGES, REFERRAL, ACCESSIBILITY, LABELS = "languages", "referral", "accessibility", "labels"
ACTIVITY, FREE, HUB = "activity", "free", "community-hub"


@contextmanager
def in_english() -> Iterator[None]:
    """Open data is published in English, the language content is written in, whatever the request's locale."""
    token = current_locale.set(SOURCE_LOCALE)
    try:
        yield
    finally:
        current_locale.reset(token)


@dataclass(frozen=True, eq=False)
class Vocabulary:
    slug: str
    name: str
    description: str
    labels: dict = field(default_factory=dict)  # code -> (lazy) English name; empty for languages
    notes: dict = field(default_factory=dict)  # code -> term description

    @property
    def id(self) -> str:
        return stable_id("oruk-taxonomy", self.slug)

    def term_id(self, code: str) -> str:
        return stable_id("oruk-term", self.slug, code)

    def name_of(self, code: str) -> str:
        with in_english():
            return language_name(code, "en") if self.slug == LANGUAGES else str(self.labels[code])

    def knows(self, code: str) -> bool:
        return is_known_language(code) if self.slug == LANGUAGES else code in self.labels

    def code_named(self, name: str) -> str | None:
        """The code whose English name is ``name`` (any case)."""
        wanted = name.strip().casefold()
        if self.slug != LANGUAGES:
            return next((code for code in self.labels if self.name_of(code).casefold() == wanted), None)
        names = {**{code: self.name_of(code) for code in SIGN_LANGUAGES}, **Locale("en").languages}
        return next((code for code, text in names.items() if text.casefold() == wanted), None)


VOCABULARIES = (
    Vocabulary(
        LANGUAGES,
        "Languages",
        "Languages staff speak or an activity runs in. The code is BCP 47; bfi is British Sign Language.",
    ),
    Vocabulary(REFERRAL, "How to get the service", "Who can ask for the service.", labels=REFERRAL_METHODS),
    Vocabulary(
        ACCESSIBILITY,
        "Accessibility features",
        "What a place has for disabled visitors.",
        labels=ACCESSIBILITY_FEATURES,
    ),
    Vocabulary(
        LABELS,
        "Labels",
        "How this directory groups services and places.",
        labels={ACTIVITY: "Activity", FREE: "Free", HUB: "Community hub"},
        notes={
            ACTIVITY: "A regular group or class held at a community hub.",
            FREE: "There is no charge for the service.",
            HUB: "A local place with a weekly programme of activities, advice and support.",
        },
    ),
)
BY_SLUG = {vocabulary.slug: vocabulary for vocabulary in VOCABULARIES}
BY_ID = {vocabulary.id: vocabulary for vocabulary in VOCABULARIES}


@dataclass(frozen=True)
class Term:
    """A taxonomy term that lives in code, not in the database."""

    vocabulary: Vocabulary
    code: str

    @property
    def id(self) -> str:
        return self.vocabulary.term_id(self.code)

    @property
    def name(self) -> str:
        return self.vocabulary.name_of(self.code)

    @property
    def description(self) -> str:
        return self.vocabulary.notes.get(self.code, "")


def term(slug: str, code: str) -> Term:
    return Term(BY_SLUG[slug], code)


def languages_in_use(session: Session) -> list[str]:
    return list(session.exec(select(ServiceLanguage.code).distinct().order_by(ServiceLanguage.code)).all())


def all_terms(session: Session) -> list[Term]:
    """Every code-list term: the fixed lists in full, and the languages some service offers."""
    terms = [Term(BY_SLUG[LANGUAGES], code) for code in languages_in_use(session)]
    for vocabulary in VOCABULARIES:
        terms += [Term(vocabulary, code) for code in vocabulary.labels]
    return terms
