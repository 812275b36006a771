"""What the coordinator may type or import: every field's rule, table by table."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.prep.fields import (
    FieldError,
    check_child,
    check_item,
    check_name,
    check_reason,
    check_ref,
    parse_date,
    parse_date_of_birth,
    parse_exploitation_types,
    parse_referral_source,
)

MEETING = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Riley Example", "Riley Example"),
        ("  Riley   Example ", "Riley Example"),
        ("Zoë O'Example-Smith", "Zoë O'Example-Smith"),
        ("Riley\nExample", "Riley Example"),
    ],
)
def test_names_accepted(typed: str, expected: str) -> None:
    assert check_name(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("----", "has no letters"),
        ("Riley 2", "contains digits"),
        ("R" * 201, "keep it to 200"),
    ],
)
def test_names_refused_naming_the_field(typed: str, says: str) -> None:
    with pytest.raises(FieldError) as caught:
        check_name(typed)
    assert caught.value.field == "name"
    assert str(caught.value).startswith("Name: ")
    assert says in caught.value.reason


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05/03/2012", date(2012, 3, 5)),
        ("5/3/2012", date(2012, 3, 5)),
        ("05-03-2012", date(2012, 3, 5)),
        ("05.03.2012", date(2012, 3, 5)),
        ("2012-03-05", date(2012, 3, 5)),
        (" 29/02/2012 ", date(2012, 2, 29)),
    ],
)
def test_dates_read_the_uk_way(typed: str, expected: date) -> None:
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "is empty"),
        ("next tuesday", "is not a date"),
        ("2012/03/05", "is not a date"),
        ("05/03/12", "four-digit year"),
        ("31/02/2012", "not a day in the calendar"),
        ("29/02/2013", "not a day in the calendar"),
        ("03/13/2012", "month outside 1 to 12"),
        ("00/01/2012", "not a day in the calendar"),
    ],
)
def test_impossible_dates_refused(typed: str, says: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_date(typed)
    assert caught.value.field == "date_of_birth"
    assert says in caught.value.reason


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("25/11/2026", "after the meeting date"),
        ("24/11/2001", "age of 25 or more"),
        ("01/01/1890", "age of 25 or more"),
    ],
)
def test_dates_of_birth_impossible_for_a_child(typed: str, says: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_date_of_birth(typed, on=MEETING)
    assert says in caught.value.reason


def test_date_of_birth_limits() -> None:
    assert parse_date_of_birth("24/11/2026", on=MEETING) == MEETING  # born that day
    assert parse_date_of_birth("25/11/2001", on=MEETING) == date(2001, 11, 25)  # 24


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("police-report", "police-report"),
        ("Police report", "police-report"),
        ("PPN", "police-report"),
        ("Police report / PPN", "police-report"),
        ("intel", "intelligence"),
        ("Screening_Tool", "screening-tool"),
        ("partner referral", "partner-referral"),
        ("Partner", "partner-referral"),
    ],
)
def test_referral_sources(typed: str, expected: str) -> None:
    assert parse_referral_source(typed) == expected


@pytest.mark.parametrize("typed", ["", "gossip", "deferred", "Riley Example"])
def test_referral_source_refused_without_repeating_the_value(typed: str) -> None:
    with pytest.raises(FieldError) as caught:
        parse_referral_source(typed)
    assert caught.value.field == "referral_source"
    assert "police-report, intelligence, screening-tool, partner-referral" in caught.value.reason
    if typed:
        assert typed not in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", ()),
        ("CSE", ("cse",)),
        ("cce; missing", ("cce", "missing")),
        ("Missing,CCE,cce", ("cce", "missing")),
        ("trafficking/financial", ("trafficking", "financial")),
        ("CSE | Missing", ("cse", "missing")),
    ],
)
def test_exploitation_types(typed: str, expected: tuple[str, ...]) -> None:
    assert parse_exploitation_types(typed) == expected


def test_unknown_exploitation_type_refused() -> None:
    with pytest.raises(FieldError) as caught:
        parse_exploitation_types("CSE; Jordan Sample")
    assert caught.value.field == "exploitation_types"
    assert "Jordan" not in str(caught.value)


def test_reason_is_one_paragraph_and_required() -> None:
    assert check_reason("Seen with\n\nan adult.  ") == "Seen with an adult."
    with pytest.raises(FieldError, match="Reason: is empty"):
        check_reason(" \n ")
    with pytest.raises(FieldError, match="keep it to 4000"):
        check_reason("x" * 4001)


@pytest.mark.parametrize(("typed", "expected"), [("", ""), (" c-7fk2 ", "C-7FK2")])
def test_refs(typed: str, expected: str) -> None:
    assert check_ref(typed) == expected


def test_bad_ref() -> None:
    with pytest.raises(FieldError, match="MACE reference: is not a MACE reference"):
        check_ref("Riley Example")


def test_check_child_reports_every_field() -> None:
    details, errors = check_child(
        {"name": "", "date_of_birth": "31/02/2012", "npa": "N" * 121}, on=MEETING
    )
    assert details is None
    assert [e.field for e in errors] == ["name", "date_of_birth", "npa"]


def test_check_child_and_item_accept_good_values() -> None:
    child, errors = check_child(
        {"name": "Kit Fabricate", "date_of_birth": "27/06/2013", "local_authority": "Exampleford"},
        on=MEETING,
    )
    assert errors == []
    assert child is not None and child.date_of_birth == date(2013, 6, 27)
    item, errors = check_item(
        {"referral_source": "PPN", "exploitation_types": "CCE", "reason": "Found far from home."}
    )
    assert errors == []
    assert item is not None and item.types_text == "cce"
