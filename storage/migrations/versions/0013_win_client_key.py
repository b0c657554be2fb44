"""win client key: the client's name as compared, stored and indexed for the 30-day check

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 02:00:00
"""

import sqlalchemy as sa
from alembic import op

from storage.models import client_key

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("client_key", sa.String(length=200), nullable=False, server_default="")
        )
    connection = op.get_bind()
    win = sa.table(
        "win", sa.column("id", sa.Integer), sa.column("client_name"), sa.column("client_key")
    )
    last = 0
    while True:
        rows = connection.execute(
            sa.select(win.c.id, win.c.client_name)
            .where(win.c.id > last)
            .order_by(win.c.id)
            .limit(_BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            win.update()
            .where(win.c.id == sa.bindparam("b_id"))
            .values(client_key=sa.bindparam("b_key")),
            [{"b_id": row_id, "b_key": client_key(name)} for row_id, name in rows],
        )
        last = rows[-1][0]
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.create_index(
            "ix_win_team_client", ["team_id", "client_key", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("win", schema=None) as batch_op:
        batch_op.drop_index("ix_win_team_client")
        batch_op.drop_column("client_key")
