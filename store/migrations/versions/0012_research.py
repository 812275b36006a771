"""research before the meeting: agencies asked, and what each sent (R23)

Revision ID: 0012
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "research_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("asked_at", store.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_research_request_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_research_request_meeting_id_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research_request")),
        sa.UniqueConstraint("meeting_id", "agency_id", name="meeting_agency"),
    )
    with op.batch_alter_table("research_request") as batch:
        batch.create_index(batch.f("ix_research_request_agency_id"), ["agency_id"])
        batch.create_index(batch.f("ix_research_request_meeting_id"), ["meeting_id"])
    op.create_table(
        "research",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("contributor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("received", sa.Date(), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('fact', 'opinion')", name=op.f("ck_research_kind")),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_research_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_research_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name=op.f("fk_research_item_id_agenda_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_research")),
    )
    with op.batch_alter_table("research") as batch:
        batch.create_index(batch.f("ix_research_item_id"), ["item_id"])
        batch.create_index("ix_research_child_received", ["child_id", "received"])


def downgrade() -> None:
    with op.batch_alter_table("research") as batch:
        batch.drop_index("ix_research_child_received")
        batch.drop_index(batch.f("ix_research_item_id"))
    op.drop_table("research")
    with op.batch_alter_table("research_request") as batch:
        batch.drop_index(batch.f("ix_research_request_meeting_id"))
        batch.drop_index(batch.f("ix_research_request_agency_id"))
    op.drop_table("research_request")
