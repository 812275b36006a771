"""Research scope (R22 with R9): who a list or a screen may name among the linked subjects.

A subject on the agenda is named. A linked subject that is not on it is described by its
role ("a linked adult") unless an information-sharing action (R9) covers it: an
information-sharing action that names the subject (its full name, in any case and
spacing, as whole words) in what is to be done, what is shared or why, and that was agreed
at this meeting or at an earlier one and is still open (open, in progress or not done).
A completed or impossible action no longer covers anyone: its sharing is over.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from store.frozen import record

# Statuses of an earlier action that keep it open (R12): it still covers whom it names.
STILL_OPEN = frozenset({"open", "in-progress", "not-done"})

ROLES = {"person": "a linked adult", "location": "a linked place", "child": "a linked child"}


@record
class ShareAction:
    """An information-sharing action, as far as research scope needs it."""

    text: str
    share_what: str
    share_why: str
    status: str
    # Agreed at the meeting whose list or screen this is (else an earlier one).
    this_meeting: bool


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def names_subject(action: ShareAction, name: str) -> bool:
    """True when the action names the subject: its whole name, as whole words, any case."""
    wanted = _words(name)
    if not wanted:
        return False
    said = _words(" ".join((action.text, action.share_what, action.share_why)))
    return f" {wanted} " in f" {said} "


def covers(action: ShareAction, name: str) -> bool:
    """True when ``action`` lets a linked subject called ``name`` be named (see the module)."""
    in_force = action.this_meeting or action.status in STILL_OPEN
    return in_force and names_subject(action, name)


def covered(actions: Iterable[ShareAction], name: str) -> bool:
    """True when any of ``actions`` covers the subject called ``name``."""
    return any(covers(a, name) for a in actions)


def shown_as(
    name: str,
    kind: str,
    *,
    on_agenda: bool,
    actions: Collection[ShareAction] = (),
) -> str:
    """How a linked subject is shown: its name when on the agenda or covered, else its role."""
    if on_agenda or covered(actions, name):
        return name
    return ROLES[kind]


__all__ = ["ROLES", "STILL_OPEN", "ShareAction", "covered", "covers", "names_subject", "shown_as"]
