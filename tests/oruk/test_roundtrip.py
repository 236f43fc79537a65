"""Our data out through the API and back in: into an empty database it gives the same services, and into the
database it came from it changes nothing."""

import json

import pytest
from sqlmodel import SQLModel, select

from app.content.exporter import content_from_db
from app.directory.models import Service
from app.oruk import listings
from app.oruk.importer import import_services
from app.oruk.sources import read
from tests.oruk.conftest import API

pytestmark = pytest.mark.usefixtures("schema_root")


@pytest.fixture(scope="module")
def export(api, tmp_path_factory) -> tuple[str, dict[str, dict]]:
    """Every service as /services/{id} gives it, written as one /services page file."""
    listing = api.get(f"{API}/services", params={"minimal": "true"}).json()["contents"]
    services = {item["id"]: api.get(f"{API}/services/{item['id']}").json() for item in listing}
    path = tmp_path_factory.mktemp("export") / "services.json"
    path.write_text(
        json.dumps(
            {
                "total_items": len(services),
                "total_pages": 1,
                "page_number": 1,
                "size": len(services),
                "first_page": True,
                "last_page": True,
                "empty": False,
                "contents": list(services.values()),
            }
        ),
        encoding="utf-8",
    )
    return str(path), services


def _comparable(service: dict) -> dict:
    """A service without the moments that say when it was written."""
    return {key: value for key, value in service.items() if key not in ("last_modified", "metadata")} | {
        "organization": service["organization"]
    }


def _empty(session) -> None:
    for table in reversed(SQLModel.metadata.sorted_tables):
        session.execute(table.delete())
    session.flush()


@pytest.mark.slow
def test_into_an_empty_database_the_services_are_the_same(session, export, settings):
    source, services = export
    _empty(session)
    assert session.exec(select(Service)).all() == []
    report = import_services(session, read(source))
    assert report.created["service"] == len(services) and not report.warnings
    session.expire_all()
    for service_id, original in services.items():
        again = listings.service(session, service_id=service_id, publisher=settings.council_name)
        assert _comparable(again) == _comparable(original), original["name"]


@pytest.mark.slow
def test_into_the_database_it_came_from_nothing_changes(session, export):
    source, services = export
    before = content_from_db(session)
    first = import_services(session, read(source))
    assert not first.created and first.updated["service"] == len(services) and not first.warnings
    session.expire_all()
    assert content_from_db(session) == before
    again = import_services(session, read(source))
    assert again.changed == 0 and again.unchanged["service"] == len(services)
