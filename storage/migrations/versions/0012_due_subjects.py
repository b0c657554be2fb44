"""due subjects: when the clock next looks at each rep or 1:1 series, so a pass reads only what is due

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 01:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "due_subject",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", AutoString(length=32), nullable=False),
        sa.Column("team_id", AutoString(length=32), nullable=False),
        sa.Column("subject", AutoString(length=64), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "team_id", "subject", name="uq_due_subject"),
    )
    op.create_index("ix_due_subject_next", "due_subject", ["source", "next_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_due_subject_next", table_name="due_subject")
    op.drop_table("due_subject")
