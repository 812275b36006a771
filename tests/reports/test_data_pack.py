"""The monthly data pack (R21): each figure counted exactly from a store with known rows.

Runs on SQLite and PostgreSQL (this folder is parametrised by backend). Dates sit
on the month boundaries on purpose: the last day of the month before, the first
and last day of the month, the first day of the month after.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from mace_tui.datapack.month import Month, MonthError
from mace_tui.datapack.pack import DataPack, build_pack
from mace_tui.datapack.service import drmm_profiles, load_pack
from store.db import Store
from store.models import AgendaItem, Child, ConcernLocation, Grading, Meeting

MONTH = Month(2026, 11)
AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DRMM = "llr-drmm"
FORM = "llr-form"


class Hub:
    """Writes meetings, referrals and gradings with the fewest words."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.meetings: dict[tuple[str, date], int] = {}
        self.children = 0
        self.positions = 0

    def child(self, *, la: str = "Testshire County Council", setting: str = "") -> int:
        self.children += 1
        child = Child(
            ref=f"C-T{self.children:04d}",
            name=f"Ellis Examplewood {self.children}",
            local_authority=la,
            education_setting=setting,
        )
        self.s.add(child)
        self.s.flush()
        assert child.id is not None
        return child.id

    def meeting(self, profile: str, day: date) -> int:
        key = (profile, day)
        if key not in self.meetings:
            meeting = Meeting(profile=profile, date=day, status="finished", stage="ended")
            self.s.add(meeting)
            self.s.flush()
            assert meeting.id is not None
            self.meetings[key] = meeting.id
        return self.meetings[key]

    def item(
        self,
        child: int | None,
        day: date,
        *,
        profile: str = DRMM,
        types: str = "cce",
        source: str = "police-report",
        status: str = "done",
        deferred_from: int | None = None,
        location: int | None = None,
    ) -> int:
        self.positions += 1
        item = AgendaItem(
            meeting_id=self.meeting(profile, day),
            subject_kind="location" if location else "child",
            child_id=None if location else child,
            concern_location_id=location,
            meeting_date=day,
            profile=profile,
            position=self.positions,
            referral_source=source,
            exploitation_types=types,
            status=status,
            deferred_from_id=deferred_from,
        )
        self.s.add(item)
        self.s.flush()
        assert item.id is not None
        return item.id

    def graded(
        self,
        child: int,
        day: date,
        grade: str,
        *,
        outcome: str = "npa-referral",
        types: str = "cce",
        profile: str = DRMM,
        minute: int = 0,
    ) -> int:
        item = self.item(child, day, types=types, profile=profile)
        self.s.add(
            Grading(
                item_id=item,
                child_id=child,
                meeting_date=day,
                profile=profile,
                grade=grade,
                outcome=outcome,
                graded_at=datetime.combine(day, datetime.min.time(), tzinfo=UTC)
                + timedelta(hours=9, minutes=minute),
            )
        )
        self.s.flush()
        return item

    def location(self, name: str, kind: str = "premises", la: str = "Testshire") -> int:
        place = ConcernLocation(ref=f"L-{name[:6]}", name=name, kind=kind, local_authority=la)
        self.s.add(place)
        self.s.flush()
        assert place.id is not None
        return place.id


@pytest.fixture
def hub(store: Store) -> Iterator[Hub]:
    with store.session() as session:
        yield Hub(session)
        session.commit()


def pack_of(hub: Hub, month: Month = MONTH, months: int = 12) -> DataPack:
    hub.s.commit()
    return build_pack(hub.s, month=month, drmm_profiles=(DRMM,), generated_at=AT, months=months)


OCT_31, NOV_1, NOV_30, DEC_1 = (
    date(2026, 10, 31),
    date(2026, 11, 1),
    date(2026, 11, 30),
    date(2026, 12, 1),
)


# -- the month ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-11", Month(2026, 11)), ("2026-01", Month(2026, 1)), (" 2026-12 ", Month(2026, 12))],
)
def test_a_month_is_read_from_yyyy_mm(text: str, expected: Month) -> None:
    assert Month.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "", "nov", "0000-05", "9999-12"]
)
def test_a_bad_month_names_the_option_and_the_form(text: str) -> None:
    with pytest.raises(MonthError) as raised:
        Month.parse(text)
    assert str(raised.value).startswith("--month:")
    assert "YYYY-MM" in str(raised.value)


def test_months_shift_across_years() -> None:
    assert Month(2026, 1).shift(-1) == Month(2025, 12)
    assert Month(2026, 11).shift(-11) == Month(2025, 12)
    assert Month(2024, 2).last == date(2024, 2, 29)


# -- referrals by type ---------------------------------------------------------------


def test_referrals_are_counted_by_meeting_month_and_by_each_type(hub: Hub) -> None:
    a, b, c = hub.child(), hub.child(), hub.child()
    hub.item(a, OCT_31, types="cse")  # the month before
    hub.item(a, NOV_1, types="cse,missing")
    hub.item(b, NOV_30, types="cce")
    hub.item(c, NOV_30, types="")
    hub.item(c, DEC_1, types="cce")  # the month after
    hub.item(b, NOV_1, types="cse", status="removed")  # removed: not a referral
    hub.item(c, NOV_1, types="cce", profile=FORM)  # not a DRMM queue
    first = hub.item(b, NOV_1, types="cce", status="deferred")
    hub.item(b, date(2026, 11, 2), types="cce", deferred_from=first)  # carried: not new
    figure = pack_of(hub).figure("referrals")
    assert figure.value("All referrals") == 4
    assert figure.value("CSE") == 1
    assert figure.value("CCE") == 2
    assert figure.value("Missing") == 1
    assert figure.value("None recorded") == 1
    assert figure.value("All referrals", -2) == 1  # October: the one on the 31st
    assert figure.value("CSE", -2) == 1
    assert [len(s.values) for s in figure.series] == [12] * len(figure.series)


def test_the_trend_runs_twelve_months_oldest_first(hub: Hub) -> None:
    child = hub.child()
    hub.item(child, date(2025, 12, 1))  # the first month of the trend
    hub.item(child, date(2025, 11, 30))  # before it
    pack = pack_of(hub)
    assert pack.months[0] == Month(2025, 12) and pack.months[-1] == MONTH
    assert pack.figure("referrals").series[0].values == (1,) + (0,) * 11


# -- screening tool ------------------------------------------------------------------


def test_screening_tool_referrals_count_that_source_only(hub: Hub) -> None:
    child = hub.child()
    hub.item(child, NOV_1, source="screening-tool")
    hub.item(child, NOV_30, source="screening-tool")
    hub.item(child, NOV_30, source="intelligence")
    hub.item(child, OCT_31, source="screening-tool")
    hub.item(child, DEC_1, source="screening-tool")
    hub.item(child, NOV_1, source="screening-tool", status="removed")
    series = pack_of(hub).figure("screening-tool").series[0]
    assert series.values[-1] == 2
    assert series.values[-2] == 1


# -- open cases ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("graded_on", "outcome", "open_in_november"),
    [
        (date(2026, 9, 1), "npa-referral", True),  # first day of the two months before
        (date(2026, 8, 31), "npa-referral", False),  # a day too early
        (NOV_30, "investigation", True),
        (NOV_30, "discharge", False),
        (NOV_1, "nfa", False),
        (DEC_1, "npa-referral", False),  # after the month's end
    ],
)
def test_open_cases_at_the_month_end(
    hub: Hub, graded_on: date, outcome: str, open_in_november: bool
) -> None:
    child = hub.child()
    hub.graded(child, graded_on, "MEDIUM", outcome=outcome)
    figure = pack_of(hub).figure("open-cases")
    assert figure.value("Open cases") == int(open_in_november)
    assert figure.value("MEDIUM") == int(open_in_november)


def test_an_open_case_follows_the_childs_latest_grading(hub: Hub) -> None:
    closed, reopened, regraded = hub.child(), hub.child(), hub.child()
    hub.graded(closed, date(2026, 10, 5), "HIGH", outcome="investigation")
    hub.graded(closed, date(2026, 11, 5), "LOW", outcome="discharge")
    hub.graded(reopened, date(2026, 10, 5), "LOW", outcome="nfa")
    hub.graded(reopened, date(2026, 11, 5), "MEDIUM")
    hub.graded(regraded, NOV_30, "MEDIUM", minute=0)
    hub.graded(regraded, NOV_30, "HIGH", outcome="investigation", profile=FORM, minute=30)
    figure = pack_of(hub).figure("open-cases")
    assert figure.value("Open cases") == 2
    assert figure.value("HIGH") == 1
    assert figure.value("MEDIUM") == 1
    assert figure.value("LOW") == 0
    # At October's end: closed (HIGH) open, reopened closed (nfa), regraded not yet graded.
    assert figure.value("Open cases", -2) == 1
    assert figure.value("HIGH", -2) == 1


# -- HIGH risk by authority ----------------------------------------------------------


def test_high_risk_by_authority_cse_and_cce_apart(hub: Hub) -> None:
    north = [hub.child(la="North Testshire") for _ in range(3)]
    south = hub.child(la="South Sampleshire")
    unknown = hub.child(la="")
    hub.graded(north[0], NOV_1, "HIGH", types="cse", outcome="investigation")
    hub.graded(north[1], date(2026, 9, 1), "HIGH", types="cse,cce", outcome="investigation")
    hub.graded(north[2], NOV_30, "MEDIUM", types="cse")  # not HIGH
    hub.graded(south, NOV_30, "HIGH", types="cce,missing", outcome="ma-team")
    hub.graded(unknown, OCT_31, "HIGH", types="cce", outcome="investigation")
    hub.graded(unknown, DEC_1, "LOW", types="cce")  # after November: does not count
    figure = pack_of(hub).figure("high-risk")
    assert figure.value("CSE HIGH, North Testshire") == 2
    assert figure.value("CCE HIGH, North Testshire") == 1
    assert figure.value("CCE HIGH, South Sampleshire") == 1
    assert figure.value("CCE HIGH, not recorded") == 1
    assert figure.value("CSE HIGH, all authorities") == 2
    assert figure.value("CCE HIGH, all authorities") == 3
    assert figure.value("CSE HIGH, South Sampleshire") == 0
    # October's end: north[1] (Sept) and unknown (31 Oct).
    assert figure.value("CSE HIGH, all authorities", -2) == 1
    assert figure.value("CCE HIGH, all authorities", -2) == 2


# -- locations -----------------------------------------------------------------------


def test_locations_on_an_agenda_once_each_by_kind(hub: Hub) -> None:
    park = hub.location("Testshire Retail Park", "street-or-area")
    shop = hub.location("Sampleton Vape Shop", "premises")
    chat = hub.location("Example group chat", "online")
    hub.item(None, NOV_1, location=park, profile=FORM)
    hub.item(None, NOV_30, location=park)
    hub.item(None, NOV_30, location=shop, profile=FORM)
    hub.item(None, OCT_31, location=chat)
    hub.item(None, DEC_1, location=chat)
    hub.item(None, NOV_1, location=chat, status="removed")
    figure = pack_of(hub).figure("locations")
    assert figure.value("Locations on an agenda") == 2
    assert figure.value("Street or area") == 1
    assert figure.value("Premises") == 1
    assert figure.value("Online") == 0
    assert figure.value("Online", -2) == 1
    assert [(row[1], row[-1]) for row in figure.rows] == [
        ("Sampleton Vape Shop", "1"),
        ("Testshire Retail Park", "2"),
    ]


# -- education settings ----------------------------------------------------------------


def test_education_settings_that_feature_in_the_months_referrals(hub: Hub) -> None:
    academy = [hub.child(setting="Exampleford Academy") for _ in range(2)]
    college = hub.child(setting="Testshire College")
    none = hub.child(setting="")
    hub.item(academy[0], NOV_1)
    hub.item(academy[0], NOV_30)
    hub.item(academy[1], NOV_30)
    hub.item(college, OCT_31)
    hub.item(college, DEC_1)
    hub.item(none, NOV_1)
    figure = pack_of(hub).figure("education")
    assert figure.series[0].values[-1] == 1
    assert figure.series[0].values[-2] == 1
    assert figure.rows == (("Exampleford Academy", "3", "2", "3"),)


# -- repeat referrals ------------------------------------------------------------------


def test_children_with_three_or_more_referrals_by_the_months_end(hub: Hub) -> None:
    third_in_november, third_in_december, third_long_ago = hub.child(), hub.child(), hub.child()
    quiet = hub.child()
    for day in (date(2024, 3, 4), date(2026, 10, 1), NOV_30):
        hub.item(third_in_november, day)
    for day in (OCT_31, NOV_1, DEC_1):
        hub.item(third_in_december, day)
    for day in (date(2020, 1, 6), date(2021, 1, 6), date(2022, 1, 6), NOV_1):
        hub.item(third_long_ago, day)
    for day in (date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)):
        hub.item(quiet, day)  # three, but none in November
    hub.item(third_in_december, NOV_1, status="removed")
    figure = pack_of(hub).figure("repeat-referrals")
    assert figure.series[0].values[-1] == 2
    assert {row[0]: row[1] for row in figure.rows} == {"C-T0001": "3", "C-T0003": "4"}
    assert figure.series[0].values[-9] == 1  # March 2026: quiet's third


def test_a_month_alone_reads_the_same_figures(hub: Hub) -> None:
    child = hub.child(setting="Exampleford Academy")
    for day in (OCT_31, NOV_1, NOV_30):
        hub.item(child, day, types="cse")
    hub.graded(child, NOV_30, "HIGH", types="cse", outcome="investigation")
    year, alone = pack_of(hub), pack_of(hub, months=1)
    for figure in year.figures:
        lone = alone.figure(figure.key)
        assert {s.label: s.current for s in figure.series if s.current} == {
            s.label: s.current for s in lone.series if s.current
        }
        # The education list's last column is the span's own total (4 in a year, 3 alone).
        width = 3 if figure.key == "education" else None
        assert [row[:width] for row in figure.rows] == [row[:width] for row in lone.rows]


def test_the_service_reads_the_drmm_profiles_and_the_store(store: Store, hub: Hub) -> None:
    hub.item(hub.child(), NOV_1)
    hub.s.commit()
    assert drmm_profiles(None) == (DRMM,)
    pack = load_pack(store, month=MONTH, config_dir=None, generated_at=AT)
    assert pack.figure("referrals").value("All referrals") == 1


def test_csv_cells_that_look_like_formulas_are_written_as_text(hub: Hub) -> None:
    import csv
    import io

    from mace_tui.datapack.render import ENCODING, render_csv

    hub.item(hub.child(setting='=HYPERLINK("http://x")'), NOV_1)
    place = hub.location("@SUM(A1) car park", "street-or-area")
    hub.item(None, NOV_1, location=place)
    rows = list(csv.reader(io.StringIO(render_csv(pack_of(hub)).decode(ENCODING))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(cell.startswith(("=", "@", "+")) for cell in cells)
