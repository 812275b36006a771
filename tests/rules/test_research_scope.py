"""Research scope with information-sharing actions (R22, R9): who a linked line may name."""

from __future__ import annotations

import pytest

from mace_tui.rules.research_scope import ShareAction, covers, shown_as


def share(text: str = "", what: str = "", why: str = "", *, status: str = "open",
          here: bool = True) -> ShareAction:  # fmt: skip
    return ShareAction(text=text, share_what=what, share_why=why, status=status, this_meeting=here)


NAMES_DALE = "Share what the police hold on Dale Testperson"

# (action, subject's name) → covered?
COVERS = [
    (share(NAMES_DALE), "Dale Testperson", True),
    (share(what="dale   TESTPERSON's known areas"), "Dale Testperson", True),
    (share(why="Seen with Dale Testperson at the arcade"), "Dale Testperson", True),
    # Only part of the name, or the name inside another word: not named.
    (share("Share what is known about Dale"), "Dale Testperson", False),
    (share("Share notes on Dale Testpersonson"), "Dale Testperson", False),
    (share("Share notes on the linked adult"), "Dale Testperson", False),
    # Earlier meetings: only while the action is still open.
    (share(NAMES_DALE, status="open", here=False), "Dale Testperson", True),
    (share(NAMES_DALE, status="in-progress", here=False), "Dale Testperson", True),
    (share(NAMES_DALE, status="not-done", here=False), "Dale Testperson", True),
    (share(NAMES_DALE, status="complete", here=False), "Dale Testperson", False),
    (share(NAMES_DALE, status="not-possible", here=False), "Dale Testperson", False),
    # At this meeting, even once marked complete.
    (share(NAMES_DALE, status="complete", here=True), "Dale Testperson", True),
    (share("Share the licence history of The Sample Arcade"), "The Sample Arcade", True),
    (share("anything"), "", False),
]


@pytest.mark.parametrize(("action", "name", "expected"), COVERS)
def test_an_information_sharing_action_covers_whom_it_names_while_in_force(
    action: ShareAction, name: str, expected: bool
) -> None:
    assert covers(action, name) is expected


# (name, kind, on the agenda, actions) → shown as
SHOWN = [
    ("Dale Testperson", "person", True, (), "Dale Testperson"),
    ("Dale Testperson", "person", False, (), "a linked adult"),
    ("Dale Testperson", "person", False, (share(NAMES_DALE),), "Dale Testperson"),
    ("Dale Testperson", "person", False, (share("Share on Kim Offlist"),), "a linked adult"),
    ("The Sample Arcade", "location", False, (), "a linked place"),
    ("Riley Example", "child", False, (), "a linked child"),
    ("Riley Example", "child", False, (share(why="Riley Example was seen"),), "Riley Example"),
]


@pytest.mark.parametrize(("name", "kind", "on_agenda", "actions", "line"), SHOWN)
def test_a_linked_subject_is_named_only_on_the_agenda_or_when_covered(
    name: str, kind: str, on_agenda: bool, actions: tuple[ShareAction, ...], line: str
) -> None:
    assert shown_as(name, kind, on_agenda=on_agenda, actions=actions) == line
