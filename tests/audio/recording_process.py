"""A recording process for the crash test: records one child until it is killed.

Run as ``python -m tests.audio.recording_process MEETING_ID DATE ITEM_ID POSITION REF``
with the virtual devices' environment. Prints one JSON line per status
change of interest, so the test knows exactly how far capture got.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date

from mace_tui.audio.meeting import MeetingAudio
from mace_tui.config import load_settings
from store.db import Store


def main(argv: list[str]) -> None:
    meeting_id, day, item_id, position, ref = argv
    settings = load_settings(audio_device="fifomic")
    store = Store.open(settings.db_url)
    audio = MeetingAudio(
        store=store,
        settings=settings,
        meeting_id=int(meeting_id),
        meeting_date=date.fromisoformat(day),
        watchdog_s=600,
        # The test pours 2.5 s of sound into the pipe at once, far faster than a
        # real microphone, to make the writer fall as far behind as it can; the
        # pace check (tested in test_pace.py) would rightly stop such a stream.
        pace=None,
        on_problem=lambda line: print(json.dumps({"problem": line}), flush=True),
    )
    print(json.dumps({"state": audio.start().state}), flush=True)
    audio.begin_child(item_id=int(item_id), position=int(position), child_ref=ref)
    last = -1
    while True:
        status = audio.status()
        if status.frames_captured != last:
            last = status.frames_captured
            print(json.dumps({"state": status.state, "captured": last}), flush=True)
        time.sleep(0.001)


if __name__ == "__main__":
    main(sys.argv[1:])
