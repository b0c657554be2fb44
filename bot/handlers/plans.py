"""`/accountplan`: a rep's yearly plan, agreed with their manager, with progress from logged wins.

Saving makes a draft and asks the manager (by DM) to agree. A plan is seen by the rep, their
manager and admins, or by the whole team when the rep shares it. Use cases: bot.jobs.plans.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.mentions import parse_mention
from bot.domain.plans import PlanError
from bot.handlers.router import Command, Subcommands, deps_of
from bot.handlers.users import (
    Asked,
    after_ack,
    answer_as_admin_or_not,
    asker,
    clicked,
    is_admin,
    read_asked,
)
from bot.i18n import LANGUAGES
from bot.jobs import plans
from bot.jobs.plans import PlanRefusal
from bot.payloads import (
    Click,
    read_choice,
    read_click,
    read_int,
    read_lang,
    read_submission,
    reading,
)
from bot.views import plans as views
from bot.views.blocks import error_reply

# Plan years a button or form may carry (anything else is stale or forged).
YEAR_MIN, YEAR_MAX = 2000, 2100

SHOW_WORDS = {"show", "toon", "view", "bekijk"}
EDIT_WORDS = {"edit", "change", "wijzig", "wijzigen", "bewerk", "bewerken", "aanpassen"}


def _year_in(text: str) -> tuple[int | None, str]:
    """The year typed (None: not given) and the rest of the text."""
    match = re.search(r"\b(20\d\d)\b", text)
    if not match:
        return None, text
    return int(match[1]), " ".join((text[: match.start()] + text[match.end() :]).split())


def _refused(lang: str, refusal: PlanRefusal) -> dict:
    return error_reply(views.error_text(lang, refusal.code, refusal.params))


# ------------------------------------------------------------------------ the command


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
    asked = read_asked(ack, command, context, client, respond)
    year, rest = _year_in(asked.cmd.text)
    try:
        rep_id, rest = parse_mention(rest)
    except ValueError:
        ack(**views.help_reply(asked.lang))
        return
    # The words left after the year and the mention choose (a help word among them: help);
    # each subcommand gets whose plan (None: your own) of which year (None: the one being
    # worked on).
    SUBCOMMANDS.pick(rest)(asked, None if rep_id == asked.cmd.user_id else rep_id, year)


def _show(asked: Asked, rep_id: str | None, year: int | None) -> None:
    """Someone else's plan, to whom may see it; your own with progress and pace."""
    if rep_id is None:
        asked.learn_later()
        asked.ack(**_shown(asked, asked.cmd.user_id, year, admin=False))
        return
    answer_as_admin_or_not(asked, lambda admin: _shown(asked, rep_id, year, admin=admin))


def _shown(asked: Asked, rep_id: str, year: int | None, *, admin: bool) -> dict:
    """The reply showing `rep_id`'s plan of `year` to the one who asked."""
    cmd, lang = asked.cmd, asked.lang
    try:
        shown = plans.show_plan(
            asked.deps,
            team_id=cmd.team_id,
            viewer=cmd.user_id,
            rep_id=rep_id,
            year=year,
            admin=admin,
            lang=lang,
        )
    except PlanRefusal as refusal:
        return _refused(lang, refusal)
    return views.shown_reply(lang, shown, viewer_id=cmd.user_id)


def _form(asked: Asked, rep_id: str | None, year: int | None, *, edit: bool = False) -> None:
    """The form for your own plan: to `edit` it, or for a new plan when there is none to show;
    else (someone else's plan, or yours to show) the plan."""
    deps, cmd = asked.deps, asked.cmd
    form_year = None
    if rep_id is None:
        form_year = plans.form_year(
            deps, team_id=cmd.team_id, user_id=cmd.user_id, year=year, edit=edit
        )
    if form_year is None:
        _show(asked, rep_id, year)
        return
    asked.learn_later()
    asked.ack()
    deps.background.submit(
        open_plan_modal, deps, asked.client, cmd, form_year, cmd.channel_id or None
    )


def _help(asked: Asked, rep_id: str | None, year: int | None) -> None:
    asked.ack(**views.help_reply(asked.lang))


SUBCOMMANDS: Subcommands[Callable[..., None]] = Subcommands(
    [(SHOW_WORDS, _show), (EDIT_WORDS, partial(_form, edit=True)), ({""}, _form)], otherwise=_help
)


def open_plan_modal(
    deps: Deps, client: WebClient, ask: Command | Click, year: int, channel: str | None
) -> None:
    """Open the form for the rep's plan of `year` (prefilled when it exists); after the ack."""
    who = asker(deps, ask.team_id, ask.user_id)
    form = plans.plan_form(
        deps, team_id=ask.team_id, user_id=ask.user_id, year=year, number_locale=who.number_locale
    )
    view = views.plan_modal(
        who.lang, year=year, values=form.values, shared=form.shared, channel_id=channel
    )
    client.views_open(trigger_id=ask.trigger_id, view=view)


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
    ack(response_action="update", view=views.saved_modal(lang, saved))


# ------------------------------------------------------------------------ the buttons


def handle_agree(ack: Ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
    _decide(body, action, context, client, respond, agree=True)


def handle_discuss(ack: Ack, body: dict, action: dict, context, client: WebClient, respond) -> None:
    _decide(body, action, context, client, respond, agree=False)


def _plan_click(body: dict, action: dict, context) -> tuple[Deps, Click, str, int, str]:
    """A plan button (value "plan_id:rest"): deps, the click, the clicker's language, the
    plan's id and the rest of the value."""
    deps, click, lang = clicked(body, action, context)
    plan_text, _, rest = click.value.partition(":")
    return deps, click, lang, read_int(plan_text, field="plan_id"), rest


def _decide(body: dict, action: dict, context, client: WebClient, respond, *, agree: bool) -> None:
    """The manager's Agree / Discuss on the review DM (value "plan_id:version")."""
    deps, click, lang, plan_id, version = _plan_click(body, action, context)
    seen_version = read_int(version, field="version") if version else None
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
        respond(replace_original=False, **_refused(lang, refusal))
        return
    answer = views.agreed_reply if agree else views.discuss_reply
    respond(replace_original=True, **answer(lang, rep_id=decided.rep_id, year=decided.year))


def handle_share(ack: Ack, body: dict, action: dict, context, respond) -> None:
    """Share with the team / Stop sharing (value "plan_id:on" or "plan_id:off")."""
    deps, click, lang, plan_id, flag = _plan_click(body, action, context)
    shared = read_choice(flag, ("on", "off"), field="share") == "on"
    try:
        plans.share_plan(
            deps, team_id=click.team_id, user_id=click.user_id, plan_id=plan_id, shared=shared
        )
    except PlanRefusal as refusal:
        respond(replace_original=False, **_refused(lang, refusal))
        return
    respond(
        replace_original=False, response_type="ephemeral", **views.share_reply(lang, shared=shared)
    )


def handle_edit(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
    """Edit plan / Write the plan for a year (value: the year): the form, after the ack."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    year = read_int(click.value, field="year", low=YEAR_MIN, high=YEAR_MAX)
    ack()
    deps.background.submit(open_plan_modal, deps, client, click, year, click.channel_id)


def register(app: App) -> None:
    """Wire /accountplan, its modal and the plan buttons."""
    app.command("/accountplan")(handle_command)
    app.view(views.PLAN_MODAL_CALLBACK)(handle_submission)
    app.action(views.AGREE_ACTION)(after_ack(handle_agree))
    app.action(views.DISCUSS_ACTION)(after_ack(handle_discuss))
    app.action(views.SHARE_ACTION)(after_ack(handle_share))
    app.action(views.EDIT_ACTION)(handle_edit)
