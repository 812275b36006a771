"""A calendar month, as the data pack names it: ``YYYY-MM``."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from store.errors import UserError

_FORM = re.compile(r"(\d{4})-(\d{2})")
# A pack reaches 11 months back; these keep every month it names a real date.
FIRST_YEAR, LAST_YEAR = 1900, 2999


class MonthError(UserError):
    """A month that is not ``YYYY-MM``; the message names the field and the form expected."""


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str, *, field: str = "--month") -> Month:
        """``2026-11`` → Month(2026, 11); anything else → MonthError naming ``field``."""
        found = _FORM.fullmatch(text.strip())
        if (
            found is None
            or not 1 <= int(found.group(2)) <= 12
            or not FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR
        ):
            raise MonthError(
                f"{field}: {text!r} is not a month. Use YYYY-MM with a month from 01 to 12 "
                f"(years {FIRST_YEAR}–{LAST_YEAR}), e.g. 2026-11."
            )
        return cls(int(found.group(1)), int(found.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        """The month ``day`` falls in."""
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        """Its first day."""
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        """Its last day."""
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def shift(self, months: int) -> Month:
        """The month ``months`` later (earlier when negative)."""
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls in this month."""
        return (day.year, day.month) == (self.year, self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """``Nov 2026``."""
        return f"{self.first:%b %Y}"

    @property
    def short(self) -> str:
        """``Nov 26``: for tight chart axes."""
        return f"{self.first:%b %y}"


def months_ending(month: Month, count: int) -> tuple[Month, ...]:
    """``count`` months up to and including ``month``, oldest first."""
    return tuple(month.shift(-offset) for offset in reversed(range(count)))


__all__ = ["Month", "MonthError", "months_ending"]
