"""The search backends, chosen by ``SIGNPOST_SEARCH_BACKEND``."""

from sqlalchemy import Engine

from app.config import Settings
from app.search.contract import SearchBackend


def backend_for(settings: Settings, engine: Engine) -> SearchBackend:
    if settings.search_backend == "postgres":
        from app.search.backends.postgres import PostgresBackend

        return PostgresBackend(engine)
    if settings.search_backend == "null":
        from app.search.backends.null import NullBackend

        return NullBackend()
    from app.search.backends.whoosh import WhooshBackend

    return WhooshBackend(settings.data_dir / "search", engine)
