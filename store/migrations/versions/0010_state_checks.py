"""state check constraints

Revision ID: 0010
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

from store.states import (
    ActionStatus,
    AttendanceStatus,
    ItemStatus,
    MeetingStage,
    MeetingStatus,
    RecordingState,
    one_of,
)

revision = "0010"
down_revision = "0002"
branch_labels = None
depends_on = None

CHECKS = [
    ("meeting", "status", one_of("status", MeetingStatus)),
    ("meeting", "stage", one_of("stage", MeetingStage)),
    ("attendance", "status", one_of("status", AttendanceStatus)),
    ("agenda_item", "status", one_of("status", ItemStatus)),
    ("action", "status", one_of("status", ActionStatus)),
    ("action_review", "status", one_of("status", ActionStatus)),
    ("recording", "state", one_of("state", RecordingState)),
]


def upgrade() -> None:
    for table, name, condition in CHECKS:
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(op.f(f"ck_{table}_{name}"), condition)


def downgrade() -> None:
    for table, name, _ in reversed(CHECKS):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
