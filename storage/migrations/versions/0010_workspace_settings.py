"""workspace settings: each workspace's own settings and whether it is installed

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 01:15:00
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workspace",
        sa.Column("team_id", AutoString(length=32), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("installed_by", AutoString(length=32), nullable=True),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("uninstalled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id"),
    )


def downgrade() -> None:
    op.drop_table("workspace")
