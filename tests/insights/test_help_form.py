"""Help in your language or another format: the public form, its checks, consent, spam limits and privacy."""

import logging

import pytest
from sqlmodel import Session, select

from app.i18n.locales import LOCALES
from app.insights import help_form, languages
from app.insights.models import HelpCount, HelpRequest
from app.insights.vocabulary import CONTACT_METHODS, FORMATS, PROFESSIONALS, SUPPORT


def _form(**changes) -> dict:
    data = {
        "contact_method": "email",
        "contact_detail": "amina.test@example.org",
        "language": "so",
        "interpreter": "yes",
        "needs": ["bsl-interpreter", "easy-read"],
        "consent": "yes",
        "message": "Please call after 2pm.",
    }
    data.update(changes)
    return data


@pytest.fixture
def fresh_limit(app):
    """Each test starts with an empty per-address limit."""
    from app.insights import routes

    routes.help_limit.clear()
    yield


@pytest.mark.parametrize("locale", [locale.code for locale in LOCALES])
def test_the_form_is_in_every_language_and_linked_from_every_page(client, locale):
    page = client.get(f"/{locale}/help")
    assert page.status_code == 200
    assert f'<html lang="{locale}"' in page.text
    home = client.get(f"/{locale}/").text
    assert f'href="/{locale}/help"' in home, "the footer links to the form"


def test_every_accessible_information_standard_category_is_offered(client):
    page = client.get("/en/help").text
    for vocabulary in (CONTACT_METHODS, PROFESSIONALS, FORMATS, SUPPORT):
        for code, label in vocabulary.items():
            assert f'value="{code}"' in page and str(label) in page.replace("&#39;", "'"), code


def test_the_language_list_is_long_named_in_the_readers_language_and_its_own():
    options = dict(languages.choices("ar"))
    assert len(options) >= 250
    assert {"bfi", "ase", "x-makaton", "so", "yue", "ti"} <= set(options)
    assert options["so"] == "الصومالية — Soomaali"
    assert dict(languages.choices("en"))["ar"] == "Arabic — العربية"


def test_a_request_is_stored_and_counted_anonymously(client, engine, fresh_limit):
    response = client.post(
        "/en/help", data=_form(contact_detail="unique.person.42@example.org"), follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/en/help/sent"
    assert "We have your request" in client.get("/en/help/sent").text
    with Session(engine) as db:
        row = db.exec(select(HelpRequest).where(HelpRequest.contact_detail == "unique.person.42@example.org")).one()
        assert row.language == "so" and row.needs == ["bsl-interpreter", "easy-read"] and row.interpreter
        counted = db.exec(select(HelpCount).where(HelpCount.language == "so")).all()
    assert {count.need for count in counted} >= {"", "bsl-interpreter", "easy-read"}


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"contact_method": ""}, "contact_method", "Choose how we should contact you"),
        ({"contact_detail": ""}, "contact_detail", "Tell us how to reach you: your email address"),
        ({"contact_method": "phone", "contact_detail": "not a number"}, "contact_detail", "Enter a UK phone number"),
        ({"contact_detail": "no-at-sign"}, "contact_detail", "Enter an email address"),
        ({"consent": ""}, "consent", "Tick the box"),
        ({"language": "", "needs": [], "message": ""}, "language", "Tell us the language you need"),
        ({"language": "klingon"}, "language", "Choose a language from the list"),
        ({"needs": ["telepathy"]}, "needs", "Choose the support you need from the list"),
        ({"message": "x" * 2001}, "message", "2000 characters or fewer"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(client, changes, field, message, fresh_limit):
    response = client.post("/en/help", data=_form(**changes))
    assert response.status_code == 400
    assert "<title>Error:" in response.text and "There is a problem" in response.text
    assert f'href="#field-{field}"' in response.text and message in response.text
    assert "Please call after 2pm." in response.text or "message" in changes, "what was typed is kept"


def test_only_the_chosen_contact_methods_detail_is_required(client, fresh_limit):
    letter = client.post(
        "/en/help", data=_form(contact_method="letter", contact_detail="1 High Street, KM1 1AA"), follow_redirects=False
    )
    assert letter.status_code == 303
    someone = client.post(
        "/en/help",
        data=_form(contact_method="someone-else", contact_detail="My son Ali, 07700 900123"),
        follow_redirects=False,
    )
    assert someone.status_code == 303


def test_a_robot_filling_the_hidden_field_is_thanked_and_ignored(client, engine, fresh_limit):
    response = client.post(
        "/en/help",
        data=_form(contact_detail="robot@example.org", website="http://spam.example"),
        follow_redirects=False,
    )
    assert response.status_code == 303
    with Session(engine) as db:
        assert db.exec(select(HelpRequest).where(HelpRequest.contact_detail == "robot@example.org")).first() is None


def test_one_address_cannot_flood_the_inbox(client, fresh_limit):
    statuses = [client.post("/en/help", data=_form(), follow_redirects=False).status_code for _ in range(6)]
    assert statuses[:5] == [303] * 5 and statuses[5] == 429
    blocked = client.post("/en/help", data=_form(name="Kept Name"))
    assert "wait ten minutes" in blocked.text and 'value="Kept Name"' in blocked.text


def test_a_post_from_another_site_is_refused(client, fresh_limit):
    response = client.post("/en/help", data=_form(), headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_personal_data_never_reaches_logs_or_anonymous_tables(client, engine, caplog, fresh_limit):
    secret_email, secret_phone = "private.resident.77@example.org", "020 7946 0777"
    with caplog.at_level(logging.DEBUG):
        client.post("/en/help", data=_form(contact_detail=secret_email, message=f"call {secret_phone}"))
        client.post("/en/help", data=_form(contact_method="phone", contact_detail=secret_phone, consent=""))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert secret_email not in logged and secret_phone not in logged
    from app.insights.models import EqualityResponse, FeedbackComment, FeedbackCount, PageViewCount, SearchEvent

    with Session(engine) as db:
        for model in (HelpCount, PageViewCount, FeedbackCount, FeedbackComment, SearchEvent, EqualityResponse):
            stored = repr(db.exec(select(model)).all())
            assert secret_email not in stored and secret_phone not in stored, model.__name__


REFUSE_HELP_REQUESTS = {
    "sqlite": [
        "CREATE TRIGGER refuse_help BEFORE INSERT ON help_request BEGIN SELECT RAISE(ABORT, 'refused for a test'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_help() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused for a test'; "
        "END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_help BEFORE INSERT ON help_request FOR EACH ROW EXECUTE FUNCTION refuse_help()",
    ],
}
ALLOW_HELP_REQUESTS = {
    "sqlite": ["DROP TRIGGER refuse_help"],
    "postgresql": ["DROP TRIGGER refuse_help ON help_request", "DROP FUNCTION refuse_help()"],
}


def _run(engine, statements) -> None:
    with engine.begin() as connection:
        for statement in statements[engine.dialect.name]:
            connection.exec_driver_sql(statement)


def test_a_database_error_while_saving_a_request_logs_none_of_what_was_typed(client, engine, caplog, fresh_limit):
    """The database refuses the row (as a broken constraint or a full disk would): the error is logged for the
    operators, with the statement but never its parameters, which hold the resident's name, phone and message."""
    name, phone, message = "Rahima Quillfeather", "020 7946 0313", "my son needs help with his medicines"
    _run(engine, REFUSE_HELP_REQUESTS)
    try:
        with caplog.at_level(logging.DEBUG):
            response = client.post(
                "/en/help", data=_form(name=name, contact_method="phone", contact_detail=phone, message=message)
            )
    finally:
        _run(engine, ALLOW_HELP_REQUESTS)
    assert response.status_code == 500 and "Sorry, there is a problem with the service" in response.text
    assert "refused for a test" in caplog.text and "INSERT INTO help_request" in caplog.text  # it was logged
    for typed in (name, phone, message):
        assert typed not in caplog.text


def test_reading_the_form_directly():
    class Form(dict):
        def getlist(self, key):
            return self.get(key, [])

    read = help_form.read(Form(_form(contact_detail=" amina@example.org\x00 ")))
    assert not read.errors and read.values["contact_detail"] == "amina@example.org"
    request = help_form.to_request(read, locale="so")
    assert request.large_print_size == "" and request.locale == "so"


def test_names_and_single_line_fields_lose_bidirectional_controls(client, engine, fresh_limit):
    """U+202E and friends can make a name show as something else in the staff inbox (a reversed file ending)."""
    client.post(
        "/en/help",
        data=_form(
            name="Amina\u202eKhan\u2066", contact_detail="bidi.test@example.org", message="\u2067مرحبا\u2069 hello"
        ),
    )
    with Session(engine) as db:
        row = db.exec(select(HelpRequest).where(HelpRequest.contact_detail == "bidi.test@example.org")).one()
    assert row.name == "AminaKhan"
    assert row.message == "\u2067مرحبا\u2069 hello", "free text keeps what a right-to-left writer needs"


def test_a_form_sent_back_with_errors_is_never_stored_by_a_cache(client, fresh_limit):
    response = client.post("/en/help", data=_form(consent="", name="Someone Private"))
    assert response.status_code == 400 and response.headers["cache-control"] == "no-store"
