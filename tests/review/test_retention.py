"""Retention: recordings past the period are listed; deletion needs a reason and keeps the trail."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from mace_tui.cli import main
from mace_tui.clock import local_today, system_clock
from mace_tui.config import Settings
from mace_tui.profiles import clear_cache
from mace_tui.profiles.loader import SHIPPED_DIR
from mace_tui.review.access import ReviewProblem
from mace_tui.review.integrity import verify_recording
from mace_tui.review.listing import load_recordings
from mace_tui.review.retention import (
    Retention,
    delete_recording,
    expired_recordings,
    kept_until,
    retention_policy,
)
from store.audit import audit_events, verify_chain
from store.db import Store
from store.models import Meeting
from tests.conftest import DEMO_TODAY
from tests.review.fixtures import ACTOR, Recorded


@pytest.mark.parametrize(
    ("days_later", "days", "listed"),
    [(0, 30, 0), (30, 30, 0), (31, 30, 3), (400, 365, 3), (364, 365, 0), (10, None, 0)],
)
def test_recordings_are_listed_once_kept_longer_than_the_period(
    recorded: Recorded, demo_store: Store, days_later: int, days: int | None, listed: int
) -> None:
    today = DEMO_TODAY + timedelta(days=days_later)
    found = expired_recordings(demo_store, today=today, days=days)
    assert len(found) == listed


def test_kept_until_counts_days_from_the_meeting() -> None:
    assert kept_until(date(2026, 11, 23), 30) == date(2026, 12, 23)


def test_deletion_removes_the_file_and_keeps_the_row_and_audit_trail(
    recorded: Recorded, demo_store: Store
) -> None:
    row = recorded.rows[0]
    verify_recording(demo_store, row.id, actor=ACTOR)
    today = DEMO_TODAY + timedelta(days=31)
    delete_recording(
        demo_store, row.id, reason="Retention policy", actor=ACTOR, today=today, days=30
    )

    assert not recorded.path(0).exists()
    assert recorded.path(1).exists()
    states = {item.id: item.state for item in load_recordings(demo_store)}
    assert states[row.id] == "deleted"
    assert [r.id for r in expired_recordings(demo_store, today=today, days=30)] == [
        r.id for r in recorded.rows[1:]
    ]
    with demo_store.session() as session:
        events = audit_events(session, recording_id=row.id)
        assert verify_chain(session).ok
    assert [(e.action, e.reason) for e in events] == [
        ("verify", ""),
        ("delete", "Retention policy"),
    ]
    assert "deleted after 30 days" in events[1].detail


@pytest.mark.parametrize(
    ("reason", "days_later", "days", "says"),
    [
        ("", 31, 30, "Reason: say why the recording is deleted"),
        ("policy", 29, 30, "kept until 23 Dec 2026"),
        ("policy", 31, None, "No retention period is set"),
    ],
)
def test_deletion_is_refused_without_a_reason_or_within_the_period(
    recorded: Recorded, demo_store: Store, reason: str, days_later: int, days: int | None, says: str
) -> None:
    with pytest.raises(ReviewProblem, match=says):
        delete_recording(
            demo_store,
            recorded.rows[0].id,
            reason=reason,
            actor=ACTOR,
            today=DEMO_TODAY + timedelta(days=days_later),
            days=days,
        )
    assert recorded.path(0).exists()
    with demo_store.session() as session:
        assert audit_events(session) == []


def test_review_command_lists_and_deletes_past_retention(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    # The command goes by the real today: move the recorded meeting years before it.
    with demo_store.session() as session:
        meeting = session.get(Meeting, recorded.meeting.id)
        assert meeting is not None
        meeting.date = local_today(system_clock) - timedelta(days=4000)
        session.add(meeting)
        session.commit()
    (settings.config_dir / "settings.toml").write_text("retention_days = 9\n")
    runner = CliRunner()
    listed = runner.invoke(main, ["review", "--expired"])
    assert listed.exit_code == 0, listed.output
    assert "3 recordings are past retention (kept 9 days)." in listed.stdout
    for entry in recorded.meeting.queue[:3]:
        assert entry.child_ref in listed.stdout
        assert entry.name not in listed.stdout

    refused = runner.invoke(main, ["review", "--delete-expired"])
    assert refused.exit_code == 2
    assert "--reason: say why" in refused.stderr

    declined = runner.invoke(
        main, ["review", "--delete-expired", "--reason", "policy"], input="n\n"
    )
    assert "Nothing was deleted." in declined.stdout
    assert recorded.path(0).exists()

    done = runner.invoke(main, ["review", "--delete-expired", "--reason", "policy", "--yes"])
    assert done.exit_code == 0, done.output
    assert "Deleted 3 recording files" in done.stdout
    assert not any(recorded.path(i).exists() for i in range(3))
    with demo_store.session() as session:
        assert [e.action for e in audit_events(session)] == ["delete"] * 3


def drmm_profile_keeping(settings: Settings, days: int) -> None:
    """The DRMM profile, copied to the config folder with its own retention period."""
    text = (SHIPPED_DIR / "llr-drmm.toml").read_text(encoding="utf-8")
    folder = settings.config_dir / "profiles"
    folder.mkdir(exist_ok=True)
    (folder / "llr-drmm.toml").write_text(
        text + f"\n[retention]\nrecordings_days = {days}\n", encoding="utf-8"
    )
    clear_cache()


@pytest.mark.parametrize(
    ("default", "drmm", "days_later", "listed"),
    [
        (365, 30, 31, 3),  # the profile's shorter period wins for its meetings
        (30, 365, 31, 0),  # and its longer one too
        (None, 30, 31, 3),  # a profile's period alone is enough
        (30, None, 31, 3),  # no period in the profile: the settings' default
        (None, None, 31, 0),  # neither: nothing ever expires
        (None, 30, 30, 0),  # kept through its last day
    ],
)
def test_a_profile_keeps_its_recordings_for_its_own_period(
    recorded: Recorded,
    demo_store: Store,
    default: int | None,
    drmm: int | None,
    days_later: int,
    listed: int,
) -> None:
    policy = Retention(default, {"llr-drmm": drmm} if drmm else {"lincs-mace-l2": 1})
    today = DEMO_TODAY + timedelta(days=days_later)
    assert len(expired_recordings(demo_store, today=today, days=policy)) == listed


def test_retention_read_from_profiles_falls_back_to_settings(settings: Settings) -> None:
    drmm_profile_keeping(settings, 30)
    policy = retention_policy(dataclasses.replace(settings, retention_days=400))
    assert (policy.days_for("llr-drmm"), policy.days_for("lincs-mace-l2")) == (30, 400)
    assert policy.summary() == "kept 400 days; llr-drmm 30 days"
    clear_cache()


@pytest.mark.parametrize(
    ("value", "says"),
    [("0", "from 1 to 36500"), ("99999999999", "from 1 to 36500"), ('"soon"', "whole number")],
)
def test_a_bad_profile_retention_is_named(settings: Settings, value: str, says: str) -> None:
    from mace_tui.profiles import ProfileError, get_profile

    text = (SHIPPED_DIR / "llr-drmm.toml").read_text(encoding="utf-8")
    folder = settings.config_dir / "profiles"
    folder.mkdir(exist_ok=True)
    (folder / "llr-drmm.toml").write_text(text + f"\n[retention]\nrecordings_days = {value}\n")
    clear_cache()
    with pytest.raises(ProfileError, match=rf"key 'retention\.recordings_days': .*{says}"):
        get_profile("llr-drmm", settings.config_dir)
    clear_cache()


def test_delete_expired_by_a_profile_period_audits_each_deletion(
    recorded: Recorded, demo_store: Store, settings: Settings
) -> None:
    with demo_store.session() as session:
        meeting = session.get(Meeting, recorded.meeting.id)
        assert meeting is not None
        meeting.date = local_today(system_clock) - timedelta(days=40)
        session.add(meeting)
        session.commit()
    drmm_profile_keeping(settings, 30)
    runner = CliRunner()
    listed = runner.invoke(main, ["review", "--expired"])
    assert listed.exit_code == 0, listed.output
    assert "3 recordings are past retention (llr-drmm 30 days)." in listed.stdout
    done = runner.invoke(main, ["review", "--delete-expired", "--reason", "policy", "--yes"])
    assert done.exit_code == 0, done.output
    with demo_store.session() as session:
        deletions = [e for e in audit_events(session) if e.action == "delete"]
        assert verify_chain(session).ok
    assert len(deletions) == 3
    assert all(
        "deleted after 30 days ([retention] recordings_days of profile llr-drmm)" in e.detail
        and e.reason == "policy"
        for e in deletions
    )
    clear_cache()
