"""ack path indexes: a team's and a rep's wins and a team's or win's outbox found by index

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 23:40:00
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # (team_id, year) becomes (team_id, year, id): "the team's newest wins this year" then reads
    # the index in order instead of walking the primary key past every other team's wins.
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.drop_index("ix_win_team_year")
        batch_op.create_index("ix_win_team_year_id", ["team_id", "year", "id"], unique=False)
        batch_op.create_index(
            "ix_win_team_user_year", ["team_id", "user_id", "year", "id"], unique=False
        )
        batch_op.create_index("ix_win_team_created", ["team_id", "created_at"], unique=False)
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_team_kind", ["team_id", "kind", "status"], unique=False)
        batch_op.create_index("ix_outbox_win", ["win_id", "kind", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_win")
        batch_op.drop_index("ix_outbox_team_kind")
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.drop_index("ix_win_team_created")
        batch_op.drop_index("ix_win_team_user_year")
        batch_op.drop_index("ix_win_team_year_id")
        batch_op.create_index("ix_win_team_year", ["team_id", "year"], unique=False)
