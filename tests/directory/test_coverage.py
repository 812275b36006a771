"""Which agency fills each core sector and who fills each required role; what is unfilled (R1, R26)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from mace_tui.directory import (
    AgencyFields,
    PersonFields,
    add_agency,
    add_person,
    gap_lines,
    set_agency_active,
    set_person_active,
)
from mace_tui.directory.coverage import gap_summary
from mace_tui.prep.meeting import open_meeting
from mace_tui.profiles import get_profile
from mace_tui.rules.coverage import RoleHolder, StaffedAgency, coverage
from store.db import Store
from store.models import Attendance, PanelMember

POLICE = StaffedAgency("Testshire Police", "police", 2)
HEALTH = StaffedAgency("Exampleton Health Trust", "health", 1)
CS = StaffedAgency("Testshire Children's Services", "childrens-services", 3)
EMPTY_CS = StaffedAgency("Sampleford Children's Services", "childrens-services", 0)
CORE = ("police", "health", "childrens-services")

CASES = [
    # name, agencies, people, required roles, expected unfilled keys, words in the first gap
    ("all filled", [POLICE, HEALTH, CS], [], (), [], None),
    (
        "nothing at all",
        [],
        [],
        (),
        ["police", "health", "childrens-services"],
        "no active agency has the sector 'police'",
    ),
    (
        "no health agency",
        [POLICE, CS],
        [],
        (),
        ["health"],
        "add one in the directory with sector health",
    ),
    (
        "an agency with nobody",
        [POLICE, HEALTH, EMPTY_CS],
        [],
        (),
        ["childrens-services"],
        "Sampleford Children's Services has nobody active",
    ),
    ("one staffed agency is enough", [POLICE, HEALTH, EMPTY_CS, CS], [], (), [], None),
    (
        "minute taker missing",
        [POLICE, HEALTH, CS],
        [RoleHolder("Dana Fictorova", "chair")],
        ("minute-taker",),
        ["minute-taker"],
        "nobody active has the role 'minute-taker'",
    ),
    (
        "minute taker present",
        [POLICE, HEALTH, CS],
        [RoleHolder("Robin Notareal", "minute-taker")],
        ("minute-taker",),
        [],
        None,
    ),
]


@pytest.mark.parametrize(
    ("agencies", "people", "roles", "unfilled", "words"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_unfilled_core_sectors_and_roles(agencies, people, roles, unfilled, words) -> None:
    fills = coverage(core_sectors=CORE, required_roles=roles, agencies=agencies, people=people)
    assert [f.key for f in fills if not f.filled] == unfilled
    if words:
        assert words in next(f for f in fills if not f.filled).gap_text()


def test_the_directory_names_who_fills_each_and_follows_inactive(store: Store) -> None:
    l2 = get_profile("lincs-mace-l2")
    with store.session() as session:
        police = add_agency(session, AgencyFields(name="Testshire Police", sector="police"))
        health = add_agency(session, AgencyFields(name="Exampleton Health Trust", sector="health"))
        cs = add_agency(
            session, AgencyFields(name="Testshire Children's Services", sector="childrens-services")
        )
        for name, agency, role in (
            ("Dana Fictorova", police.id, "chair"),
            ("Priya Sampleworth", health.id, "member"),
            ("Ellis Examplewood", cs.id, "member"),
        ):
            add_person(session, PersonFields(name=name, agency_id=agency, role=role))
        assert gap_lines(session, profiles=[l2]) == [
            "MACE L2 (lincs-mace-l2): Minute taker: nobody active has the role 'minute-taker' — "
            "give someone that role in the directory."
        ]
        assert "Minute taker (role minute-taker)" in gap_summary(session, profile=l2)
        robin = add_person(
            session, PersonFields(name="Robin Notareal", agency_id=cs.id, role="minute-taker")
        )
        assert gap_lines(session, profiles=[l2]) == []
        set_person_active(session, person_id=robin, active=False)
        assert len(gap_lines(session, profiles=[l2])) == 1
        set_agency_active(session, agency_id=health.id, active=False)
        assert [line.split(": ")[1] for line in gap_lines(session, profiles=[l2])] == [
            "Health",
            "Minute taker",
        ]


def test_a_new_meeting_invites_the_standing_panel_only_active_people(store: Store) -> None:
    drmm = get_profile("llr-drmm")
    with store.session() as session:
        police = add_agency(session, AgencyFields(name="Testshire Police", sector="police"))
        dana = add_person(session, PersonFields(name="Dana Fictorova", agency_id=police.id))
        owen = add_person(session, PersonFields(name="Owen Placeholder", agency_id=police.id))
        jo = add_person(session, PersonFields(name="Jo Mockridge", agency_id=police.id))
        session.add_all(PanelMember(profile="llr-drmm", person_id=p) for p in (dana, owen))
        session.add(PanelMember(profile="lincs-mace-l1", person_id=jo))
        session.commit()
        set_person_active(session, person_id=owen, active=False)
        from datetime import date

        target, created = open_meeting(session, profile=drmm, on=date(2026, 12, 1))
        assert created
        invited = session.exec(
            select(Attendance.person_id).where(Attendance.meeting_id == target.meeting_id)
        ).all()
    assert invited == [dana]


def test_the_chair_opening_a_meeting_nobody_prepared_sees_the_standing_panel(store: Store) -> None:
    from datetime import date

    from store.agenda.meetings import find_or_create_meeting

    with store.session() as session:
        police = add_agency(session, AgencyFields(name="Testshire Police", sector="police"))
        dana = add_person(session, PersonFields(name="Dana Fictorova", agency_id=police.id))
        session.add(PanelMember(profile="llr-drmm", person_id=dana))
        session.commit()
        meeting, _ = find_or_create_meeting(
            session, profile="llr-drmm", on=date(2026, 12, 2), start="09:00", minutes=60
        )
        invited = session.exec(
            select(Attendance.person_id).where(Attendance.meeting_id == meeting.id)
        ).all()
    assert invited == [dana]


def test_a_default_standing_panel_leaves_named_deputies_out(store: Store) -> None:
    from mace_tui.directory import add_deputy
    from mace_tui.directory.hub import fill_empty_panels

    form = get_profile("llr-form")
    with store.session() as session:
        police = add_agency(session, AgencyFields(name="Testshire Police", sector="police"))
        dana = add_person(session, PersonFields(name="Dana Fictorova", agency_id=police.id))
        owen = add_person(session, PersonFields(name="Owen Placeholder", agency_id=police.id))
        add_deputy(session, member_id=dana, deputy_id=owen)
        assert fill_empty_panels(session, profiles=[form]) == {"llr-form": 1}
        panel = session.exec(
            select(PanelMember.person_id).where(PanelMember.profile == "llr-form")
        ).all()
    assert panel == [dana]
