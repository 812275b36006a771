"""subjects of concern: persons and locations of concern, their links to children,
and agenda items about any of the three (R22)

Revision ID: 0016
Revises: 0014
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import store.types
from store.states import LocationKind, one_of, one_subject

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "concern_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("aliases", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("areas", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("police_ref", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_person")),
        sa.UniqueConstraint("ref", name=op.f("uq_concern_person_ref")),
    )
    with op.batch_alter_table("concern_person") as batch:
        batch.create_index(batch.f("ix_concern_person_name"), ["name"])
        batch.create_index(batch.f("ix_concern_person_police_ref"), ["police_ref"])
    op.create_table(
        "concern_location",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("local_authority", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(one_of("kind", LocationKind), name=op.f("ck_concern_location_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_location")),
        sa.UniqueConstraint("ref", name=op.f("uq_concern_location_ref")),
    )
    with op.batch_alter_table("concern_location") as batch:
        batch.create_index(batch.f("ix_concern_location_name"), ["name"])
    op.create_table(
        "concern_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("concern_person_id", sa.Integer(), nullable=True),
        sa.Column("concern_location_id", sa.Integer(), nullable=True),
        sa.Column("relation", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("created_at", store.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint(
            "(concern_person_id IS NULL) <> (concern_location_id IS NULL)",
            name=op.f("ck_concern_link_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"], name=op.f("fk_concern_link_child_id_child")
        ),
        sa.ForeignKeyConstraint(
            ["concern_location_id"],
            ["concern_location.id"],
            name=op.f("fk_concern_link_concern_location_id_concern_location"),
        ),
        sa.ForeignKeyConstraint(
            ["concern_person_id"],
            ["concern_person.id"],
            name=op.f("fk_concern_link_concern_person_id_concern_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concern_link")),
    )
    with op.batch_alter_table("concern_link") as batch:
        batch.create_index(batch.f("ix_concern_link_child_id"), ["child_id"])
        batch.create_index(batch.f("ix_concern_link_concern_person_id"), ["concern_person_id"])
        batch.create_index(batch.f("ix_concern_link_concern_location_id"), ["concern_location_id"])
    with op.batch_alter_table("agenda_item") as batch:
        batch.add_column(
            sa.Column(
                "subject_kind",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                server_default="child",
                nullable=False,
            )
        )
        batch.add_column(sa.Column("concern_person_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("concern_location_id", sa.Integer(), nullable=True))
        batch.alter_column("child_id", existing_type=sa.Integer(), nullable=True)
        batch.create_foreign_key(
            batch.f("fk_agenda_item_concern_person_id_concern_person"),
            "concern_person",
            ["concern_person_id"],
            ["id"],
        )
        batch.create_foreign_key(
            batch.f("fk_agenda_item_concern_location_id_concern_location"),
            "concern_location",
            ["concern_location_id"],
            ["id"],
        )
        batch.create_index(
            "ix_agenda_item_person_meeting_date", ["concern_person_id", "meeting_date"]
        )
        batch.create_index(
            "ix_agenda_item_location_meeting_date", ["concern_location_id", "meeting_date"]
        )
        batch.create_check_constraint(op.f("ck_agenda_item_subject"), one_subject())
    with op.batch_alter_table("grading") as batch:
        batch.alter_column("child_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    # Items about persons or locations cannot go back to a child-only schema, and deleting
    # their discussions here would lose them without a word: refuse before changing anything.
    items = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM agenda_item WHERE child_id IS NULL"))
        .scalar_one()
    )
    if items:
        raise RuntimeError(
            f"Cannot go back below revision 0016: {items} agenda item(s) are about persons or "
            "locations of concern, which the older schema cannot hold. Restore a backup made "
            "before the upgrade instead."
        )
    with op.batch_alter_table("grading") as batch:
        batch.alter_column("child_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("agenda_item") as batch:
        batch.drop_constraint(op.f("ck_agenda_item_subject"), type_="check")
        batch.drop_index("ix_agenda_item_location_meeting_date")
        batch.drop_index("ix_agenda_item_person_meeting_date")
        batch.drop_constraint(
            batch.f("fk_agenda_item_concern_location_id_concern_location"), type_="foreignkey"
        )
        batch.drop_constraint(
            batch.f("fk_agenda_item_concern_person_id_concern_person"), type_="foreignkey"
        )
        batch.alter_column("child_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("concern_location_id")
        batch.drop_column("concern_person_id")
        batch.drop_column("subject_kind")
    with op.batch_alter_table("concern_link") as batch:
        batch.drop_index(batch.f("ix_concern_link_concern_location_id"))
        batch.drop_index(batch.f("ix_concern_link_concern_person_id"))
        batch.drop_index(batch.f("ix_concern_link_child_id"))
    op.drop_table("concern_link")
    with op.batch_alter_table("concern_location") as batch:
        batch.drop_index(batch.f("ix_concern_location_name"))
    op.drop_table("concern_location")
    with op.batch_alter_table("concern_person") as batch:
        batch.drop_index(batch.f("ix_concern_person_police_ref"))
        batch.drop_index(batch.f("ix_concern_person_name"))
    op.drop_table("concern_person")
