"""Preparing a meeting's agenda: the meeting, children, the queue, invitations and known conflicts.

Keyword-only functions taking a Session. They add and change rows and flush,
but never commit: the caller's unit of work commits once, so a change made of
several rows (a CSV import, a removal and its renumbering) is all or nothing.
The one exception is ``find_or_create_meeting``, which commits the new
meeting at once so two seats preparing the same day end up with one row.
Whether a change is late is decided by the caller (``mace_tui.prep``) and
passed in; nothing here knows about deadlines.

One module per noun; everything is re-exported here (``from store import agenda``).
"""

from store.agenda.carry import (
    RECEIVING_STATUSES,
    carry_item,
    carry_queue,
    copy_invitations,
    where_children_went,
)
from store.agenda.children import (
    ChildMatch,
    NewChild,
    children_by_id,
    children_for_import,
    create_child,
    create_children,
    new_child_ref,
    same_child,
    search_children,
)
from store.agenda.free import add_free_item, clean_title, retitle_free_item
from store.agenda.items import (
    Addition,
    LateChanges,
    add_item,
    append_items,
    children_on_queue,
    get_item,
    item_for_child,
    items_by_child,
    last_removed_item,
    late_changes,
    move_item,
    queue_items,
    remove_item,
    removed_late,
    restore_item,
    update_item,
)
from store.agenda.meetings import (
    EDITABLE_STATUSES,
    LATE_ADD_STATUSES,
    AgendaError,
    ensure_editable,
    find_meeting,
    find_or_create_meeting,
    get_meeting,
    meeting_on,
)
from store.agenda.panel import (
    Invitation,
    KnownConflict,
    PersonChoice,
    add_known_conflict,
    invitations,
    invite,
    invite_previous_panel,
    invite_standing_panel,
    known_conflicts,
    people,
    remove_known_conflict,
    uninvite,
)

__all__ = [
    "EDITABLE_STATUSES",
    "LATE_ADD_STATUSES",
    "RECEIVING_STATUSES",
    "Addition",
    "AgendaError",
    "ChildMatch",
    "Invitation",
    "KnownConflict",
    "LateChanges",
    "NewChild",
    "PersonChoice",
    "add_free_item",
    "add_item",
    "add_known_conflict",
    "append_items",
    "carry_item",
    "carry_queue",
    "children_by_id",
    "children_for_import",
    "children_on_queue",
    "clean_title",
    "copy_invitations",
    "create_child",
    "create_children",
    "ensure_editable",
    "find_meeting",
    "find_or_create_meeting",
    "get_item",
    "get_meeting",
    "invitations",
    "invite",
    "invite_previous_panel",
    "invite_standing_panel",
    "item_for_child",
    "items_by_child",
    "known_conflicts",
    "last_removed_item",
    "late_changes",
    "meeting_on",
    "move_item",
    "new_child_ref",
    "people",
    "queue_items",
    "remove_item",
    "remove_known_conflict",
    "removed_late",
    "restore_item",
    "retitle_free_item",
    "same_child",
    "search_children",
    "uninvite",
    "update_item",
    "where_children_went",
]
