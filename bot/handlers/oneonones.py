"""`/oneonone`: recurring 1:1s between a manager and a rep, their preparation and action points.

Setting up a 1:1 makes the caller the rep's manager. The rule's times are in the manager's
Slack time zone; every time shown is on the reader's clock, with the other person's named when
theirs differs. Nudges before and after each 1:1 come from the scheduling engine
(jobs/oneonones), which also makes preparation saved late reach the manager. The rules are
in bot.jobs.oneonones; the listeners here read the payload, ask Slack, and answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.errors import FieldErrors, UserError
from bot.handlers.router import HELP_WORDS, Command, Subcommands, deps_of, read_command
from bot.handlers.users import (
    Asker,
    after_ack,
    asker,
    is_admin,
    publish_home,
    refresh_profile,
    submit_answering,
    user_exists,
)
from bot.i18n import LANGUAGES
from bot.jobs import managers as manager_jobs
from bot.jobs import oneonones as jobs
from bot.payloads import (
    Click,
    read_click,
    read_date,
    read_int,
    read_lang,
    read_slack_id,
    read_submission,
    reading,
)
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
# An answer worked out after the ack: (is the caller an admin, their language) -> the reply.
Answer = Callable[[bool, str], dict]


def _refused(lang: str, error: UserError) -> dict:
    return error_reply(views.error_text(lang, error.code, error.params))


def set_up(
    deps: Deps, client: WebClient, *, team_id: str, user_id: str, text: str, admin: bool, lang: str
) -> dict:
    """`@rep every ...` from the command or the form: the reply to the would-be manager."""
    try:
        rep_id, rule = jobs.read_setup(
            deps.settings, manager_id=user_id, text=text, now=deps.clock()
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
    deps = deps_of(context)
    cmd = read_command(command, context)
    who = asker(deps, cmd.team_id, cmd.user_id)
    SUBCOMMANDS.pick(cmd.word)(ack, deps, client, respond, cmd, who)


def _after_ack(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, answer: Answer
) -> None:
    """Answer through the response_url: whether the caller is an admin (and whether a person
    exists) may need Slack, which never delays the ack."""
    ack()

    def work() -> None:
        admin = is_admin(deps, client, cmd.team_id, cmd.user_id)
        lang = asker(deps, cmd.team_id, cmd.user_id).lang  # is_admin may just have learned it
        try:
            reply = answer(admin, lang)
        except UserError as error:
            reply = _refused(lang, error)
        respond(response_type="ephemeral", **reply)

    submit_answering(
        deps, work, what="/oneonone", team_id=cmd.team_id, user_id=cmd.user_id, respond=respond
    )


def _help(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, who: Asker
) -> None:
    ack(**views.help_reply(who.lang))


def _list(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, who: Asker
) -> None:
    found = jobs.series_list(deps, team_id=cmd.team_id, user_id=cmd.user_id, lang=who.lang)
    reply = views.series_list_reply(
        who.lang,
        as_manager=found.as_manager,
        as_rep=found.as_rep,
        my_manager=found.my_manager,
        reader_tz=found.reader_tz,
        team_tz=deps.settings.tz,
    )
    ack(**reply)


def _new(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, who: Asker
) -> None:
    """`new` alone opens the set-up form; with more it is read as a rule."""
    if cmd.rest:
        _create(ack, deps, client, respond, cmd, who)
        return
    ack()
    view = views.setup_modal(who.lang, channel_id=cmd.channel_id)
    deps.background.submit(client.views_open, trigger_id=cmd.trigger_id, view=view)


def _create(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, who: Asker
) -> None:
    def answer(admin: bool, lang: str) -> dict:
        return set_up(
            deps,
            client,
            team_id=cmd.team_id,
            user_id=cmd.user_id,
            text=cmd.text,
            admin=admin,
            lang=lang,
        )

    _after_ack(ack, deps, client, respond, cmd, answer)


def _cancel(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, who: Asker
) -> None:
    def answer(admin: bool, lang: str) -> dict:
        rep_id = jobs.cancel_series(
            deps, team_id=cmd.team_id, caller=cmd.user_id, text=cmd.rest, admin=admin
        )
        return views.series_ended_reply(lang, rep_id=rep_id)

    _after_ack(ack, deps, client, respond, cmd, answer)


def _skip(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, who: Asker
) -> None:
    def answer(admin: bool, lang: str) -> dict:
        done = jobs.skip_occurrence(
            deps, team_id=cmd.team_id, caller=cmd.user_id, text=cmd.rest, admin=admin
        )
        return views.skipped_reply(lang, rep_id=done.rep_id, day=done.day)

    _after_ack(ack, deps, client, respond, cmd, answer)


def _move(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, who: Asker
) -> None:
    def answer(admin: bool, lang: str) -> dict:
        done = jobs.move_occurrence(
            deps, team_id=cmd.team_id, caller=cmd.user_id, text=cmd.rest, admin=admin
        )
        assert done.new_at is not None  # a move
        return views.moved_reply(
            lang, rep_id=done.rep_id, day=done.day, new_at=done.new_at, zones=done.zones
        )

    _after_ack(ack, deps, client, respond, cmd, answer)


def _manager(
    ack: Ack, deps: Deps, client: WebClient, respond: Respond, cmd: Command, who: Asker
) -> None:
    """`manager @rep @manager` (admins): who manages whom."""

    def answer(admin: bool, lang: str) -> dict:
        if not admin:
            return _refused(who.lang, jobs.OneOnOneRefusal("not_admin"))
        rep_id, manager_id = jobs.read_manager_pair(cmd.rest)
        if not (
            user_exists(deps, client, cmd.team_id, rep_id)
            and user_exists(deps, client, cmd.team_id, manager_id)
        ):
            raise jobs.OneOnOneRefusal("unknown_user")
        refresh_profile(deps, client, cmd.team_id, manager_id)  # their zone is the 1:1s'
        manager_jobs.set_by_admin(
            deps, team_id=cmd.team_id, admin_id=cmd.user_id, rep_id=rep_id, manager_id=manager_id
        )
        return views.manager_set_reply(lang, rep_id=rep_id, manager_id=manager_id)

    _after_ack(ack, deps, client, respond, cmd, answer)


SUBCOMMANDS = Subcommands(
    [
        (HELP_WORDS, _help),
        ([""], _list),
        (NEW_WORDS, _new),
        (MANAGER_WORDS, _manager),
        (CANCEL_WORDS, _cancel),
        (SKIP_WORDS, _skip),
        (MOVE_WORDS, _move),
    ],
    otherwise=_create,
)


# ------------------------------------------------------------------------------ the modals


def handle_setup_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
    """The set-up form: checked within the ack, set up after it, answered in a DM."""
    deps = deps_of(context)
    sub = read_submission(body, view, context, optional={"lang": str, "channel_id": str})
    with reading("state"):
        answers = views.setup_modal_values(sub.values)
    lang = read_lang(sub.meta, LANGUAGES) or asker(deps, sub.team_id, sub.user_id).lang
    try:
        text = jobs.check_setup_form(
            deps.settings, rep=answers["rep"], rule=answers["rule"], now=deps.clock()
        )
    except FieldErrors as error:
        ack(response_action="errors", errors=views.setup_errors(lang, error.errors))
        return
    ack()

    def work() -> None:
        admin = is_admin(deps, client, sub.team_id, sub.user_id)
        reply = set_up(
            deps,
            client,
            team_id=sub.team_id,
            user_id=sub.user_id,
            text=text,
            admin=admin,
            lang=asker(deps, sub.team_id, sub.user_id).lang,
        )
        client.chat_postMessage(channel=sub.user_id, **reply)

    what = "the 1:1 set-up form"
    submit_answering(deps, work, what=what, team_id=sub.team_id, user_id=sub.user_id, client=client)


def _series_and_day(value: object) -> tuple[int, date]:
    """The series and rule date a button carries ("12:2027-03-09"); StalePayload else."""
    series_text, _, day_text = (value if isinstance(value, str) else "").partition(":")
    return read_int(series_text, field="series_id"), read_date(day_text)


def _answer_click(
    deps: Deps, body: dict, respond: Respond, client: WebClient, click: Click, reply: dict
) -> None:
    """A note after a click: ephemeral under the message, or on the Home tab (which has no
    response_url), re-published so a ticked-off point disappears."""
    if body.get("response_url"):
        respond(replace_original=False, response_type="ephemeral", **reply)
        return
    publish_home(deps, client, click.team_id, click.user_id, notice=reply["text"])


@after_ack
def handle_prep(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond: Respond
) -> None:
    """The "Prepare" button in the rep's nudge (or on Home): the preparation modal, as noted so far."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    series_id, day = _series_and_day(click.value)
    try:
        form = jobs.prep_form(
            deps, team_id=click.team_id, user_id=click.user_id, series_id=series_id, day=day
        )
    except UserError as error:
        _answer_click(deps, body, respond, client, click, _refused(lang, error))
        return
    view = views.prep_modal(lang, series_id=form.series_id, day=form.day, prep=form.prep)
    client.views_open(trigger_id=click.trigger_id, view=view)


def handle_prep_modal(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
    """The preparation saved: what will become of it, in place of the form."""
    deps = deps_of(context)
    sub = read_submission(
        body, view, context, required={"series_id": int, "day": str}, optional={"lang": str}
    )
    lang = read_lang(sub.meta, LANGUAGES) or asker(deps, sub.team_id, sub.user_id).lang
    with reading("state"):
        notes = views.prep_modal_values(sub.values)
    try:
        saved = jobs.save_preparation(
            deps,
            team_id=sub.team_id,
            user_id=sub.user_id,
            series_id=read_int(sub.meta["series_id"], field="series_id"),
            day=read_date(sub.meta["day"]),
            obstacles=notes["obstacles"],
            topics=notes["topics"],
        )
    except FieldErrors:
        ack(response_action="errors", errors=views.prep_errors(lang))
        return
    except UserError as error:
        ack(response_action="update", view=views.prep_result_modal(lang, _refused(lang, error)))
        return
    reply = views.prep_saved_reply(lang, manager_id=saved.manager_id, outcome=saved.outcome)
    ack(response_action="update", view=views.prep_result_modal(lang, reply))


@after_ack
def handle_actions_open(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond: Respond
) -> None:
    """The "Log action points" button after a 1:1: the action-points modal."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    series_id, day = _series_and_day(click.value)
    try:
        form = jobs.actions_form(
            deps, team_id=click.team_id, user_id=click.user_id, series_id=series_id, day=day
        )
    except UserError as error:
        respond(replace_original=False, **_refused(lang, error))
        return
    view = views.actions_modal(
        lang, series_id=form.series_id, day=form.day, rep_id=form.rep_id, manager_id=form.manager_id
    )
    client.views_open(trigger_id=click.trigger_id, view=view)


def _action_rows(values: dict) -> list[jobs.ActionRow]:
    with reading("state"):
        rows = views.actions_modal_values(values)
    return [
        jobs.ActionRow(
            text=row["text"],
            owner=row["owner"],
            due=read_date(row["due"], field="due") if row.get("due") else None,
            index=row.get("index", 1),
        )
        for row in rows
    ]


def handle_actions_modal(ack: Ack, body: dict, view: dict, context) -> None:
    """The action points saved, in place of the form; or the fields' errors."""
    deps = deps_of(context)
    sub = read_submission(
        body, view, context, required={"series_id": int, "day": str}, optional={"lang": str}
    )
    lang = read_lang(sub.meta, LANGUAGES) or asker(deps, sub.team_id, sub.user_id).lang
    try:
        count = jobs.log_action_points(
            deps,
            team_id=sub.team_id,
            user_id=sub.user_id,
            series_id=read_int(sub.meta["series_id"], field="series_id"),
            day=read_date(sub.meta["day"]),
            rows=_action_rows(sub.values),
            source=f"view:{read_slack_id(sub.view_id, field='view id')}",
        )
    except FieldErrors as error:
        ack(response_action="errors", errors=views.action_errors(lang, error.errors))
        return
    except UserError as error:
        ack(response_action="update", view=views.actions_result_modal(lang, _refused(lang, error)))
        return
    reply = views.actions_saved_reply(lang, count=count)
    ack(response_action="update", view=views.actions_result_modal(lang, reply))


@after_ack
def handle_done(
    ack: Ack, body: dict, action: dict, context, client: WebClient, respond: Respond
) -> None:
    """The "Done" button next to an action point (in a nudge or on Home)."""
    deps = deps_of(context)
    click = read_click(body, action, context)
    lang = asker(deps, click.team_id, click.user_id).lang
    point_id = read_int(click.value, field="action_point_id")
    admin = is_admin(deps, client, click.team_id, click.user_id)
    try:
        text = jobs.tick_off_action(
            deps, team_id=click.team_id, user_id=click.user_id, point_id=point_id, admin=admin
        )
        reply = views.action_done_reply(lang, text=text)
    except UserError as error:
        reply = _refused(lang, error)
    _answer_click(deps, body, respond, client, click, reply)


def register(app: App) -> None:
    """Wire /oneonone, its modals and the nudge buttons."""
    app.command("/oneonone")(handle_command)
    app.view(views.SETUP_MODAL_CALLBACK)(handle_setup_modal)
    app.view(views.PREP_MODAL_CALLBACK)(handle_prep_modal)
    app.view(views.ACTIONS_MODAL_CALLBACK)(handle_actions_modal)
    app.action(views.PREP_ACTION)(handle_prep)
    app.action(views.ACTIONS_ACTION)(handle_actions_open)
    app.action(views.DONE_ACTION)(handle_done)
