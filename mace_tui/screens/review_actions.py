"""What the admin does to the highlighted recording on the review screen: verify it, export a
copy, delete its file past retention. Each runs off the event loop and is audited by the review
layer (``mace_tui.review``); the screen shows the outcome.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.markup import escape
from textual.widgets import Static

from mace_tui.screens.base import MaceScreen, queued_write
from mace_tui.screens.review_delete import ask_to_delete, refusal
from mace_tui.screens.review_export import ExportRecordingScreen, ExportRequest
from mace_tui.widgets.playback_bar import PlaybackBar
from mace_tui.widgets.recordings_table import RecordingsTable, what_it_is

if TYPE_CHECKING:
    from mace_tui.review.access import Actor
    from mace_tui.review.listed import ListedRecording
    from mace_tui.review.periods import Retention
    from store.db import Store


class RecordingActions(MaceScreen[None]):
    """Verify, export and delete, for the review screen (which reads the list again after)."""

    # Checks done on this screen: recording id → (passed, what was found).
    checks: dict[int, tuple[bool, str]]
    last_export: list[Path]

    def action_reload(self) -> None:
        """Read the list again (the review screen's own)."""
        raise NotImplementedError

    def _current(self) -> ListedRecording | None:
        return self.query_one(RecordingsTable).current()

    @property
    def retention(self) -> Retention:
        """The retention periods in force: each profile's own, else the settings' default."""
        from mace_tui.review.periods import retention_policy

        return retention_policy(self.app.settings)

    def _actor(self) -> Actor:
        from mace_tui.review.access import Actor, os_user

        return Actor(os_user(), self.app.clock())

    # -- integrity -------------------------------------------------------------------

    def action_verify(self) -> None:
        """Check the highlighted recording against its stored SHA-256 and frame count."""
        item = self._current()
        if item is not None:
            self.query_one("#review-detail", Static).update("Checking…")
            self.verify(
                item.id, self.app.require_store(), self.app.settings.config_dir, self._actor()
            )

    @work(thread=True, exclusive=True, group="review-verify", exit_on_error=False)
    def verify(self, recording_id: int, store: Store, config: Path, actor: Actor) -> None:
        """Hash the file and compare; audited."""
        from mace_tui.review.integrity import verify_recording

        result = verify_recording(store, recording_id, actor=actor, config_dir=config)
        self.app.call_from_thread(self._verified, recording_id, result.ok, result.summary())

    def _verified(self, recording_id: int, ok: bool, summary: str) -> None:
        self.checks[recording_id] = (ok, summary)
        self.notify(
            summary,
            title="Verified" if ok else "Integrity check failed",
            severity="information" if ok else "error",
            timeout=10,
        )
        self.action_reload()

    # -- export ----------------------------------------------------------------------

    def action_export(self) -> None:
        """Ask for a folder, a format and a reason, then export a copy with its sidecar."""
        item = self._current()
        if item is None:
            return
        folder = self.app.settings.proposed_export_dir
        if self.last_export:
            folder = self.last_export[0].parent

        def chosen(request: ExportRequest | None) -> None:
            if request is None:
                self.notify("Nothing was exported.")
                return
            self.export_copy(
                item.id,
                request,
                self.app.require_store(),
                self.app.settings.config_dir,
                self._actor(),
            )

        self.app.push_screen(ExportRecordingScreen(what=what_it_is(item), folder=folder), chosen)

    @work(thread=True, exclusive=True, group="review-export", exit_on_error=False)
    def export_copy(
        self, recording_id: int, request: ExportRequest, store: Store, config: Path, actor: Actor
    ) -> None:
        """Check, copy and describe the recording; audited."""
        from mace_tui.review.export import export_recording

        done = export_recording(
            store,
            recording_id,
            request.folder,
            reason=request.reason,
            actor=actor,
            audio_format=request.audio_format,
            config_dir=config,
        )
        self.app.call_from_thread(self._exported, [done.audio, done.sidecar])

    def _exported(self, paths: list[Path]) -> None:
        self.last_export = paths
        names = "\n".join(str(p) for p in paths)
        self.notify(f"Wrote:\n{names}", title="Exported", timeout=10)
        self.query_one("#review-detail", Static).update(
            f"Exported to {escape(str(paths[0].parent))}"
        )

    # -- retention -------------------------------------------------------------------

    def action_delete(self) -> None:
        """Delete the highlighted recording's file, when it is past retention (asks first)."""
        item = self._current()
        if item is None:
            return
        retention = self.retention
        refused = refusal(item, retention, self.app.today)
        days = retention.days_for(item.row.profile)
        if refused is not None or days is None:
            self.notify(refused or "")
            return
        ask_to_delete(
            self.app,
            item,
            what_it_is(item),
            days,
            lambda reason: self.delete(
                item.id,
                reason,
                self.app.require_store(),
                self._actor(),
                self.app.today,
                retention,
                self.query_one(PlaybackBar),
            ),
        )

    @queued_write
    def delete(
        self,
        recording_id: int,
        reason: str,
        store: Store,
        actor: Actor,
        today: date,
        retention: Retention,
        player: PlaybackBar,
    ) -> None:
        """Remove the file and mark the recording deleted; audited."""
        from mace_tui.review.retention import delete_recording

        player.stop_now(recording_id)
        delete_recording(
            store, recording_id, reason=reason, actor=actor, today=today, days=retention
        )
        self.app.call_from_thread(self._deleted)

    def _deleted(self) -> None:
        self.notify("The file was deleted; the audit log keeps the record.", title="Deleted")
        self.action_reload()
