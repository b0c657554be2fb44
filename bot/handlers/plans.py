"""`/accountplan`: a rep's yearly plan, agreed with their manager, with progress from logged wins.

Saving makes a draft and asks the manager (by DM) to agree; a change to an agreed plan makes it
a draft again. Every version is kept. A plan is seen by the rep, their manager and admins, or
by the whole team when the rep shares it. The use cases are in bot.jobs.plans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.mentions import parse_mention
from bot.domain.plans import PlanError
from bot.handlers.router import Command, Subcommands, deps_of, read_command
from bot.handlers.users import (
    Asker,
    after_ack,
    answer_as_admin_or_not,
    asker,
    is_admin,
    refresh_profile,
)
from bot.i18n import LANGUAGES
from bot.jobs import plans
from bot.jobs.plans import PlanRefusal
from bot.payloads import read_choice, read_click, read_int, read_lang, read_submission, reading
from bot.views import plans as views
from bot.views.blocks import error_reply

# Plan years a button or form may carry (anything else is stale or forged).
YEAR_MIN, YEAR_MAX = 2000, 2100

SHOW_WORDS = {"show", "toon", "view", "bekijk"}
EDIT_WORDS = {"edit", "change", "wijzig", "wijzigen", "bewerk", "bewerken", "aanpassen"}


@dataclass(frozen=True)
class PlanAsk:
    """`/accountplan [year] [@rep] [show|edit]` as read: whose plan (None: your own) of which
    year (None: the one being worked on)."""

    command: Command
    who: Asker
    rep_id: str | None
    year: int | None


def _year_in(text: str) -> tuple[int | None, str]:
    """The year typed (None: not given) and the rest of the text."""
    match = re.search(r"\b(20\d\d)\b", text)
    if not match:
        return None, text
    return int(match[1]), " ".join((text[: match.start()] + text[match.end() :]).split())


# ------------------------------------------------------------------------ the command


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
    deps = deps_of(context)
    cmd = read_command(command, context)
    who = asker(deps, cmd.team_id, cmd.user_id)
    year, rest = _year_in(cmd.text)
    try:
        rep_id, rest = parse_mention(rest)
    except ValueError:
        ack(**views.help_reply(who.lang))
        return
    asked = PlanAsk(cmd, who, None if rep_id == cmd.user_id else rep_id, year)
    # The words left after the year and the mention choose (a help word among them: help).
    SUBCOMMANDS.pick(rest)(deps, asked, ack=ack, client=client, respond=respond)


def _show(deps: Deps, asked: PlanAsk, *, ack: Ack, client: WebClient, respond) -> None:
    """Someone else's plan, to whom may see it; your own with progress and pace."""
    cmd, lang, year = asked.command, asked.who.lang, asked.year
    rep_id = asked.rep_id
    if rep_id is None:
        _learn_later(deps, asked, client)
        ack(**_shown(deps, cmd, cmd.user_id, year, admin=False, lang=lang))
        return
    answer_as_admin_or_not(
        deps,
        ack=ack,
        respond=respond,
        client=client,
        team_id=cmd.team_id,
        user_id=cmd.user_id,
        answer=lambda admin: _shown(deps, cmd, rep_id, year, admin=admin, lang=lang),
    )


def _edit(deps: Deps, asked: PlanAsk, *, ack: Ack, client: WebClient, respond) -> None:
    _form(deps, asked, ack=ack, client=client, respond=respond, edit=True)


def _working(deps: Deps, asked: PlanAsk, *, ack: Ack, client: WebClient, respond) -> None:
    _form(deps, asked, ack=ack, client=client, respond=respond, edit=False)


def _help(deps: Deps, asked: PlanAsk, *, ack: Ack, client: WebClient, respond) -> None:
    ack(**views.help_reply(asked.who.lang))


SUBCOMMANDS: Subcommands[Callable[..., None]] = Subcommands(
    [(SHOW_WORDS, _show), (EDIT_WORDS, _edit), ({""}, _working)], otherwise=_help
)


def _form(deps: Deps, asked: PlanAsk, *, ack: Ack, client: WebClient, respond, edit: bool) -> None:
    """The form for your own plan: to `edit` it, or else for a new plan when there is none to
    show. Otherwise (someone else's plan, or yours to show) the plan is shown."""
    cmd = asked.command
    year = None
    if asked.rep_id is None:
        year = plans.form_year(
            deps, team_id=cmd.team_id, user_id=cmd.user_id, year=asked.year, edit=edit
        )
    if year is None:
        _show(deps, asked, ack=ack, client=client, respond=respond)
        return
    _learn_later(deps, asked, client)
    ack()
    deps.background.submit(
        open_plan_modal,
        deps,
        client,
        trigger_id=cmd.trigger_id,
        team_id=cmd.team_id,
        user_id=cmd.user_id,
        year=year,
        channel=cmd.channel_id or None,
    )


def _learn_later(deps: Deps, asked: PlanAsk, client: WebClient) -> None:
    """Slack could not say who asked within the ack: learn their profile after it."""
    if not asked.who.known:
        deps.background.submit(
            refresh_profile, deps, client, asked.command.team_id, asked.command.user_id
        )


def _shown(
    deps: Deps, cmd: Command, rep_id: str, year: int | None, *, admin: bool, lang: str
) -> dict:
    """The reply showing `rep_id`'s plan of `year` to the one who asked."""
    try:
        shown = plans.show_plan(
            deps,
            team_id=cmd.team_id,
            viewer=cmd.user_id,
            rep_id=rep_id,
            year=year,
            admin=admin,
            lang=lang,
        )
    except PlanRefusal as refusal:
        return error_reply(views.error_text(lang, refusal.code, refusal.params))
    return views.shown_reply(lang, shown, viewer_id=cmd.user_id)


def open_plan_modal(
    deps: Deps,
    client: WebClient,
    *,
    trigger_id: str,
    team_id: str,
    user_id: str,
    year: int,
    channel: str | None,
) -> None:
    """Open the form for the rep's plan of `year` (prefilled when it exists); after the ack."""
    who = asker(deps, team_id, user_id)
    form = plans.plan_form(
        deps, team_id=team_id, user_id=user_id, year=year, number_locale=who.number_locale
    )
    view = views.plan_modal(
        who.lang, year=year, values=form.values, shared=form.shared, channel_id=channel
    )
    client.views_open(trigger_id=trigger_id, view=view)


# ------------------------------------------------------------------------ the form


def handle_submission(ack: Ack, body: dict, view: dict, context) -> None:
    deps = deps_of(context)
    sent = read_submission(
        body, view, context, optional={"lang": str, "year": int, "channel_id": (str, type(None))}
    )
    who = asker(deps, sent.team_id, sent.user_id)
    lang = read_lang(sent.meta, LANGUAGES) or who.lang
    with reading("state"):
        values = views.plan_modal_values(sent.values)
    year = sent.meta.get("year")
    if year is not None:
        year = read_int(year, field="year", low=YEAR_MIN, high=YEAR_MAX)
    try:
        saved = plans.save_plan(
            deps,
            team_id=sent.team_id,
            user_id=sent.user_id,
            year=year,
            values=values,
            number_locale=who.number_locale,
        )
    except PlanError as error:
        ack(response_action="errors", errors=views.plan_errors(lang, error.errors))
        return
    modal = views.saved_modal(
        lang,
        year=saved.year,
        status=saved.status,
        manager_id=saved.manager_id,
        changed_agreed=saved.changed_agreed,
    )
    ack(response_action="update", view=modal)


# ------------------------------------------------------------------------ the buttons


def handle_agree(ack: Ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
    _decide(body, action, context, client, respond, agree=True)


def handle_discuss(ack: Ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
    _decide(body, action, context, client, respond, agree=False)


def _decide(body: dict, action: dict, context, client: WebClient, respond, *, agree: bool) -> None:
    """The manager's Agree / Discuss on the review DM (value "plan_id:version")."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    plan_text, _, version_text = click.value.partition(":")
    plan_id = read_int(plan_text, field="plan_id")
    seen_version = read_int(version_text, field="version") if version_text else None
    admin = is_admin(deps, client, click.team_id, click.user_id)
    try:
        decided = plans.decide_plan(
            deps,
            team_id=click.team_id,
            user_id=click.user_id,
            plan_id=plan_id,
            seen_version=seen_version,
            agree=agree,
            admin=admin,
        )
    except PlanRefusal as refusal:
        text = views.error_text(lang, refusal.code, refusal.params)
        respond(replace_original=False, **error_reply(text))
        return
    answer = views.agreed_reply if agree else views.discuss_reply
    respond(replace_original=True, **answer(lang, rep_id=decided.rep_id, year=decided.year))


def handle_share(ack: Ack, body: dict, action: dict, context, respond) -> None:
    """Share with the team / Stop sharing (value "plan_id:on" or "plan_id:off")."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    plan_text, _, flag = click.value.partition(":")
    plan_id = read_int(plan_text, field="plan_id")
    shared = read_choice(flag, ("on", "off"), field="share") == "on"
    try:
        plans.share_plan(
            deps, team_id=click.team_id, user_id=click.user_id, plan_id=plan_id, shared=shared
        )
    except PlanRefusal as refusal:
        text = views.error_text(lang, refusal.code, refusal.params)
        respond(replace_original=False, **error_reply(text))
        return
    answer = views.share_reply(lang, shared=shared)
    respond(replace_original=False, response_type="ephemeral", **answer)


def handle_edit(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
    """Edit plan / Write the plan for a year (value: the year): the form, after the ack."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    year = read_int(click.value, field="year", low=YEAR_MIN, high=YEAR_MAX)
    ack()
    deps.background.submit(
        open_plan_modal,
        deps,
        client,
        trigger_id=click.trigger_id,
        team_id=click.team_id,
        user_id=click.user_id,
        year=year,
        channel=click.channel_id,
    )


def register(app: App) -> None:
    """Wire /accountplan, its modal and the plan buttons."""
    app.command("/accountplan")(handle_command)
    app.view(views.PLAN_MODAL_CALLBACK)(handle_submission)
    app.action(views.AGREE_ACTION)(after_ack(handle_agree))
    app.action(views.DISCUSS_ACTION)(after_ack(handle_discuss))
    app.action(views.SHARE_ACTION)(after_ack(handle_share))
    app.action(views.EDIT_ACTION)(handle_edit)
