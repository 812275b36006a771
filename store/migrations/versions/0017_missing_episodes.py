"""Missing episodes on a child (R19) and the child's education setting (R21)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("child") as batch:
        batch.add_column(
            sa.Column(
                "education_setting",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                nullable=False,
                server_default="",
            )
        )
    op.create_table(
        "missing_episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on", name=op.f("ck_missing_episode_dates")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_missing_episode_child_id_child")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missing_episode")),
    )
    with op.batch_alter_table("missing_episode") as batch:
        batch.create_index(batch.f("ix_missing_episode_child_id"), ["child_id"])
        batch.create_index(batch.f("ix_missing_episode_started_on"), ["started_on"])


def downgrade() -> None:
    with op.batch_alter_table("missing_episode") as batch:
        batch.drop_index(batch.f("ix_missing_episode_started_on"))
        batch.drop_index(batch.f("ix_missing_episode_child_id"))
    op.drop_table("missing_episode")
    with op.batch_alter_table("child") as batch:
        batch.drop_column("education_setting")
