"""The meeting clock (R13): elapsed against scheduled, the child's budget and overrun."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.widgets import Static

from mace_tui.rules.deadline import LOCAL_ZONE
from mace_tui.rules.pacing import format_span, meeting_pace


class MeetingBar(Static):
    """One line: clock, elapsed / scheduled, child n of m, budget and overrun."""

    DEFAULT_CSS = """
    MeetingBar { height: 1; padding: 0 1; background: $boost; }
    MeetingBar.-over { background: $warning 30%; }
    """

    _line: Text | None = None

    def show(
        self,
        *,
        title: str,
        now: datetime,
        started: datetime | None,
        scheduled_minutes: int,
        child_started: datetime | None = None,
        child_number: int | None = None,
        children_total: int = 0,
        children_left: int = 0,
        recording: Text | None = None,
        quorum_overrides: tuple[int, ...] = (),
    ) -> None:
        """Redraw for ``now``; called every second by the screen."""
        line = Text(f"{title}  {now.astimezone(LOCAL_ZONE):%H:%M}  ", style="bold")
        over = False
        if started is not None:
            pace = meeting_pace(
                now=now,
                meeting_started=started,
                scheduled=timedelta(minutes=scheduled_minutes),
                child_started=child_started,
                children_left=children_left,
            )
            line.append(
                f"{format_span(pace.elapsed)} / {format_span(pace.scheduled)}  ",
                style="bold red" if pace.over_time else "",
            )
            over = pace.over_time
            if child_number is not None and pace.child_budget is not None:
                line.append(f"child {child_number} of {children_total}  ")
                assert pace.child_elapsed is not None
                line.append(
                    f"{format_span(pace.child_elapsed)} of {format_span(pace.child_budget)}"
                )
                if pace.overrun:
                    line.append(f"  over by {format_span(pace.overrun)}", style="bold yellow")
                    over = True
        else:
            line.append(f"not started · {scheduled_minutes} min scheduled")
        if quorum_overrides:
            # Quorate as a meeting, but not for every child (R2): say so where quorum shows.
            numbers = ", ".join(f"#{n}" for n in quorum_overrides)
            line.append(f"  quorum override: {numbers}", style="bold yellow")
        if recording is not None:
            line.append("  ")
            line.append_text(recording)
        self.set_class(over, "-over")
        if line != self._line:  # called every second and after each re-read: redraw on change
            self._line = line
            self.update(line)
