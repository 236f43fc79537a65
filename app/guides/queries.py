"""Read-only queries for guides."""

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from app.db import relation
from app.directory.models import TaxonomyTerm
from app.guides.models import Guide


def list_guides(session: Session, *, topic_id: str | None = None) -> list[Guide]:
    query = select(Guide).order_by(Guide.title)
    if topic_id:
        query = query.where(relation(Guide.topics).any(col(TaxonomyTerm.id) == topic_id))
    return list(session.exec(query).all())


def get_guide(session: Session, slug: str) -> Guide | None:
    return session.exec(select(Guide).where(Guide.slug == slug).options(selectinload(relation(Guide.topics)))).first()
