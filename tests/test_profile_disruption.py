"""Disruption tactics (R22) and an actions-only meeting's topics (R21) in the profiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from mace_tui.profiles import ProfileError, clear_cache, get_profile, load_profiles
from mace_tui.profiles.loader import SHIPPED_DIR
from mace_tui.rules.disruption import split_tactic, tactic_label, tactic_problem, tactic_value


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


def _profile_with(config: Path, name: str, old: str, new: str) -> Path:
    text = (SHIPPED_DIR / f"{name}.toml").read_text(encoding="utf-8")
    assert old in text, old
    folder = config / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_every_shipped_profile_lists_tactics_and_ends_with_other() -> None:
    for key, profile in load_profiles().items():
        assert len(profile.tactics) >= 5, key
        assert profile.tactics[-1] == "other", key
        assert profile.tactics.count("other") == 1, key


def test_only_the_monthly_meeting_has_topics_and_no_children() -> None:
    monthly = get_profile("llr-monthly")
    assert not monthly.discuss_children and monthly.topics[-1] == "Any other business"
    assert all(p.discuss_children and not p.topics
               for k, p in load_profiles().items() if k != "llr-monthly")  # fmt: skip


TACTICS = 'tactics = [\n  "Child abduction warning notice",'


@pytest.mark.parametrize(
    ("profile", "old", "new", "tactics"),
    [
        # "other" written in the file is not offered twice, and stays last
        ("llr-drmm", TACTICS, 'tactics = [\n  "Other",\n  "Child abduction warning notice",',
         None),
        # a profile without the table still offers "other"
        ("llr-drmm", "[disruption]", "[not-used]", ("other",)),
    ],
)  # fmt: skip
def test_tactic_lists(tmp_path: Path, profile: str, old: str, new: str, tactics) -> None:
    if new.startswith("[not-used]"):
        text = (SHIPPED_DIR / f"{profile}.toml").read_text(encoding="utf-8")
        start = text.index("[disruption]")
        end = text.index("]\n", text.index("tactics", start)) + 2
        folder = tmp_path / "profiles"
        folder.mkdir(parents=True)
        (folder / f"{profile}.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    else:
        _profile_with(tmp_path, profile, old, new)
    found = get_profile(profile, tmp_path).tactics
    if tactics is not None:
        assert found == tactics
    else:
        assert found[-1] == "other" and found.count("other") == 1
        assert found[0] == "Child abduction warning notice"


@pytest.mark.parametrize(
    ("profile", "old", "new", "message"),
    [
        ("llr-drmm", TACTICS, 'tactics = [\n  "",', r"key 'disruption\.tactics\[0\]': must be text"),
        ("llr-drmm", TACTICS, 'tactics = [\n  3,', r"key 'disruption\.tactics': must be a list of text"),
        ("llr-drmm", TACTICS, 'tactics = [\n  "Joint agency visit",',
         r"key 'disruption\.tactics\[\d+\]': is listed twice"),
        ("llr-drmm", "tactics = [", "tactic = [", r"key 'disruption\.tactic': unknown key"),
        ("llr-monthly", "topics = [", "themes = [", r"key 'topics': an actions-only meeting"),
        ("llr-monthly", '  "Themes and patterns",', "  7,", r"key 'topics': must be a list of text"),
    ],
)  # fmt: skip
def test_a_bad_list_names_the_field(
    tmp_path: Path, profile: str, old: str, new: str, message: str
) -> None:
    path = _profile_with(tmp_path, profile, old, new)
    with pytest.raises(ProfileError, match=message) as caught:
        get_profile(profile, tmp_path)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("chosen", "words", "kind", "stored", "problem"),
    [
        ("Civil injunction", "", "action", "Civil injunction", None),
        ("other", "Letter to the venue's owner", "action", "other: Letter to the venue's owner",
         None),
        ("other", "  Letter   to   owner ", "action", "other: Letter to owner", None),
        ("other", "", "action", "", "say in a few words"),
        ("", "", "action", "", "pick the disruption tactic"),
        ("", "", "info-share", "", None),
    ],
)  # fmt: skip
def test_a_tactic_is_named_or_described(chosen, words, kind, stored, problem) -> None:
    assert tactic_value(chosen, words) == stored
    found = tactic_problem(chosen, words, kind=kind)
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.mark.parametrize(
    ("stored", "choice", "label"),
    [
        ("", ("", ""), ""),
        ("Civil injunction", ("Civil injunction", ""), "Civil injunction"),
        ("other: Letter to owner", ("other", "Letter to owner"), "Other: Letter to owner"),
        # a tactic the profile no longer lists is kept, as words under "other"
        ("Dispersal order", ("other", "Dispersal order"), "Dispersal order"),
    ],
)
def test_a_stored_tactic_reads_back(stored: str, choice: tuple, label: str) -> None:
    assert split_tactic(stored, ("Civil injunction", "other")) == choice
    assert tactic_label(stored) == label
