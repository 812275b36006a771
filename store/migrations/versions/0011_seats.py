"""several seats: a version on the rows two seats may both edit, and the chair's lease

Revision ID: 0011
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0011"
down_revision = "0005"
branch_labels = None
depends_on = None

VERSIONED = ("agenda_item", "thrive_note", "grading", "action")


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1"))
            )
    op.create_table(
        "seat_lease",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("holder", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("seat", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("host", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("taken_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("heartbeat_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_seat_lease_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seat_lease")),
        sa.UniqueConstraint("meeting_id", "role", name="meeting_role"),
    )


def downgrade() -> None:
    op.drop_table("seat_lease")
    for table in VERSIONED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
