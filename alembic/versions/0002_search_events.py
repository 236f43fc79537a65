"""search events

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:40:53.001548
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("query", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("results", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("search_event", schema=None) as batch_op:
        batch_op.create_index("ix_search_event_day_locale", ["day", "locale"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("search_event", schema=None) as batch_op:
        batch_op.drop_index("ix_search_event_day_locale")

    op.drop_table("search_event")
