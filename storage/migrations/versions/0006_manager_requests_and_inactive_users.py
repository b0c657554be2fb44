"""manager requests (a rep accepts a manager) and inactive Slack users

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 17:05:00
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "manager_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", AutoString(length=32), nullable=False),
        sa.Column("rep_id", AutoString(length=32), nullable=False),
        sa.Column("requester_id", AutoString(length=32), nullable=False),
        sa.Column("status", AutoString(length=16), nullable=False),
        sa.Column("freq", AutoString(length=16), nullable=True),
        sa.Column("interval", sa.Integer(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("nth", sa.Integer(), nullable=True),
        sa.Column("at_minutes", sa.Integer(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("tz", AutoString(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("manager_request", schema=None) as batch_op:
        batch_op.create_index(
            "ix_manager_request_rep", ["team_id", "rep_id", "status"], unique=False
        )
    with op.batch_alter_table("slack_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("inactive", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("slack_user", schema=None) as batch_op:
        batch_op.drop_column("inactive")
    with op.batch_alter_table("manager_request", schema=None) as batch_op:
        batch_op.drop_index("ix_manager_request_rep")
    op.drop_table("manager_request")
