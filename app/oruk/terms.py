"""Imported ``attributes`` -> Signpost's terms, and new slugs for imported rows.

A taxonomy term is matched, in this order:

1. by id: a term in the database (topics, service types, earlier imports) or one of the code lists of
   :mod:`app.oruk.vocabularies` (languages, referral, accessibility, labels);
2. by taxonomy and code or name: the taxonomy by id, else by name or slug (so "Topics"/"topics" is ours), then the
   term by ``code`` (our slug) or by name, ignoring case;
3. a term that names no taxonomy, by its name when exactly one of our terms has that name.

A term that matches nothing is created, keeping its ORUK id: under its own taxonomy (found or created by
``taxonomy_id`` and ``taxonomy`` name), or under "Imported" when it names no taxonomy. A term in one of the code
lists that is not on the list (an unknown language code, say) is an error. Nothing is written until
:meth:`TermMatcher.write` is called.
"""

import re
import unicodedata

from sqlmodel import Session, select

from app.content.ids import stable_id
from app.directory.models import Taxonomy, TaxonomyTerm
from app.oruk import vocabularies as vocab

IMPORTED = "imported"
NAME_LIMIT = 200


def slugify(text: str, fallback: str = "item") -> str:
    plain = unicodedata.normalize("NFKD", text.replace("'", "")).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:80].strip("-") or fallback


def unique_slug(base: str, taken: set[str]) -> str:
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().casefold() == b.strip().casefold())


class TermMatcher:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.taxonomies = {t.id: t for t in session.exec(select(Taxonomy)).all()}
        self.terms = {t.id: t for t in session.exec(select(TaxonomyTerm)).all()}
        self.code_terms = {t.id: t for t in vocab.all_terms(session)}
        self.new_taxonomies: dict[str, Taxonomy] = {}
        self.new_terms: dict[str, TaxonomyTerm] = {}
        self.parents: dict[str, str] = {}

    def match(self, attribute: dict) -> tuple[str, str | None, str]:
        """("term", None, term id) for a database term, or ("code", list slug, code) for a code-list term;
        raises ValueError with the reason when the attribute cannot be used."""
        item = attribute.get("taxonomy_term") or {}
        term_id = item.get("id") or attribute.get("taxonomy_term_id")
        if term_id in self.terms:
            return "term", None, term_id
        if term_id in self.code_terms:
            found = self.code_terms[term_id]
            return "code", found.vocabulary.slug, found.code
        if not item:
            raise ValueError(f"no taxonomy term has the id {term_id}; send the taxonomy_term object to create it")
        name, code = (item.get("name") or "").strip(), (item.get("code") or "").strip()
        vocabulary = vocab.BY_ID.get(item.get("taxonomy_id", "")) or next(
            (
                v
                for v in vocab.VOCABULARIES
                if _same(item.get("taxonomy"), v.name) or _same(item.get("taxonomy"), v.slug)
            ),
            None,
        )
        if vocabulary is not None:
            found_code = code if code and vocabulary.knows(code) else vocabulary.code_named(name)
            if found_code is None:
                raise ValueError(f"'{code or name}' is not in the list '{vocabulary.name}'")
            return "code", vocabulary.slug, found_code
        if not name or len(name) > NAME_LIMIT:
            raise ValueError(f"a taxonomy term needs a name of 1 to {NAME_LIMIT} characters")
        taxonomy = self._taxonomy(item)
        candidates = [t for t in self.terms.values() if taxonomy is None or t.taxonomy_id == taxonomy.id]
        same = [t for t in candidates if t.slug == code or _same(t.name, name)]
        if same and (taxonomy is not None or len(same) == 1):
            return "term", None, same[0].id
        assert term_id is not None, "the schema requires a taxonomy_term's id"
        return "term", None, self._new_term(item, term_id, name, code, taxonomy or self._imported()).id

    # -- creating ------------------------------------------------------------------------------------------------
    def _taxonomy(self, item: dict) -> Taxonomy | None:
        taxonomy_id, name = item.get("taxonomy_id"), (item.get("taxonomy") or "").strip()
        if taxonomy_id in self.taxonomies:
            return self.taxonomies[taxonomy_id]
        if name:
            found = next((t for t in self.taxonomies.values() if _same(t.name, name) or _same(t.slug, name)), None)
            if found is not None:
                return found
        if not (taxonomy_id or name):
            return None
        if len(name) > NAME_LIMIT:
            raise ValueError(f"the taxonomy name is longer than {NAME_LIMIT} characters")
        return self._new_taxonomy(taxonomy_id, name or "Imported taxonomy", "")

    def _imported(self) -> Taxonomy:
        found = next((t for t in self.taxonomies.values() if t.slug == IMPORTED), None)
        return found or self._new_taxonomy(
            None, "Imported", "Terms that came with imported services without naming their taxonomy."
        )

    def _new_taxonomy(self, taxonomy_id: str | None, name: str, description: str) -> Taxonomy:
        slug = unique_slug(slugify(name, "taxonomy"), {t.slug for t in self.taxonomies.values()})
        row = Taxonomy(id=taxonomy_id or stable_id("taxonomy", slug), slug=slug, name=name, description=description)
        self.taxonomies[row.id] = self.new_taxonomies[row.id] = row
        return row

    def _new_term(self, item: dict, term_id: str, name: str, code: str, taxonomy: Taxonomy) -> TaxonomyTerm:
        siblings = [t for t in self.terms.values() if t.taxonomy_id == taxonomy.id]
        slug = unique_slug(slugify(code or name, "term"), {t.slug for t in siblings})
        row = TaxonomyTerm(
            id=term_id,
            taxonomy_id=taxonomy.id,
            slug=slug,
            name=name,
            description=(item.get("description") or "").strip(),
            position=len(siblings),
        )
        self.terms[row.id] = self.new_terms[row.id] = row
        if item.get("parent_id"):
            self.parents[row.id] = item["parent_id"]
        return row

    def write(self) -> None:
        """Add the new taxonomies and terms; a parent is kept when it is one of our terms."""
        self.session.add_all(self.new_taxonomies.values())
        self.session.flush()
        self.session.add_all(self.new_terms.values())
        self.session.flush()
        for term_id, parent_id in self.parents.items():
            if parent_id in self.terms and parent_id != term_id:
                self.new_terms[term_id].parent_id = parent_id
        self.session.flush()
