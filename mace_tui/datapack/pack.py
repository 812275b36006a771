"""The monthly meeting's data pack (R21), computed from the store for a month and the 11 before.

Every figure is given for each of the pack's months (oldest first, the chosen
month last), so the month's number and its 12-month trend are one series.
The words below are the definitions the pack prints beside its figures;
README.md ("Monthly data pack") says the same.

- **A referral** is a child's agenda item at a meeting whose profile counts as a
  DRMM (``counts_as_drmm``, e.g. ``llr-drmm``). It falls in the month of its
  meeting's date. Removed items and deferrals carried forward to a later meeting
  are not referrals (the R16 rule).
- **DRMM referrals by exploitation type**: the month's referrals, all of them and
  for each exploitation type recorded on the item (an item naming CSE and
  Missing counts once under each); "none recorded" counts items naming none.
- **Open cases** at the end of a month: children whose latest grading on or
  before the month's last day falls in that month or the two before it, with an
  outcome other than no further action or discharge. Broken down by that
  latest grade.
- **Screening-tool referrals**: the month's referrals whose source is the
  screening tool.
- **HIGH-risk children by local authority, CSE and CCE apart**: the open cases at
  the month's end whose latest grade is HIGH, by the child's local authority,
  counted under CSE when that graded item names CSE and under CCE when it names
  CCE (a child whose item names both counts in each).
- **Locations of concern**: the locations of concern on any meeting's agenda in
  the month (each counted once however often it came up), by kind.
- **Education settings in referrals**: the education settings of the children
  referred in the month (as recorded on the child now), each with its referrals
  and children; the series counts the settings named.
- **Children with 3 or more referrals**: the children referred in the month whose
  referrals up to the month's end number 3 or more.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from mace_tui.datapack.month import Month, months_ending
from mace_tui.rules.vocab import EXPLOITATION_TYPES
from store import datapack as q
from store.frozen import record

TREND_MONTHS = 12
OPEN_SPAN_MONTHS = 3  # the month and the two before it
CLOSED_OUTCOMES = frozenset({"nfa", "discharge"})
REPEAT_REFERRALS = 3
NOT_RECORDED = "not recorded"
LOCATION_KINDS = {"premises": "Premises", "street-or-area": "Street or area", "online": "Online"}


@record
class Series:
    """One line of a figure: a label and its value in each of the pack's months, oldest first."""

    label: str
    values: tuple[int, ...]

    @property
    def current(self) -> int:
        """The value in the pack's own month (the last)."""
        return self.values[-1]


@record
class Figure:
    """One figure of the pack: its series, what it means, and (for lists) the month's rows."""

    key: str
    title: str
    definition: str
    series: tuple[Series, ...]
    # A list for the pack's month (e.g. the education settings), with its header.
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()

    def value(self, label: str, month_index: int = -1) -> int:
        """The value of the series called ``label`` (0 when there is no such series)."""
        for line in self.series:
            if line.label == label:
                return line.values[month_index]
        return 0


@record
class DataPack:
    """The figures for ``month`` with their trend over ``months`` (oldest first)."""

    month: Month
    months: tuple[Month, ...]
    generated_at: datetime
    drmm_profiles: tuple[str, ...]
    figures: tuple[Figure, ...]

    def figure(self, key: str) -> Figure:
        """The figure with this key."""
        return next(f for f in self.figures if f.key == key)


DEFINITIONS = {
    "referrals": "Children put on a DRMM queue, dated by the meeting; removed items and "
    "deferrals carried forward are not counted. An item naming several exploitation types "
    "counts once under each.",
    "open-cases": "At the month's end: children whose latest grading falls in that month or the "
    "two before it, with an outcome other than no further action or discharge; by that grade.",
    "screening-tool": "The month's DRMM referrals whose source is the screening tool.",
    "high-risk": "Open cases at the month's end whose latest grade is HIGH, by the child's local "
    "authority; CSE and CCE as named on that graded item (a child with both counts in each).",
    "locations": "Locations of concern on any meeting's agenda in the month, each counted once, "
    "by kind.",
    "education": "Education settings of the children referred to the DRMM in the month, as "
    "recorded on the child; the series counts the settings named.",
    "repeat-referrals": "Children referred to the DRMM in the month whose referrals up to the "
    "month's end number 3 or more.",
}


@functools.cache
def _types(stored: str) -> tuple[str, ...]:
    return tuple(t for t in (part.strip() for part in stored.split(",")) if t)


def _months_index(months: Sequence[Month]) -> dict[str, int]:
    return {str(m): index for index, m in enumerate(months)}


def _where(index: dict[str, int], day: str) -> int | None:
    """The month of ISO date text ``day`` as an index into the pack's months (None: outside)."""
    return index.get(day[:7])


def build_pack(
    session: Session,
    *,
    month: Month,
    drmm_profiles: Sequence[str],
    generated_at: datetime,
    months: int = TREND_MONTHS,
) -> DataPack:
    """The pack for ``month`` and the ``months - 1`` months before it, read from the store."""
    span = months_ending(month, months)
    start, end = span[0].first, span[-1].last
    profiles = tuple(drmm_profiles)
    referrals = q.referrals_between(session, profiles=profiles, start=start, end=end)
    before = q.referrals_before_of_children_referred(
        session, profiles=profiles, start=start, end=end
    )
    gradings = q.child_gradings_between(
        session, start=span[0].shift(1 - OPEN_SPAN_MONTHS).first, end=end
    )
    locations = q.locations_on_agendas_between(session, start=start, end=end)
    ends = open_at_ends(span, gradings)
    figures = (
        referral_types(span, referrals),
        open_cases(ends),
        screening_tool(span, referrals),
        high_risk(ends),
        location_figure(span, locations),
        education(span, referrals),
        repeat_referrals(span, referrals, before),
    )
    return DataPack(
        month=month,
        months=span,
        generated_at=generated_at,
        drmm_profiles=profiles,
        figures=figures,
    )


def _series(label: str, counts: Sequence[int]) -> Series:
    return Series(label, tuple(counts))


def referral_types(span: Sequence[Month], rows: Sequence[q.ReferralRow]) -> Figure:
    """DRMM referrals in each month, all and by exploitation type."""
    index = _months_index(span)
    total = [0] * len(span)
    by_type: dict[str, list[int]] = defaultdict(lambda: [0] * len(span))
    for row in rows:
        at = _where(index, row.meeting_date)
        if at is None:
            continue
        total[at] += 1
        kinds = _types(row.exploitation_types) or ("",)
        for kind in dict.fromkeys(kinds):
            by_type[kind][at] += 1
    order = [*EXPLOITATION_TYPES, *sorted(set(by_type) - set(EXPLOITATION_TYPES) - {""}), ""]
    series = [_series("All referrals", total)]
    for kind in order:
        if kind in by_type or kind in ("cse", "cce"):
            label = EXPLOITATION_TYPES.get(kind, kind) if kind else "None recorded"
            series.append(_series(label, by_type.get(kind, [0] * len(span))))
    return Figure("referrals", "DRMM referrals by exploitation type", DEFINITIONS["referrals"],
                  tuple(series))  # fmt: skip


def screening_tool(span: Sequence[Month], rows: Sequence[q.ReferralRow]) -> Figure:
    """DRMM referrals whose source is the screening tool."""
    index = _months_index(span)
    counts = [0] * len(span)
    for row in rows:
        at = _where(index, row.meeting_date)
        if at is not None and row.referral_source == "screening-tool":
            counts[at] += 1
    return Figure(
        "screening-tool",
        "Screening-tool referrals",
        DEFINITIONS["screening-tool"],
        (_series("Screening-tool referrals", counts),),
    )


def open_at_ends(
    span: Sequence[Month], gradings: Sequence[q.GradingRow]
) -> list[dict[int, q.GradingRow]]:
    """For each month: the open cases at its end, child id → the latest grading."""
    # Each month's last grading of each child (rows come in the order they were graded, so
    # a later row replaces an earlier one); a month's open cases look at it and the two
    # months before it, the latest first.
    first = span[0].shift(1 - OPEN_SPAN_MONTHS)
    months = [first.shift(n) for n in range(len(span) + OPEN_SPAN_MONTHS - 1)]
    index = _months_index(months)
    last_in: list[dict[int, q.GradingRow]] = [{} for _ in months]
    for row in gradings:
        at = _where(index, row.meeting_date)
        if at is not None:
            last_in[at][row.child_id] = row
    result: list[dict[int, q.GradingRow]] = []
    for offset in range(len(span)):
        window = last_in[offset : offset + OPEN_SPAN_MONTHS]
        latest: dict[int, q.GradingRow] = {}
        for month in window:  # oldest first: a later month's grading replaces an earlier one
            latest.update(month)
        result.append({child: g for child, g in latest.items() if g.outcome not in CLOSED_OUTCOMES})
    return result


def open_cases(ends: Sequence[dict[int, q.GradingRow]]) -> Figure:
    """Open cases at each month's end, all and by their latest grade."""
    series = [_series("Open cases", [len(end) for end in ends])]
    for grade in ("HIGH", "MEDIUM", "LOW"):
        series.append(
            _series(grade, [sum(1 for g in end.values() if g.grade == grade) for end in ends])
        )
    return Figure("open-cases", "Open cases", DEFINITIONS["open-cases"], tuple(series))


def high_risk(ends: Sequence[dict[int, q.GradingRow]]) -> Figure:
    """HIGH-risk open cases by local authority, CSE and CCE apart."""
    size = len(ends)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * size)
    for at, end in enumerate(ends):
        for grading in end.values():
            if grading.grade != "HIGH":
                continue
            kinds = set(_types(grading.exploitation_types))
            authority = grading.local_authority.strip() or NOT_RECORDED
            for kind in ("cse", "cce"):
                if kind in kinds:
                    counts[(kind, authority)][at] += 1
    series: list[Series] = []
    for kind in ("cse", "cce"):
        label = EXPLOITATION_TYPES[kind]
        total = [0] * size
        for (each, authority), values in sorted(counts.items()):
            if each != kind:
                continue
            series.append(_series(f"{label} HIGH, {authority}", values))
            total = [a + b for a, b in zip(total, values, strict=True)]
        series.append(_series(f"{label} HIGH, all authorities", total))
    return Figure(
        "high-risk",
        "HIGH-risk children by local authority (CSE and CCE)",
        DEFINITIONS["high-risk"],
        tuple(series),
    )


def location_figure(span: Sequence[Month], rows: Sequence[q.LocationRow]) -> Figure:
    """Locations of concern on an agenda in each month, by kind; the month's list."""
    index = _months_index(span)
    seen: list[dict[int, q.LocationRow]] = [{} for _ in span]
    times: Counter[int] = Counter()
    for row in rows:
        at = _where(index, row.meeting_date)
        if at is None:
            continue
        seen[at][row.location_id] = row
        if at == len(span) - 1:
            times[row.location_id] += 1
    series = [_series("Locations on an agenda", [len(month) for month in seen])]
    for kind, words in LOCATION_KINDS.items():
        series.append(
            _series(words, [sum(1 for r in month.values() if r.kind == kind) for month in seen])
        )
    listed = sorted(seen[-1].values(), key=lambda r: (r.name.casefold(), r.ref))
    rows_out = tuple(
        (
            r.ref,
            r.name,
            LOCATION_KINDS.get(r.kind, r.kind),
            r.local_authority or NOT_RECORDED,
            str(times[r.location_id]),
        )
        for r in listed
    )
    return Figure(
        "locations",
        "Locations of concern",
        DEFINITIONS["locations"],
        tuple(series),
        header=("Ref", "Location", "Kind", "Local authority", "Times on an agenda"),
        rows=rows_out,
    )


def education(span: Sequence[Month], rows: Sequence[q.ReferralRow]) -> Figure:
    """The education settings of the children referred, per month; the month's list."""
    index = _months_index(span)
    named: list[set[str]] = [set() for _ in span]
    month_referrals: Counter[str] = Counter()
    month_children: dict[str, set[int]] = defaultdict(set)
    year_referrals: Counter[str] = Counter()
    last = len(span) - 1
    for row in rows:
        at = _where(index, row.meeting_date)
        setting = row.education_setting.strip()
        if at is None or not setting:
            continue
        named[at].add(setting)
        year_referrals[setting] += 1
        if at == last:
            month_referrals[setting] += 1
            month_children[setting].add(row.child_id)
    ordered = sorted(month_referrals, key=lambda s: (-month_referrals[s], s.casefold()))
    return Figure(
        "education",
        "Education settings in referrals",
        DEFINITIONS["education"],
        (_series("Settings named", [len(each) for each in named]),),
        header=("Education setting", "Referrals", "Children", f"Referrals in {len(span)} months"),
        rows=tuple(
            (s, str(month_referrals[s]), str(len(month_children[s])), str(year_referrals[s]))
            for s in ordered
        ),
    )


def repeat_referrals(
    span: Sequence[Month],
    rows: Sequence[q.ReferralRow],
    before: dict[int, int],
) -> Figure:
    """Children referred in each month with 3 or more referrals by its end; the month's list."""
    # Each child's referrals in the span, by date; with those before it, the count so far.
    dates: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        dates[row.child_id].append(row.meeting_date)
    for each in dates.values():
        each.sort()
    index = _months_index(span)
    referred: list[dict[int, str]] = [{} for _ in span]
    for row in rows:
        at = _where(index, row.meeting_date)
        if at is not None:
            referred[at][row.child_id] = row.child_ref
    counts = []
    listed: list[tuple[str, str]] = []
    for at, month in enumerate(span):
        until = month.last.isoformat()
        repeat = {
            child: before.get(child, 0) + bisect_right(dates[child], until)
            for child in referred[at]
        }
        repeat = {child: n for child, n in repeat.items() if n >= REPEAT_REFERRALS}
        counts.append(len(repeat))
        if at == len(span) - 1:
            listed = sorted(
                ((referred[at][child], str(n)) for child, n in repeat.items()),
                key=lambda pair: (-int(pair[1]), pair[0]),
            )
    return Figure(
        "repeat-referrals",
        "Children with 3 or more referrals",
        DEFINITIONS["repeat-referrals"],
        (_series("Children with 3 or more referrals", counts),),
        header=("Child ref", "Referrals so far"),
        rows=tuple(listed),
    )


__all__ = ["DataPack", "Figure", "Series", "build_pack"]
