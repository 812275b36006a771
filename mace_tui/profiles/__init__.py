"""Meeting profiles (TOML) and their loader."""

from mace_tui.profiles.loader import (
    Profile,
    ProfileError,
    Schedule,
    Statement,
    clear_cache,
    get_profile,
    load_profile_file,
    load_profiles,
    profile_problems,
)

__all__ = [
    "Profile",
    "ProfileError",
    "Schedule",
    "Statement",
    "clear_cache",
    "get_profile",
    "load_profile_file",
    "load_profiles",
    "profile_problems",
]
