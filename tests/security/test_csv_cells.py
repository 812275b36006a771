"""Every CSV the app writes shows formula-like text as text (R18): one shared rule, every writer."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from mace_tui.reports.case_list import render_csv as render_case_list_csv
from mace_tui.reports.cells import csv_cell
from mace_tui.reports.csv_out import COLUMNS, render_csv
from tests.prep.test_case_list import case_list, entry
from tests.reports.conftest import Meetings

PACKAGE = Path(__file__).resolve().parents[2] / "mace_tui"

# What an attacker can put in a referral export; each must come out inert.
HOSTILE = [
    "@SUM(A1)",
    "-1+1",
    "\r=2+2",
    '=HYPERLINK("http://x")',
    "+44 1234",
    "\t=1",
    " =1+1",
    "＝1+1",
]


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-1+1", "'-1+1"),
        ("\r=2+2", "'\r=2+2"),
        ("=1", "'=1"),
        ("+1", "'+1"),
        ("\t=1", "'\t=1"),
        ("  =1", "'  =1"),
        ("＝1", "'＝1"),
        ("TP/12345/FAKE", "TP/12345/FAKE"),
        ("Exampleford", "Exampleford"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (14, "14"),
    ],
)
def test_csv_cell_makes_formulas_text(given: object, written: str) -> None:
    assert csv_cell(given) == written


def test_csv_cell_can_fold_line_breaks_and_still_escape() -> None:
    assert csv_cell("\r=2+2", one_line=True) == "'=2+2"
    assert csv_cell("two\nlines", one_line=True) == "two lines"


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _inert(cell: str) -> bool:
    return not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n", "＝"))


def test_action_log_csv_escapes_references_and_local_authority(meetings: Meetings) -> None:
    log = meetings.log(meetings.rich)
    hostile_child = replace(
        log.actions[0].child, local_authority="@SUM(A1)", police_ref="-1+1", la_ref="\r=2+2"
    )
    actions = tuple(replace(a, child=hostile_child) for a in log.actions)
    log = replace(log, children=(), meeting_actions=actions, agencies=(), carried=())
    rows = list(csv.reader(io.StringIO(render_csv(log))))
    body = [dict(zip(COLUMNS, row, strict=True)) for row in rows[2:-1]]
    assert body, "the log has actions"
    for row in body:
        assert row["local_authority"] == "'@SUM(A1)"
        assert row["police_ref"] == "'-1+1"
        assert row["la_ref"] == "'\r=2+2"
    assert all(_inert(cell) for cell in _cells(render_csv(log)))


@pytest.mark.parametrize("hostile", HOSTILE)
def test_case_list_csv_escapes_every_field(hostile: str) -> None:
    fields = ("local_authority", "police_ref", "la_ref", "npa", "reason", "referral_source")
    listed = case_list(entries=(entry(1, hostile, **dict.fromkeys(fields, hostile)),))
    cells = _cells(render_case_list_csv(listed))
    assert all(_inert(cell) for cell in cells)


def test_every_csv_writer_uses_the_shared_cell_rule() -> None:
    writers = [
        path
        for path in PACKAGE.rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert writers, "the app writes CSV somewhere"
    for path in writers:
        assert "csv_cell" in path.read_text(encoding="utf-8"), f"{path} writes CSV cells raw"
