"""Research before the meeting (R23): recorded by hand or from a CSV, grouped by agency, and
the asked agencies that sent nothing listed per child."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select

from mace_tui.prep import meeting as prep
from mace_tui.prep.csv_import import ImportFileError
from mace_tui.prep.fields import FieldError, ItemDetails
from mace_tui.prep.meeting import PrepTarget
from mace_tui.prep.research import (
    add_contribution,
    ask_agency,
    check_contribution,
    meeting_research,
    parse_kind,
)
from mace_tui.prep.research_csv import ResearchImportRefused, apply, check_file
from store.agenda import AgendaError
from store.db import Store
from store.models import Meeting, Person, Research
from tests.prep.conftest import BEFORE_DEADLINE, MEETING_DAY, Hub

SAMPLE = Path(__file__).parent.parent / "data" / "research_sample.csv"
HEADER = "child_ref,agency,person,kind,text,received"
DETAILS = ItemDetails(referral_source="police-report", exploitation_types=("cce",), reason="Seen.")


@pytest.fixture
def queued(store: Store, hub: Hub, target: PrepTarget) -> dict[str, int]:
    """Riley and Jordan on Tuesday's queue; their item ids by MACE reference."""
    with store.session() as session:
        riley = prep.add_child(
            session, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley
        )
        jordan = prep.add_child(
            session, target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.jordan
        )
    return {"C-RILEY001": riley, "C-JORDAN02": jordan}


def research_count(store: Store) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(Research)).one()


def view(store: Store, target: PrepTarget, queued: dict[str, int]):
    with store.session() as session:
        return meeting_research(
            session, meeting_id=target.meeting_id, item_ids=list(queued.values())
        )


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("fact", "fact"), ("F", "fact"), ("Opinion", "opinion"), ("professional opinion", "opinion")],
)
def test_fact_or_opinion_words(typed: str, kind: str) -> None:
    assert parse_kind(typed) == kind


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"agency_id": None}, "agency"),
        ({"contributor": "  "}, "person"),
        ({"kind": "rumour"}, "kind"),
        ({"text": ""}, "text"),
        ({"received": "31/02/2026"}, "received"),
        ({"received": "25/11/2026"}, "received"),  # after the meeting
    ],
)
def test_each_bad_field_is_named(change: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "item_id": 1,
        "agency_id": 1,
        "contributor": "Bea Mockford",
        "kind": "fact",
        "text": "Known to the school nurse.",
        "received": "20/11/2026",
        "meeting_date": MEETING_DAY,
    }
    values.update(change)
    entry, errors = check_contribution(**values)  # type: ignore[arg-type]
    assert entry is None
    assert [e.field for e in errors] == [field]


def test_research_is_grouped_by_agency_and_silent_agencies_listed(
    store: Store, hub: Hub, target: PrepTarget, queued: dict[str, int]
) -> None:
    with store.session() as session:
        ask_agency(session, meeting_id=target.meeting_id, agency_id=hub.police, at=BEFORE_DEADLINE)
        ask_agency(session, meeting_id=target.meeting_id, agency_id=hub.health, at=BEFORE_DEADLINE)
        assert not ask_agency(
            session, meeting_id=target.meeting_id, agency_id=hub.health, at=BEFORE_DEADLINE
        )
        for agency, text in ((hub.health, "Nurse saw them."), (hub.police, "Stopped twice.")):
            entry, errors = check_contribution(
                item_id=queued["C-RILEY001"],
                agency_id=agency,
                contributor="A Sender",
                kind="fact",
                text=text,
                received="2026-11-20",
                meeting_date=MEETING_DAY,
            )
            assert entry is not None and not errors
            add_contribution(session, entry, at=BEFORE_DEADLINE)
    research = view(store, target, queued)
    riley = research.for_item(queued["C-RILEY001"])
    assert [g.agency for g in riley.by_agency] == [
        "Demoshire Police (demo)",
        "Sampleton Health (demo)",
    ]
    assert riley.missing == ()
    jordan = research.for_item(queued["C-JORDAN02"])
    assert jordan.missing == ("Demoshire Police (demo)", "Sampleton Health (demo)")


def test_attending_and_contributing_agencies_are_told_apart(
    store: Store, hub: Hub, target: PrepTarget, queued: dict[str, int]
) -> None:
    # Last meeting's panel (police and health) is invited; nobody from children's services is.
    with store.session() as session:
        cal = session.get(Person, hub.cal)
        assert cal is not None
        for agency in (hub.police, cal.agency_id):
            ask_agency(session, meeting_id=target.meeting_id, agency_id=agency, at=BEFORE_DEADLINE)
    asked = {a.name: a.attending for a in view(store, target, queued).asked}
    assert asked == {
        "Demoshire Police (demo)": True,
        "Sampleton Children's Services (demo)": False,
    }


def test_the_sample_file_imports_in_full(
    store: Store, hub: Hub, target: PrepTarget, queued: dict[str, int]
) -> None:
    with store.session() as session:
        check = check_file(session, target=target, path=SAMPLE)
    assert check.problems == ()
    with store.session() as session:
        assert apply(session, check, at=BEFORE_DEADLINE) == 3
    riley = view(store, target, queued).for_item(queued["C-RILEY001"])
    assert {g.agency: len(g.entries) for g in riley.by_agency} == {
        "Demoshire Police (demo)": 1,
        "Sampleton Health (demo)": 1,
    }
    assert [e.kind for g in riley.by_agency for e in g.entries] == ["opinion", "fact"]


GOOD = "C-RILEY001,health,Bea Mockford,fact,Seen at clinic.,20/11/2026"


@pytest.mark.parametrize(
    ("row", "column", "reason"),
    [
        ("C-NOBODY99,health,Bea,fact,Seen.,20/11/2026", "child_ref", "not on this meeting"),
        ("C-CASEY003,health,Bea,fact,Seen.,20/11/2026", "child_ref", "not on this meeting"),
        (",health,Bea,fact,Seen.,20/11/2026", "child_ref", "is empty"),
        ("C-RILEY001,Nowhere Council,Bea,fact,Seen.,20/11/2026", "agency", "not in the directory"),
        ("C-RILEY001,,Bea,fact,Seen.,20/11/2026", "agency", "is empty"),
        ("C-RILEY001,health,,fact,Seen.,20/11/2026", "person", "is empty"),
        ("C-RILEY001,health,Bea,hearsay,Seen.,20/11/2026", "kind", "neither fact nor opinion"),
        ("C-RILEY001,health,Bea,fact,,20/11/2026", "text", "is empty"),
        ("C-RILEY001,health,Bea,fact,Seen.,next week", "received", "not a date"),
        ("C-RILEY001,health,Bea,fact,Seen.,30/11/2026", "received", "after the meeting"),
        ("C-RILEY001,health,Bea,fact,Seen, at clinic.,20/11/2026", "(whole row)", "has 7 cells"),
    ],
)
def test_each_bad_row_is_reported_and_nothing_is_written(
    store: Store,
    target: PrepTarget,
    queued: dict[str, int],
    tmp_path: Path,
    row: str,
    column: str,
    reason: str,
) -> None:
    path = tmp_path / "research.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{row}\n", encoding="utf-8")
    with store.session() as session:
        check = check_file(session, target=target, path=path)
    assert len(check.valid) == 1
    assert [(p.row, p.column) for p in check.problems][:1] == [(3, column)]
    assert reason in check.problems[0].reason
    # The cell's value is never quoted back.
    assert "Nowhere" not in str(check.problems[0]) and "hearsay" not in str(check.problems[0])
    with store.session() as session, pytest.raises(ResearchImportRefused, match="nothing was"):
        apply(session, check, at=BEFORE_DEADLINE)
    assert research_count(store) == 0


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is empty"),
        ("child_ref,agency,person,kind,text\nC-RILEY001,health,B,fact,Seen.\n", "no 'received'"),
        ("C-RILEY001,health,B,fact,Seen.,20/11/2026\n", "not a header row"),
        (f"{HEADER},colour\n", "column 7: not a known column"),
        (f"{HEADER}\n", "no rows follow"),
    ],
)
def test_a_file_that_is_not_a_research_list_is_refused(
    store: Store, target: PrepTarget, queued: dict[str, int], tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "research.csv"
    path.write_text(text, encoding="utf-8")
    with store.session() as session, pytest.raises(ImportFileError, match=says):
        check_file(session, target=target, path=path)


def test_a_finished_meeting_takes_no_research(
    store: Store, hub: Hub, target: PrepTarget, queued: dict[str, int]
) -> None:
    with store.session() as session:
        meeting = session.get(Meeting, target.meeting_id)
        assert meeting is not None
        meeting.status = "finished"
        session.add(meeting)
        session.commit()
    entry, _ = check_contribution(
        item_id=queued["C-RILEY001"],
        agency_id=hub.health,
        contributor="Bea Mockford",
        kind="fact",
        text="Late news.",
        received="20/11/2026",
        meeting_date=MEETING_DAY,
    )
    assert entry is not None
    with store.session() as session, pytest.raises(AgendaError, match="finished"):
        add_contribution(session, entry, at=BEFORE_DEADLINE)
    assert research_count(store) == 0


def test_field_errors_name_the_field_not_the_value() -> None:
    with pytest.raises(FieldError) as raised:
        parse_kind("gossip")
    assert "gossip" not in str(raised.value)


def test_the_case_list_says_who_was_asked_and_who_sent_nothing(
    store: Store, hub: Hub, target: PrepTarget, queued: dict[str, int]
) -> None:
    import csv
    import io

    from mace_tui.prep.export import build_case_list
    from mace_tui.reports.case_list import render_csv, render_markdown

    with store.session() as session:
        cal = session.get(Person, hub.cal)
        assert cal is not None
        for agency in (hub.health, cal.agency_id):
            ask_agency(session, meeting_id=target.meeting_id, agency_id=agency, at=BEFORE_DEADLINE)
        check = check_file(session, target=target, path=SAMPLE)
        apply(session, check, at=BEFORE_DEADLINE)  # health sent on Riley and Jordan
    with store.session() as session:
        listing = build_case_list(
            session, target=target, drmm_profiles=("llr-drmm",), now=BEFORE_DEADLINE
        )
    text = render_markdown(listing)
    assert "- Asked, attending: Sampleton Health (demo)" in text
    assert "- Asked, contributing only: Sampleton Children's Services (demo)" in text
    assert "(C-RILEY001): nothing yet from Sampleton Children's Services (demo)" in text
    rows = list(csv.reader(io.StringIO(render_csv(listing))))
    header = rows[2]
    missing = {row[1]: row[header.index("research_missing")] for row in rows[3:-1]}
    assert missing == {
        "C-RILEY001": "Sampleton Children's Services (demo)",
        "C-JORDAN02": "Sampleton Children's Services (demo)",
    }


def test_research_for_a_person_and_a_location_of_concern(
    store: Store, hub: Hub, target: PrepTarget, queued: dict[str, int]
) -> None:
    """Research hangs on any subject on the queue: by hand and from a CSV (R22, R23)."""
    from mace_tui.prep.concern import LocationDetails, PersonDetails, add_location, add_person
    from mace_tui.prep.research_csv import check_bytes
    from store import queries
    from store.research import NewResearch

    with store.session() as session:
        person_item = add_person(
            session, target, reason="Seen handing out phones.", at=BEFORE_DEADLINE,
            new_person=PersonDetails(name="Dale Fictionby"),
        )  # fmt: skip
        place_item = add_location(
            session, target, reason="Children seen there at night.", at=BEFORE_DEADLINE,
            new_location=LocationDetails(name="The Sample Street Flats", kind="premises"),
        )  # fmt: skip
        refs = {
            e.item_id: e.child_ref
            for e in queries.meeting_queue(session, meeting_id=target.meeting_id)
        }
        add_contribution(
            session,
            NewResearch(
                item_id=place_item, agency_id=hub.police, contributor="PC Tam Fakeley",
                kind="fact", text="Two calls about the flats this month.",
                received=MEETING_DAY,
            ),
            at=BEFORE_DEADLINE,
        )  # fmt: skip
        data = (
            "subject_ref,agency,person,kind,text,received\n"
            f"{refs[person_item]},police,PC Tam Fakeley,opinion,Believed to run the line.,"
            "20/11/2026\n"
        ).encode()
        check = check_bytes(session, target=target, data=data, source="concerns.csv")
        assert check.problems == ()
        assert apply(session, check, at=BEFORE_DEADLINE) == 1
    with store.session() as session:
        found = meeting_research(
            session, meeting_id=target.meeting_id, item_ids=[person_item, place_item]
        )
    person = found.for_item(person_item)
    place = found.for_item(place_item)
    assert [e.text for g in person.by_agency for e in g.entries] == ["Believed to run the line."]
    assert [e.kind for g in person.by_agency for e in g.entries] == ["opinion"]
    assert [e.text for g in place.by_agency for e in g.entries] == [
        "Two calls about the flats this month."
    ]
