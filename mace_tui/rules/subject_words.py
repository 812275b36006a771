"""How a grade reads for each kind of subject (R22): the risk to a child, the risk a person
of concern poses, or the risk at a location of concern."""

from __future__ import annotations

from collections.abc import Mapping

# The subject as a sentence names it.
NOUN = {"child": "the child", "person": "this person", "location": "this location"}
# A free item's section (R19): in full, and as the queue marks it.
FREE_SECTIONS = {"mpru": "MPRU considerations", "aob": "Any other business"}
FREE_MARKS = {"mpru": "MPRU", "aob": "AOB"}
# What the grade measures.
RISK_TITLE = {
    "child": "Risk to the child",
    "person": "Risk posed by this person",
    "location": "Risk at this location",
}
# Our own definitions for persons and locations; a child's come from the profile's [risk].
_SCALES: dict[str, dict[str, str]] = {
    "person": {
        "HIGH": "Serious harm to children by this person is likely and could happen soon.",
        "MEDIUM": "This person is likely to harm or exploit children.",
        "LOW": "Some sign that this person poses a risk to children; the measures in place "
        "should keep it low.",
    },
    "location": {
        "HIGH": "Children are likely to come to serious harm at this location, and soon.",
        "MEDIUM": "Children are likely to be exploited or harmed at this location.",
        "LOW": "Some sign of exploitation at this location; the measures in place should keep "
        "the risk low.",
    },
}


def noun(kind: str) -> str:
    """The subject in a sentence ("the child", "this person", "this location")."""
    return NOUN.get(kind, NOUN["child"])


def risk_title(kind: str) -> str:
    """What the grade is of, for this kind of subject."""
    return RISK_TITLE.get(kind, RISK_TITLE["child"])


def grade_definition(kind: str, grade: str, risk_scale: Mapping[str, str]) -> str:
    """The grade's meaning for this kind of subject ("" for no grade)."""
    if not grade:
        return ""
    scale = _SCALES.get(kind, risk_scale)
    return f"{grade} — {risk_title(kind).lower()}: {scale.get(grade, '')}"


__all__ = [
    "FREE_MARKS",
    "FREE_SECTIONS",
    "NOUN",
    "RISK_TITLE",
    "grade_definition",
    "noun",
    "risk_title",
]
