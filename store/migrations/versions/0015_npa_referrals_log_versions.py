"""NPA referrals tracked after the meeting (R7) and issued versions of action logs (R20)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "npa_referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("edited_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("edited_at", store.types.UTCDateTime(), nullable=True),
        sa.Column("npa", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("sent_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column(
            "outcome_rationale", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False
        ),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'sent', 'outcome', 'closed')", name=op.f("ck_npa_referral_status")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_npa_referral_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_npa_referral_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_npa_referral")),
        sa.UniqueConstraint("item_id", name=op.f("uq_npa_referral_item_id")),
    )
    with op.batch_alter_table("npa_referral") as batch:
        batch.create_index(batch.f("ix_npa_referral_child_id"), ["child_id"])
        batch.create_index(batch.f("ix_npa_referral_status"), ["status"])
    op.create_table(
        "log_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("change", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("issued_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("issued_at", store.types.UTCDateTime(), nullable=False),
        sa.Column("content", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_log_version_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_version")),
        sa.UniqueConstraint("meeting_id", "number", name="meeting_number"),
    )
    with op.batch_alter_table("log_version") as batch:
        batch.create_index(batch.f("ix_log_version_meeting_id"), ["meeting_id"])


def downgrade() -> None:
    with op.batch_alter_table("log_version") as batch:
        batch.drop_index(batch.f("ix_log_version_meeting_id"))
    op.drop_table("log_version")
    with op.batch_alter_table("npa_referral") as batch:
        batch.drop_index(batch.f("ix_npa_referral_status"))
        batch.drop_index(batch.f("ix_npa_referral_child_id"))
    op.drop_table("npa_referral")
