"""Citations of research in a note (R23): the words inserted, and the marks read back."""

from __future__ import annotations

from datetime import date

import pytest

from mace_tui.rules.citations import citation_text, cited_ids


@pytest.mark.parametrize(
    ("verb", "expected"),
    [
        ("confirms", "confirms research from Education, received 18/11/2026 [research 7]"),
        ("adds to", "adds to research from Education, received 18/11/2026 [research 7]"),
        ("differs from", "differs from research from Education, received 18/11/2026 [research 7]"),
    ],
)
def test_citation_words(verb: str, expected: str) -> None:
    got = citation_text(verb=verb, agency="Education", received=date(2026, 11, 18), research_id=7)
    assert got == expected


def test_an_unknown_verb_is_refused() -> None:
    with pytest.raises(ValueError, match="verb"):
        citation_text(verb="proves", agency="Education", received=date(2026, 11, 18), research_id=7)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("No citation here (R7 applies).", []),
        ("confirms research from Education, received 18/11/2026 [research 7]", [7]),
        ("[research 3] and [research 12], again [research 3]", [3, 12]),
        ("[research x] [Research 4] [research  5]", []),
    ],
)
def test_cited_ids(text: str, ids: list[int]) -> None:
    assert cited_ids(text) == ids
