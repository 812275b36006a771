"""R15 victim-blaming language check: spans, case, word boundaries."""

from __future__ import annotations

import pytest

from mace_tui.rules.language import check, phrases


def test_at_least_thirty_phrases_each_with_why_and_instead() -> None:
    items = phrases()
    assert len(items) >= 30
    for phrase in items:
        assert phrase.why.strip() and phrase.instead.strip(), phrase.match


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("She is putting herself at risk by going out", ["putting herself at risk"]),
        ("PUTTING THEMSELVES AT RISK", ["PUTTING THEMSELVES AT RISK"]),
        ("putting\nhimself   at risk", ["putting\nhimself   at risk"]),
        ("Known as a drug runner locally", ["drug runner"]),
        ("has an older boyfriend", ["older boyfriend"]),
        ("described as promiscuous and streetwise", ["promiscuous", "streetwise"]),
        ("not engaging with services", ["not engaging"]),
        ("The child is engaging well", []),
        ("Runaways unit", []),  # not on a word boundary
        ("drug runners", []),
        ("She was exploited by adults", []),
        ("sex-work", []),
        ("gang-affiliated and gang affiliated", ["gang-affiliated", "gang affiliated"]),
    ],
)
def test_check_finds_phrases(text: str, found: list[str]) -> None:
    hits = check(text)
    assert [h.text for h in hits] == found
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


def test_hit_carries_the_better_wording() -> None:
    [hit] = check("a child prostitute")
    assert "sexually exploited" in hit.phrase.instead
    assert hit.phrase.why
