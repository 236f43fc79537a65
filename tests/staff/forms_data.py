"""Valid form submissions for each kind of page, to start tests from."""

import itertools

_numbers = itertools.count()


def unique_slug(prefix: str) -> str:
    return f"{prefix}-{next(_numbers)}"


def service_form(slug: str, **changes) -> dict:
    data = {
        "name": "Tea and talk for carers",
        "slug": slug,
        "organisation": "kingsmead-council",
        "status": "active",
        "summary": "A friendly weekly meeting for unpaid carers.",
        "description": "Come along.\n\nBring a friend.",
        "topics": ["looking-after-someone"],
        "cost-free": "yes",
        "phones-0-number": "020 7946 0999",
        "opening_times-0-days": ["TU"],
        "opening_times-0-opens": "10:00",
        "opening_times-0-closes": "12:00",
        "opening_times-0-repeat": "weekly",
        "languages": ["ar", "bfi"],
        "areas": ["all"],
        "last_checked": "2026-11-01",
    }
    data.update(changes)
    return data


def activity_form(slug: str, **changes) -> dict:
    data = service_form(slug, hub="ashfield-community-hub", **changes)
    data.pop("areas")
    return data


def hub_form(slug: str, **changes) -> dict:
    data = {
        "name": "Riverside Community Hub",
        "slug": slug,
        "summary": "A warm place to meet and get advice.",
        "address": "1 River Walk",
        "city": "Kingsmead",
        "postcode": "KM1 9ZZ",
        "accessibility": ["step-free"],
        "areas": ["all"],
    }
    data.update(changes)
    return data


def guide_form(slug: str, **changes) -> dict:
    data = {
        "title": "Getting a carer's assessment",
        "slug": slug,
        "summary": "What it is and how to ask.",
        "topics": ["looking-after-someone"],
        "body": "## What it is\n\nA conversation about you.",
    }
    data.update(changes)
    return data


FORMS = {"services": service_form, "activities": activity_form, "hubs": hub_form, "guides": guide_form}
