"""The action log as CSV: one row per action, for import into an agency's own system.

The marking is the first and last line (a one-field row, so the file stays
valid CSV). Rows are the actions agreed at the meeting, children in
discussion order, then the updates given on carried-over actions. The file is
UTF-8 with a byte-order mark (so spreadsheet programs read accented names
correctly) and CRLF line ends, as RFC 4180 asks. Typed text that starts like
a spreadsheet formula (``=``, ``+``, ``-``, ``@``) gets a leading quote so it
is shown, never run.
"""

from __future__ import annotations

import csv
import io

from mace_tui.reports import words as w
from mace_tui.reports.cells import csv_cell
from mace_tui.reports.marking import marking_line
from mace_tui.reports.records import ActionEntry, ActionLog, CarriedAction
from mace_tui.rules.disruption import tactic_label

ENCODING = "utf-8-sig"
COLUMNS = (
    "log_version",
    "meeting_date",
    "meeting_profile",
    "action_ref",
    "origin",
    "agreed_on",
    "child_ref",
    "child_name",
    "date_of_birth",
    "local_authority",
    "police_ref",
    "la_ref",
    "kind",
    "action",
    "owner",
    "agency",
    "due",
    "agreed",
    "status",
    "update",
    "share_what",
    "share_with",
    "share_why",
    "extraordinary_meeting",
    "vague",
    "topic",
    "tactic",
)


def _row(log: ActionLog, action: ActionEntry, *, carried: CarriedAction | None = None) -> list[str]:
    meeting = log.meeting
    child = action.child
    cells = [
        str(log.version),
        w.iso(meeting.date),
        meeting.profile_key,
        f"A{action.id}",
        "carried-over" if carried else "new",
        w.iso(carried.agreed_on if carried else meeting.date),
        child.ref,
        child.name,
        w.iso(child.date_of_birth),
        child.local_authority,
        child.police_ref,
        child.la_ref,
        action.kind,
        action.text,
        action.owner,
        action.agency,
        w.iso(action.due),
        w.yes_no(action.agreed),
        # As at the end of this meeting: a new action is open; a carried one has its update.
        carried.new_status if carried else "open",
        carried.note if carried else "",
        action.share_what,
        action.share_with,
        action.share_why,
        w.yes_no(meeting.extraordinary),
        # The same mark as Markdown and Word (R8): a spreadsheet user can filter on it.
        "; ".join(w.vague_marks(action.text)),
        action.topic,
        tactic_label(action.tactic),
    ]
    # Every cell, not only the typed ones: references and authorities come from imports too.
    return [csv_cell(cell) for cell in cells]


def render_csv(log: ActionLog) -> str:
    """The CSV text (encode with ``ENCODING`` to write it)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    marking = marking_line(log.version_label)
    writer.writerow([csv_cell(marking)])
    writer.writerow(COLUMNS)
    if log.agency_filter:
        actions = log.agencies[0].actions if log.agencies else ()
    else:
        actions = log.actions
    for action in actions:
        writer.writerow(_row(log, action))
    for update in log.carried:
        writer.writerow(_row(log, update.action, carried=update))
    writer.writerow([csv_cell(marking)])
    return out.getvalue()


def render_csv_bytes(log: ActionLog) -> bytes:
    """The CSV file's bytes."""
    return render_csv(log).encode(ENCODING)
