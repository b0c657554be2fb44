"""share check-ins: a rep's opt-in to show their first-meeting outreach on the leaderboard

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows take the default: check-ins stay private until the rep opts in.
    with op.batch_alter_table("checkin_member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("shares_outreach", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("checkin_member", schema=None) as batch_op:
        batch_op.drop_column("shares_outreach")
