"""presence breaks (left and came back) and cleared quorum overrides, kept as history

Revision ID: 0014
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0014"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "presence_break",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("left_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("back_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_presence_break_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_presence_break_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence_break")),
    )
    with op.batch_alter_table("presence_break") as batch:
        batch.create_index(batch.f("ix_presence_break_meeting_id"), ["meeting_id"])
    op.create_table(
        "cleared_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("cleared_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_cleared_override_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cleared_override")),
    )
    with op.batch_alter_table("cleared_override") as batch:
        batch.create_index(batch.f("ix_cleared_override_item_id"), ["item_id"])


def downgrade() -> None:
    with op.batch_alter_table("cleared_override") as batch:
        batch.drop_index(batch.f("ix_cleared_override_item_id"))
    op.drop_table("cleared_override")
    with op.batch_alter_table("presence_break") as batch:
        batch.drop_index(batch.f("ix_presence_break_meeting_id"))
    op.drop_table("presence_break")
