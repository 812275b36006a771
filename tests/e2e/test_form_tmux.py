"""End to end: a FORM meeting prepared from data (R19), the installed command at 80×24.

The store is built in the test with known children, grades and missing episodes,
dated back from the next FORM, so the test runs on any day.
"""

from __future__ import annotations

import time

from sqlmodel import col, select

from mace_tui.clock import local_today, system_clock
from mace_tui.config import Settings
from mace_tui.prep.deadline import default_meeting_date
from mace_tui.profiles import get_profile
from store.db import Store
from store.models import AgendaItem
from tests.e2e.tmux import COMMAND, terminal
from tests.form_data import build_form_history

READ = 0.5


def test_a_form_prepared_from_data_by_keyboard(settings: Settings, store: Store) -> None:
    day = default_meeting_date(get_profile("llr-form"), local_today(system_clock))
    with store.session() as session:
        history = build_form_history(session, form_day=day)
    env = {
        "MACE_DATA_DIR": str(settings.data_dir),
        "MACE_CONFIG_DIR": str(settings.config_dir),
        "MACE_AUDIO_DEVICE": "test-no-microphone",
        "TERM": "xterm-256color",
    }
    with terminal(80, 24, env=env) as term:
        term.start(f"{COMMAND} prep --profile llr-form")
        term.wait_for("Press p for the agenda proposed from data", timeout=60)
        term.keys("p")
        term.wait_for("1 open action from earlier FORM meetings")
        screen = term.wait_for("Harper Mockley")
        for title, why in (
            ("High-risk children", "Ellis Examplewood"),
            ("High-risk persons", "Morgan Madeupson"),
            ("Downgrade considerations", "Frankie Fictional"),
            ("Medium-risk oversight", "Gale Sampleford"),
            ("Missing (HIGH/MEDIUM)", "Harper Mockley"),
        ):
            assert screen.index(title) < screen.index(why)
        assert "HIGH for 14 weeks" in screen
        # Drop Gale: the eighth row (each section has a heading row first).
        time.sleep(READ)
        term.keys(*["Down"] * 7, "Space")
        term.wait_for("–       Gale Sampleford")
        term.keys("C-s")
        term.wait_for("3 children + 1 of concern")
        term.wait_for(" 4    ·  Harper Mockley")
        term.keys("q")
        term.wait_for("__EXIT=0__")
    with store.session() as session:
        items = session.exec(
            select(AgendaItem)
            .where(AgendaItem.profile == "llr-form", AgendaItem.meeting_date == day)
            .order_by(col(AgendaItem.position))
        ).all()
        assert [(i.child_id, i.concern_person_id) for i in items] == [
            (history.high, None),
            (None, history.person),
            (history.long_high, None),
            (history.missing, None),
        ]
