"""Messages of `/salesbot export`: help, "on its way", errors, the file's comment and the
README.txt in the zip. Pure functions; `scope` is "team" or "me"."""

from __future__ import annotations

from datetime import date

from bot.domain.formatting import format_day
from bot.i18n import t
from bot.views.blocks import context, reply, section
from bot.views.text import escaped, plural

WORD_SHOWN = 40  # characters of an unknown subcommand quoted back


def _forms(lang: str) -> dict[str, str]:
    return {"me_form": t("export.form.me", lang), "team_form": t("export.form.team", lang)}


def help_reply(lang: str, *, unknown: str | None = None) -> dict:
    """How to export; `unknown` names a word that was not understood."""
    blocks = []
    if unknown:
        blocks.append(section(t("export.help.unknown", lang, word=escaped(unknown, WORD_SHOWN))))
    blocks += [
        section(t("export.help.title", lang)),
        section(t("export.help.commands", lang, **_forms(lang))),
        context(t("export.help.how", lang)),
    ]
    return {"response_type": "ephemeral", "text": t("export.help.fallback", lang), "blocks": blocks}


def coming_reply(lang: str, scope: str) -> dict:
    return reply(t(f"export.coming.{scope}", lang))


def error_text(lang: str, code: str, params: dict) -> str:
    """The answer to a refused export (not_admin, usage) or a failed upload (slack)."""
    key = f"export.error.{code}"
    return t(
        key if code in ("not_admin", "usage", "slack") else "export.error.usage",
        lang,
        **_forms(lang),
    )


def _files(lang: str, rows: dict[str, int]) -> str:
    return ", ".join(plural("export.rows", lang, n, name=f"{name}.csv") for name, n in rows.items())


def file_title(lang: str, scope: str) -> str:
    return t(f"export.title.{scope}", lang)


def file_comment(lang: str, *, scope: str, rows: dict[str, int], day: date) -> str:
    """The DM line that comes with the zip: what is in it."""
    return t(f"export.comment.{scope}", lang, day=format_day(day, lang), files=_files(lang, rows))


def readme_text(lang: str, *, scope: str, rows: dict[str, int], day: date) -> str:
    """README.txt in the zip: what the files are and how their cells are written."""
    return t(
        "export.readme",
        lang,
        scope=t(f"export.scope.{scope}", lang),
        day=day.isoformat(),
        files=_files(lang, rows),
    )
