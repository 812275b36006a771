"""NPA referrals (R7) from the preparation screen, keyboard only, on the demo store."""

from __future__ import annotations

from sqlmodel import col, select
from textual.widgets import DataTable, Input, Static, TextArea

from mace_tui.screens.npa import NpaScreen
from mace_tui.screens.npa_forms import ReferralStepScreen, ReferralTextScreen
from mace_tui.screens.prep import PrepScreen
from store.models import AuditEvent, NpaReferral
from tests.app.test_prep import SIZE, db, prep_app, settle, type_text

LATEST = "19/11/2026"  # the demo's latest DRMM referred one child; it is still to send


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def referral_rows(app) -> list[list[str]]:
    table = app.screen.query_one("#npa-table", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def fill(app, pilot, values: dict[str, str]) -> None:
    form = app.screen
    assert isinstance(form, ReferralStepScreen)
    for key, value in values.items():
        form.query_one(f"#npa-{key}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def test_overdue_flag_on_prep_and_a_referral_checked_sent_answered_closed(settings) -> None:
    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        line = text_of(app, "#prep-npa")
        assert line.startswith("NPA referrals: ") and "OVERDUE" in line and "f to track" in line

        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, NpaScreen)
        rows = referral_rows(app)
        assert "OVERDUE" in rows[0][3]  # overdue ones first
        index = next(i for i, row in enumerate(rows) if row[0] == LATEST)
        assert rows[index][3] == "to send"
        app.screen.query_one("#npa-table", DataTable).move_cursor(row=index)
        await pilot.pause()

        # Check the form: the draft from the discussion, with a line added.
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, ReferralTextScreen)
        area = app.screen.query_one("#npa-text", TextArea)
        assert area.text.startswith("# Referral to the neighbourhood policing area")
        area.move_cursor(area.document.end)
        await pilot.press("enter", "enter")
        await type_text(pilot, "Checked with the duty sergeant.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, NpaScreen)

        # Sent: a date in the future is refused and the form comes back with what was typed.
        await pilot.press("s")
        await settle(app, pilot)
        await fill(app, pilot, {"sent_on": "2026-12-25", "npa": "Testshire North NPA"})
        assert isinstance(app.screen, ReferralStepScreen)
        assert "Sent on: the date is in the future" in text_of(app, "#form-errors")
        assert app.screen.query_one("#npa-npa", Input).value == "Testshire North NPA"
        await fill(app, pilot, {"sent_on": "2026-11-19"})
        assert isinstance(app.screen, NpaScreen)
        row = referral_rows(app)[index]
        assert row[3] == "sent 19/11, awaiting" and row[4] == "Testshire North NPA"

        await pilot.press("o")
        await settle(app, pilot)
        await fill(
            app,
            pilot,
            {
                "outcome": "Safeguarding visit made",
                "rationale": "No disruption order yet",
                "received_on": "2026-11-20",
            },
        )
        assert isinstance(app.screen, NpaScreen), text_of(app, "#form-errors")
        await pilot.press("c")
        await settle(app, pilot)
        await fill(app, pilot, {"closed_on": "2026-11-20"})
        closed = next(r for r in referral_rows(app) if r[0] == LATEST)
        assert closed[3] == "closed 20/11"

    with db(settings) as session:
        (saved,) = session.exec(select(NpaReferral).where(NpaReferral.text != "")).all()
        assert saved.text.endswith("Checked with the duty sergeant.")
        assert (saved.status, saved.outcome_rationale) == ("closed", "No disruption order yet")
        details = session.exec(
            select(AuditEvent.detail)
            .where(AuditEvent.action == "npa-referral")
            .order_by(col(AuditEvent.id))
        ).all()
    assert [d.split(": ", 1)[1] for d in details] == [
        "form checked and edited",
        "sent on 2026-11-19",
        "outcome received 2026-11-20",
        "closed 2026-11-20",
    ]


async def test_referrals_screen_fits_80x24(settings) -> None:
    from tests.app.test_footer_80x24 import keys_cut

    app = prep_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        await settle(app, pilot)
        assert isinstance(app.screen, NpaScreen)
        assert keys_cut(app) == []
        assert app.screen.query_one("#npa-table").region.height >= 5


async def test_the_highlighted_childs_open_referral_is_in_the_history_panel(settings) -> None:
    """A child on the queue with a referral still open: the history panel says so (R7)."""
    from mace_tui.prep.npa import list_referrals
    from store import queries
    from store.models import AgendaItem
    from tests.conftest import DEMO_TODAY

    app = prep_app(settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, PrepScreen)
        history = text_of(app, "#prep-history")
        assert "Open NPA referral" not in history
        with db(settings) as session:
            (referred,) = [
                r
                for r in list_referrals(session, today=DEMO_TODAY)
                if r.is_open and r.meeting_date.isoformat() == "2026-11-19"
            ]
            meeting = queries.find_meeting(session, profile="llr-drmm", on=DEMO_TODAY)
            assert meeting is not None and meeting.id is not None
            first = queries.meeting_queue(session, meeting_id=meeting.id)[0]
            item = session.get(AgendaItem, first.item_id)
            assert item is not None
            item.child_id = referred.child_id  # the referred child comes up first
            session.commit()
        await pilot.press("r")
        await settle(app, pilot)
        history = text_of(app, "#prep-history")
        assert "Open NPA referral from the 19 Nov 2026 meeting" in history
