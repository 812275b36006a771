"""The case list for partners: marked at top and bottom, 0600, never replacing a file."""

from __future__ import annotations

import csv
import io
import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mace_tui.prep import meeting as prep
from mace_tui.prep.export import build_case_list, default_export_name, export_case_list
from mace_tui.prep.fields import ItemDetails
from mace_tui.prep.meeting import PrepTarget
from mace_tui.reports.case_list import (
    CaseList,
    CaseListEntry,
    CaseListError,
    output_paths,
    render_csv,
    render_markdown,
    write_case_list,
)
from mace_tui.reports.marking import MARKING
from store.db import Store
from tests.prep.conftest import AFTER_DEADLINE, BEFORE_DEADLINE, Hub


def entry(position: int | None, name: str, **extra: object) -> CaseListEntry:
    values: dict[str, object] = dict(
        position=position, ref=f"C-{name[:4].upper()}0000", name=name, date_of_birth=date(2012, 3, 5),
        age=14, local_authority="Exampleford", police_ref="DP/1/DEMO", la_ref="", npa="Demo NPA",
        referral_source="Intelligence", exploitation_types="CSE", reason="Seen with an adult.",
    )  # fmt: skip
    values.update(extra)
    return CaseListEntry(**values)  # type: ignore[arg-type]


def case_list(**extra: object) -> CaseList:
    values: dict[str, object] = dict(
        meeting_name="Daily Risk Management Meeting", short_name="DRMM", meeting_date=date(2026, 11, 24),
        start="09:00", minutes=60, prepared_at=datetime(2026, 11, 23, 15, 30, tzinfo=UTC),
        deadline=datetime(2026, 11, 23, 16, 0, tzinfo=UTC),
        entries=(entry(1, "Riley Example", notes=("4 referrals to the DRMM",)), entry(2, "Jordan | Sample", late_change=True)),
        removed_late=(entry(None, "Casey Testcase", removed=True, late_change=True),),
        invited=(("Demoshire Police (demo)", "DS Ada Testwell, Detective Sergeant"),),
    )  # fmt: skip
    values.update(extra)
    return CaseList(**values)  # type: ignore[arg-type]


def test_markdown_is_marked_and_lists_late_changes() -> None:
    text = render_markdown(case_list())
    lines = text.strip().splitlines()
    assert lines[0] == MARKING and lines[-1] == MARKING
    assert "# Case list: Daily Risk Management Meeting, Tuesday 24 November 2026, 09:00" in text
    assert "Late changes after the deadline: 2 (1 added, 1 removed)." in text
    assert "| 2 | Jordan \\| Sample (late change) |" in text  # a pipe cannot break the table
    assert "## Taken off the list after the deadline" in text and "Casey Testcase" in text
    assert "4 referrals to the DRMM" in text
    assert "- Demoshire Police (demo): DS Ada Testwell, Detective Sergeant" in text


def test_csv_is_marked_first_and_last_and_neutralises_formulas() -> None:
    rows = list(
        csv.reader(io.StringIO(render_csv(case_list(entries=(entry(1, "=HYPERLINK(1)"),)))))
    )
    assert rows[0] == [MARKING] and rows[-1] == [MARKING]
    header = rows[2]
    body = [dict(zip(header, row, strict=True)) for row in rows[3:-1]]
    assert body[0]["name"] == "'=HYPERLINK(1)"
    assert body[1]["status"] == "removed" and body[1]["late_change"] == "yes"


def test_no_late_changes_said_plainly() -> None:
    text = render_markdown(case_list(entries=(entry(1, "Riley Example"),), removed_late=()))
    assert "No late changes." in text and "Taken off" not in text


@pytest.mark.parametrize(
    ("given", "md", "csv_name"),
    [
        ("list", "list.md", "list.csv"),
        ("list.md", "list.md", "list.csv"),
        ("list.CSV", "list.md", "list.csv"),
        ("a.b", "a.b.md", "a.b.csv"),
    ],
)
def test_output_paths(tmp_path: Path, given: str, md: str, csv_name: str) -> None:
    assert output_paths(tmp_path / given) == (tmp_path / md, tmp_path / csv_name)


def test_files_are_private_and_complete(tmp_path: Path) -> None:
    written = write_case_list(case_list(), tmp_path / "list")
    assert [p.name for p in written] == ["list.md", "list.csv"]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert written[1].read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheets read accents right
    assert not list(tmp_path.glob(".*part"))  # no temporary files left behind


def test_an_existing_file_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "list.csv").write_text("keep me")
    with pytest.raises(CaseListError, match=r"list\.csv: already exists and is not replaced"):
        write_case_list(case_list(), tmp_path / "list")
    assert (tmp_path / "list.csv").read_text() == "keep me"
    assert not (tmp_path / "list.md").exists()  # nothing half-written


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CaseListError, match="no such folder"):
        write_case_list(case_list(), tmp_path / "nope" / "list")


def test_built_from_the_store(store: Store, target: PrepTarget, hub: Hub, tmp_path: Path) -> None:
    details = ItemDetails("intelligence", ("cse",), "Seen with an adult.")
    with store.session() as s:
        prep.add_child(s, target, details=details, at=BEFORE_DEADLINE, child_id=hub.riley)
        jordan = prep.add_child(s, target, details=details, at=BEFORE_DEADLINE, child_id=hub.jordan)
        prep.add_child(s, target, details=details, at=AFTER_DEADLINE, child_id=hub.casey)
        prep.remove(s, target, item_id=jordan, at=AFTER_DEADLINE)
        built = build_case_list(s, target=target, drmm_profiles=("llr-drmm",), now=AFTER_DEADLINE)
    assert [(e.position, e.name, e.late_change) for e in built.entries] == [
        (1, "Riley Example", False), (2, "Casey Testcase", True),
    ]  # fmt: skip
    assert [e.name for e in built.removed_late] == ["Jordan Sample"]
    assert built.late_sentence() == "Late changes after the deadline: 2 (1 added, 1 removed)."
    assert [name for _agency, name in built.invited] == [
        "DS Ada Testwell, Detective Sergeant",
        "Bea Mockford, Named nurse",
    ]
    assert default_export_name(target) == "case-list-llr-drmm-2026-11-24"
    with store.session() as s:
        written = export_case_list(
            s, target=target, drmm_profiles=(), now=AFTER_DEADLINE, path=tmp_path / "out"
        )
    assert "Casey Testcase (late change)" in written[0].read_text()
    # Every export is audited, naming the files and never a child (R18).
    from sqlmodel import select as sql_select

    from store.models import AuditEvent

    with store.session() as s:
        (event,) = s.exec(
            sql_select(AuditEvent).where(AuditEvent.action == "export-case-list")
        ).all()
    assert event.meeting_id == target.meeting_id
    assert all(p.name in event.detail for p in written)
    assert "Casey" not in event.detail and "Riley" not in event.detail


def test_free_items_have_their_own_section_and_count(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    from mace_tui.prep import free
    from mace_tui.prep.fields import FreeItemInput
    from mace_tui.reports.case_list import render_markdown

    details = ItemDetails("intelligence", ("cse",), "Seen with an adult.")
    with store.session() as s:
        prep.add_child(s, target, details=details, at=BEFORE_DEADLINE, child_id=hub.riley)
        free.add_free(
            s, target, entry=FreeItemInput("aob", "Half-term patrols"), at=BEFORE_DEADLINE
        )
        built = build_case_list(s, target=target, drmm_profiles=("llr-drmm",), now=BEFORE_DEADLINE)
    text = render_markdown(built)
    assert "1 child, 1 other item." in text
    other = text[text.index("## Other items") :]
    assert "| 2 | Half-term patrols | Any other business |" in other
    # Not in the children's table.
    assert "Half-term patrols" not in text[: text.index("## Other items")]


def test_persons_locations_and_other_items_taken_off_late_are_listed_too(
    store: Store, target: PrepTarget, hub: Hub
) -> None:
    """Partners are told of every subject taken off after the deadline, not only children."""
    from mace_tui.prep import free
    from mace_tui.prep.concern import LocationDetails, PersonDetails, add_location, add_person
    from mace_tui.prep.fields import FreeItemInput

    details = ItemDetails("intelligence", ("cse",), "Seen with an adult.")
    with store.session() as s:
        prep.add_child(s, target, details=details, at=BEFORE_DEADLINE, child_id=hub.riley)
        person = add_person(
            s, target, reason="Seen near schools.", at=BEFORE_DEADLINE,
            new_person=PersonDetails(name="Dale Fictionby"),
        )  # fmt: skip
        place = add_location(
            s, target, reason="Late-night visits.", at=BEFORE_DEADLINE,
            new_location=LocationDetails(name="The Sample Street Flats", kind="premises"),
        )  # fmt: skip
        other = free.add_free(
            s, target, entry=FreeItemInput("aob", "Half-term patrols"), at=BEFORE_DEADLINE
        )
        for item_id in (person, place, other):
            prep.remove(s, target, item_id=item_id, at=AFTER_DEADLINE)
        built = build_case_list(s, target=target, drmm_profiles=("llr-drmm",), now=AFTER_DEADLINE)
    assert [(e.kind, e.name, e.removed) for e in built.removed_late] == [
        ("person", "Dale Fictionby", True),
        ("location", "The Sample Street Flats", True),
        ("free", "Half-term patrols", True),
    ]
    assert built.late_sentence() == "Late changes after the deadline: 3 (0 added, 3 removed)."
    text = render_markdown(built)
    taken_off = text[text.index("## Taken off the list after the deadline") :]
    assert "- The Sample Street Flats (location of concern" in taken_off
    assert "- Dale Fictionby (person of concern" in taken_off
    assert "- Half-term patrols (other item)" in taken_off
    rows = list(csv.reader(io.StringIO(render_csv(built))))
    body = [dict(zip(rows[2], row, strict=True)) for row in rows[3:-1]]
    assert [(r["name"], r["kind"], r["status"]) for r in body] == [
        ("Riley Example", "child", "on the list"),
        ("Dale Fictionby", "person of concern", "removed"),
        ("The Sample Street Flats", "location of concern", "removed"),
        ("Half-term patrols", "other item", "removed"),
    ]
