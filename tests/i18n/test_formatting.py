"""Opening times read as natural sentences."""

from datetime import time

import pytest

from app.directory.models import Schedule
from app.i18n.formatting import describe_days, describe_schedule_days, format_currency, format_time


@pytest.mark.parametrize(
    "days, expected",
    [
        (["MO", "TU", "WE", "TH", "FR"], "Monday to Friday"),
        (["TU"], "Tuesdays"),
        (["TU", "TH"], "Tuesdays and Thursdays"),
        (["MO", "WE", "FR"], "Monday, Wednesday and Friday"),
        (["SA", "SU"], "Saturdays and Sundays"),
        (["MO", "TU", "WE", "SA"], "Monday to Wednesday and Saturday"),
        (["FR", "MO", "TU", "WE", "TH", "SA", "SU"], "Monday to Sunday"),
    ],
)
def test_days(days, expected):
    assert describe_days(days) == expected


def test_monthly_schedule():
    schedule = Schedule(byday="SA", freq="MONTHLY", ordinal=1, opens_at=time(10), closes_at=time(12))
    assert describe_schedule_days(schedule) == "First Saturday of the month"
    schedule.ordinal = -1
    assert describe_schedule_days(schedule) == "Last Saturday of the month"


def test_times_and_money_in_british_english():
    assert format_time(time(9, 30)) == "09:30"
    assert format_currency(26.5) == "£26.50"
