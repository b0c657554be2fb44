"""outbox channel order: a channel's older messages still being sent or due, found by index

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 03:00:00
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_channel", ["team_id", "channel", "status", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_channel")
