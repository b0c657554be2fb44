"""`python -m storage.migrate`: bring the database of $SALESBOT_MIGRATE_URL (else $DATABASE_URL)
to the newest schema, then exit. The bot runs this as a child process when it starts
(storage.db.migrate_apart); operators can run it on its own before a deploy.

Exit status: 0 migrated (or already current), 3 the database cannot be used (the reason is the
last line on stdout), 1 anything else (with its traceback on stderr)."""

from __future__ import annotations

import os
import sys

from sqlalchemy.exc import OperationalError

from storage.db import (
    MIGRATE_URL_VARIABLE,
    UNUSABLE_DATABASE,
    DatabaseUnusable,
    make_engine,
    migrate,
)


def main() -> int:
    url = os.environ.get(MIGRATE_URL_VARIABLE) or os.environ.get("DATABASE_URL") or ""
    if not url:
        print(f"no database: set {MIGRATE_URL_VARIABLE} or DATABASE_URL", file=sys.stderr)
        return 1
    engine = make_engine(url)
    try:
        migrate(engine)
    except OperationalError as error:
        print(DatabaseUnusable.of(error))
        return UNUSABLE_DATABASE
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
