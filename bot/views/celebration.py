"""Block Kit for the public celebration of a new client."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.milestones import Milestone
from bot.i18n import t
from bot.views.blocks import section as _section
from bot.views.text import escape, mention, truncate

CONGRATULATE_ACTION_ID = "celebration_congratulate"
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
                }
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
