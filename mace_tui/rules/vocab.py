"""The meeting's fixed vocabulary: the values stored and the words shown for them."""

from __future__ import annotations

GRADES = ("HIGH", "MEDIUM", "LOW")

# What an agency counts as for quorum.
SECTORS = (
    "police",
    "health",
    "childrens-services",
    "education",
    "youth-justice",
    "housing",
    "district-council",
    "voluntary",
    "probation",
    "business-support",
    "other",
)
SECTOR_LABELS = {
    "police": "Police",
    "health": "Health",
    "childrens-services": "Children's services",
    "education": "Education",
    "youth-justice": "Youth justice",
    "housing": "Housing",
    "district-council": "District council",
    "voluntary": "Voluntary sector",
    "probation": "Probation",
    "business-support": "Business support",
    "other": "Other",
}

# Parts a person can play that a profile may require to be present.
ROLES = ("member", "chair", "minute-taker", "coordinator", "analyst")
ROLE_LABELS = {
    "member": "Member",
    "chair": "Chair",
    "minute-taker": "Minute taker",
    "coordinator": "Coordinator",
    "analyst": "Analyst",
}

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

THRIVE_SECTIONS = ("threat", "harm", "risk", "investigation", "vulnerabilities", "engagement")

REFERRAL_SOURCES = {
    "police-report": "Police report / PPN",
    "intelligence": "Intelligence",
    "screening-tool": "Screening tool",
    "partner-referral": "Partner referral",
    "deferred": "Deferred from an earlier meeting",
    # Put on a review meeting's queue from its agenda proposed from data (R19).
    "review": "Review of the data (FORM)",
}

EXPLOITATION_TYPES = {
    "cse": "CSE",
    "cce": "CCE",
    "trafficking": "Trafficking",
    "missing": "Missing",
    "financial": "Financial",
}

ITEM_STATUSES = ("waiting", "in-discussion", "done", "deferred", "removed")
ACTION_STATUSES = {
    "open": "Open",
    "in-progress": "In progress",
    "complete": "Complete",
    "not-possible": "Not possible (circumstances changed)",
    "not-done": "Not done (agency)",
}
OPEN_ACTION_STATUSES = ("open", "in-progress", "not-done")


def sector_label(sector: str) -> str:
    """The words shown for a sector key."""
    return SECTOR_LABELS.get(sector, sector)


def role_label(role: str) -> str:
    """The words shown for a role key."""
    return ROLE_LABELS.get(role, role)


def types_label(stored: str) -> str:
    """The exploitation types as stored (``cce,missing``) in words: ``CCE, Missing``."""
    return ", ".join(EXPLOITATION_TYPES.get(t, t) for t in stored.split(",") if t)
