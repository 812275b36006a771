"""free agenda items: MPRU considerations and any other business, a title and a section (R19)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from store.states import one_subject

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# The check this revision builds: the subject part as 0016 built it, and the free kind
# written out here (a later change to store.states must not change what this script did).
_SUBJECT_OR_FREE = (
    "(({subject}) AND title = '' AND free_section = '') OR "
    "(subject_kind = 'free' AND child_id IS NULL AND concern_person_id IS NULL "
    "AND concern_location_id IS NULL AND title <> '' AND free_section IN ('mpru', 'aob'))"
)


def upgrade() -> None:
    with op.batch_alter_table("agenda_item") as batch:
        batch.add_column(
            sa.Column(
                "title",
                sqlmodel.sql.sqltypes.AutoString(length=200),
                server_default="",
                nullable=False,
            )
        )
        batch.add_column(
            sa.Column(
                "free_section",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                server_default="",
                nullable=False,
            )
        )
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_constraint(op.f("ck_agenda_item_subject"), type_="check")
        batch.create_check_constraint(
            op.f("ck_agenda_item_subject"), _SUBJECT_OR_FREE.format(subject=one_subject())
        )


def downgrade() -> None:
    # A free item has no subject, which the older check refuses: say so before changing anything.
    items = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM agenda_item WHERE subject_kind = 'free'"))
        .scalar_one()
    )
    if items:
        raise RuntimeError(
            f"Cannot go back below revision 0021: {items} agenda item(s) are free items "
            "(MPRU considerations, any other business), which the older schema cannot hold. "
            "Restore a backup made before the upgrade instead."
        )
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_constraint(op.f("ck_agenda_item_subject"), type_="check")
        batch.create_check_constraint(op.f("ck_agenda_item_subject"), one_subject())
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_column("free_section")
        batch.drop_column("title")
