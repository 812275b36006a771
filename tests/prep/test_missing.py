"""Missing episodes (R19): typed or imported, impossible dates refused naming the field."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from mace_tui.prep.missing import MissingError, add_episode, check_episode, end_episode, episodes
from mace_tui.prep.missing_csv import MissingImportRefused, apply, check_bytes
from store.db import Store
from store.models import MissingEpisode
from tests.form_data import FormHistory, build_form_history

TODAY = date(2026, 12, 7)
AT = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
SAMPLE = Path(__file__).parent.parent / "data" / "missing_sample.csv"
BORN = date(2011, 1, 2)


@pytest.mark.parametrize(
    ("raw", "field", "reason"),
    [
        ({"started_on": ""}, "started_on", "is empty"),
        ({"started_on": "31/02/2026"}, "started_on", "not a day in the calendar"),
        ({"started_on": "08/12/2026"}, "started_on", "is in the future"),
        ({"started_on": "01/01/2011"}, "started_on", "before the child's date of birth"),
        ({"started_on": "05/12/2026", "ended_on": "04/12/2026"}, "ended_on", "before the date started"),
        ({"started_on": "05/12/2026", "ended_on": "08/12/2026"}, "ended_on", "is in the future"),
        ({"started_on": "05/12/2026", "source": "x" * 121}, "source", "keep it to 120"),
    ],
)  # fmt: skip
def test_impossible_episodes_are_refused_naming_the_field(
    raw: dict[str, str], field: str, reason: str
) -> None:
    details, errors = check_episode(raw, today=TODAY, born=BORN)
    assert details is None
    assert [e.field for e in errors] == [field]
    assert reason in errors[0].reason


@pytest.mark.parametrize(
    ("started", "ended"),
    [("07/12/2026", "07/12/2026"), ("2011-01-02", ""), ("06/12/2026", "07/12/2026")],
)
def test_possible_episodes_pass(started: str, ended: str) -> None:
    details, errors = check_episode(
        {"started_on": started, "ended_on": ended}, today=TODAY, born=BORN
    )
    assert errors == [] and details is not None
    assert details.ended_on is (None if not ended else details.ended_on)


@pytest.fixture
def history(store: Store) -> FormHistory:
    with store.session() as session:
        return build_form_history(session, form_day=date(2026, 12, 9))


def test_recorded_listed_and_ended(store: Store, history: FormHistory) -> None:
    details, _ = check_episode({"started_on": "06/12/2026", "source": "TP log 9"}, today=TODAY)
    assert details is not None
    with store.session() as session:
        episode_id = add_episode(
            session, child_id=history.medium, details=details, recorded_by="coord", at=AT
        )
        listed = episodes(session, child_id=history.medium)
        assert [(e.started_on, e.still_missing, e.source) for e in listed] == [
            (date(2026, 12, 6), True, "TP log 9")
        ]
        with pytest.raises(MissingError, match="before the date started"):
            end_episode(session, episode_id=episode_id, ended_on=date(2026, 12, 5), today=TODAY)
        end_episode(session, episode_id=episode_id, ended_on=date(2026, 12, 7), today=TODAY)
        assert episodes(session, child_id=history.medium)[0].ended_on == date(2026, 12, 7)


def test_a_file_with_bad_rows_is_reported_and_nothing_imported(
    store: Store, history: FormHistory
) -> None:
    data = (
        b"Child ref,Started,Ended,Source,Note\n"
        b"C-FORM001,29/11/2026,30/11/2026,TP,fine\n"
        b"C-NOSUCH,29/11/2026,,TP,Secret Name Here\n"
        b"C-FORM002,30/11/2026,28/11/2026,TP,ends first\n"
        b"C-FORM003,31/13/2026,,TP,bad month\n"
    )
    with store.session() as session:
        check = check_bytes(session, data=data, source="m.csv", today=TODAY)
        assert [str(p) for p in check.problems] == [
            "row 3, child_ref: is not the MACE reference of a recorded child.",
            "row 4, ended_on: is before the date started; check both dates.",
            "row 5, started_on: has a month outside 1 to 12 (day first, then month); use DD/MM/YYYY, e.g. 05/03/2012.",
        ]
        report = "\n".join(check.report())
        assert "C-NOSUCH" not in report and "Secret" not in report
        with pytest.raises(MissingImportRefused):
            apply(session, check, recorded_by="coord", at=AT)
        assert session.exec(select(MissingEpisode)).all()[1:] == []  # only the history's one


def test_the_sample_file_imports_from_the_command_line(
    store: Store, history: FormHistory, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mace_tui", "prep", "--profile", "llr-form",
         "--import-missing", str(SAMPLE)],
        capture_output=True, text=True, env={**os.environ}, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "missing_sample.csv: 3 rows read, 3 valid." in result.stderr
    assert "Recorded 3 missing episodes." in result.stdout
    with store.session() as session:
        assert len(session.exec(select(MissingEpisode)).all()) == 4


def test_importing_a_file_again_records_nothing_twice(store: Store, history: FormHistory) -> None:
    """A file imported again (or a row repeated) adds no episode; a later end is recorded."""
    first = (
        b"child_ref,started_on,ended_on\n"
        b"C-FORM001,29/11/2026,30/11/2026\n"
        b"C-FORM002,01/12/2026,\n"
        b"C-FORM001,29/11/2026,30/11/2026\n"
    )
    again = (
        b"child_ref,started_on,ended_on\n"
        b"C-FORM001,29/11/2026,30/11/2026\n"
        b"C-FORM002,01/12/2026,03/12/2026\n"
        b"C-FORM003,02/12/2026,\n"
    )
    with store.session() as session:
        check = check_bytes(session, data=first, source="m.csv", today=TODAY)
        assert check.problems == () and check.already == (4,)
        assert apply(session, check, recorded_by="coord", at=AT) == 2
        check = check_bytes(session, data=again, source="m.csv", today=TODAY)
        assert check.problems == () and check.already == (2,)
        assert "1 already recorded" in check.summary()
        apply(session, check, recorded_by="coord", at=AT)
        found = sorted(
            (e.child_id, e.started_on, e.ended_on)
            for e in session.exec(select(MissingEpisode)).all()
            if e.child_id != history.missing
        )
    assert found == sorted(
        [
            (history.high, date(2026, 11, 29), date(2026, 11, 30)),
            (history.long_high, date(2026, 12, 1), date(2026, 12, 3)),
            (history.medium, date(2026, 12, 2), None),
        ]
    )


def test_another_end_for_a_recorded_episode_is_a_problem(
    store: Store, history: FormHistory
) -> None:
    data = (
        b"child_ref,started_on,ended_on\n"
        b"C-FORM001,29/11/2026,30/11/2026\n"
        b"C-FORM001,29/11/2026,01/12/2026\n"
    )
    with store.session() as session:
        check = check_bytes(session, data=data, source="m.csv", today=TODAY)
        assert [str(p) for p in check.problems] == [
            "row 3, ended_on: row 2 has the same child and start with another end; keep one row."
        ]
