"""Keys typed in one burst in the amend dialog (n, Enter to choose, Enter from field to
field, the reason) all land where they were meant: none goes to the field being left or to
the log below (issue 16 walk: "End Enter" sent together lost keys)."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from mace_tui.screens.amend_form import AmendScreen
from store.db import Store
from tests.app.test_action_log import app_on, latest_finished, open_log, settle

KEYS = {"\r": ("enter", "\r"), " ": ("space", " ")}


def burst(app, *keys: str) -> None:
    """Each key (a name like ``end``, or text) reaches the app at once, as from a fast typist
    or a terminal handing over several keys in one read."""
    for key in keys:
        if len(key) > 1 and key.isalpha() and key.islower() and key not in ("n",):
            app.post_message(events.Key(key, None))
            continue
        for char in key:
            name, character = KEYS.get(char, (char, char))
            app.post_message(events.Key(name, character))


async def test_amend_keys_in_one_burst_reach_the_reason(demo_store: Store, settings) -> None:
    app = app_on(demo_store, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_log(app, pilot, latest_finished(demo_store))
        # n opens the dialog, Enter picks the first action, Enter moves through its fields
        # (End, then Enter on each), and the reason is typed: all in one burst.
        burst(app, "n", "\r", "end", "\r", "end", "\r", "end", "\r", "Owner moved")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, AmendScreen), "the dialog closed or never opened"
        assert form.query_one("#amend-reason", Input).value == "Owner moved"
        assert form.values.get("key") == form.choices[0].key
        original = dict(form.choices[0].values)
        for key in ("text", "owner", "due"):
            assert form.query_one(f"#amend-{key}", Input).value == original[key]
