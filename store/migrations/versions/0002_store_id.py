"""store identity

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "store_info",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("store_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_store_info_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_store_info")),
    )
    # Every store, new or upgraded, gets its identity here, once.
    op.bulk_insert(
        table,
        [{"id": 1, "store_id": uuid.uuid4().hex, "created_at": dt.datetime.now(dt.UTC)}],
    )


def downgrade() -> None:
    op.drop_table("store_info")
