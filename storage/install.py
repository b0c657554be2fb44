"""Where "Add to Slack" keeps its installations and OAuth states: slack_sdk's SQLAlchemy stores
on the bot's own engine (their tables come from migration 0011, never from create_tables())."""

from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import UTC, datetime

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.sqlalchemy_utils import normalize_datetime_for_db
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# How long an "Add to Slack" visit may take between the install page and Slack's redirect.
STATE_SECONDS = 10 * 60


class TeamInstallationStore(SQLAlchemyInstallationStore):
    """slack_sdk's store; a team is found by its id alone too (work outside a request knows
    no enterprise id; a workspace of an Enterprise Grid has one)."""

    def enterprise_of(self, team_id: str) -> str | None:
        c = self.installations.c
        query = (
            sa_select(c.enterprise_id)
            .where(c.client_id == self.client_id, c.team_id == team_id)
            .order_by(c.installed_at.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()

    def delete_team(self, team_id: str) -> None:
        """Every installation and bot of the team (it uninstalled the bot)."""
        with self.engine.begin() as conn:
            for table in (self.installations, self.bots):
                conn.execute(
                    table.delete().where(
                        table.c.client_id == self.client_id, table.c.team_id == team_id
                    )
                )


def installation_store(engine: Engine, client_id: str) -> TeamInstallationStore:
    return TeamInstallationStore(client_id=client_id, engine=engine, logger=log)


class SignedStateStore(OAuthStateStore):
    """The database's state store, with each state signed by SLACK_STATE_SECRET: a made-up
    state is refused without a database look-up."""

    def __init__(self, inner: OAuthStateStore, secret: str) -> None:
        self.inner = inner
        self.secret = secret.encode()

    @property
    def logger(self) -> logging.Logger:
        return log

    def _sign(self, state: str) -> str:
        return hmac.new(self.secret, state.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self, *args, **kwargs) -> str:
        state = self.inner.issue(*args, **kwargs)
        return f"{state}.{self._sign(state)}"

    def consume(self, state: str) -> bool:
        inner, _, signature = (state or "").rpartition(".")
        if not inner or not hmac.compare_digest(signature, self._sign(inner)):
            return False
        return self.inner.consume(inner)


class PrunedStateStore(SQLAlchemyOAuthStateStore):
    """slack_sdk's state store, deleting the expired states (never consumed: abandoned visits,
    bots hitting the install page) whenever it issues a new one, so the table stays small."""

    def issue(self, *args, **kwargs) -> str:
        now = normalize_datetime_for_db(datetime.now(tz=UTC))
        with self.engine.begin() as conn:
            conn.execute(self.oauth_states.delete().where(self.oauth_states.c.expire_at <= now))
        return super().issue(*args, **kwargs)


def state_store(engine: Engine, secret: str = "") -> OAuthStateStore:
    store: OAuthStateStore = PrunedStateStore(
        expiration_seconds=STATE_SECONDS, engine=engine, logger=log
    )
    return SignedStateStore(store, secret) if secret else store
