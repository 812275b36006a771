"""England's bank holidays come from our table for 2010-2050, exactly as the ``holidays``
package gives them, without importing that package; other years still come from it."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import holidays
import pytest

from mace_tui.rules import bank_holidays
from mace_tui.rules.workdays import bank_holiday_name, is_working_day


@pytest.mark.parametrize("year", range(bank_holidays.FIRST_YEAR, bank_holidays.LAST_YEAR + 1))
def test_the_table_is_what_the_package_gives(year: int) -> None:
    package = holidays.country_holidays("GB", subdiv="ENG", years=year)
    table = {date(y, m, d): name for y, m, d, name in bank_holidays.DAYS if y == year}
    assert table == dict(package)


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),  # Boxing Day on a Saturday
        (date(2023, 5, 8), "Coronation of Charles III"),  # a one-off
        (date(2026, 12, 29), None),
        (date(2060, 12, 25), "Christmas Day"),  # beyond the table: from the package
        (date(2005, 12, 27), "Christmas Day (observed)"),  # before it
    ],
)
def test_names_and_working_days(day: date, name: str | None) -> None:
    assert bank_holiday_name(day) == name
    assert is_working_day(day) is (name is None and day.weekday() < 5)


def test_a_working_day_check_in_the_table_does_not_import_the_package() -> None:
    code = (
        "import sys; from datetime import date; "
        "from mace_tui.rules.workdays import is_working_day; "
        "is_working_day(date(2026, 12, 25)); print('holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
