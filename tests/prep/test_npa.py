"""NPA referrals after the meeting (R7): the checked form, sent, outcome, closed, overdue, audit.

Runs on the demo hub (its 19 November DRMM referred one child to the NPA), on
SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import col, select

from mace_tui.cli import main
from mace_tui.prep import npa
from store import models as m
from store.db import Store
from tests.conftest import DEMO_NOW, DEMO_TODAY

USER = "coordinator-account"


MEETING_DAY = date(2026, 11, 19)  # the demo's latest DRMM, which referred one child to the NPA


def referrals(store: Store, today: date = DEMO_TODAY) -> list[npa.ReferralRow]:
    with store.session() as session:
        return npa.list_referrals(session, today=today)


def only_referral(store: Store, today: date = DEMO_TODAY) -> npa.ReferralRow:
    (row,) = [r for r in referrals(store, today) if r.meeting_date == MEETING_DAY]
    return row


def events(store: Store) -> list[str]:
    with store.session() as session:
        rows = session.exec(
            select(m.AuditEvent)
            .where(m.AuditEvent.action == npa.AUDIT_ACTION)
            .order_by(col(m.AuditEvent.id))
        ).all()
    return [r.detail for r in rows]


def send(store: Store, item_id: int, **given: str) -> None:
    values = {"sent_on": "2026-11-20", "npa": "Testshire North NPA", "sent_by": "Pat Coordinator"}
    values.update(given)
    with store.session() as session:
        npa.record_sent(
            session, item_id=item_id, user=USER, at=DEMO_NOW, today=DEMO_TODAY, **values
        )


def test_the_demo_referral_starts_as_a_draft_to_send(demo_store: Store) -> None:
    row = only_referral(demo_store)
    assert (row.status, row.meeting_date, row.edited) == ("draft", date(2026, 11, 19), False)
    assert row.is_open and not row.overdue
    with demo_store.session() as session:
        text = npa.referral_text(session, item_id=row.item_id, at=DEMO_NOW)
    assert text.startswith("# Referral to the neighbourhood policing area")
    assert "## Risk summary" in text


def test_edited_form_is_kept_exported_and_audited(demo_store: Store, tmp_path: Path) -> None:
    row = only_referral(demo_store)
    with demo_store.session() as session:
        draft = npa.referral_text(session, item_id=row.item_id, at=DEMO_NOW)
        npa.save_text(
            session,
            item_id=row.item_id,
            text=draft + "\n\n## Coordinator's note\n\nChecked with the duty sergeant.",
            user=USER,
            at=DEMO_NOW,
        )
    assert only_referral(demo_store).edited
    with demo_store.session() as session:
        assert "Checked with the duty sergeant." in npa.referral_text(
            session, item_id=row.item_id, at=DEMO_NOW
        )
    assert events(demo_store) == [f"NPA referral for {row.child_ref}: form checked and edited"]
    result = CliRunner().invoke(
        main,
        ["export", "--meeting", "2026-11-19:llr-drmm", "--npa-referrals", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.stderr
    (md,) = tmp_path.glob("*.md")
    text = md.read_text()
    assert "## Coordinator's note" in text and "Checked with the duty sergeant." in text


def test_sent_outcome_closed_in_order_each_audited(demo_store: Store) -> None:
    row = only_referral(demo_store)
    send(demo_store, row.item_id)
    sent = only_referral(demo_store)
    assert (sent.status, sent.sent_on, sent.npa, sent.sent_by) == (
        "sent",
        date(2026, 11, 20),
        "Testshire North NPA",
        "Pat Coordinator",
    )
    with demo_store.session() as session:
        npa.record_outcome(
            session,
            item_id=row.item_id,
            outcome="Safeguarding visit made",
            rationale="No disruption order: insufficient evidence so far",
            received_on="2026-11-22",
            user=USER,
            at=DEMO_NOW,
            today=DEMO_TODAY,
        )
    with demo_store.session() as session:
        npa.close_referral(
            session, item_id=row.item_id, closed_on="2026-11-23", user=USER, at=DEMO_NOW,
            today=DEMO_TODAY,
        )  # fmt: skip
    done = only_referral(demo_store)
    assert done.status == "closed" and not done.is_open
    assert done.outcome_rationale == "No disruption order: insufficient evidence so far"
    ref = row.child_ref
    assert events(demo_store) == [
        f"NPA referral for {ref}: sent on 2026-11-20",
        f"NPA referral for {ref}: outcome received 2026-11-22",
        f"NPA referral for {ref}: closed 2026-11-23",
    ]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"sent_on": "20/11/2026"}, "Sent on: write the date as YYYY-MM-DD"),
        ({"sent_on": "2026-11-30"}, "Sent on: the date is in the future"),
        ({"sent_on": "2026-11-18"}, "Sent on: the date is before 2026-11-19"),
        ({"npa": "  "}, "NPA: name the neighbourhood policing area"),
        ({"sent_by": ""}, "Sent by: name who sent it"),
    ],
)
def test_bad_sent_fields_are_named_and_nothing_is_written(
    demo_store: Store, given: dict[str, str], message: str
) -> None:
    row = only_referral(demo_store)
    with pytest.raises(npa.NpaError, match=message) as caught:
        send(demo_store, row.item_id, **given)
    assert row.child_name not in str(caught.value)
    assert only_referral(demo_store).status == "draft"
    assert events(demo_store) == []


def test_steps_out_of_order_are_refused(demo_store: Store) -> None:
    row = only_referral(demo_store)
    with demo_store.session() as session, pytest.raises(npa.NpaError, match="as sent first"):
        npa.record_outcome(
            session, item_id=row.item_id, outcome="x", rationale="", received_on="2026-11-22",
            user=USER, at=DEMO_NOW, today=DEMO_TODAY,
        )  # fmt: skip
    with demo_store.session() as session, pytest.raises(npa.NpaError, match="outcome before"):
        npa.close_referral(
            session, item_id=row.item_id, closed_on="2026-11-22", user=USER, at=DEMO_NOW,
            today=DEMO_TODAY,
        )  # fmt: skip
    send(demo_store, row.item_id)
    with pytest.raises(npa.NpaError, match="already recorded as sent"):
        send(demo_store, row.item_id)


@pytest.mark.parametrize(
    ("days_after_meeting", "sent_days_after", "overdue"),
    [
        (14, None, False),  # the llr-drmm limit is 14 days: on the day, not yet
        (15, None, True),  # never sent, open for 15 days
        (20, 10, False),  # sent on day 10: counted from sending, 10 days
        (25, 10, True),  # sent on day 10, 15 days awaiting the NPA
    ],
)
def test_a_referral_open_longer_than_the_profile_allows_is_overdue(
    demo_store: Store, days_after_meeting: int, sent_days_after: int | None, overdue: bool
) -> None:
    meeting_day = date(2026, 11, 19)
    today = meeting_day + timedelta(days=days_after_meeting)
    row = only_referral(demo_store, today)
    if sent_days_after is not None:
        sent = meeting_day + timedelta(days=sent_days_after)
        with demo_store.session() as session:
            npa.record_sent(
                session, item_id=row.item_id, sent_on=f"{sent:%Y-%m-%d}", npa="Testshire North",
                sent_by="Pat", user=USER, at=DEMO_NOW, today=today,
            )  # fmt: skip
    again = only_referral(demo_store, today)
    assert again.overdue is overdue
    assert ("OVERDUE" in again.status_words) is overdue
    assert again.short_status.startswith("OVERDUE") is overdue
    summary = npa.open_summary([again])
    assert summary == ("NPA referrals: 1 open, 1 OVERDUE" if overdue else "NPA referrals: 1 open")


def test_the_demo_tracks_its_earlier_referrals(demo_store: Store) -> None:
    rows = referrals(demo_store)
    old = [r for r in rows if (DEMO_TODAY - r.meeting_date).days > 30]
    assert old and all(r.status == "closed" for r in old)
    recent = [r for r in rows if r not in old and r.meeting_date != MEETING_DAY]
    assert all(r.status == "sent" for r in recent)
    # Overdue first, then open, then closed.
    order = [(not r.overdue, not r.is_open) for r in rows]
    assert order == sorted(order)


def test_the_case_list_shows_open_referrals_overdue_ones_marked(demo_store: Store) -> None:
    """The next list carries a queued child's open referral; once overdue it says so."""
    import csv
    import io

    from mace_tui.prep.export import build_case_list
    from mace_tui.prep.meeting import open_meeting
    from mace_tui.profiles import get_profile
    from mace_tui.reports.case_list import render_csv, render_markdown

    row = only_referral(demo_store)
    with demo_store.session() as session:
        target, _ = open_meeting(session, profile=get_profile("llr-drmm"), on=DEMO_TODAY)
        on_queue = session.exec(
            select(m.AgendaItem).where(
                m.AgendaItem.meeting_id == target.meeting_id,
                m.AgendaItem.child_id == row.child_id,
            )
        ).first()
        if on_queue is None:
            session.add(
                m.AgendaItem(
                    meeting_id=target.meeting_id, child_id=row.child_id, meeting_date=DEMO_TODAY,
                    profile="llr-drmm", position=99, reason="Reviewed after the NPA referral",
                )
            )  # fmt: skip
            session.commit()

    def listing(now_days: int) -> tuple[str, dict[str, str]]:
        now = DEMO_NOW + timedelta(days=now_days)
        with demo_store.session() as session:
            built = build_case_list(session, target=target, drmm_profiles=("llr-drmm",), now=now)
        rows = list(csv.reader(io.StringIO(render_csv(built))))
        header = rows[2]
        column = {r[1]: r[header.index("npa_referral")] for r in rows[3:-1]}
        return render_markdown(built), column

    text, column = listing(0)
    assert "## Open NPA referrals" in text
    assert column[row.child_ref] == "from 19 Nov 2026: to send"
    _text, later = listing(20)
    assert later[row.child_ref].startswith("from 19 Nov 2026: to send; OVERDUE (24 days")


def _referred_child_first_on_todays_queue(store: Store) -> tuple[int, npa.ReferralRow]:
    """Today's first queued item becomes the child referred on 19 November; its item id."""
    from store import queries

    row = only_referral(store)
    with store.session() as session:
        meeting = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None and meeting.id is not None
        first = queries.meeting_queue(session, meeting_id=meeting.id)[0]
        item = session.get(m.AgendaItem, first.item_id)
        assert item is not None and item.id is not None
        item.child_id = row.child_id
        session.commit()
        return item.id, row


@pytest.mark.parametrize(("days_later", "overdue"), [(0, False), (20, True)])
def test_an_open_referral_shows_in_the_childs_history_flagged_when_overdue(
    demo_store: Store, days_later: int, overdue: bool
) -> None:
    """Prep's history panel and the chair's F7 both list the child's open referrals (R7)."""
    from mace_tui.overview import summarise_child
    from mace_tui.widgets.child_history import describe_history
    from store import queries

    item_id, row = _referred_child_first_on_todays_queue(demo_store)
    today = DEMO_TODAY + timedelta(days=days_later)
    with demo_store.session() as session:
        found = npa.open_for_child(session, child_id=row.child_id, today=today)
        meeting = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
        assert meeting is not None and meeting.id is not None
        entry = next(
            e for e in queries.meeting_queue(session, meeting_id=meeting.id) if e.item_id == item_id
        )
        summary = summarise_child(
            session, entry=entry, meeting_date=today, drmm_profiles=("llr-drmm",)
        )
    assert [r.item_id for r in found] == [row.item_id]
    text = describe_history(summary, meeting_date=today, counts_as_drmm=True, npa_referrals=found)
    line = next(x for x in text.splitlines() if "Open NPA referral" in x)
    assert "from the 19 Nov 2026 meeting" in line and "to send" in line
    assert ("OVERDUE" in line) is overdue
    assert line.startswith("[b red]⚑") is overdue


def test_a_closed_referral_is_not_in_the_history_and_the_chair_sees_open_ones(
    demo_store: Store,
) -> None:
    from mace_tui.chair.case import load_case
    from mace_tui.profiles import get_profile
    from store import queries

    item_id, row = _referred_child_first_on_todays_queue(demo_store)

    def chair_view() -> tuple[npa.ReferralRow, ...]:
        with demo_store.session() as session:
            meeting = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
            assert meeting is not None and meeting.id is not None
            entry = next(
                e
                for e in queries.meeting_queue(session, meeting_id=meeting.id)
                if e.item_id == item_id
            )
            case = load_case(
                session, entry=entry, meeting_id=meeting.id, meeting_date=DEMO_TODAY,
                profile=get_profile("llr-drmm"), drmm_profiles=("llr-drmm",),
            )  # fmt: skip
        return case.npa_referrals

    assert [r.item_id for r in chair_view()] == [row.item_id]
    send(demo_store, row.item_id)
    with demo_store.session() as session:
        npa.record_outcome(
            session, item_id=row.item_id, outcome="Visit made", rationale="",
            received_on="2026-11-21", user=USER, at=DEMO_NOW, today=DEMO_TODAY,
        )  # fmt: skip
        npa.close_referral(
            session, item_id=row.item_id, closed_on="2026-11-22", user=USER, at=DEMO_NOW,
            today=DEMO_TODAY,
        )  # fmt: skip
    assert chair_view() == ()
