"""Meeting profiles: the five shipped ones, user profiles, and errors naming file and key."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from mace_tui.profiles import (
    ProfileError,
    adopt_profiles,
    clear_cache,
    get_profile,
    load_profiles,
    loaded_profiles,
    profile_problems,
)
from mace_tui.profiles.loader import SHIPPED_DIR

SHIPPED = ("llr-drmm", "llr-form", "llr-monthly", "lincs-mace-l1", "lincs-mace-l2")


@pytest.fixture(autouse=True)
def fresh_cache():
    clear_cache()
    yield
    clear_cache()


def test_the_five_profiles_ship() -> None:
    assert set(load_profiles()) == set(SHIPPED)


@pytest.mark.parametrize(
    ("key", "cadence", "start", "minutes", "roles"),
    [
        ("llr-drmm", "weekdays", "09:00", 60, ()),
        ("llr-form", "fortnightly", "10:30", 90, ()),
        ("llr-monthly", "monthly", "10:00", 90, ()),
        ("lincs-mace-l1", "weekly", "10:00", 120, ()),
        ("lincs-mace-l2", "weekly", "10:00", 120, ("minute-taker",)),
    ],
)
def test_profile_contents(key: str, cadence: str, start: str, minutes: int, roles: tuple) -> None:
    profile = get_profile(key)
    assert profile.schedule.cadence == cadence
    assert f"{profile.schedule.start:%H:%M}" == start
    assert profile.scheduled_minutes == minutes
    assert profile.core_sectors == ("police", "health", "childrens-services")
    assert profile.required_roles == roles
    assert set(profile.risk_scale) == {"HIGH", "MEDIUM", "LOW"}
    assert profile.agenda


@pytest.mark.parametrize("key", [k for k in SHIPPED if k != "llr-monthly"])
def test_case_meetings_have_the_r4_statements(key: str) -> None:
    keys = {s.key for s in get_profile(key).statements}
    assert keys == {
        "research",
        "confidentiality",
        "conflicts",
        "crime-recording",
        "recording",
        "language",
    }


def test_only_the_drmm_profile_counts_referrals() -> None:
    assert [k for k, p in load_profiles().items() if p.counts_as_drmm] == ["llr-drmm"]


def test_unknown_profile_lists_the_known_ones() -> None:
    with pytest.raises(ProfileError, match=r"'nope' is not a known profile.*llr-drmm"):
        get_profile("nope")


def _user_profile(config: Path, name: str, text: str) -> Path:
    folder = config / "profiles"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _drmm_text(**replace: str) -> str:
    text = (SHIPPED_DIR / "llr-drmm.toml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def test_user_profile_is_added(tmp_path: Path) -> None:
    text = _drmm_text(**{'key = "llr-drmm"': 'key = "north-drmm"', "minutes = 60": "minutes = 75"})
    _user_profile(tmp_path, "north-drmm", text)
    profile = get_profile("north-drmm", tmp_path)
    assert profile.scheduled_minutes == 75
    assert "llr-drmm" in load_profiles(tmp_path)


def test_profiles_handed_over_are_used_without_reading_the_files(tmp_path: Path) -> None:
    """The command process reads the profiles and hands them to the UI process
    (mace_tui/handoff.py), which then reads no profile file: what it was handed stands,
    a user's broken file included, even if the files change meanwhile."""
    text = _drmm_text(**{'key = "llr-drmm"': 'key = "north-drmm"', "minutes = 60": "minutes = 75"})
    _user_profile(tmp_path, "north-drmm", text)
    _user_profile(tmp_path, "broken", "this is not TOML")
    handed = pickle.loads(pickle.dumps(loaded_profiles(tmp_path)))  # over the pipe
    clear_cache()  # a new process
    (tmp_path / "profiles" / "north-drmm.toml").unlink()
    adopt_profiles(tmp_path, handed)
    assert get_profile("north-drmm", tmp_path).scheduled_minutes == 75
    with pytest.raises(ProfileError, match="broken"):
        get_profile("broken", tmp_path)
    clear_cache()  # not handed over: the files are read
    with pytest.raises(ProfileError, match="not a known profile"):
        get_profile("north-drmm", tmp_path)


def test_user_profile_replaces_a_shipped_one(tmp_path: Path) -> None:
    _user_profile(tmp_path, "llr-drmm", _drmm_text(**{'start = "09:00"': 'start = "09:30"'}))
    assert f"{get_profile('llr-drmm', tmp_path).schedule.start:%H:%M}" == "09:30"


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        ({'start = "09:00"': 'start = "9am"'}, r"key 'schedule\.start': must be a time as HH:MM"),
        ({'start = "09:00"': "start = 9"}, r"key 'schedule\.start'"),
        (
            {"minutes = 60": "minutes = 0"},
            r"key 'schedule\.minutes': must be a whole number from 5",
        ),
        (
            {'"childrens-services"]': '"social-care"]'},
            r"key 'quorum\.core_sectors': 'social-care' is not one of",
        ),
        ({'cadence = "weekdays"': 'cadence = "daily"'}, r"key 'schedule\.cadence': must be one of"),
        ({'key = "llr-drmm"': 'key = "other"'}, r"key 'key': 'other' must match the file name"),
        ({"[risk]\n": "[risks]\n"}, r"key 'risk': missing"),
        (
            {"per_child = true": 'per_child = "yes"'},
            r"key 'recording\.per_child': must be true or false",
        ),
        ({'key = "research"': 'key = "Research Scope"'}, r"key 'statements\[0\]\.key'"),
        (
            {'name = "Daily Risk Management Meeting"': 'name = ""'},
            r"key 'name': must be non-empty text",
        ),
    ],
)
def test_malformed_profile_names_file_and_key(tmp_path: Path, replace: dict, message: str) -> None:
    path = _user_profile(tmp_path, "llr-drmm", _drmm_text(**replace))
    with pytest.raises(ProfileError, match=message) as caught:
        get_profile("llr-drmm", tmp_path)
    # Other commands go on with the shipped profile left in place and say why.
    assert load_profiles(tmp_path)["llr-drmm"].source != path
    assert any(line.startswith(str(path)) for line in profile_problems(tmp_path))
    assert str(caught.value).startswith(str(path))


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path = _user_profile(tmp_path, "broken", 'key = "broken"\nname = "unterminated\n')
    with pytest.raises(ProfileError, match=r"line 2") as caught:
        get_profile("broken", tmp_path)
    assert str(path) in str(caught.value)


def test_fortnightly_anchor_must_fall_on_the_weekday(tmp_path: Path) -> None:
    text = (SHIPPED_DIR / "llr-form.toml").read_text(encoding="utf-8")
    _user_profile(tmp_path, "llr-form", text.replace("anchor = 2026-01-07", "anchor = 2026-01-08"))
    with pytest.raises(ProfileError, match=r"'schedule\.anchor': 2026-01-08 is not a wed"):
        get_profile("llr-form", tmp_path)


def test_the_form_declares_its_agenda_from_data() -> None:
    review = get_profile("llr-form").review
    assert review is not None
    assert (review.missing_days, review.high_review_days, review.quiet_discussions) == (14, 84, 2)
    assert get_profile("llr-drmm").review is None


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("missing_days = 14", "missing_days = 0"), r"'review\.missing_days': must be a whole"),
        (
            ("quiet_discussions = 2", "quite_discussions = 2"),
            r"'review\.quite_discussions': unknown",
        ),
        (('proposal = "form"', 'proposal = "drmm"'), r"'review\.proposal': must be one of form"),
    ],
)
def test_a_bad_review_table_names_the_key(
    tmp_path: Path, replace: tuple[str, str], message: str
) -> None:
    text = (SHIPPED_DIR / "llr-form.toml").read_text(encoding="utf-8")
    assert replace[0] in text
    _user_profile(tmp_path, "llr-form", text.replace(*replace))
    with pytest.raises(ProfileError, match=message):
        get_profile("llr-form", tmp_path)
