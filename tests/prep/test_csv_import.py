"""Importing a CSV case list: the whole file is checked first; all rows or none are written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from mace_tui.prep import meeting as prep
from mace_tui.prep.csv_import import (
    ImportCheck,
    ImportFileError,
    ImportRefused,
    Problem,
    apply_import,
    check_file,
)
from mace_tui.prep.fields import ItemDetails
from mace_tui.prep.meeting import PrepTarget
from store.agenda import AgendaError
from store.db import Store
from store.models import AgendaItem, Child
from tests.prep.conftest import AFTER_DEADLINE, BEFORE_DEADLINE, Hub

SAMPLE = Path(__file__).parent.parent / "data" / "prep_sample.csv"
HEADER = "name,date_of_birth,referral_source,exploitation_types,reason"
GOOD = "Ellis Examplewood,14/03/2012,PPN,CCE;Missing,Found far from home with adults."


def write(tmp_path: Path, text: str | bytes, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def check(store: Store, target: PrepTarget, path: Path) -> ImportCheck:
    with store.session() as session:
        return check_file(session, target=target, path=path)


def counts(store: Store) -> tuple[int, int]:
    """(children, queue items) in the store."""
    with store.session() as session:
        children = session.exec(select(func.count()).select_from(Child)).one()
        items = session.exec(select(func.count()).select_from(AgendaItem)).one()
    return children, items


def queue_names(store: Store, target: PrepTarget) -> list[str]:
    with store.session() as session:
        view = prep.load_view(session, target=target, drmm_profiles=("llr-drmm",))
    return [q.entry.name for q in view.queue]


def test_the_sample_file_imports_in_full(store: Store, target: PrepTarget, tmp_path: Path) -> None:
    before = counts(store)
    result = check(store, target, SAMPLE)
    assert result.all_valid and result.rows_read == 5 and result.encoding == "UTF-8"
    assert result.summary() == "prep_sample.csv (UTF-8): 5 rows read, 5 valid."
    with store.session() as session:
        done = apply_import(session, target, result, at=BEFORE_DEADLINE)
    assert (done.added, done.new_children, done.left_out, done.late) == (5, 5, 0, 0)
    assert counts(store) == (before[0] + 5, before[1] + 5)
    assert queue_names(store, target) == [
        "Ellis Examplewood", "Rowan Mockingham", "Kit Fabricate", "Jules Placeholder-Smith", "Noa Inventedson",
    ]  # fmt: skip
    with store.session() as session:
        kit = session.exec(select(Child).where(Child.name == "Kit Fabricate")).one()
        item = session.exec(select(AgendaItem).where(AgendaItem.child_id == kit.id)).one()
    assert (kit.local_authority, kit.la_ref, kit.npa) == (
        "Exampleford",
        "EXA-90003",
        "Exampleford NPA",
    )
    assert (item.referral_source, item.exploitation_types) == ("screening-tool", "cce")


def test_existing_children_are_matched_not_duplicated(
    store: Store, target: PrepTarget, hub: Hub, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        f"{HEADER},ref\n"
        "riley EXAMPLE,05/03/2012,intelligence,cse,Seen again.,\n"
        "Jordan Sample,21/02/2011,intelligence,,By reference.,c-jordan02\n",
    )
    result = check(store, target, path)
    assert result.all_valid
    assert [r.child_id for r in result.valid] == [hub.riley, hub.jordan]
    before = counts(store)
    with store.session() as session:
        assert apply_import(session, target, result, at=BEFORE_DEADLINE).new_children == 0
    assert counts(store) == (before[0], before[1] + 2)


# Each class of bad row, with the column it is reported against and a word of the reason.
BAD_ROWS = [
    (",14/03/2012,PPN,CCE,Reason.", "name", "is empty"),
    ("Ellis 2nd,14/03/2012,PPN,CCE,Reason.", "name", "contains digits"),
    ("Ellis Examplewood,,PPN,CCE,Reason.", "date_of_birth", "is empty"),
    ("Ellis Examplewood,March 2012,PPN,CCE,Reason.", "date_of_birth", "is not a date"),
    ("Ellis Examplewood,31/02/2012,PPN,CCE,Reason.", "date_of_birth", "not a day in the calendar"),
    ("Ellis Examplewood,14/03/12,PPN,CCE,Reason.", "date_of_birth", "four-digit year"),
    ("Ellis Examplewood,01/01/2027,PPN,CCE,Reason.", "date_of_birth", "after the meeting date"),
    ("Ellis Examplewood,01/01/1990,PPN,CCE,Reason.", "date_of_birth", "age of 25 or more"),
    ("Ellis Examplewood,14/03/2012,,CCE,Reason.", "referral_source", "is empty"),
    (
        "Ellis Examplewood,14/03/2012,a rumour,CCE,Reason.",
        "referral_source",
        "is not a referral source",
    ),
    (
        "Ellis Examplewood,14/03/2012,PPN,CCE;gangs,Reason.",
        "exploitation_types",
        "not an exploitation type",
    ),
    ("Ellis Examplewood,14/03/2012,PPN,CCE,", "reason", "is empty"),
    (
        "Ellis Examplewood,14/03/2012,PPN,CCE,Reason.,extra",
        "(whole row)",
        "has 6 cells but the header has 5",
    ),
]


@pytest.mark.parametrize(("row", "column", "says"), BAD_ROWS)
def test_each_class_of_bad_row_is_reported_and_nothing_imported(
    store: Store, target: PrepTarget, tmp_path: Path, row: str, column: str, says: str
) -> None:
    path = write(tmp_path, f"{HEADER}\n{GOOD}\n{row}\n")
    result = check(store, target, path)
    assert not result.all_valid
    assert result.bad_rows == (3,)
    assert any(p.row == 3 and p.column == column and says in p.reason for p in result.problems), (
        result.problems
    )
    before = counts(store)
    with (
        store.session() as session,
        pytest.raises(ImportRefused, match="1 rows have problems, so nothing was imported"),
    ):
        apply_import(session, target, result, at=BEFORE_DEADLINE)
    assert counts(store) == before


def test_too_long_field(store: Store, target: PrepTarget, tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER},npa\n{GOOD},{'N' * 121}\n")
    assert check(store, target, path).problems == (
        Problem(2, "npa", "is 121 characters long; keep it to 120."),
    )


def test_every_problem_of_every_row_is_listed_in_row_order(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        f"{HEADER}\n,31/02/2012,gossip,,\n{GOOD}\nKit Fabricate,27/06/2013,PPN,xx,ok\n",
    )
    result = check(store, target, path)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "name"), (2, "date_of_birth"), (2, "referral_source"), (2, "reason"), (4, "exploitation_types"),
    ]  # fmt: skip
    assert result.bad_rows == (2, 4) and len(result.valid) == 1
    report = result.report()
    assert report[0] == "list.csv (UTF-8): 3 rows read, 1 valid, 2 with problems (5 in all)."
    assert report[1] == "  row 2, name: is empty; enter the child's name."


def test_reasons_never_repeat_a_cells_value(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    """A shifted column puts a name where a code belongs: the report must not echo it (R18)."""
    path = write(
        tmp_path, f"{HEADER}\nEllis Examplewood,14/03/2012,Rowan Mockingham,Kit Fabricate,Reason.\n"
    )
    text = "\n".join(check(store, target, path).report())
    assert "Rowan" not in text and "Kit" not in text and "Ellis" not in text


def test_duplicates_in_the_file_and_on_the_queue(
    store: Store, target: PrepTarget, hub: Hub, tmp_path: Path
) -> None:
    with store.session() as session:
        prep.add_child(
            session,
            target,
            details=ItemDetails("intelligence", (), "On already."),
            at=BEFORE_DEADLINE,
            child_id=hub.riley,
        )
    path = write(
        tmp_path,
        f"{HEADER}\n"
        "Riley Example,05/03/2012,PPN,,Again.\n"
        f"{GOOD}\n"
        "ellis examplewood,14/03/2012,intelligence,,Same child twice.\n",
    )
    result = check(store, target, path)
    assert result.problems == (
        Problem(2, "name", "this child is already on the queue at position 1."),
        Problem(4, "name", "the same child (name and date of birth) is in row 3."),
    )


def test_unknown_or_mismatched_references(
    store: Store, target: PrepTarget, hub: Hub, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        f"{HEADER},ref\n"
        "Riley Example,05/03/2012,PPN,,r.,C-NOSUCH99\n"
        "Riley Example,05/03/2012,PPN,,r.,C-JORDAN02\n"
        "Riley Example,05/03/2012,PPN,,r.,not a ref!\n",
    )
    reasons = [
        (p.row, p.column, p.reason.split(";")[0]) for p in check(store, target, path).problems
    ]
    assert reasons == [
        (2, "ref", "no child has this MACE reference"),
        (3, "ref", "belongs to a child with another name or date of birth"),
        (4, "ref", "is not a MACE reference"),
    ]


def test_only_the_valid_rows_when_chosen(store: Store, target: PrepTarget, tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n{GOOD}\n,bad,,,\nKit Fabricate,27/06/2013,intel,,ok\n")
    result = check(store, target, path)
    with store.session() as session:
        done = apply_import(session, target, result, at=BEFORE_DEADLINE, only_valid=True)
    assert (done.added, done.left_out) == (2, 1)
    assert queue_names(store, target) == ["Ellis Examplewood", "Kit Fabricate"]


def test_nothing_to_import_when_no_row_is_valid(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    result = check(store, target, write(tmp_path, f"{HEADER}\n,bad,,,\n"))
    with store.session() as session, pytest.raises(ImportRefused, match="no valid rows"):
        apply_import(session, target, result, at=BEFORE_DEADLINE, only_valid=True)


def test_no_partial_import_when_the_queue_changed_since_the_check(
    store: Store, target: PrepTarget, hub: Hub, tmp_path: Path
) -> None:
    path = write(tmp_path, f"{HEADER}\n{GOOD}\nCasey Testcase,17/10/2013,PPN,,Later.\n")
    result = check(store, target, path)
    assert result.all_valid
    # Meanwhile another seat puts Casey on the queue.
    with store.session() as session:
        prep.add_child(
            session,
            target,
            details=ItemDetails("intelligence", (), "x"),
            at=BEFORE_DEADLINE,
            child_id=hub.casey,
        )
    before = counts(store)
    with store.session() as session, pytest.raises(AgendaError, match="already on the queue"):
        apply_import(session, target, result, at=BEFORE_DEADLINE)
    assert counts(store) == before  # Ellis's new record was rolled back too


def test_imports_after_the_deadline_are_late(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    result = check(store, target, SAMPLE)
    with store.session() as session:
        assert apply_import(session, target, result, at=AFTER_DEADLINE).late == 5
    with store.session() as session:
        assert prep.load_view(session, target=target, drmm_profiles=()).late == prep.LateChanges(
            added=5
        )


# -- the file as a whole -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "the file is empty"),
        (b"  \r\n\r\n", "the file is empty"),
        (f"{HEADER}\n".encode(), "the header is there but no rows follow"),
        (f"{HEADER}\n,,,,\n , ,,,\n".encode(), "the header is there but no rows follow"),
        (b"name,dob,source,reason,colour\nx,y,z,w,v\n", "row 1, column 5: not a known column"),
        (b"name,dob,source,reason,\nx,y,z,w,\n", "row 1, column 5: not a known column"),
        (
            b"Ellis Examplewood,14/03/2012,PPN,CCE,Seen late at night.\nx,y,z,w,v\n",
            "row 1 is not a header row",
        ),
        (bytes(range(1, 256)) * 20, "not a text file"),
        (b"name,date_of_birth,reason\nx,y,z\n", "has no 'referral_source' column"),
        (b"name,dob,Date of birth,source,reason\n", "the column 'date_of_birth' appears twice"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
    ],
)
def test_file_level_problems(
    store: Store, target: PrepTarget, tmp_path: Path, content: bytes, says: str
) -> None:
    path = write(tmp_path, content)
    before = counts(store)
    with pytest.raises(ImportFileError) as caught:
        check(store, target, path)
    assert says in str(caught.value)
    assert str(caught.value).startswith("list.csv: ")
    assert counts(store) == before
    # Nothing of the file comes back: no cell, no bytes.
    assert "Ellis" not in str(caught.value) and "colour" not in str(caught.value)
    assert len(str(caught.value)) < 300


def test_missing_file_and_folder(store: Store, target: PrepTarget, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no such file"):
        check(store, target, tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="this is a folder"):
        check(store, target, tmp_path)


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda t: "\ufeff".encode() + t.encode("utf-8"), "UTF-8 with BOM"),
        (lambda t: t.encode("utf-8"), "UTF-8"),
        (lambda t: t.encode("latin-1"), "Windows-1252"),
        (lambda t: t.encode("cp1252"), "Windows-1252"),
        (lambda t: t.encode("utf-16"), "UTF-16"),
    ],
)
def test_encodings(store: Store, target: PrepTarget, tmp_path: Path, encode, encoding: str) -> None:
    text = f"{HEADER}\r\nZoë Exampleé,14/03/2012,PPN,CSE,Seen with an adult.\r\nJosé Müller-Façade,02/11/2011,intel,,Reason.\r\n"
    result = check(store, target, write(tmp_path, encode(text)))
    assert result.encoding == encoding
    assert [r.child.name for r in result.valid] == ["Zoë Exampleé", "José Müller-Façade"]


def test_latin1_bytes_that_windows_leaves_undefined(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    text = f"{HEADER}\nAda Ex\x81ample,14/03/2012,PPN,CSE,r.\n"
    result = check(store, target, write(tmp_path, text.encode("latin-1")))
    assert result.encoding == "Latin-1" and len(result.valid) == 1


def test_semicolons_headers_in_words_and_quoted_lines(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    text = (
        "Name;Date of birth;Referral source;Exploitation types;Reason\n"
        'Ellis Examplewood;14/03/2012;PPN;CCE, Missing;"First line\nsecond line"\n'
        "\n"
        ";;;;\n"
        "Kit Fabricate;31/02/2013;PPN;;r.\n"
    )
    result = check(store, target, write(tmp_path, text))
    assert result.rows_read == 2
    assert result.valid[0].details.reason == "First line second line"
    assert result.valid[0].details.exploitation_types == ("cce", "missing")
    # Rows are numbered as a spreadsheet shows them: the blank rows still count.
    assert result.bad_rows == (5,)


def _big_file(tmp_path: Path, rows: int, *, bad_at: int | None = None) -> Path:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["name", "date_of_birth", "referral_source", "exploitation_types", "reason", "npa"]
    )
    letters = "abcdefghijklmnopqrstuvwxyz"
    for n in range(rows):
        name = f"Test {letters[n % 26]}{letters[n // 26 % 26]}{letters[n // 676 % 26]} Example"
        day = 1 + n % 28
        dob = f"{day:02d}/{1 + n // 28 % 12:02d}/{2008 + n % 10}"
        if bad_at is not None and n == bad_at:
            dob = "30/02/2010"
        writer.writerow(
            [name, dob, "police-report", "cce;missing", f"Made-up reason number {n}.", "Demo NPA"]
        )
    return write(tmp_path, out.getvalue(), "big.csv")


def test_ten_thousand_rows_import_in_one_go(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    result = check(store, target, _big_file(tmp_path, 10_000))
    assert result.all_valid and len(result.valid) == 10_000
    with store.session() as session:
        assert apply_import(session, target, result, at=BEFORE_DEADLINE).added == 10_000
    with store.session() as session:
        positions = session.exec(
            select(AgendaItem.position).order_by(col(AgendaItem.position))
        ).all()
    assert positions == list(range(1, 10_001))


def test_ten_thousand_rows_with_one_bad_import_nothing(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    result = check(store, target, _big_file(tmp_path, 10_000, bad_at=9_876))
    assert result.bad_rows == (9_878,)  # header is row 1
    assert result.problems[0].column == "date_of_birth"
    before = counts(store)
    with store.session() as session, pytest.raises(ImportRefused):
        apply_import(session, target, result, at=BEFORE_DEADLINE)
    assert counts(store) == before
