"""recording gaps, and the store id on each recording

Revision ID: 0005
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0005"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recording") as batch:
        batch.add_column(
            sa.Column(
                "store_id",
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=False,
                server_default="",
            )
        )
    op.create_table(
        "recording_gap",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("at_s", sa.Float(), nullable=False),
        sa.Column("lost_s", sa.Float(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("noted_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recording_id"], ["recording.id"], name=op.f("fk_recording_gap_recording_id_recording")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recording_gap")),
    )
    with op.batch_alter_table("recording_gap") as batch:
        batch.create_index(batch.f("ix_recording_gap_recording_id"), ["recording_id"])


def downgrade() -> None:
    with op.batch_alter_table("recording_gap") as batch:
        batch.drop_index(batch.f("ix_recording_gap_recording_id"))
    op.drop_table("recording_gap")
    with op.batch_alter_table("recording") as batch:
        batch.drop_column("store_id")
