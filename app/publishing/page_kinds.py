"""The names of the kinds of public page, the only way code names a kind (the values are what the database stores).
A module of its own, importing nothing, so that any module can name a kind; what belongs to each kind is in
:mod:`app.publishing.kinds`."""

from enum import StrEnum


class PageKind(StrEnum):
    service = "service"
    activity = "activity"  # a hub's weekly activity: shown on the service page route
    hub = "hub"
    guide = "guide"
    leaflet = "leaflet"
