"""Meeting profiles (TOML) and their loader."""

from mace_tui.profiles.loader import (
    LoadedProfiles,
    Profile,
    ProfileError,
    Schedule,
    Statement,
    adopt_profiles,
    clear_cache,
    get_profile,
    load_profile_file,
    load_profiles,
    loaded_profiles,
    profile_problems,
)

__all__ = [
    "LoadedProfiles",
    "Profile",
    "ProfileError",
    "Schedule",
    "Statement",
    "adopt_profiles",
    "clear_cache",
    "get_profile",
    "load_profile_file",
    "load_profiles",
    "loaded_profiles",
    "profile_problems",
]
