"""THRIVE sections (R5) with short prompts to steer the discussion, in our own words."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    """One THRIVE heading and what to ask under it."""

    key: str
    title: str
    prompts: tuple[str, ...]


SECTIONS: tuple[Section, ...] = (
    Section(
        "threat",
        "Threat",
        (
            "Who poses a threat to the child, and how do we know?",
            "Any named adults, groups, places or online accounts?",
        ),
    ),
    Section(
        "harm",
        "Harm",
        (
            "What harm has the child suffered so far?",
            "Injuries, debts, missing episodes, changes in behaviour?",
        ),
    ),
    Section(
        "risk",
        "Risk",
        (
            "How likely is further harm, how serious, and how soon?",
            "What protects the child, and what makes it worse?",
        ),
    ),
    Section(
        "investigation",
        "Investigation",
        (
            "Is there a crime to record or an investigation under way?",
            "What evidence or disruption opportunities are there?",
        ),
    ),
    Section(
        "vulnerabilities",
        "Vulnerabilities",
        (
            "What in the child's life makes exploitation more likely?",
            "Placement, school, health, family, friendships?",
        ),
    ),
    Section(
        "engagement",
        "Engagement",
        (
            "Who does the child trust, and how do they respond to help?",
            "What would make it easier for them to talk to us?",
        ),
    ),
)
BY_KEY = {section.key: section for section in SECTIONS}
