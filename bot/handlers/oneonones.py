"""`/oneonone`: recurring 1:1s between a manager and a rep, their preparation and action points.
The rules are in bot.jobs.oneonones; the listeners read the payload, ask Slack, and answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import FieldErrors, UserError
from bot.handlers.router import HELP_WORDS, Subcommands
from bot.handlers.users import (
    Asked,
    after_ack,
    answer_click,
    answer_command_later,
    answer_later,
    clicked,
    is_admin,
    read_asked,
    refresh_profile,
    set_manager_as_admin,
    submitted,
    user_exists,
)
from bot.jobs import managers as manager_jobs
from bot.jobs import oneonones as jobs
from bot.payloads import Submission, read_date, read_int, read_slack_id, reading
from bot.views import managers as manager_views
from bot.views import oneonones as views
from bot.views.blocks import error_reply
from bot.views.managers import RequestAsked

NEW_WORDS = {"new", "nieuw", "setup", "plan"}
CANCEL_WORDS = {"cancel", "stop", "end", "annuleer", "beëindig"}
SKIP_WORDS = {"skip", "sla", "overslaan"}
MOVE_WORDS = {"move", "verplaats", "verzet"}
MANAGER_WORDS = {"manager", "leidinggevende"}

Respond = Callable[..., object]
# A note under the clicked message.
NOTE: dict = {"replace_original": False, "response_type": "ephemeral"}


def _refused(lang: str, error: UserError) -> dict:
    return error_reply(views.error_text(lang, error.code, error.params))


def _set_up(
    deps: Deps, client: WebClient, team_id: str, user_id: str, text: str, admin: bool, lang: str
) -> dict:
    """`@rep every ...` from the command or the form: the reply to the would-be manager."""
    try:
        rep_id, rule = jobs.read_setup(
            deps.settings_for(team_id), manager_id=user_id, text=text, now=deps.clock()
        )
        if not user_exists(deps, client, team_id, rep_id):
            raise jobs.OneOnOneRefusal("unknown_user")
        refresh_profile(deps, client, team_id, user_id)  # their time zone is the rule's
        done = manager_jobs.set_up_series(
            deps, team_id=team_id, manager_id=user_id, rep_id=rep_id, rule=rule, admin=admin
        )
    except UserError as error:
        return _refused(lang, error)
    if isinstance(done, RequestAsked):
        return manager_views.asked_reply(lang, done)
    return views.series_created_reply(
        lang,
        rep_id=done.rep_id,
        rule_text=done.rule.describe(lang),
        next_at=done.next_at,
        zones=done.zones,
    )


# ------------------------------------------------------------------------------ /oneonone


def handle_command(ack: Ack, command: dict, context, client: WebClient, respond: Respond) -> None:
    """`/oneonone [@rep <rule> | new | skip | move | cancel | manager | help]`."""
    asked = read_asked(ack, command, context, client, respond)
    SUBCOMMANDS.pick(asked.cmd.word)(asked)


def _after_ack(answer: Callable[[Asked, bool, str], dict]) -> Callable[[Asked], None]:
    """A subcommand answered through the response_url with `answer(asked, admin, lang)`:
    whether the caller is an admin (and whether a person exists) may need Slack, which never
    delays the ack."""
    return lambda asked: answer_command_later(
        asked, partial(answer, asked), what="/oneonone", error_text=views.error_text
    )


def _help(asked: Asked) -> None:
    asked.ack(**views.help_reply(asked.lang))


def _list(asked: Asked) -> None:
    cmd, lang = asked.cmd, asked.lang
    found = jobs.series_list(asked.deps, team_id=cmd.team_id, user_id=cmd.user_id, lang=lang)
    reply = views.series_list_reply(
        lang,
        as_manager=found.as_manager,
        as_rep=found.as_rep,
        my_manager=found.my_manager,
        reader_tz=found.reader_tz,
        team_tz=asked.settings.tz,
    )
    asked.ack(**reply)


def _new(asked: Asked) -> None:
    """`new` alone opens the set-up form; with more it is read as a rule."""
    if asked.cmd.rest:
        _after_ack(_create)(asked)
        return
    asked.ack()
    view = views.setup_modal(asked.lang, channel_id=asked.cmd.channel_id)
    asked.deps.background.submit(
        asked.client.views_open, trigger_id=asked.cmd.trigger_id, view=view
    )


def _create(asked: Asked, admin: bool, lang: str) -> dict:
    cmd = asked.cmd
    return _set_up(asked.deps, asked.client, cmd.team_id, cmd.user_id, cmd.text, admin, lang)


def _cancel(asked: Asked, admin: bool, lang: str) -> dict:
    cmd = asked.cmd
    rep_id = jobs.cancel_series(
        asked.deps, team_id=cmd.team_id, caller=cmd.user_id, text=cmd.rest, admin=admin
    )
    return views.series_ended_reply(lang, rep_id=rep_id)


def _skip(asked: Asked, admin: bool, lang: str) -> dict:
    cmd = asked.cmd
    done = jobs.skip_occurrence(
        asked.deps, team_id=cmd.team_id, caller=cmd.user_id, text=cmd.rest, admin=admin
    )
    return views.skipped_reply(lang, rep_id=done.rep_id, day=done.day)


def _move(asked: Asked, admin: bool, lang: str) -> dict:
    cmd = asked.cmd
    done = jobs.move_occurrence(
        asked.deps, team_id=cmd.team_id, caller=cmd.user_id, text=cmd.rest, admin=admin
    )
    assert done.new_at is not None  # a move
    return views.moved_reply(
        lang, rep_id=done.rep_id, day=done.day, new_at=done.new_at, zones=done.zones
    )


def _manager(asked: Asked, admin: bool, lang: str) -> dict:
    """`manager @rep @manager` (admins): who manages whom."""
    cmd = asked.cmd
    if not admin:
        return _refused(asked.lang, jobs.OneOnOneRefusal("not_admin"))
    rep_id, manager_id = jobs.read_manager_pair(cmd.rest)
    if not set_manager_as_admin(
        asked.deps,
        asked.client,
        cmd.team_id,
        admin_id=cmd.user_id,
        rep_id=rep_id,
        manager_id=manager_id,
    ):
        raise jobs.OneOnOneRefusal("unknown_user")
    return views.manager_set_reply(lang, rep_id=rep_id, manager_id=manager_id)


SUBCOMMANDS = Subcommands(
    [
        (HELP_WORDS, _help),
        ([""], _list),
        (NEW_WORDS, _new),
        (MANAGER_WORDS, _after_ack(_manager)),
        (CANCEL_WORDS, _after_ack(_cancel)),
        (SKIP_WORDS, _after_ack(_skip)),
        (MOVE_WORDS, _after_ack(_move)),
    ],
    otherwise=_after_ack(_create),
)


# ------------------------------------------------------------------------------ the modals


def handle_setup_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
    """The set-up form: checked within the ack, set up after it, answered in a DM."""
    deps, sub, lang = submitted(body, view, context, optional={"channel_id": str})
    with reading("state"):
        answers = views.setup_modal_values(sub.values)
    try:
        text = jobs.check_setup_form(
            deps.settings_for(sub.team_id),
            rep=answers["rep"],
            rule=answers["rule"],
            now=deps.clock(),
        )
    except FieldErrors as error:
        ack(response_action="errors", errors=views.setup_errors(lang, error.errors))
        return
    ack()

    def answer(admin: bool, lang: str) -> None:
        reply = _set_up(deps, client, sub.team_id, sub.user_id, text, admin, lang)
        client.chat_postMessage(channel=sub.user_id, **reply)

    answer_later(deps, client, sub, answer, what="the 1:1 set-up form")


def _series_and_day(value: object) -> tuple[int, date]:
    """The series and rule date a button carries ("12:2027-03-09"); StalePayload else."""
    series_text, _, day_text = (value if isinstance(value, str) else "").partition(":")
    return read_int(series_text, field="series_id"), read_date(day_text)


@after_ack
def handle_open_form(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond: Respond
) -> None:
    """The form a button opens: the preparation modal, as noted so far ("Prepare" in the rep's
    nudge or on Home), or the action-points modal ("Log action points" after a 1:1)."""
    deps, click, lang = clicked(body, action, context)
    series_id, day = _series_and_day(click.value)
    team_id, user_id = click.team_id, click.user_id
    try:
        if action.get("action_id") == views.PREP_ACTION:
            form = jobs.prep_form(
                deps, team_id=team_id, user_id=user_id, series_id=series_id, day=day
            )
            view = views.prep_modal(lang, series_id=series_id, day=day, prep=form.prep)
        else:
            pair = jobs.actions_form(
                deps, team_id=team_id, user_id=user_id, series_id=series_id, day=day
            )
            view = views.actions_modal(
                lang, series_id=series_id, day=day, rep_id=pair.rep_id, manager_id=pair.manager_id
            )
    except UserError as error:
        reply = _refused(lang, error)
        answer_click(deps, client, click, body, respond, reply, **NOTE)
        return
    client.views_open(trigger_id=click.trigger_id, view=view)


def _form_submission(body: dict, view: dict, context) -> tuple[Deps, Submission, str, int, date]:
    """A 1:1's modal submitted: the deps, the submission, its language, the series and date."""
    deps, sub, lang = submitted(body, view, context, required={"series_id": int, "day": str})
    series_id = read_int(sub.meta["series_id"], field="series_id")
    return deps, sub, lang, series_id, read_date(sub.meta["day"])


def handle_prep_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
    """The preparation saved: what will become of it, in place of the form."""
    deps, sub, lang, series_id, day = _form_submission(body, view, context)
    with reading("state"):
        notes = views.prep_modal_values(sub.values)
    try:
        saved = jobs.save_preparation(
            deps,
            team_id=sub.team_id,
            user_id=sub.user_id,
            series_id=series_id,
            day=day,
            obstacles=notes["obstacles"],
            topics=notes["topics"],
        )
        reply = views.prep_saved_reply(lang, manager_id=saved.manager_id, outcome=saved.outcome)
    except FieldErrors:
        ack(response_action="errors", errors=views.prep_errors(lang))
        return
    except UserError as error:
        reply = _refused(lang, error)
    ack(response_action="update", view=views.prep_result_modal(lang, reply))


def _action_rows(values: dict) -> list[jobs.ActionRow]:
    with reading("state"):
        rows = views.actions_modal_values(values)
    return [
        jobs.ActionRow(
            row["text"],
            row["owner"],
            read_date(row["due"], field="due") if row["due"] else None,
            row["index"],
        )
        for row in rows
    ]


def handle_actions_modal(ack: Ack, body: dict, view: dict, context) -> None:
    """The action points saved, in place of the form; or the fields' errors."""
    deps, sub, lang, series_id, day = _form_submission(body, view, context)
    try:
        count = jobs.log_action_points(
            deps,
            team_id=sub.team_id,
            user_id=sub.user_id,
            series_id=series_id,
            day=day,
            rows=_action_rows(sub.values),
            source=f"view:{read_slack_id(sub.view_id, field='view id')}",
        )
        reply = views.actions_saved_reply(lang, count=count)
    except FieldErrors as error:
        ack(response_action="errors", errors=views.action_errors(lang, error.errors))
        return
    except UserError as error:
        reply = _refused(lang, error)
    ack(response_action="update", view=views.actions_result_modal(lang, reply))


@after_ack
def handle_done(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond: Respond
) -> None:
    """The "Done" button next to an action point (in a nudge or on Home)."""
    deps, click, lang = clicked(body, action, context)
    point_id = read_int(click.value, field="action_point_id")
    admin = is_admin(deps, client, click.team_id, click.user_id)
    try:
        text = jobs.tick_off_action(
            deps, team_id=click.team_id, user_id=click.user_id, point_id=point_id, admin=admin
        )
        reply = views.action_done_reply(lang, text=text)
    except UserError as error:
        reply = _refused(lang, error)
    # On the Home tab, re-published: a ticked-off point disappears.
    answer_click(deps, client, click, body, respond, reply, **NOTE)


def register(app: App) -> None:
    """Wire /oneonone, its modals and the nudge buttons."""
    app.command("/oneonone")(handle_command)
    app.view(views.SETUP_MODAL_CALLBACK)(handle_setup_modal)
    app.view(views.PREP_MODAL_CALLBACK)(handle_prep_modal)
    app.view(views.ACTIONS_MODAL_CALLBACK)(handle_actions_modal)
    app.action(views.PREP_ACTION)(handle_open_form)
    app.action(views.ACTIONS_ACTION)(handle_open_form)
    app.action(views.DONE_ACTION)(handle_done)
