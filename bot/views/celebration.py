"""Block Kit for the public celebration of a new client."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from babel.numbers import format_decimal

from bot.domain.formatting import cents_to_decimal
from bot.domain.milestones import Milestone
from bot.i18n import t
from bot.views import newclient as newclient_views
from bot.views.blocks import plain as _plain
from bot.views.blocks import result_modal
from bot.views.blocks import section as _section
from bot.views.text import escape, mention, truncate

CONGRATULATE_ACTION_ID = "celebration_congratulate"
# The "…" menu for the winner and admins: its option values are "edit:<win id>", "remove:<id>".
MENU_ACTION_ID = "celebration_menu"
MENU_CHOICES = ("edit", "remove")
EDIT_CALLBACK_ID = "celebration_edit"
REMOVE_CALLBACK_ID = "celebration_remove"
CHEER_VARIANTS = 6
MAX_LISTED_CONGRATULATORS = 40
STORY_LIMIT = 2900  # a section's text holds 3,000 characters


@dataclass(frozen=True)
class CelebrationInput:
    """Everything the celebration shows. Text fields are raw user text; the builder escapes them."""

    win_id: int
    rep_id: str
    client: str
    year: int
    rep_count_year: int
    team_count_year: int
    milestone: Milestone
    value: str | None = None  # already formatted for the locale
    segment: str | None = None
    won_via: str | None = None  # a key of bot.views.newclient.WON_VIA
    story: str | None = None
    congratulators: list[str] = field(default_factory=list)
    # "3 of 10 new clients on Anna's 2027 plan": mrkdwn, only when the rep shares the plan.
    plan_progress: str | None = None


def headline(data: CelebrationInput, lang: str) -> str:
    client, rep = escape(data.client), mention(data.rep_id)
    kind = data.milestone.kind
    if kind == "team":
        return t("celebrate.headline_team", lang, n=data.milestone.team_count, client=client)
    if kind == "biggest":
        return t("celebrate.headline_biggest", lang, client=client)
    if kind == "first":
        return t("celebrate.headline_first", lang, rep=rep, client=client)
    return t("celebrate.headline", lang, client=client)


def celebration_message(data: CelebrationInput, lang: str) -> dict:
    """The message (text + blocks) announcing a win; re-rendered when someone congratulates."""
    client, rep = escape(data.client), mention(data.rep_id)
    # The same win always gets the same line, so a refresh does not change the wording.
    cheer = t(f"celebrate.cheer.{data.win_id % CHEER_VARIANTS}", lang, rep=rep, client=client)
    blocks: list[dict] = [_section(f"*{headline(data, lang)}*"), _section(cheer)]
    if data.milestone.big:
        big = {
            "team": lambda: t("celebrate.big_team", lang, n=data.milestone.team_count),
            "biggest": lambda: t("celebrate.big_biggest", lang),
            "first": lambda: t("celebrate.big_first", lang, rep=rep),
        }[data.milestone.kind]()
        blocks.append(_section(big))
    fields = [{"type": "mrkdwn", "text": t("celebrate.won_by", lang, rep=rep)}]
    if data.value:
        fields.append({"type": "mrkdwn", "text": t("celebrate.value", lang, value=data.value)})
    if data.segment:
        fields.append(
            {"type": "mrkdwn", "text": t("celebrate.segment", lang, segment=escape(data.segment))}
        )
    if data.won_via:
        fields.append(
            {
                "type": "mrkdwn",
                "text": t("celebrate.won_via", lang, won_via=t(f"won_via.{data.won_via}", lang)),
            }
        )
    blocks.append({"type": "section", "fields": fields})
    if data.story:
        story = "\n".join("> " + line for line in escape(data.story).splitlines())
        blocks.append(_section(truncate(t("celebrate.story", lang, story=story), STORY_LIMIT)))
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": t(
                        "celebrate.counts",
                        lang,
                        year=data.year,
                        rep_count=data.rep_count_year,
                        rep=rep,
                        team_count=data.team_count_year,
                    ),
                }
            ],
        }
    )
    if data.plan_progress:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": data.plan_progress}]}
        )
    blocks.append(
        {
            "type": "actions",
            "block_id": f"celebration:{data.win_id}",
            "elements": [
                {
                    "type": "button",
                    "action_id": CONGRATULATE_ACTION_ID,
                    "text": {
                        "type": "plain_text",
                        "text": t("celebrate.button", lang),
                        "emoji": True,
                    },
                    "style": "primary",
                    "value": str(data.win_id),
                },
                _menu(data.win_id, lang),
            ],
        }
    )
    if data.congratulators:
        shown = data.congratulators[:MAX_LISTED_CONGRATULATORS]
        users = ", ".join(mention(u) for u in shown)
        if len(data.congratulators) > len(shown):
            users += f" +{len(data.congratulators) - len(shown)}"
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": t("celebrate.congratulated_by", lang, users=users)}
                ],
            }
        )
    return {"text": t("celebrate.fallback", lang, client=client, rep=rep), "blocks": blocks}


def _menu(win_id: int, lang: str) -> dict:
    # Slack's `confirm` belongs to the whole overflow (it would ask before Edit too): Remove
    # asks in its own small modal instead.
    return {
        "type": "overflow",
        "action_id": MENU_ACTION_ID,
        "options": [
            {"text": _plain(t(f"celebration.menu.{choice}", lang)), "value": f"{choice}:{win_id}"}
            for choice in MENU_CHOICES
        ],
    }


def removed_message(*, removed_by: str, lang: str) -> dict:
    """What a removed win's celebration turns into: one line, no buttons, no client name
    (a mistyped or wrong name should not stay up)."""
    text = t("celebration.removed_line", lang, by=mention(removed_by))
    return {
        "text": text,
        "blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}],
    }


@dataclass(frozen=True)
class EditableWin:
    """A stored win as the edit modal shows it (raw user text; Slack shows inputs as typed)."""

    win_id: int
    client: str
    amount_cents: int | None
    currency: str | None
    segment: str | None
    won_via: str | None
    story: str | None


def amount_text(cents: int, number_locale: str) -> str:
    """A stored amount in the person's number format ("25000,50" in Dutch, "25000.50" in
    English), ungrouped (some locales group with spaces the parser does not take), so that
    saving the modal unchanged reads back the same value."""
    amount = cents_to_decimal(cents)
    whole = amount == amount.to_integral_value()
    return format_decimal(amount, format="0" if whole else "0.00", locale=number_locale)


def edit_modal(lang: str, *, channel: str, win: EditableWin, number_locale: str) -> dict:
    """The /newclient form, filled in with the win, saving into the win instead of logging one."""
    view = newclient_views.newclient_modal(
        lang, channel=channel, private_metadata={"lang": lang, "win_id": win.win_id}
    )
    view.update(
        callback_id=EDIT_CALLBACK_ID,
        title=_plain(t("celebration.edit.title", lang)),
        submit=_plain(t("celebration.edit.submit", lang)),
        close=_plain(t("celebration.edit.close", lang)),
    )
    intro = {
        "type": "context",
        "elements": [
            {"type": "mrkdwn", "text": t("celebration.edit.intro", lang, channel=channel)}
        ],
    }
    blocks = [intro] + [b for b in view["blocks"] if b.get("type") == "input"]
    texts = {
        newclient_views.BLOCK_CLIENT: win.client,
        newclient_views.BLOCK_VALUE: amount_text(win.amount_cents, number_locale)
        if win.amount_cents is not None
        else None,
        newclient_views.BLOCK_SEGMENT: win.segment,
        newclient_views.BLOCK_STORY: win.story,
    }
    choices = {
        newclient_views.BLOCK_CURRENCY: win.currency,
        newclient_views.BLOCK_WON_VIA: win.won_via,
    }
    for block in blocks:
        element = block.get("element") or {}
        block_id = block.get("block_id")
        if texts.get(block_id):
            limit = element.get("max_length") or 3000
            element["initial_value"] = str(texts[block_id])[:limit]
        elif choices.get(block_id):
            option = next(
                (o for o in element.get("options", []) if o["value"] == choices[block_id]), None
            )
            if option is not None:
                element["initial_option"] = option
    view["blocks"] = blocks
    return view


def remove_modal(lang: str, *, channel: str, win_id: int, client: str, rep_id: str) -> dict:
    """The confirmation before a win is removed."""
    text = t(
        "celebration.remove.confirm",
        lang,
        client=escape(client),
        rep=mention(rep_id),
        channel=channel,
    )
    return {
        "type": "modal",
        "callback_id": REMOVE_CALLBACK_ID,
        "title": _plain(t("celebration.remove.title", lang)),
        "submit": _plain(t("celebration.remove.submit", lang)),
        "close": _plain(t("celebration.remove.close", lang)),
        "private_metadata": json.dumps({"lang": lang, "win_id": win_id}),
        "blocks": [_section(text)],
    }


def answer_modal(lang: str, *, title_key: str, text: str) -> dict:
    """What a submitted edit or removal turns into (response_action "update")."""
    return result_modal(lang, title=t(title_key, lang), message={"blocks": [_section(text)]})


def reply(text: str) -> dict:
    """An ephemeral note to the person who used the menu."""
    return {"text": text, "blocks": [_section(text)]}
