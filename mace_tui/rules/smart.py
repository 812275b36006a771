"""SMART checks for actions (R8) and information-sharing actions (R9)."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date

from store.frozen import record

# Verbs and phrases that make an action impossible to complete or check.
VAGUE = (
    "monitor",
    "be aware",
    "consider",
    "keep an eye",
    "look into",
    "touch base",
    "continue to",
    "try to",
    "where possible",
    "as needed",
    "as appropriate",
    "ongoing",
    "asap",
    "when possible",
    "explore",
)
_VAGUE_RE = re.compile(r"\b(" + "|".join(re.escape(v) for v in VAGUE) + r")\b", re.IGNORECASE)
MIN_WORDS = 4


@record
class ActionDraft:
    """An action as typed, before it is saved."""

    text: str
    owner: str
    agency: str
    due: date | None
    agreed: bool = False
    kind: str = "action"  # or "info-share"
    share_what: str = ""
    share_with: str = ""
    share_why: str = ""


@record
class Problem:
    """Something wrong with an action: ``blocking`` ones stop it being saved as agreed."""

    field: str
    message: str
    blocking: bool = True


def vague_words(text: str) -> list[str]:
    """The vague words found in ``text``, in order."""
    return [m.group(0) for m in _VAGUE_RE.finditer(text)]


def check_action(
    draft: ActionDraft,
    *,
    today: date,
    present_agencies: Collection[str] | None = None,
    excluded_owners: Collection[str] = (),
) -> list[Problem]:
    """Every SMART problem with ``draft``; an empty list means it is fine."""
    problems: list[Problem] = []
    text = draft.text.strip()
    if not text:
        problems.append(Problem("what", "Say what will be done."))
    else:
        if len(text.split()) < MIN_WORDS:
            problems.append(
                Problem(
                    "what", "Too short to check: say what will be done and how we will know.", False
                )
            )
        for word in dict.fromkeys(w.lower() for w in vague_words(text)):
            problems.append(
                Problem("what", f"'{word}' is vague: say what will be done and by when.", False)
            )
    owner = draft.owner.strip()
    if not owner:
        problems.append(Problem("owner", "Name the person or team who owns this action."))
    elif owner.lower() in {o.lower() for o in excluded_owners}:
        problems.append(
            Problem(
                "owner", f"{owner} has a conflict for this discussion and cannot own its actions."
            )
        )
    if not draft.agency.strip():
        problems.append(Problem("agency", "Name the owner's agency."))
    elif present_agencies is not None and draft.agency not in present_agencies:
        problems.append(
            Problem("agency", f"{draft.agency} is not present to agree this action.", False)
        )
    if draft.due is None:
        problems.append(Problem("due", "Give a due date."))
    elif draft.due < today:
        problems.append(Problem("due", f"{draft.due:%Y-%m-%d} is in the past."))
    if not draft.agreed:
        problems.append(Problem("agreed", "Not yet agreed by the owner's agency.", False))
    if draft.kind == "info-share":
        for name, value, ask in (
            ("share_what", draft.share_what, "Say what information will be shared."),
            ("share_with", draft.share_with, "Say who it will be shared with."),
            ("share_why", draft.share_why, "Say why it is being shared."),
        ):
            if not value.strip():
                problems.append(Problem(name, ask))
    return problems


def is_blocked(problems: Collection[Problem]) -> bool:
    """True when any problem stops the action being saved."""
    return any(p.blocking for p in problems)
