"""Form fields for each kind of page, as data: the edit forms, the CSV import and the history's readable diff
all use these definitions, so a field's label is written once."""

from dataclasses import dataclass

from app.directory.models import ServiceStatus
from app.directory.vocabulary import ACCESSIBILITY_FEATURES, REFERRAL_METHODS
from app.i18n.context import N_
from app.publishing.page_kinds import PageKind


@dataclass(frozen=True)
class Field:
    name: str  # the document key; dotted for nested values ("cost.free")
    label: str
    widget: str = "text"  # text textarea markdown select checkboxes yesno number date email url tel time list picture
    hint: str = ""
    choices: str = ""  # a Choices attribute, or a key of FIXED_CHOICES
    other: bool = False  # checkboxes with an "other" text box (comma-separated codes)
    required: bool = False


@dataclass(frozen=True)
class Group:
    """A repeating group of fields (phone numbers, contacts, opening times...)."""

    name: str
    label: str
    row_label: str
    fields: tuple[Field, ...]
    order: str = ""  # a number field that orders the rows (it is not kept in the document)


REPEAT = {
    "weekly": N_("Every week"),
    "1": N_("First week of the month"),
    "2": N_("Second week of the month"),
    "3": N_("Third week of the month"),
    "4": N_("Fourth week of the month"),
    "-1": N_("Last week of the month"),
}
FIXED_CHOICES = {
    "status": {status.value: status.value.capitalize() for status in ServiceStatus},
    "referral": REFERRAL_METHODS,
    "accessibility": ACCESSIBILITY_FEATURES,
    "repeat": REPEAT,
    "days": {
        "MO": N_("Monday"),
        "TU": N_("Tuesday"),
        "WE": N_("Wednesday"),
        "TH": N_("Thursday"),
        "FR": N_("Friday"),
        "SA": N_("Saturday"),
        "SU": N_("Sunday"),
    },
}

SLUG = Field(
    "slug",
    N_("Web address"),
    hint=N_(
        "Lower-case words joined by dashes, like carers-support-group. It becomes part of the page's address and "
        "cannot be changed later."
    ),
    required=True,
)
SUMMARY = Field(
    "summary",
    N_("Summary"),
    "textarea",
    N_("One or two plain sentences shown in lists and search results, up to 500 characters."),
    required=True,
)
LAST_CHECKED = Field(
    "last_checked",
    N_("Last checked"),
    "date",
    N_("When someone last confirmed these details are right, like 2026-11-25."),
)
PHONES = Group(
    "phones",
    N_("Phone numbers"),
    N_("Phone number"),
    (
        Field("number", N_("Number"), "tel", N_("A UK number, like 020 7946 0123")),
        Field("description", N_("What the number is for")),
    ),
)
OPENING_TIMES = Group(
    "opening_times",
    N_("Opening times"),
    N_("Opening time"),
    (
        Field("days", N_("Days"), "checkboxes", choices="days"),
        Field("opens", N_("Opens at"), "time", N_("24-hour time, like 09:30")),
        Field("closes", N_("Closes at"), "time", N_("24-hour time, like 17:00")),
        Field("repeat", N_("How often"), "select", choices="repeat"),
        Field("note", N_("Note"), hint=N_("For example: closed on bank holidays")),
    ),
)

_SERVICE_FIELDS = (
    Field("name", N_("Name"), required=True),
    SLUG,
    Field("organisation", N_("Organisation"), "select", choices="organisations", required=True),
    Field("status", N_("Status"), "select", N_("Whether the service is running"), choices="status"),
    SUMMARY,
    Field(
        "description",
        N_("Description"),
        "markdown",
        N_("Markdown: a blank line between paragraphs, ## for a heading, - for a list item."),
    ),
    Field("topics", N_("Topics"), "checkboxes", choices="topics", required=True),
    Field("service_types", N_("Types of service"), "checkboxes", choices="service_types"),
    Field("eligibility", N_("Who it is for"), "textarea"),
    Field("minimum_age", N_("Youngest age"), "number"),
    Field("maximum_age", N_("Oldest age"), "number"),
    Field("referral", N_("How to get it"), "checkboxes", choices="referral"),
    Field("cost.free", N_("Is it free?"), "yesno", required=True),
    Field("cost.description", N_("About the cost"), hint=N_("For example: £4.50 a session, or free for carers")),
    Field("url", N_("Website"), "url", N_("Starting with https://")),
    Field("email", N_("Email address"), "email"),
    Field(
        "languages",
        N_("Languages spoken"),
        "checkboxes",
        N_("Other languages: their codes separated by commas, like gu, ta, yue"),
        choices="languages",
        other=True,
    ),
)
_SERVICE_GROUPS = (
    Group(
        "cost.options",
        N_("Prices"),
        N_("Price"),
        (Field("label", N_("What it is for")), Field("amount", N_("Amount in pounds"), hint=N_("Like 4.50"))),
    ),
    PHONES,
    Group(
        "contacts",
        N_("Contacts"),
        N_("Contact"),
        (Field("name", N_("Name")), Field("title", N_("Job title")), Field("email", N_("Email address"), "email")),
    ),
    OPENING_TIMES,
)

FORMS: dict[str, tuple[tuple[Field, ...], tuple[Group, ...]]] = {
    PageKind.service: (
        _SERVICE_FIELDS
        + (
            Field(
                "locations",
                N_("Places"),
                "checkboxes",
                N_("Where the service is held, if anywhere"),
                choices="locations",
            ),
            Field("areas", N_("Areas served"), "checkboxes", choices="areas"),
            LAST_CHECKED,
        ),
        _SERVICE_GROUPS,
    ),
    PageKind.activity: (
        _SERVICE_FIELDS
        + (
            Field(
                "hub", N_("Community hub"), "select", N_("Where the activity is held"), choices="hubs", required=True
            ),
            LAST_CHECKED,
        ),
        _SERVICE_GROUPS,
    ),
    PageKind.hub: (
        (
            Field("name", N_("Name"), required=True),
            SLUG,
            SUMMARY,
            Field("description", N_("Description"), "markdown"),
            Field("organisation", N_("Organisation that runs it"), "select", choices="organisations"),
            Field("address", N_("Address"), required=True),
            Field("city", N_("Town or city")),
            Field("postcode", N_("Postcode"), required=True),
            Field("latitude", N_("Latitude"), hint=N_("For the map and distance search, like 51.5072")),
            Field("longitude", N_("Longitude"), hint=N_("Like -0.1276")),
            Field("accessibility", N_("Accessibility"), "checkboxes", choices="accessibility"),
            Field("email", N_("Email address"), "email"),
            Field("areas", N_("Areas served"), "checkboxes", choices="areas"),
            LAST_CHECKED,
        ),
        (PHONES, OPENING_TIMES),
    ),
    PageKind.guide: (
        (
            Field("title", N_("Title"), required=True),
            SLUG,
            SUMMARY,
            Field("topics", N_("Topics"), "checkboxes", choices="topics", required=True),
            Field(
                "body",
                N_("Text"),
                "markdown",
                N_("Markdown: a blank line between paragraphs, ## for a heading, - for a list item."),
            ),
            LAST_CHECKED,
        ),
        (),
    ),
    PageKind.leaflet: (
        (
            Field("title", N_("Title"), required=True),
            SLUG,
            Field(
                "summary",
                N_("Summary"),
                "textarea",
                N_("One short sentence shown in the list of easy-read leaflets."),
                required=True,
            ),
            Field(
                "cover",
                N_("Cover picture"),
                "picture",
                N_("A picture's code from the picture library, like openmoji:1F4DE, or one you uploaded."),
            ),
            Field("cover_alt", N_("Cover picture description"), hint=N_("What the picture shows, in a few words.")),
            Field(
                "links",
                N_("Pages this is the easy read version of"),
                "list",
                N_(
                    "Separated by commas, like guide:making-a-complaint, service:carers-assessment. These pages then "
                    "show a link to this leaflet."
                ),
            ),
            LAST_CHECKED,
        ),
        (
            Group(
                "rows",
                N_("Rows"),
                N_("Row"),
                order="position",
                fields=(
                    Field(
                        "position", N_("Position"), "number", N_("Change the numbers to change the order of the rows.")
                    ),
                    Field(
                        "text",
                        N_("Text"),
                        "textarea",
                        N_("1 or 2 short sentences, or a short list: a line for each item, starting with a dash."),
                    ),
                    Field(
                        "picture",
                        N_("Picture"),
                        "picture",
                        N_("Choose a suggested picture, or type a picture's code from the picture library."),
                    ),
                    Field(
                        "alt",
                        N_("Picture description"),
                        hint=N_("What the picture shows, for people who cannot see it, like: A woman on the phone."),
                    ),
                ),
            ),
            Group(
                "glossary",
                N_("Hard words"),
                N_("Hard word"),
                (
                    Field("word", N_("Word")),
                    Field("meaning", N_("What it means"), "textarea", N_("1 short, plain sentence.")),
                ),
            ),
        ),
    ),
}
