"""Page numbers from query strings: anything that is not a page that exists is a 404, never a 500."""

from dataclasses import dataclass
from math import ceil

from fastapi import HTTPException


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def count(self) -> int:
        return max(1, ceil(self.total / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count


def page_number(raw: str | None) -> int:
    """Parse ``?page=``; missing means 1, anything else that is not a positive whole number is a 404."""
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        raise HTTPException(status_code=404)
    return int(raw)


def check_in_range(page: Page) -> Page:
    if page.number > page.count:
        raise HTTPException(status_code=404)
    return page
