"""The units of work the preparation screens call (each opens its own session): on a real store,
without the screens."""

from __future__ import annotations

import stat
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from mace_tui.config import Settings
from mace_tui.prep import edits
from mace_tui.prep.csv_import import ImportFileError
from mace_tui.prep.fields import ItemDetails
from mace_tui.prep.form_review import (
    Accepted,
    queue_proposal,
    read_person_choices,
    read_proposal,
)
from mace_tui.prep.meeting import PrepTarget, SummaryCache, open_meeting
from mace_tui.prep.missing import (
    MissingDetails,
    MissingError,
    read_child_episodes,
    record_episode,
    record_return,
)
from mace_tui.prep.queue_view import (
    apply_edit,
    check_children_file,
    find_children,
    looks_like_date,
    open_prep_meeting,
    read_prep,
    write_marked_list,
)
from mace_tui.profiles import get_profile
from store.db import Store
from tests.form_data import build_form_history
from tests.prep.conftest import BEFORE_DEADLINE, MEETING_DAY, Hub

DETAILS = ItemDetails("intelligence", ("cse",), "Seen with an older adult twice.")


def test_opening_the_meeting_creates_it_once_and_names_the_drmm_profiles(
    store: Store, hub: Hub, settings: Settings
) -> None:
    profile = get_profile("llr-drmm")
    first = open_prep_meeting(
        store, profile=profile, on=MEETING_DAY, extraordinary=False, config_dir=settings.config_dir
    )
    again = open_prep_meeting(
        store, profile=profile, on=MEETING_DAY, extraordinary=False, config_dir=settings.config_dir
    )
    assert first.created and not again.created and first.target == again.target
    assert "llr-drmm" in first.drmm_profiles


def test_an_edit_is_saved_and_read_back_with_the_open_referrals(
    store: Store, target: PrepTarget, hub: Hub, settings: Settings
) -> None:
    saved = apply_edit(
        store, edits.add(target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley)
    )
    assert saved.message == "Added to the queue." and saved.focus is not None
    read = read_prep(
        store,
        target=target,
        drmm_profiles=("llr-drmm",),
        cache=SummaryCache(),
        today=MEETING_DAY,
        config_dir=settings.config_dir,
    )
    assert [s.entry.name for s in read.view.queue] == ["Riley Example"]
    assert read.view.queue[0].entry.item_id == saved.focus
    # No meeting has ended with an NPA referral: no line, nobody's history mentions one.
    assert read.referrals.line == "" and dict(read.referrals.by_child) == {}


@pytest.mark.parametrize(
    ("typed", "born"),
    [
        ("05/03/2012", date(2012, 3, 5)),
        ("2012-03-05", date(2012, 3, 5)),
        ("31/02/2012", None),  # not a day: searched as text
        ("Riley", None),
        ("C-RILEY001", None),
    ],
)
def test_a_search_is_by_date_of_birth_only_when_the_whole_query_is_a_date(
    typed: str, born: date | None
) -> None:
    assert looks_like_date(typed) == born


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("riley", ["Riley Example"]),
        ("05/03/2012", ["Riley Example"]),
        ("SAM-20002", ["Jordan Sample"]),
        ("nobody", []),
    ],
)
def test_children_are_found_by_name_date_of_birth_or_reference(
    store: Store, hub: Hub, typed: str, found: list[str]
) -> None:
    assert [m.name for m in find_children(store, text=typed)] == found


def test_a_file_that_is_not_there_is_refused_before_anything_is_read(
    store: Store, target: PrepTarget, tmp_path: Path
) -> None:
    with pytest.raises(ImportFileError):
        check_children_file(store, target=target, path=tmp_path / "absent.csv")


def test_the_case_list_goes_to_a_private_folder_made_for_it(
    store: Store, target: PrepTarget, hub: Hub, tmp_path: Path
) -> None:
    apply_edit(store, edits.add(target, details=DETAILS, at=BEFORE_DEADLINE, child_id=hub.riley))
    folder = tmp_path / "case-lists"
    written = write_marked_list(
        store,
        target=target,
        drmm_profiles=("llr-drmm",),
        now=BEFORE_DEADLINE,
        path=folder / "list",
        folder=folder,
    )
    assert sorted(p.suffix for p in written) == [".csv", ".md"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_missing_episode_is_recorded_and_ended(store: Store, hub: Hub) -> None:
    today, at = date(2026, 11, 20), datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    details = MissingDetails(date(2026, 11, 18), None, "log 1", "Not home overnight.")
    episode = record_episode(store, child_id=hub.riley, details=details, recorded_by="cc", at=at)
    shown = read_child_episodes(store, child_id=hub.riley)
    assert shown.label == "Riley Example (C-RILEY001)"
    assert [(e.id, e.still_missing) for e in shown.episodes] == [(episode, True)]
    with pytest.raises(MissingError, match="Date ended: is in the future"):
        record_return(store, episode_id=episode, ended_on=date(2026, 11, 21), today=today)
    assert read_child_episodes(store, child_id=hub.riley).episodes[0].still_missing
    record_return(store, episode_id=episode, ended_on=date(2026, 11, 19), today=today)
    [ended] = read_child_episodes(store, child_id=hub.riley).episodes
    assert ended.ended_on == date(2026, 11, 19)


def test_the_proposal_is_read_and_queued(store: Store) -> None:
    form_day = date(2026, 12, 9)
    with store.session() as session:
        build_form_history(session, form_day=form_day)
        form, _ = open_meeting(session, profile=get_profile("llr-form"), on=form_day)
    view = read_proposal(store, target=form)
    assert view.rows and not any(r.on_queue for r in view.rows)
    assert read_person_choices(store)  # the history has a person of concern
    first = view.rows[0].entry
    entries = [Accepted(first.section, first.kind, first.subject_id, first.why)]
    at = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert queue_proposal(store, form, entries=entries, at=at, dropped=[], by="cc") == 1
    again = read_proposal(store, target=form)
    assert [r.entry.name for r in again.rows if r.on_queue] == [first.name]
