"""R15 victim-blaming language check: word families, spans, drop-in wordings, no false alarms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mace_tui.rules.language import CATEGORIES, Hit, check, hit_at, parse, phrases

DATA = Path(__file__).parents[1] / "data"
# Words that make a wording an instruction to the chair rather than words for the note.
INSTRUCTIONS = re.compile(r"^(describe|say|name|give|explain|state|list|record|write)\b", re.I)


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_every_phrase_says_why_and_what_to_write_and_has_a_category() -> None:
    items = phrases()
    assert len(items) >= 50
    for phrase in items:
        assert phrase.why.strip() and phrase.advice.strip(), phrase.match
        assert phrase.category in CATEGORIES, phrase.match
    assert {p.category for p in items} == set(CATEGORIES)


@pytest.mark.parametrize("phrase", phrases(), ids=lambda p: p.match)
def test_a_drop_in_wording_is_words_for_the_note_never_an_instruction(phrase) -> None:
    if not phrase.instead:
        return
    assert not INSTRUCTIONS.search(phrase.instead)
    assert not re.search(r"[()/\[\]]", phrase.instead), "no blanks or alternatives to fill in"
    assert check(phrase.instead) == [], "the better wording is not itself flagged"


@pytest.mark.parametrize("phrase", phrases(), ids=lambda p: p.match)
def test_every_phrase_is_found_as_written(phrase) -> None:
    # The first alternative of each slot, as the data file spells it.
    words = [" ".join(slot[0]) for slot in parse(phrase.match)]
    text = "Noted: " + " ".join(words) + "."
    [hit] = check(text)
    assert hit.phrase == phrase and hit.exact


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("She is putting herself at risk by going out", ["putting herself at risk"]),
        ("PUTTING THEMSELVES AT RISK", ["PUTTING THEMSELVES AT RISK"]),
        ("putting\nhimself   at risk", ["putting\nhimself   at risk"]),
        ("He puts himself at risk", ["puts himself at risk"]),  # a word family
        ("Known as a drug runner locally", ["drug runner"]),
        ("one of the drug runners", ["drug runners"]),
        ("drug-running", ["drug-running"]),
        ("has an older boyfriend", ["older boyfriend"]),
        ("described as promiscuous and streetwise", ["promiscuous", "streetwise"]),
        ("not engaging with services", ["not engaging with"]),
        ("not engaging at all", ["not engaging"]),
        ("The child is engaging well", []),
        ("Police will engage with the school", []),
        ("consensual relationship", ["consensual"]),
        ("Carer consented to the referral", []),
        ("she consented", ["she consented"]),
        ("Sam chose to go missing", ["chose to go missing"]),
        ("He chooses to go missing", ["chooses to go missing"]),
        ("chose this lifestyle", ["chose this lifestyle"]),
        ("She was exploited by adults", []),
        ("sex-work", ["sex-work"]),
        ("sex, work", []),  # punctuation breaks a phrase
        ("gang-affiliated and gang affiliated", ["gang-affiliated", "gang affiliated"]),
        ("sexual activity with an adult", []),  # "sexually active" is matched as written only
        ("Runaways unit", ["Runaways"]),
        ("The school is willing to help", []),
    ],
)
def test_check_finds_phrases_and_their_word_families(text: str, found: list[str]) -> None:
    hits = check(text)
    assert [h.text for h in hits] == found
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text


@pytest.mark.parametrize(
    ("text", "replacement"),
    [
        ("Sam is putting themselves at risk", "being put at risk by others"),
        ("He puts himself at risk", None),  # inflected: the drop-in would not fit
        ("Sam is streetwise", None),  # no drop-in exists: the hint explains
        ("Sam chose to go missing", "went missing"),
        ("Seen with an older boyfriend", "adult abuser"),
        ("She refuses to engage", None),
        ("She is refusing to engage", "not yet able to engage"),
    ],
)
def test_a_replacement_is_offered_only_where_it_fits(text: str, replacement: str | None) -> None:
    [hit] = check(text)
    assert hit.replacement == replacement
    hint = hit.hint()
    assert hit.phrase.why in hint
    if replacement is None:
        assert hit.phrase.advice in hint and "ctrl+l" not in hint
    else:
        assert f"ctrl+l → “{replacement}”" in hint


def test_neutral_meeting_text_raises_no_false_alarm() -> None:
    lines = _lines("language_neutral.txt")
    assert len(lines) >= 100
    assert [(line, [h.text for h in check(line)]) for line in lines if check(line)] == []


def test_held_out_phrasings_are_all_flagged() -> None:
    lines = _lines("language_heldout.txt")
    assert len(lines) >= 40
    assert [line for line in lines if not check(line)] == []


def test_the_hint_follows_the_cursor_at_or_before_it() -> None:
    text = "Sam is putting themselves at risk by going missing and is streetwise."
    first, second = check(text)
    assert hit_at([first, second], 0) is None
    assert hit_at([first, second], first.start + 3) is first
    assert hit_at([first, second], second.start - 2) is first  # between: the one before
    assert hit_at([first, second], len(text)) is second


def test_hit_carries_the_better_wording() -> None:
    [hit] = check("a child prostitute")
    assert isinstance(hit, Hit)
    assert hit.replacement == "child who is being sexually exploited"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("She is making risky choices at weekends", "making risky choices"),
        ("He made risky choices last month", "made risky choices"),
        ("He put himself in danger by getting in the car", "put himself in danger"),
        ("Riley keeps putting herself in danger", "putting herself in danger"),
    ],
)
def test_risky_choices_and_putting_oneself_in_danger_are_flagged(text: str, found: str) -> None:
    """Found trying the chair's screens (review of issue 17): common wordings of "choice" and
    "responsibility" language that the families of the listed phrases did not reach."""
    assert [text[h.start : h.end] for h in check(text)] == [found]
