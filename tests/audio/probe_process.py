"""Start MeetingAudio in a fresh process and report what the chair would see, as JSON.

Run as ``python -m tests.audio.probe_process MEETING_ID DATE ITEM_ID POSITION REF``
under an environment that takes something away (the devices, PortAudio).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date

from mace_tui.audio.meeting import MeetingAudio
from mace_tui.config import load_settings
from store.db import Store
from store.recordings import meeting_recordings


def main(argv: list[str]) -> None:
    meeting_id, day, item_id, position, ref = argv
    settings = load_settings()
    store = Store.open(settings.db_url)
    problems: list[str] = []
    audio = MeetingAudio(
        store=store,
        settings=settings,
        meeting_id=int(meeting_id),
        meeting_date=date.fromisoformat(day),
        on_problem=problems.append,
    )
    started = audio.start()
    audio.begin_child(item_id=int(item_id), position=int(position), child_ref=ref)
    during = audio.status()
    stopped = audio.stop(timeout=5)
    with store.session() as session:
        rows = len(meeting_recordings(session, meeting_id=int(meeting_id)))
    print(
        json.dumps(
            {
                "started": dataclasses.asdict(started),
                "during": dataclasses.asdict(during),
                "stopped": stopped,
                "problems": problems,
                "rows": rows,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1:])
