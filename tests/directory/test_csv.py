"""Importing and exporting the directory as CSV: every bad row named, all or nothing."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from sqlmodel import select

from mace_tui.directory.csv_io import (
    DirectoryImportError,
    apply_import,
    check_bytes,
    check_file,
    export_directory,
)
from mace_tui.profiles import load_profiles
from store.db import Store
from store.models import Agency, NamedDeputy, PanelMember, Person

SAMPLE = Path(__file__).parents[1] / "data" / "directory.csv"
PROFILES = list(load_profiles())
HEADER = "kind,agency,name,short_name,sector,contact,role,title,active,deputy_for,panels\n"
AGENCY = "agency,testshire-police,Testshire Police,TP,police,MACE desk,,,yes,,\n"


def snapshot(store: Store) -> tuple:
    with store.session() as session:
        return (
            sorted(
                (a.key, a.name, a.short_name, a.sector, a.contact, a.active)
                for a in session.exec(select(Agency))
            ),
            sorted(
                (p.name, p.agency_id, p.role, p.email, p.active)
                for p in session.exec(select(Person))
            ),
            sorted((d.member_id, d.deputy_id) for d in session.exec(select(NamedDeputy))),
            sorted((m.profile, m.person_id) for m in session.exec(select(PanelMember))),
        )


def test_the_sample_file_imports_whole(store: Store) -> None:
    with store.session() as session:
        check = check_file(session, path=SAMPLE, profiles=PROFILES)
        assert check.problems == ()
        done = apply_import(session, check)
    assert (done.agencies_added, done.people_added) == (5, 9)
    agencies, people, deputies, panels = snapshot(store)
    assert (
        "testshire-police",
        "Testshire Police",
        "TP",
        "police",
        "MACE desk 01632 960100",
        True,
    ) in agencies
    assert any(p[0] == "Robin Notareal" and p[2] == "minute-taker" for p in people)
    assert len(deputies) == 3
    assert sum(1 for m in panels if m[0] == "lincs-mace-l2") == 4


def test_importing_the_same_file_again_updates_and_adds_nothing(store: Store) -> None:
    for _ in range(2):
        with store.session() as session:
            apply_import(session, check_file(session, path=SAMPLE, profiles=PROFILES))
    agencies, people, deputies, _ = snapshot(store)
    assert (len(agencies), len(people), len(deputies)) == (5, 9, 3)


# Each class of bad row: the file's text after the header, the problem expected (row, column, words).
BAD_ROWS = [
    (
        "unknown agency",
        AGENCY + "person,nowhere-agency,Jo Mockridge,,,,member,,,,\n",
        3,
        "agency",
        "unknown agency",
    ),
    (
        "bad role",
        AGENCY + "person,testshire-police,Jo Mockridge,,,,wizard,,,,\n",
        3,
        "role",
        "is not one of",
    ),
    (
        "bad sector",
        "agency,testshire-police,Testshire Police,TP,spies,,,,,,\n",
        2,
        "sector",
        "is not one of",
    ),
    ("duplicate agency", AGENCY + AGENCY, 3, "agency", "same agency key is on row 2"),
    (
        "duplicate person",
        AGENCY
        + "person,testshire-police,Jo Mockridge,,,,,,,,\n"
        + "person,testshire-police,jo mockridge,,,,,,,,\n",
        4,
        "name",
        "same person",
    ),
    ("empty name", AGENCY + "person,testshire-police,,,,,member,,,,\n", 3, "name", "is empty"),
    ("empty kind", ",testshire-police,Testshire Police,,police,,,,,,\n", 2, "kind", "is empty"),
    (
        "bad kind",
        "team,testshire-police,Testshire Police,,police,,,,,,\n",
        2,
        "kind",
        "agency or person",
    ),
    (
        "bad active",
        AGENCY + "person,testshire-police,Jo Mockridge,,,,,,maybe,,\n",
        3,
        "active",
        "yes or no",
    ),
    (
        "unknown deputy_for",
        AGENCY + "person,testshire-police,Jo Mockridge,,,,,,,Nobody Atall,\n",
        3,
        "deputy_for",
        "neither in the file",
    ),
    (
        "deputy_for a name shared across agencies",
        AGENCY
        + "agency,testshire-health,Testshire Health,TH,health,,,,,,\n"
        + "person,testshire-police,Jo Mockridge,,,,,,,,\n"
        + "person,testshire-health,Jo Mockridge,,,,,,,,\n"
        + "person,testshire-health,Sam Fakeby,,,,,,,Jo Mockridge,\n",
        6,
        "deputy_for",
        "shared by people of different agencies",
    ),
    (
        "unknown panel",
        AGENCY + "person,testshire-police,Jo Mockridge,,,,,,,,no-such-meeting\n",
        3,
        "panels",
        "profile that does not exist",
    ),
    (
        "too many cells",
        AGENCY + "person,testshire-police,Jo Mockridge,,,,,,,,,extra\n",
        3,
        "(whole row)",
        "more cells",
    ),
]


@pytest.mark.parametrize(
    ("body", "row", "column", "words"), [b[1:] for b in BAD_ROWS], ids=[b[0] for b in BAD_ROWS]
)
def test_each_bad_row_is_named_and_nothing_is_imported(
    store: Store, body: str, row: int, column: str, words: str
) -> None:
    data = (HEADER + body).encode()
    with store.session() as session:
        check = check_bytes(session, data=data, source="hub.csv", profiles=PROFILES)
        matching = [p for p in check.problems if (p.row, p.column) == (row, column)]
        assert matching and words in matching[0].reason, check.problems
        for problem in check.problems:  # never a cell's value
            assert "Mockridge" not in str(problem) and "Nobody" not in str(problem)
        before = snapshot(store)
        with pytest.raises(DirectoryImportError):
            apply_import(session, check)
    assert snapshot(store) == before


FILE_PROBLEMS = [
    (
        "missing column",
        b"kind,name,sector\nagency,Testshire Police,police\n",
        1,
        "agency",
        "missing",
    ),
    ("no header row", AGENCY.encode(), 1, "(whole row)", "no header row"),
    ("unknown column", b"kind,agency,name,shoe_size\n", 1, "column 4", "not a directory column"),
    (
        "non-UTF-8",
        (HEADER + AGENCY).encode()
        + "agency,caf\u00e9,Caf\u00e9 Trust,,health,,,,,,\n".encode("cp1252"),
        3,
        "(whole row)",
        "not UTF-8",
    ),
    ("empty file", b"   \n", 1, "(whole row)", "empty"),
]


@pytest.mark.parametrize(
    ("data", "row", "column", "words"),
    [f[1:] for f in FILE_PROBLEMS],
    ids=[f[0] for f in FILE_PROBLEMS],
)
def test_a_file_that_cannot_be_read_is_named_and_nothing_is_imported(
    store: Store, data: bytes, row: int, column: str, words: str
) -> None:
    with store.session() as session:
        check = check_bytes(session, data=data, source="hub.csv", profiles=PROFILES)
        assert [(p.row, p.column) for p in check.problems] == [(row, column)]
        assert words in check.problems[0].reason
        with pytest.raises(DirectoryImportError):
            apply_import(session, check)
    assert snapshot(store) == ([], [], [], [])


def test_a_person_may_name_an_agency_already_in_the_directory(store: Store) -> None:
    with store.session() as session:
        apply_import(
            session,
            check_bytes(
                session, data=(HEADER + AGENCY).encode(), source="a.csv", profiles=PROFILES
            ),
        )
        check = check_bytes(
            session,
            data=(HEADER + "person,Testshire Police,Jo Mockridge,,,,member,,,,\n").encode(),
            source="b.csv",
            profiles=PROFILES,
        )
        assert check.problems == ()
        apply_import(session, check)
    assert snapshot(store)[1][0][0] == "Jo Mockridge"


def test_export_is_private_never_overwrites_and_reimports_the_same(
    store: Store, settings, tmp_path: Path
) -> None:
    with store.session() as session:
        apply_import(session, check_file(session, path=SAMPLE, profiles=PROFILES))
        session.add(Agency(key="formula", name="=HYPERLINK(1)", sector="other"))
        session.commit()
    out = tmp_path / "export.csv"
    with store.session() as session:
        assert export_directory(session, path=out) == 15
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "'=HYPERLINK(1)" in out.read_text()
    with store.session() as session, pytest.raises(DirectoryImportError, match="never replaced"):
        export_directory(session, path=out)
    # The export imports into an empty store as the same directory.
    other = Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        with other.session() as session:
            apply_import(session, check_file(session, path=out, profiles=PROFILES))
        assert snapshot(other)[0] == snapshot(store)[0]
        assert [p[0] for p in snapshot(other)[1]] == [p[0] for p in snapshot(store)[1]]
        assert len(snapshot(other)[2]) == 3 and len(snapshot(other)[3]) == len(snapshot(store)[3])
    finally:
        other.close()


TWO_JOS = (
    HEADER
    + AGENCY
    + "agency,testshire-health,Testshire Health,TH,health,,,,,,\n"
    + "person,testshire-police,Jo Mockridge,,,,,,,,\n"
    + "person,testshire-health,Jo Mockridge,,,,,,,,\n"
    + "person,testshire-health,Sam Fakeby,,,,,,,Jo Mockridge (testshire-health),\n"
)


def test_people_are_keyed_by_name_and_agency(store: Store, tmp_path: Path) -> None:
    """Issue 12: two people of one name in different agencies are two people; a deputy names
    the member with the agency, and the export says which one so it imports the same."""
    with store.session() as session:
        check = check_bytes(session, data=TWO_JOS.encode(), source="a.csv", profiles=PROFILES)
        assert check.problems == ()
        apply_import(session, check)
    with store.session() as session:
        people = {p.id: p for p in session.exec(select(Person))}
        agencies = {a.id: a.key for a in session.exec(select(Agency))}
        (link,) = session.exec(select(NamedDeputy)).all()
        member = people[link.member_id]
        assert (member.name, agencies[member.agency_id]) == ("Jo Mockridge", "testshire-health")
        out = tmp_path / "export.csv"
        export_directory(session, path=out)
    assert "Jo Mockridge (testshire-health)" in out.read_text()
    other = Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        with other.session() as session:
            apply_import(session, check_file(session, path=out, profiles=PROFILES))
            people = {p.id: p for p in session.exec(select(Person))}
            agencies = {a.id: a.key for a in session.exec(select(Agency))}
            (link,) = session.exec(select(NamedDeputy)).all()
            member = people[link.member_id]
            assert agencies[member.agency_id] == "testshire-health"
    finally:
        other.close()


def test_an_update_that_could_mean_two_people_is_refused_for_its_row(store: Store) -> None:
    """Two people of one name in one agency (typed in the directory screen): a row with that
    name and agency cannot say which to update."""
    with store.session() as session:
        apply_import(
            session,
            check_bytes(
                session, data=(HEADER + AGENCY).encode(), source="a.csv", profiles=PROFILES
            ),
        )
        police = session.exec(select(Agency)).one()
        session.add_all([Person(name="Jo Mockridge", agency_id=police.id or 0) for _ in range(2)])
        session.commit()
        data = HEADER + "person,testshire-police,Jo Mockridge,,,,chair,,,,\n"
        check = check_bytes(session, data=data.encode(), source="b.csv", profiles=PROFILES)
        assert [(p.row, p.column) for p in check.problems] == [(2, "name")]
        assert "cannot say which to update" in check.problems[0].reason
        assert "Mockridge" not in str(check.problems[0])
