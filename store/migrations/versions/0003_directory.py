"""directory: agency short name and active flag, named deputies, standing panels, hub profiles

Revision ID: 0003
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types

revision = "0003"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "short_name",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    # The defaults only filled the rows already there; the models set the values from now on.
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.alter_column("short_name", server_default=None)
        batch_op.alter_column("active", server_default=None)

    op.create_table(
        "named_deputy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("deputy_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["deputy_id"], ["person.id"], name=op.f("fk_named_deputy_deputy_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["person.id"], name=op.f("fk_named_deputy_member_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_named_deputy")),
        sa.UniqueConstraint("member_id", "deputy_id", name="member_deputy"),
    )
    with op.batch_alter_table("named_deputy", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_named_deputy_deputy_id"), ["deputy_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_named_deputy_member_id"), ["member_id"], unique=False)

    op.create_table(
        "panel_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_panel_member_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_panel_member")),
        sa.UniqueConstraint("profile", "person_id", name="profile_person"),
    )
    with op.batch_alter_table("panel_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panel_member_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_panel_member_profile"), ["profile"], unique=False)

    op.create_table(
        "hub_profile",
        sa.Column("profile", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("added_at", store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("profile", name=op.f("pk_hub_profile")),
    )


def downgrade() -> None:
    op.drop_table("hub_profile")
    with op.batch_alter_table("panel_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panel_member_profile"))
        batch_op.drop_index(batch_op.f("ix_panel_member_person_id"))
    op.drop_table("panel_member")
    with op.batch_alter_table("named_deputy", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_named_deputy_member_id"))
        batch_op.drop_index(batch_op.f("ix_named_deputy_deputy_id"))
    op.drop_table("named_deputy")
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_column("active")
        batch_op.drop_column("short_name")
