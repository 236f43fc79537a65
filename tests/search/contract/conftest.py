"""Every search backend we ship, with the same small corpus indexed, for the contract suite.

The Whoosh backend always runs; the PostgreSQL backend runs in the PostgreSQL pass of ``.ci/run`` (it needs the
run's database to be PostgreSQL). Documents are indexed directly, as a rebuild would, so each case states exactly
what is in the index."""

from collections.abc import Iterator

import pytest

from app.search.backends.whoosh import WhooshBackend
from app.search.contract import SearchBackend
from tests.conftest import postgres_url
from tests.search.contract.corpus import CORPUS

BACKENDS = ["whoosh", "postgres"]


def index_documents(backend: SearchBackend, documents) -> None:
    """Replace everything the backend holds with ``documents``."""
    if isinstance(backend, WhooshBackend):
        backend.index.rebuild(documents)
        backend.index.forget_searcher()
    else:
        backend.replace_all(documents)  # type: ignore[attr-defined]


def make_backend(name: str, engine, root) -> SearchBackend:
    if name == "postgres":
        if postgres_url() is None:
            pytest.skip("the PostgreSQL backend runs in the PostgreSQL pass (SIGNPOST_TEST_DATABASE_URL)")
        from app.search.backends.postgres import PostgresBackend

        return PostgresBackend(engine)
    return WhooshBackend(root, engine)


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request, engine, tmp_path_factory) -> Iterator[SearchBackend]:
    """A backend holding :data:`CORPUS`; the PostgreSQL search table is rebuilt from the database afterwards, as
    other tests expect the demo content there."""
    backend = make_backend(request.param, engine, tmp_path_factory.mktemp("contract"))
    index_documents(backend, CORPUS)
    yield backend
    if request.param == "postgres":
        backend.rebuild()
