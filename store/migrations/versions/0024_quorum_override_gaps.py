"""per-child quorum override: the gaps it was written for (R2)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02

An override written before this revision keeps "" (the gaps it was written for are not
known): it stands as it did, for whatever the child's quorum lacks.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agenda_item") as batch:
        batch.add_column(
            sa.Column(
                "quorum_override_gaps",
                sqlmodel.sql.sqltypes.AutoString(length=1000),
                server_default="",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_column("quorum_override_gaps")
