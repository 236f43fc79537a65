"""schema.org JSON-LD for service, activity, hub and guide pages, so search engines and other front doors can read
them. The JSON is escaped so that no text in it can close the script element it sits in."""

import json

from markupsafe import Markup

from app.directory.models import Location, Schedule, Service, ServiceKind

_DAY_URIS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


def script(data: dict) -> Markup:
    """``<script type="application/ld+json">`` with ``<``, ``>`` and ``&`` escaped inside the JSON strings."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def _address(place: Location) -> dict:
    return {
        "@type": "PostalAddress",
        "streetAddress": place.address_1,
        "addressLocality": place.city,
        "postalCode": place.postcode,
        "addressCountry": "GB",
    }


def _place(place: Location, url: str | None = None) -> dict:
    data: dict = {"@type": "CivicStructure" if place.is_hub else "Place", "name": place.name}
    if place.kind == "virtual":
        return {"@type": "VirtualLocation", "name": place.name, **({"url": place.url} if place.url else {})}
    data["address"] = _address(place)
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": place.latitude, "longitude": place.longitude}
    if url:
        data["url"] = url
    return data


def _opening_hours(schedules: list[Schedule]) -> list[dict]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{_DAY_URIS[d]}" for d in s.days],
            "opens": s.opens_at.strftime("%H:%M"),
            "closes": s.closes_at.strftime("%H:%M"),
        }
        for s in schedules
        if s.freq == "WEEKLY"
    ]


def _schedule(s: Schedule) -> dict:
    data: dict = {
        "@type": "Schedule",
        "byDay": [f"https://schema.org/{_DAY_URIS[d]}" for d in s.days],
        "startTime": s.opens_at.strftime("%H:%M"),
        "endTime": s.closes_at.strftime("%H:%M"),
        "repeatFrequency": "P1W" if s.freq == "WEEKLY" else "P1M",
        "scheduleTimezone": "Europe/London",
    }
    if s.freq == "MONTHLY" and s.ordinal:
        data["byMonthWeek"] = s.ordinal
    return data


def service(item: Service, *, url: str, locale: str, council: str) -> dict:
    """``Event`` for an activity at a hub; ``GovernmentService`` when the council runs it, else ``Service``."""
    places = [link.location for link in item.locations]
    if item.kind == ServiceKind.activity:
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": item.name,
            "description": item.summary,
            "url": url,
            "inLanguage": item.languages or ["en"],
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventSchedule": [_schedule(s) for s in item.schedules],
            "isAccessibleForFree": item.is_free,
            "organizer": {"@type": "Organization", "name": item.organization.name},
        }
        if places:
            data["location"] = _place(places[0])
        return data
    council_run = item.organization.name.startswith(council)
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if council_run else "Service",
        "name": item.name,
        "description": item.summary,
        "url": url,
        "inLanguage": locale,
        "availableLanguage": item.languages,
        "provider": {"@type": "Organization", "name": item.organization.name},
        "areaServed": [area.name for area in item.areas],
        "availableChannel": [
            {"@type": "ServiceChannel", "servicePhone": {"@type": "ContactPoint", "telephone": phone.number}}
            for phone in item.phones
        ],
    }
    if places:
        data["serviceLocation"] = [_place(place) for place in places]
    hours = _opening_hours(item.schedules)
    if hours:
        data["hoursAvailable"] = hours
    return data


def hub(place: Location, *, url: str) -> dict:
    data = {"@context": "https://schema.org", **_place(place, url), "description": place.summary}
    hours = _opening_hours(place.schedules)
    if hours:
        data["openingHoursSpecification"] = hours
    return data


def guide(title: str, summary: str, *, url: str, locale: str, modified) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": title,
        "description": summary,
        "url": url,
        "inLanguage": locale,
    }
    if modified:
        data["dateModified"] = modified.isoformat()
    return data
