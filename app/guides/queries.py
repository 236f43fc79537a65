"""Read-only queries for guides."""

from sqlalchemy.orm import selectinload
from sqlmodel import Session, or_, select

from app.directory.models import TaxonomyTerm
from app.guides.models import Guide, GuideTopic


def list_guides(session: Session, *, topic_id: str | None = None) -> list[Guide]:
    query = select(Guide).order_by(Guide.title)
    if topic_id:
        query = query.where(Guide.topics.any(TaxonomyTerm.id == topic_id))
    return list(session.exec(query).all())


def get_guide(session: Session, slug: str) -> Guide | None:
    return session.exec(select(Guide).where(Guide.slug == slug).options(selectinload(Guide.topics))).first()


def search_guides(session: Session, text: str, limit: int = 20) -> list[Guide]:
    query = select(Guide).order_by(Guide.title).limit(limit)
    for word in text.split()[:8]:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        query = query.where(or_(Guide.title.ilike(pattern), Guide.summary.ilike(pattern)))
    return list(session.exec(query).all())
