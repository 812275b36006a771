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
