"""The shape of a leaflet: the same document in ``easyread/*.md``, in a staff draft and on the public site."""

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field

from app.content.schema import Slug, Strict, Text
from app.publishing.page_kinds import PageKind

LINK_KINDS = (PageKind.service, PageKind.hub, PageKind.guide)
_PICTURE = re.compile(r"(openmoji:[0-9A-F]{4,6}(-[0-9A-F]{4,6}){0,9}|upload:[0-9a-f]{16}\.(png|jpg|svg))")
_LINK = re.compile(r"(service|hub|guide):[a-z0-9]+(-[a-z0-9]+)*")


def _picture(ref: str) -> str:
    if ref and not _PICTURE.fullmatch(ref):
        raise ValueError(
            f"'{ref[:60]}' is not a picture: use openmoji:CODE (like openmoji:1F4DE) or the name of an uploaded picture"
        )
    return ref


def _link(ref: str) -> str:
    if not _LINK.fullmatch(ref):
        raise ValueError(f"'{ref[:60]}' is not a page: use service:slug, hub:slug or guide:slug")
    return ref


Picture = Annotated[str, AfterValidator(_picture)]


class Row(Strict):
    """One idea: a picture (with its alt text) and a short piece of text (Markdown: sentences or a short list)."""

    picture: Picture = ""
    alt: Annotated[str, Field(max_length=300)] = ""
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class GlossaryEntry(Strict):
    word: Annotated[str, Field(min_length=1, max_length=100)]
    meaning: Annotated[str, Field(min_length=1, max_length=500)]


class LeafletFile(Strict):
    slug: Slug
    title: Text
    summary: Annotated[str, Field(min_length=1, max_length=500)]
    cover: Picture = ""
    cover_alt: Annotated[str, Field(max_length=300)] = ""
    links: list[Annotated[str, AfterValidator(_link)]] = []
    glossary: list[GlossaryEntry] = []
    last_checked: date | None = None
    rows: list[Row] = Field(min_length=1, max_length=100)


def split_link(ref: str) -> tuple[str, str]:
    kind, slug = ref.split(":", 1)
    return kind, slug
