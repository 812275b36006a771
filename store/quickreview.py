"""The review list read with the standard library's sqlite3 (start-up speed).

The same rows as ``store.review.review_rows`` with no filter (the list the review
screen first shows), without importing the database stack: the forked start-up
helper (mace_tui/early.py) reads them in milliseconds while the UI paints. Only
an SQLite file at the schema revision this version was built for is read; in
every other case the answer is None and the caller takes the normal path.
``tests/store/test_quickreview.py`` checks the rows equal the store's query.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.quickread import _day, _stamp, read_checked
from store.review_records import VERIFY_FAILED, VERIFY_PASSED, ReviewFilter, ReviewRow

# store.review._query and review_rows' order, with no condition (store.subjects: the subject
# is the child, the person or the place the item is about).
ROWS = f"""
SELECT r.id, r.meeting_id, m.date, m.profile, r.kind, r.item_id, a.position,
       COALESCE(c.ref, cp.ref, cl.ref), COALESCE(c.name, cp.name, cl.name),
       r.path, r.sample_rate, r.channels, r.frames, r.duration_s, r.sha256, r.state,
       r.started_at, r.ended_at, e.action
FROM recording AS r
JOIN meeting AS m ON m.id = r.meeting_id
LEFT OUTER JOIN agenda_item AS a ON a.id = r.item_id
LEFT OUTER JOIN child AS c ON c.id = a.child_id
LEFT OUTER JOIN concern_person AS cp ON cp.id = a.concern_person_id
LEFT OUTER JOIN concern_location AS cl ON cl.id = a.concern_location_id
LEFT OUTER JOIN (
    SELECT recording_id, MAX(id) AS event_id FROM audit_event
    WHERE action IN ('{VERIFY_PASSED}', '{VERIFY_FAILED}') GROUP BY recording_id
) AS latest ON latest.recording_id = r.id
LEFT OUTER JOIN audit_event AS e ON e.id = latest.event_id
ORDER BY m.date DESC, m.id DESC, a.position ASC, r.id ASC
LIMIT ?
"""


def _row(r: Any) -> ReviewRow:
    meeting_date = _day(r[2])
    started_at = _stamp(r[16])
    assert meeting_date is not None and started_at is not None
    return ReviewRow(
        id=r[0],
        meeting_id=r[1],
        meeting_date=meeting_date,
        profile=r[3],
        kind=r[4],
        item_id=r[5],
        position=r[6],
        child_ref=r[7],
        child_name=r[8],
        path=r[9],
        sample_rate=r[10],
        channels=r[11],
        frames=r[12],
        duration_s=None if r[13] is None else float(r[13]),
        sha256=r[14],
        state=r[15],
        started_at=started_at,
        ended_at=_stamp(r[17]),
        verified=None if r[18] is None else r[18] == VERIFY_PASSED,
    )


def review_rows(
    path: Path, *, key: bytes | None = None, access: tuple[str, Sequence[str]] | None = None
) -> list[ReviewRow] | None:
    """Every recording, newest meeting first, then in queue order; None when the file is not
    one this version reads (the normal path then answers and says what is wrong).

    ``key`` opens an encrypted file (store/cipher.py). ``access`` (the account and the roles
    that may see it): NotPermitted if the account holds none of them."""
    return read_checked(
        path,
        key=key,
        access=access,
        then=lambda conn: [_row(r) for r in conn.execute(ROWS, (ReviewFilter().limit,))],
    )
