"""The FORM proposal read from a real store, and put on the queue in section order (R19)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from mace_tui.prep.form_review import Accepted, accept, load_proposal
from mace_tui.prep.meeting import PrepTarget, open_meeting
from mace_tui.profiles import get_profile
from store.agenda import AgendaError
from store.db import Store
from store.models import AgendaItem
from tests.form_data import FormHistory, build_form_history

FORM_DAY = date(2026, 12, 9)
AT = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def history(store: Store) -> FormHistory:
    with store.session() as session:
        return build_form_history(session, form_day=FORM_DAY)


@pytest.fixture
def form(store: Store, history: FormHistory) -> PrepTarget:
    with store.session() as session:
        found, _ = open_meeting(session, profile=get_profile("llr-form"), on=FORM_DAY)
    return found


def _queue(store: Store, meeting_id: int) -> list[tuple[int | None, int | None, str, str]]:
    with store.session() as session:
        items = session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.status == "waiting")
            .order_by(AgendaItem.position)  # type: ignore[arg-type]
        ).all()
        return [(i.child_id, i.concern_person_id, i.referral_source, i.reason) for i in items]


def test_the_proposal_has_each_section_with_reasons(
    store: Store, history: FormHistory, form: PrepTarget
) -> None:
    with store.session() as session:
        view = load_proposal(session, target=form)
    assert [(r.entry.section, r.entry.name) for r in view.rows] == list(history.expected)
    why = {r.entry.name: r.entry.why for r in view.rows}
    assert why["Ellis Examplewood"] == "HIGH since 19 Nov"
    assert why["Harper Mockley"] == "MEDIUM on 09 Nov · missing 29 Nov to 30 Nov"
    assert why["Frankie Fictional"].startswith("HIGH since 31 Aug · HIGH for 14 weeks")
    assert view.proposal.last_review == history.last_form
    # The last FORM's open action comes first in the meeting (the carry-over stage).
    assert view.carried_actions == 1
    assert not any(r.on_queue for r in view.rows)


def test_accepting_puts_entries_on_the_queue_in_section_order(
    store: Store, history: FormHistory, form: PrepTarget
) -> None:
    with store.session() as session:
        rows = load_proposal(session, target=form).rows
    kept = [
        Accepted(r.entry.section, r.entry.kind, r.entry.subject_id, r.entry.why)
        for r in rows
        if r.entry.name != "Gale Sampleford"  # removed by the coordinator
    ]
    # Added by hand to MPRU considerations, listed first but placed by its section.
    kept.insert(0, Accepted("mpru", "child", history.low, "Return home interview pattern"))
    with store.session() as session:
        assert accept(session, form, entries=kept, at=AT) == 5
    queue = _queue(store, form.meeting_id)
    assert [(c, p) for c, p, _, _ in queue] == [
        (history.high, None),
        (None, history.person),
        (history.long_high, None),
        (history.missing, None),
        (history.low, None),
    ]
    assert {source for _, _, source, _ in queue} == {"review"}
    assert queue[0][3] == "High-risk children: HIGH since 19 Nov"
    assert queue[-1][3] == "MPRU considerations: Return home interview pattern"
    with store.session() as session:
        view = load_proposal(session, target=form)
    on_queue = {r.entry.name for r in view.rows if r.on_queue}
    assert "Gale Sampleford" not in on_queue and len(on_queue) == 4
    # Accepting again adds nothing twice.
    with store.session() as session:
        assert accept(session, form, entries=kept, at=AT) == 0
    assert len(_queue(store, form.meeting_id)) == 5


def test_a_dropped_entry_stays_dropped_when_the_proposal_is_opened_again(
    store: Store, history: FormHistory, form: PrepTarget
) -> None:
    """Found by the review of the proposal: an entry dropped at ctrl+s came back ticked."""
    with store.session() as session:
        rows = load_proposal(session, target=form).rows
    gale = next(r for r in rows if r.entry.name == "Gale Sampleford")
    kept = [
        Accepted(r.entry.section, r.entry.kind, r.entry.subject_id, r.entry.why)
        for r in rows
        if r is not gale
    ]
    key = (gale.entry.kind, gale.entry.subject_id)
    with store.session() as session:
        accept(session, form, entries=kept, at=AT, dropped=[key], by="coordinator")
    with store.session() as session:
        again = {r.entry.name: r for r in load_proposal(session, target=form).rows}
    assert again["Gale Sampleford"].dropped and not again["Gale Sampleford"].on_queue
    assert not any(r.dropped for name, r in again.items() if name != "Gale Sampleford")
    # Kept at the next accept: on the queue, and no longer remembered as dropped.
    back = Accepted(gale.entry.section, gale.entry.kind, gale.entry.subject_id, gale.entry.why)
    with store.session() as session:
        assert accept(session, form, entries=[back], at=AT) == 1
        row = next(
            r for r in load_proposal(session, target=form).rows if r.entry.name == "Gale Sampleford"
        )
    assert row.on_queue and not row.dropped


def test_a_profile_without_a_review_table_proposes_nothing(
    store: Store, history: FormHistory
) -> None:
    with store.session() as session:
        drmm, _ = open_meeting(session, profile=get_profile("llr-drmm"), on=date(2026, 12, 8))
        with pytest.raises(AgendaError, match=r"\[review\]"):
            load_proposal(session, target=drmm)


def test_propose_from_the_command_line(store: Store) -> None:
    import os
    import subprocess
    import sys

    from mace_tui.clock import local_today, system_clock
    from mace_tui.prep.deadline import default_meeting_date

    day = default_meeting_date(get_profile("llr-form"), local_today(system_clock))
    with store.session() as session:
        history = build_form_history(session, form_day=day)
    result = subprocess.run(
        [sys.executable, "-m", "mace_tui", "prep", "--profile", "llr-form", "--propose",
         "--accept-proposal"],
        capture_output=True, text=True, env={**os.environ}, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "First: 1 open action from earlier FORM meetings" in out
    for title, name in (
        ("High-risk children", "Ellis Examplewood (C-FORM001): HIGH since"),
        ("Missing (HIGH/MEDIUM)", "Harper Mockley (C-FORM004): MEDIUM on"),
        ("MPRU considerations", "(added by the coordinator)"),
    ):
        assert out.index(title) < out.index(name)
    assert "Put 5 entries on the queue, in section order." in out
    with store.session() as session:
        target, _ = open_meeting(session, profile=get_profile("llr-form"), on=day)
    assert len(_queue(store, target.meeting_id)) == len(history.expected)


def test_propose_for_a_profile_without_a_review_table_writes_nothing(store: Store) -> None:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "mace_tui", "prep", "--profile", "llr-drmm", "--propose"],
        capture_output=True, text=True, env={**os.environ}, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--propose: the DRMM profile has no agenda proposed from data" in result.stderr
    with store.session() as session:
        assert session.exec(select(AgendaItem)).all() == []
        from store.models import Meeting

        assert session.exec(select(Meeting)).all() == []
