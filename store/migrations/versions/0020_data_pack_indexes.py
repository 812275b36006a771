"""Indexes for the monthly data pack (R21): a month of referrals, subjects and gradings

Revision ID: 0020
Revises: 0018
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_item") as batch:
        batch.create_index("ix_agenda_item_profile_meeting_date", ["profile", "meeting_date"])
        batch.create_index("ix_agenda_item_kind_meeting_date", ["subject_kind", "meeting_date"])
    with op.batch_alter_table("grading") as batch:
        batch.create_index("ix_grading_meeting_date", ["meeting_date"])


def downgrade() -> None:
    with op.batch_alter_table("grading") as batch:
        batch.drop_index("ix_grading_meeting_date")
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_index("ix_agenda_item_kind_meeting_date")
        batch.drop_index("ix_agenda_item_profile_meeting_date")
