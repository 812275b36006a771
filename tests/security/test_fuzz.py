"""Fuzzing the inputs a user or another system hands us (R18): CSV imports, settings, profiles,
due dates. Whatever comes in: no traceback (only our own error kinds), nothing half-written, and
no cell's value or file's bytes repeated in a message.
"""

from __future__ import annotations

import csv
import io
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from mace_tui.config import SettingsError, check_db_url, load_settings
from mace_tui.prep.csv_import import (
    COLUMNS,
    ImportFileError,
    ImportRefused,
    apply_import,
    check_bytes,
)
from mace_tui.prep.meeting import PrepTarget
from mace_tui.profiles import ProfileError
from mace_tui.profiles.loader import SHIPPED_DIR, load_profile_file, parse_profile
from mace_tui.rules.duedates import DueDateError, parse_due
from store.db import Store
from store.models import AgendaItem, Child
from tests.prep.conftest import AFTER_DEADLINE, hub, target  # noqa: F401  (fixtures)

# Every cell made up here carries this mark; no message may ever show it.
MARK = "Zqv"
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

marked_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30
).map(lambda t: MARK + t)
cell = st.one_of(
    marked_text,
    st.sampled_from(["", "14/03/2012", "2012-03-14", "PPN", "intel", "CSE;CCE", "31/02/2012"]),
    st.sampled_from(["=SUM(A1)", "@x", "-1+1", "\r=2+2", '"', '""', ",", "\n"]).map(
        lambda t: MARK + t
    ),
)


def _counts(store: Store) -> tuple[int, int]:
    with store.session() as session:
        children = session.exec(select(func.count()).select_from(Child)).one()
        items = session.exec(select(func.count()).select_from(AgendaItem)).one()
    return children, items


def _csv_bytes(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


@FUZZ
@given(
    header=st.lists(st.one_of(st.sampled_from(COLUMNS), marked_text), min_size=1, max_size=12),
    rows=st.lists(st.lists(cell, max_size=13), max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    headless=st.booleans(),
)
def test_case_import_never_echoes_a_cell_and_writes_all_or_nothing(
    store: Store,
    target: PrepTarget,  # noqa: F811
    header: list[str],
    rows: list[list[str]],
    encoding: str,
    headless: bool,
) -> None:
    data = _csv_bytes([] if headless else header, rows, encoding)
    before = _counts(store)
    with store.session() as session:
        try:
            checked = check_bytes(session, target=target, data=data, source="list.csv")
        except ImportFileError as exc:
            assert MARK not in str(exc)
            assert _counts(store) == before
            return
        lines = checked.report()
        assert all(MARK not in line for line in lines)
        try:
            done = apply_import(session, target, checked, at=AFTER_DEADLINE)
        except ImportRefused as exc:
            assert MARK not in str(exc)
            assert _counts(store) == before
            return
    after = _counts(store)
    assert after[1] - before[1] == done.added == len(checked.valid)


@FUZZ
@given(data=st.binary(max_size=3000))
def test_case_import_of_any_bytes_is_a_plain_error_at_most(
    store: Store,
    target: PrepTarget,  # noqa: F811
    data: bytes,
) -> None:
    before = _counts(store)
    with store.session() as session:
        try:
            checked = check_bytes(session, target=target, data=data, source="list.csv")
        except ImportFileError as exc:
            # Never the file's bytes: a short sentence about the file.
            assert len(str(exc)) < 400
            return
        assert all(len(line) < 400 for line in checked.report())
    assert _counts(store) == before


# -- settings ------------------------------------------------------------------------

toml_value = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.text(max_size=20).map(lambda t: '"' + t.replace("\\", "").replace('"', "") + '"'),
    st.sampled_from(["true", "[1, 2]", "{a = 1}", "1979-05-27", "3.5", "inf", "nan", '"\\u0000"']),
)
setting_key = st.one_of(
    st.sampled_from(
        ["data_dir", "db_url", "profile", "audio_device", "sample_rate", "retention_days"]
    ),
    st.from_regex(r"[a-z_]{1,15}", fullmatch=True),
)


@FUZZ
@given(entries=st.lists(st.tuples(setting_key, toml_value), max_size=6, unique_by=lambda e: e[0]))
def test_settings_file_gives_settings_or_one_settings_error(
    tmp_path: Path, entries: list[tuple[str, str]]
) -> None:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.toml").write_text("".join(f"{k} = {v}\n" for k, v in entries))
    try:
        loaded = load_settings()
        check_db_url(loaded.db_url)
    except SettingsError as exc:
        assert "\n" not in str(exc)


@FUZZ
@given(data=st.binary(max_size=400))
def test_settings_file_of_any_bytes(tmp_path: Path, data: bytes) -> None:
    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.toml").write_bytes(data)
    try:
        load_settings()
    except SettingsError as exc:
        assert len(str(exc)) < 400 + len(str(config))


# -- profiles ------------------------------------------------------------------------

SHIPPED = tomllib.loads((SHIPPED_DIR / "llr-form.toml").read_text(encoding="utf-8"))
any_value = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=10),
        st.dates(),
        st.sampled_from(["09:00", "24:00", "weekly", "wed", "HIGH", "police"]),
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(data: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(SHIPPED)


@FUZZ
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), any_value), min_size=1, max_size=3))
def test_profile_with_any_value_anywhere_is_a_profile_or_one_profile_error(
    changes: list[tuple[tuple[object, ...], object]],
) -> None:
    import copy

    data = copy.deepcopy(SHIPPED)
    for path, value in changes:
        node = data
        try:
            for step in path[:-1]:
                node = node[step]  # type: ignore[index]
            node[path[-1]] = value  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            continue
    try:
        parse_profile(SHIPPED_DIR / "llr-form.toml", data)
    except ProfileError as exc:
        assert str(exc).startswith(str(SHIPPED_DIR / "llr-form.toml"))


@FUZZ
@given(data=st.binary(max_size=600))
def test_profile_file_of_any_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzzed.toml"
    path.write_bytes(data)
    with pytest.raises(ProfileError) as caught:
        load_profile_file(path)
    assert str(caught.value).startswith(str(path))


# -- due dates -----------------------------------------------------------------------

DUE_MESSAGES = {"empty", "not understood", "not a real date"}


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=20),
        st.from_regex(r"\+\s*\d{1,3}\s*[dwm]", fullmatch=True),
        st.from_regex(r"\d{1,4}[-/]\d{1,2}[-/]\d{1,4}", fullmatch=True),
    ),
    today=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
)
def test_due_date_is_a_date_or_a_message_that_does_not_repeat_it(text: str, today: date) -> None:
    try:
        due = parse_due(text, today=today)
    except DueDateError as exc:
        what = str(exc).removeprefix("Due date: ").split(". ", 1)[0]
        assert what in DUE_MESSAGES
        return
    # A written date may be in the past (the SMART check refuses that); quick entry never is.
    if not any(ch in text for ch in "-/"):
        assert today <= due <= today + timedelta(days=999 * 31)
