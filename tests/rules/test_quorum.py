"""R1 meeting quorum and R2 per-child quorum, across the five profiles."""

from __future__ import annotations

import pytest

from mace_tui.profiles import get_profile
from mace_tui.rules.quorum import QuorumRule, Seat, child_quorum, meeting_quorum

POLICE = Seat(1, "DS Ada Testwell", "police")
POLICE_2 = Seat(2, "PC Rowan Placeholder", "police")
HEALTH = Seat(3, "Bea Mockford", "health")
CS = Seat(4, "Cal Exampleton", "childrens-services")
CS_DEPUTY = Seat(5, "Noor Dummett", "childrens-services")
EDUCATION = Seat(6, "Lou Specimen", "education")
MINUTES = Seat(7, "Robin Minutes", "business-support", role="minute-taker")

THREE = ("police", "health", "childrens-services")


@pytest.mark.parametrize(
    ("present", "required_roles", "missing_sectors", "missing_roles"),
    [
        ([POLICE, HEALTH, CS], (), (), ()),
        ([POLICE, HEALTH, CS_DEPUTY], (), (), ()),  # a named deputy counts
        ([POLICE, CS], (), ("health",), ()),
        ([HEALTH], (), ("police", "childrens-services"), ()),
        ([], (), THREE, ()),
        ([POLICE, POLICE_2, EDUCATION], (), ("health", "childrens-services"), ()),
        ([POLICE, HEALTH, CS], ("minute-taker",), (), ("minute-taker",)),
        ([POLICE, HEALTH, CS, MINUTES], ("minute-taker",), (), ()),
        ([POLICE, MINUTES], ("minute-taker",), ("health", "childrens-services"), ()),
    ],
)
def test_meeting_quorum(present, required_roles, missing_sectors, missing_roles) -> None:
    result = meeting_quorum(QuorumRule(THREE, required_roles), present)
    assert result.missing_sectors == missing_sectors
    assert result.missing_roles == missing_roles
    assert result.quorate == (not missing_sectors and not missing_roles)


@pytest.mark.parametrize(
    ("present", "conflicted", "missing_sectors"),
    [
        ([POLICE, HEALTH, CS], set(), ()),
        ([POLICE, HEALTH, CS], {HEALTH.person_id}, ("health",)),
        ([POLICE, POLICE_2, HEALTH, CS], {POLICE.person_id}, ()),  # a second officer covers
        ([POLICE, HEALTH, CS, CS_DEPUTY], {CS.person_id}, ()),
        ([POLICE, HEALTH, CS], {POLICE.person_id, CS.person_id}, ("police", "childrens-services")),
        ([POLICE, HEALTH, CS, EDUCATION], {EDUCATION.person_id}, ()),  # non-core leaving: no effect
    ],
)
def test_child_quorum(present, conflicted, missing_sectors) -> None:
    result = child_quorum(QuorumRule(THREE), present, conflicted)
    assert result.missing_sectors == missing_sectors


@pytest.mark.parametrize(
    ("profile", "conflicted", "quorate"),
    [
        ("llr-drmm", set(), True),
        ("llr-drmm", {3}, False),
        ("llr-form", {4}, False),
        ("llr-monthly", {1}, False),
        ("lincs-mace-l1", {7}, True),  # L1 needs no minute taker
        ("lincs-mace-l2", set(), True),
        ("lincs-mace-l2", {7}, False),  # L2's only minute taker is conflicted
        ("lincs-mace-l2", {6}, True),
    ],
)
def test_child_quorum_per_profile(profile: str, conflicted: set[int], quorate: bool) -> None:
    prof = get_profile(profile)
    rule = QuorumRule(prof.core_sectors, prof.required_roles)
    room = [POLICE, HEALTH, CS, EDUCATION, MINUTES]
    assert child_quorum(rule, room, conflicted).quorate is quorate


def test_describe_names_what_is_missing() -> None:
    result = meeting_quorum(QuorumRule(THREE, ("minute-taker",)), [POLICE])
    assert result.describe() == "Not quorate: no Health, no Children's services, no minute taker"
    assert meeting_quorum(QuorumRule(THREE), [POLICE, HEALTH, CS]).describe() == "Quorate"


# -- R2: every conflict combination across the five profiles ----------------------------
# The room: one police officer, one nurse, one social worker, an education officer
# and Level 2's minute taker. Each row says who declares a conflict (P, H, C, E, M)
# and what is then missing for the child: the three core sectors, and the minute
# taker only where the profile requires one.
LETTERS = {"P": POLICE, "H": HEALTH, "C": CS, "E": EDUCATION, "M": MINUTES}
ROOM = list(LETTERS.values())
COMBINATIONS = [
    ("", ""),
    ("P", "police"),
    ("H", "health"),
    ("C", "childrens-services"),
    ("E", ""),
    ("M", ""),
    ("PH", "police health"),
    ("PC", "police childrens-services"),
    ("PE", "police"),
    ("PM", "police"),
    ("HC", "health childrens-services"),
    ("HE", "health"),
    ("HM", "health"),
    ("CE", "childrens-services"),
    ("CM", "childrens-services"),
    ("EM", ""),
    ("PHC", "police health childrens-services"),
    ("PHE", "police health"),
    ("PHM", "police health"),
    ("PCE", "police childrens-services"),
    ("PCM", "police childrens-services"),
    ("PEM", "police"),
    ("HCE", "health childrens-services"),
    ("HCM", "health childrens-services"),
    ("HEM", "health"),
    ("CEM", "childrens-services"),
    ("PHCE", "police health childrens-services"),
    ("PHCM", "police health childrens-services"),
    ("PHEM", "police health"),
    ("PCEM", "police childrens-services"),
    ("HCEM", "health childrens-services"),
    ("PHCEM", "police health childrens-services"),
]
PROFILES = ["llr-drmm", "llr-form", "llr-monthly", "lincs-mace-l1", "lincs-mace-l2"]


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    ("who", "missing"), COMBINATIONS, ids=[w or "none" for w, _ in COMBINATIONS]
)
def test_every_conflict_combination(profile: str, who: str, missing: str) -> None:
    prof = get_profile(profile)
    rule = QuorumRule(prof.core_sectors, prof.required_roles)
    conflicted = {LETTERS[letter].person_id for letter in who}
    result = child_quorum(rule, ROOM, conflicted)
    assert result.missing_sectors == tuple(missing.split())
    # Only Level 2 needs its minute taker; without one the child cannot proceed there.
    needs_minutes = profile == "lincs-mace-l2" and "M" in who
    assert result.missing_roles == (("minute-taker",) if needs_minutes else ())
    assert result.quorate == (not missing and not needs_minutes)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    ("room", "who", "quorate"),
    [
        # A second member of the sector, or a named deputy, covers the one who left.
        ([POLICE, POLICE_2, HEALTH, CS, MINUTES], "P", True),
        ([POLICE, HEALTH, CS, CS_DEPUTY, MINUTES], "C", True),
        # Both of a sector leaving uncovers it again.
        ([POLICE, POLICE_2, HEALTH, CS, MINUTES], "PQ", False),
        # Someone not in the room declaring changes nothing.
        ([POLICE, HEALTH, CS, MINUTES], "E", True),
    ],
    ids=["second-officer", "deputy", "both-officers", "absent-person"],
)
def test_cover_within_a_sector(profile: str, room: list[Seat], who: str, quorate: bool) -> None:
    prof = get_profile(profile)
    letters = LETTERS | {"Q": POLICE_2}
    conflicted = {letters[letter].person_id for letter in who}
    result = child_quorum(QuorumRule(prof.core_sectors, prof.required_roles), room, conflicted)
    assert result.quorate is quorate


def test_level_two_without_a_minute_taker_in_the_room() -> None:
    prof = get_profile("lincs-mace-l2")
    rule = QuorumRule(prof.core_sectors, prof.required_roles)
    result = child_quorum(rule, [POLICE, HEALTH, CS], set())
    assert result.missing_roles == ("minute-taker",)
    assert result.describe() == "Not quorate: no minute taker"
