"""help requests, feedback and anonymous counters

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 00:19:13.160976
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "equality_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("age_band", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("ethnic_group", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("disability", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("carer", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("sexual_orientation", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("gender_identity", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("equality_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_equality_response_month"), ["month"], unique=False)

    op.create_table(
        "feedback_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("page", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("feedback_comment", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_comment_day", ["day"], unique=False)

    op.create_table(
        "feedback_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("page", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("useful", sa.Boolean(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "page", "locale", "useful"),
    )
    op.create_table(
        "help_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("need", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "language", "need"),
    )
    op.create_table(
        "help_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("contact_method", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("contact_detail", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("language_other", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("interpreter", sa.Boolean(), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("large_print_size", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("assigned_to", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("help_request", schema=None) as batch_op:
        batch_op.create_index("ix_help_request_status", ["status", "created_at"], unique=False)

    op.create_table(
        "page_view_count",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("page", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "page", "locale"),
    )


def downgrade() -> None:
    op.drop_table("page_view_count")
    with op.batch_alter_table("help_request", schema=None) as batch_op:
        batch_op.drop_index("ix_help_request_status")

    op.drop_table("help_request")
    op.drop_table("help_count")
    op.drop_table("feedback_count")
    with op.batch_alter_table("feedback_comment", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_comment_day")

    op.drop_table("feedback_comment")
    with op.batch_alter_table("equality_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equality_response_month"))

    op.drop_table("equality_response")
