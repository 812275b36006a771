"""Entries of the FORM proposal dropped when it was accepted (R19)

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0023"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposal_drop",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("dropped_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("dropped_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_proposal_drop_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_drop")),
        sa.UniqueConstraint("meeting_id", "subject_kind", "subject_id", name="meeting_subject"),
    )
    with op.batch_alter_table("proposal_drop") as batch:
        batch.create_index(batch.f("ix_proposal_drop_meeting_id"), ["meeting_id"])


def downgrade() -> None:
    with op.batch_alter_table("proposal_drop") as batch:
        batch.drop_index(batch.f("ix_proposal_drop_meeting_id"))
    op.drop_table("proposal_drop")
