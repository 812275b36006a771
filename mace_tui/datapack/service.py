"""What the screen and the command call: the pack for a month, read from a store."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from mace_tui.datapack.month import Month
from mace_tui.datapack.pack import TREND_MONTHS, DataPack, build_pack
from mace_tui.profiles import load_profiles
from store.db import Store


def drmm_profiles(config_dir: Path | None) -> tuple[str, ...]:
    """The profiles whose queues count as DRMM referrals (``counts_as_drmm``)."""
    return tuple(sorted(p.key for p in load_profiles(config_dir).values() if p.counts_as_drmm))


def load_pack(
    store: Store,
    *,
    month: Month,
    config_dir: Path | None,
    generated_at: datetime,
    months: int = TREND_MONTHS,
) -> DataPack:
    """The data pack for ``month`` with its trend, read in one session."""
    profiles = drmm_profiles(config_dir)
    with store.session() as session:
        return build_pack(
            session, month=month, drmm_profiles=profiles, generated_at=generated_at, months=months
        )


__all__ = ["drmm_profiles", "load_pack"]
