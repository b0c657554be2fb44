"""`/salesbot delete-data`: all of a workspace's data, counted for the admin, then deleted.

The deletion is one transaction over every table of the live database (see storage.erasure);
afterwards nothing of the team is cached either. Whether the person may ask (an admin) is the
listener's to decide, since it may need Slack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.deps import Deps
from storage import erasure as store

log = logging.getLogger(__name__)

# What the admin types in the second confirmation (either language's word, any case).
CONFIRM_WORDS = {"en": "DELETE", "nl": "VERWIJDER"}


def stored(deps: Deps, *, team_id: str) -> dict[str, int]:
    """Table name -> how many of the team's rows it holds now (empty: nothing stored)."""
    with deps.session_factory() as session:
        return store.team_rows(session=session, team_id=team_id)


def confirm_word(lang: str) -> str:
    return CONFIRM_WORDS.get(lang, CONFIRM_WORDS["en"])


def is_confirmed(typed: str | None) -> bool:
    """Whether the admin typed the confirmation word (of either language)."""
    word = " ".join((typed or "").split()).upper()
    return word in CONFIRM_WORDS.values()


def erase(
    deps: Deps,
    *,
    team_id: str,
    before_commit: Callable[[dict[str, int]], None] | None = None,
) -> dict[str, int]:
    """Delete every row of the team from every table in one transaction; table -> rows.

    `before_commit(deleted)` runs inside the transaction, after the deletes: what must happen
    with them or not at all (the bot leaving the workspace); if it raises, nothing is deleted."""
    with deps.session_factory.write() as session:
        people = store.team_user_ids(session=session, team_id=team_id)
        deleted = store.delete_team(session=session, team_id=team_id)
        if before_commit is not None:
            before_commit(deleted)
    # Nothing of the team may be served from memory afterwards either.
    assert deps.workspaces is not None
    deps.workspaces.forget(team_id)
    for user_id in people:
        deps.profiles.invalidate(team_id=team_id, user_id=user_id)
    log.info(
        "deleted all data of team %s: %d rows (%s)",
        team_id,
        sum(deleted.values()),
        ", ".join(f"{table}={count}" for table, count in sorted(deleted.items())),
    )
    return deleted
