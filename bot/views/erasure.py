"""Messages and modals of `/salesbot delete-data`. Pure functions; `rows` is table name ->
how many of the team's rows it holds (as storage.erasure counts them)."""

from __future__ import annotations

import json

from bot.i18n import MESSAGES, t
from bot.views.blocks import button, context, modal, plain, reply, section, text_input
from bot.views.text import escaped, plural

ASK_ACTION = "erasure_ask"  # the danger button under the first confirmation
MODAL_CALLBACK = "erasure_confirm"
BLOCK_WORD = "erasure_word"
ACTION_WORD = "word"
WORD_MAX = 40
TABLE_SHOWN = 60  # characters of an unknown table's name

# The order the kinds are listed in; tables not named here come after, by name.
KIND_ORDER = (
    "win",
    "congratulation",
    "meeting_plan",
    "meeting",
    "agenda_item",
    "meeting_rating",
    "account_plan",
    "account_plan_version",
    "checkin",
    "checkin_member",
    "oneonone_series",
    "oneonone_prep",
    "oneonone_change",
    "action_point",
    "manager_link",
    "manager_request",
    "slack_user",
    "outbox",
    "processed_event",
    "workspace",
    "slack_installations",
    "slack_bots",
)


def kind_lines(lang: str, rows: dict[str, int]) -> str:
    """One bullet per kind held, e.g. "• 12 wins"."""
    ordered = [name for name in KIND_ORDER if rows.get(name)]
    ordered += sorted(name for name in rows if name not in KIND_ORDER and rows[name])
    lines = []
    for name in ordered:
        if f"erasure.kind.{name}.other" in MESSAGES:
            lines.append(plural(f"erasure.kind.{name}", lang, rows[name]))
        else:
            table = f"`{escaped(name, TABLE_SHOWN)}`"
            lines.append(plural("erasure.kind.other", lang, rows[name], table=table))
    lines.append(f"_{plural('erasure.total', lang, sum(rows.values()))}_")
    return "\n".join(f"• {line}" for line in lines)


def _export_form(lang: str) -> str:
    return t("export.form.team", lang)


def ask_reply(lang: str, rows: dict[str, int]) -> dict:
    """Confirmation 1: what will be deleted, and a danger button behind Slack's confirm dialog."""
    confirm = {
        "title": plain(t("erasure.confirm.title", lang)),
        "text": {"type": "mrkdwn", "text": t("erasure.confirm.text", lang)},
        "confirm": plain(t("erasure.confirm.yes", lang)),
        "deny": plain(t("erasure.confirm.no", lang)),
        "style": "danger",
    }
    ask = button(t("erasure.ask.button", lang), ASK_ACTION, lang, style="danger", confirm=confirm)
    return {
        "response_type": "ephemeral",
        "text": t("erasure.ask.fallback", lang),
        "blocks": [
            section(t("erasure.ask.title", lang)),
            section(t("erasure.ask.what", lang, kinds=kind_lines(lang, rows))),
            context(t("erasure.ask.after", lang, export=_export_form(lang))),
            {"type": "actions", "block_id": "erasure_actions", "elements": [ask]},
        ],
    }


def counting_modal(lang: str) -> dict:
    """Opened at once on the danger button (its trigger_id lasts 3 s); the counts follow."""
    return _result(lang, t("erasure.modal.title", lang), t("erasure.counting.text", lang))


def confirm_modal(lang: str, rows: dict[str, int], word: str, *, uninstalls: bool) -> dict:
    """Confirmation 2: the admin types `word`. `uninstalls`: the bot leaves the workspace too
    (many workspaces); else it stays installed."""
    return modal(
        title=t("erasure.modal.title", lang),
        callback_id=MODAL_CALLBACK,
        submit=t("erasure.modal.submit", lang),
        close=t("erasure.modal.close", lang),
        private_metadata=json.dumps({"lang": lang}),
        blocks=[
            section(t("erasure.modal.warning", lang, kinds=kind_lines(lang, rows))),
            section(t(f"erasure.app.{'uninstall' if uninstalls else 'stays'}", lang)),
            text_input(
                block_id=BLOCK_WORD,
                action_id=ACTION_WORD,
                label=t("erasure.modal.label", lang, word=word),
                max_length=WORD_MAX,
                hint=t("erasure.modal.hint", lang),
                placeholder=word,
            ),
        ],
    )


def word_typed(values: dict) -> str | None:
    """What the admin typed in the modal (None when nothing, or the form is not ours)."""
    block = values.get(BLOCK_WORD) if isinstance(values, dict) else None
    element = block.get(ACTION_WORD) if isinstance(block, dict) else None
    value = element.get("value") if isinstance(element, dict) else None
    return value if isinstance(value, str) else None


def wrong_word_errors(lang: str, word: str) -> dict[str, str]:
    """block_id -> message, for ack(response_action="errors")."""
    return {BLOCK_WORD: t("erasure.modal.wrong", lang, word=word)}


def _result(lang: str, title: str, text: str) -> dict:
    return modal(title=title, close=t("erasure.done.close", lang), blocks=[section(text)])


def working_modal(lang: str) -> dict:
    return _result(lang, t("erasure.working.title", lang), t("erasure.working.text", lang))


def done_modal(lang: str, deleted: dict[str, int], *, uninstalled: bool) -> dict:
    """The final word: how many rows were deleted, and of what; whether the bot left too."""
    total = sum(deleted.values())
    app = t(f"erasure.app.{'uninstalled' if uninstalled else 'stays'}", lang)
    text = plural("erasure.done.text", lang, total) + "\n" + kind_lines(lang, deleted)
    text += "\n\n" + app
    return _result(lang, t("erasure.done.title", lang), text)


def note_modal(lang: str, key: str) -> dict:
    """Nothing deleted: `key` is "nothing" (no data left) or "not_admin"."""
    return _result(lang, t("erasure.result.title", lang), t(f"erasure.{key}", lang))


def note_reply(lang: str, key: str) -> dict:
    """The same as a message: nothing deleted, and why."""
    return {"response_type": "ephemeral", **reply(t(f"erasure.{key}", lang))}
