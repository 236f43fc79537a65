"""The embedded Whoosh backend (the default): an index folder per machine."""

from app.search.backends.whoosh.backend import WhooshBackend

__all__ = ["WhooshBackend"]
