"""Importing persons and locations of concern from CSV (R22): every row checked, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select

from mace_tui.prep import meeting as prep
from mace_tui.prep.concern_csv import ConcernCheck, apply_concerns, check_concern_file
from mace_tui.prep.csv_import import ImportFileError
from mace_tui.prep.meeting import PrepTarget
from store.agenda import concern
from store.db import Store
from store.models import AgendaItem, ConcernLink, ConcernLocation, ConcernPerson
from tests.prep.conftest import BEFORE_DEADLINE, Hub

SAMPLE = Path(__file__).parent.parent / "data" / "concerns_sample.csv"
HEADER = "kind,name,date_of_birth,location_kind,reason,child_ref,link"


def check(store: Store, target: PrepTarget, path: Path) -> ConcernCheck:
    with store.session() as session:
        return check_concern_file(session, target=target, path=path)


def counts(store: Store) -> tuple[int, int, int, int]:
    with store.session() as s:
        return tuple(  # type: ignore[return-value]
            s.exec(select(func.count()).select_from(t)).one()
            for t in (ConcernPerson, ConcernLocation, ConcernLink, AgendaItem)
        )


def test_the_sample_file_imports_in_full_with_its_links(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    result = check(store, target, SAMPLE)
    assert result.all_valid, result.report()
    with store.session() as session:
        done = apply_concerns(session, target, result, at=BEFORE_DEADLINE)
    # Two rows for Dale Testperson: one person, one queue entry, two links.
    assert (done.persons, done.locations, done.links) == (1, 2, 3)
    assert counts(store) == (1, 2, 3, 3)
    with store.session() as session:
        view = prep.load_view(session, target=target, drmm_profiles=("llr-drmm",))
        assert [(q.entry.subject_kind, q.entry.name) for q in view.queue] == [
            ("person", "Dale Testperson"),
            ("location", "The Sample Street Arcade, Testshire"),
            ("location", "Testshire Example Chat Group"),
        ]
        person_id = view.queue[0].entry.subject_id
        links = concern.links(session, person_ids=[person_id])
        assert [(k.child_name, k.relation) for k in links] == [
            ("Riley Example", "recruited by"),
            ("Jordan Sample", "seen with"),
        ]


SECRET = "Zed Secretname"

# (row after the header, column named, reason begins) — the value is never in the reason
BAD_ROWS = [
    (f"pub,{SECRET},,,Why,,", "kind", "is not a kind of subject"),
    ("person,,,,Why,,", "name", "is empty"),
    (f"person,{SECRET},,,,,", "reason", "is empty"),
    (f"person,{SECRET},31/02/1990,,Why,,", "date_of_birth", "is not a day in the calendar"),
    (f"person,{SECRET},01/01/2099,,Why,,", "date_of_birth", "is after the meeting date"),
    (f"location,{SECRET},,castle,Why,,", "location_kind", "is not a kind of location"),
    (f"person,{SECRET},,premises,Why,,", "location_kind", "is for locations only"),
    (f"person,{SECRET},,,Why,C-NOSUCH01,seen with", "child_ref", "is not the MACE reference"),
    (f"person,{SECRET},,,Why,C-RILEY001,", "link", "is empty"),
    (f"person,{SECRET},,,Why,,seen with", "child_ref", "is empty"),
    (f"person,{SECRET},,,Why,,,extra", "(whole row)", "has 8 cells"),
]


@pytest.mark.parametrize(("row", "column", "reason"), BAD_ROWS)
def test_each_bad_row_is_named_by_row_and_column_and_nothing_is_imported(
    store: Store, target: PrepTarget, hub: Hub, tmp_path: Path, row: str, column: str, reason: str
) -> None:
    path = tmp_path / "concerns.csv"
    good = "location,The Sample Yard,,street or area,Gatherings,,"
    path.write_text(f"{HEADER}\n{good}\n{row}\n", encoding="utf-8")
    result = check(store, target, path)
    assert [(p.row, p.column) for p in result.problems] == [(3, column)]
    assert result.problems[0].reason.startswith(reason)
    assert all(SECRET not in str(p) and "C-NOSUCH01" not in str(p) for p in result.problems)
    before = counts(store)
    with store.session() as session, pytest.raises(ImportFileError, match="nothing was imported"):
        apply_concerns(session, target, result, at=BEFORE_DEADLINE)
    assert counts(store) == before


def test_a_header_with_an_unknown_column_is_refused_by_position(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    path = tmp_path / "concerns.csv"
    path.write_text(f"kind,name,reason,{SECRET}\nperson,A,B,C\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        check(store, target, path)
    assert "row 1, column 4: not a known column name" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_a_child_import_after_a_person_numbers_the_queue_on(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    """Found trying it in tmux: imported children took positions a person already held."""
    from mace_tui.prep.concern import PersonDetails, add_person
    from mace_tui.prep.csv_import import apply_import, check_file

    with store.session() as session:
        add_person(session, target, reason="Named by children", at=BEFORE_DEADLINE,
                   new_person=PersonDetails("Dale Testperson"))  # fmt: skip
        checked = check_file(session, target=target, path=SAMPLE.with_name("prep_sample.csv"))
        apply_import(session, target, checked, at=BEFORE_DEADLINE, only_valid=False)
        view = prep.load_view(session, target=target, drmm_profiles=("llr-drmm",))
    positions = [q.entry.position for q in view.queue]
    assert positions == list(range(1, len(positions) + 1))
    assert view.queue[0].entry.name == "Dale Testperson"
