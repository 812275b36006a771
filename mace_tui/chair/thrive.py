"""THRIVE sections (R5) with short prompts to steer the discussion, in our own words."""

from __future__ import annotations

from store.frozen import record


@record
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

# -- persons and locations of concern (R22): their own sections, prompts in our words ---

PERSON_SECTIONS: tuple[Section, ...] = (
    Section(
        "threat-posed",
        "Threat posed",
        (
            "What is this person believed to do to children, and to how many?",
            "How sure are we: seen, reported, or suspected?",
        ),
    ),
    Section(
        "links",
        "Links",
        (
            "Which children, adults, groups or places are connected with them?",
            "How do they reach children: in person, by phone, online?",
        ),
    ),
    Section(
        "intelligence",
        "Intelligence",
        (
            "What do agencies hold, and how recent and reliable is it?",
            "What is not known yet, and who could find it out?",
        ),
    ),
    Section(
        "disruption",
        "Disruption options",
        (
            "What could stop or slow this person: orders, notices, arrest, checks?",
            "Which agency can act, and by when?",
        ),
    ),
)

LOCATION_SECTIONS: tuple[Section, ...] = (
    Section(
        "activity",
        "What happens there",
        (
            "What has been seen or reported at this place, and when?",
            "Is it getting busier, quieter, or moving elsewhere?",
        ),
    ),
    Section(
        "users",
        "Who uses it",
        (
            "Which children and which adults go there, and at what times?",
            "Who owns, runs or moderates it?",
        ),
    ),
    Section(
        "place-disruption",
        "Disruption options",
        (
            "What would make the place safer: patrols, licensing, closure, reporting?",
            "Who can act on it, and by when?",
        ),
    ),
)

SECTIONS_BY_KIND: dict[str, tuple[Section, ...]] = {
    "child": SECTIONS,
    "person": PERSON_SECTIONS,
    "location": LOCATION_SECTIONS,
}
# Every key of every kind; the keys never repeat across kinds.
BY_KEY.update({s.key: s for s in (*PERSON_SECTIONS, *LOCATION_SECTIONS)})
# What the discussion tab is called for each kind.
TAB_TITLE = {"child": "THRIVE", "person": "Person", "location": "Location"}
