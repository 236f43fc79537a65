"""Dates, times, weekdays and opening times, formatted with Babel for the current locale."""

from datetime import date, time

from babel import dates, numbers, units
from babel.lists import format_list

from app.i18n.context import N_, current_locale, gettext

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # weekday codes (RFC 5545), in the order of the week
_ORDINALS = {
    1: N_("First %(day)s of the month"),
    2: N_("Second %(day)s of the month"),
    3: N_("Third %(day)s of the month"),
    4: N_("Fourth %(day)s of the month"),
    -1: N_("Last %(day)s of the month"),
}


def _babel():
    return current_locale.get().babel


def format_date(value: date | None) -> str:
    return dates.format_date(value, format="long", locale=_babel()) if value else ""


def format_time(value: time) -> str:
    return dates.format_time(value, format="short", locale=_babel())


def capfirst(text: str) -> str:
    """Upper-case the first letter only (Babel gives weekday names in lower case in many languages)."""
    return text[:1].upper() + text[1:] if text else text


def weekday_name(code: str) -> str:
    return dates.get_day_names("wide", locale=_babel())[DAYS.index(code)]


def weekday_plural(code: str) -> str:
    """The day as it is used for something every week ("Mondays"), from the catalog."""
    return {
        "MO": gettext("Mondays"),
        "TU": gettext("Tuesdays"),
        "WE": gettext("Wednesdays"),
        "TH": gettext("Thursdays"),
        "FR": gettext("Fridays"),
        "SA": gettext("Saturdays"),
        "SU": gettext("Sundays"),
    }[code]


def describe_days(codes: list[str]) -> str:
    """ "Monday to Friday", "Tuesdays and Thursdays"; runs of three or more days are joined with "to"."""
    indexes = sorted(DAYS.index(code) for code in codes)
    runs: list[list[int]] = []
    for index in indexes:
        if runs and index == runs[-1][-1] + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(
                gettext("%(first)s to %(last)s", first=weekday_name(DAYS[run[0]]), last=weekday_name(DAYS[run[-1]]))
            )
        else:
            parts.extend(weekday_plural(DAYS[i]) if len(indexes) <= 2 else weekday_name(DAYS[i]) for i in run)
    return format_list(parts, locale=_babel())


def describe_schedule_days(schedule) -> str:
    if schedule.freq == "MONTHLY" and schedule.ordinal in _ORDINALS:
        return gettext(
            _ORDINALS[schedule.ordinal],
            day=format_list([weekday_name(code) for code in schedule.days], style="or", locale=_babel()),
        )
    return describe_days(schedule.days)


def format_currency(amount: float, currency: str = "GBP") -> str:
    return numbers.format_currency(amount, currency, locale=_babel())


def format_size(size: int) -> str:
    """A size in bytes as "64 kB" or "5 MB", in the reader's language (what a form or an upload may take)."""
    if size >= 1024 * 1024:
        return units.format_unit(round(size / (1024 * 1024), 1), "digital-megabyte", locale=_babel())
    return units.format_unit(round(size / 1024), "digital-kilobyte", locale=_babel())
