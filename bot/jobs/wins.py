"""Wins: the use cases (log a win, asking first when the client was logged lately;
congratulate; correct or remove a win) and the outbox work (the celebration post of a win
and its re-renders). No Slack here: listeners in bot.handlers.wins call these and answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from sqlmodel import Session

from bot.config import Settings
from bot.deps import Deps
from bot.domain.errors import FieldErrors, UserError
from bot.domain.wins import (
    MAX_NAME_LENGTH,
    Money,
    QuickLogError,
    milestone_for,
    parse_amount,
    parse_quicklog,
)
from bot.jobs.agenda import STORY_KIND
from bot.jobs.outbox import MessageKind, Outgoing, Skip, queue_update
from bot.jobs.people import zone_of
from bot.payloads import StalePayload
from bot.views.plans import progress_line
from bot.views.text import strip_invisible
from bot.views.wins import (
    SEGMENT_MAX,
    STORY_MAX,
    CelebrationInput,
    TypedWin,
    celebration_message,
    money_text,
    removed_message,
)
from storage import outbox as outbox_store
from storage import plans as plan_store
from storage import wins as win_store
from storage.models import OutboxMessage, Win
from storage.wins import CELEBRATE_KIND, REFRESH_KIND, WinEdit, WinRecord, celebration_key

# The same client logged again within this many days is asked about first: typing a win
# twice should not celebrate it twice.
DUPLICATE_DAYS = 30


# ------------------------------------------------------------------------ keys

# A win's source_key names the request it came from, so that a request Slack delivers twice
# (or a button clicked twice) stores one win.


def command_key(trigger_id: str) -> str:
    """The source_key of a quick log's win (a command delivered twice has one trigger_id)."""
    return f"command:{trigger_id}"


def question_key(user_id: str, trigger_id: str) -> str:
    """The source_key of the win an amount question leads to (by button or by form)."""
    return f"ask:{user_id}:{trigger_id}"


def view_key(view_id: str) -> str:
    """The source_key of a form's win, or of a correction (a refresh's cause): its view id."""
    return f"view:{view_id}"


# ------------------------------------------------------------------------ values


class WinRefusal(UserError):
    """A correction or removal nobody may make now. Codes: already_removed; not_allowed
    (rep: the winner, who may)."""


@dataclass(frozen=True)
class WinForm:
    """A win as logged or corrected: the name without invisible marks, the amount read in the
    person's number format, and the form so cleaned up (to fill it in again) when there was one."""

    client_name: str
    value: Money | None
    shown: TypedWin = field(default_factory=TypedWin)

    def edit(self) -> WinEdit:
        """The win's fields as stored."""
        value, shown = self.value, self.shown
        return WinEdit(
            client_name=self.client_name,
            amount_cents=int(value.amount * 100) if value else None,
            currency=value.currency if value else None,
            segment=shown.segment or None,
            won_via=shown.won_via,
            story=shown.story or None,
        )


@dataclass(frozen=True)
class EarlierWin:
    """The latest win of the same client: who logged it, on which day of the asker's clock."""

    client_name: str
    user_id: str
    day: date


@dataclass(frozen=True)
class Logged:
    """A win stored (`created`), or found stored by the same request before."""

    win: WinRecord
    created: bool


@dataclass(frozen=True)
class LoggedBefore:
    """Nothing stored: the client was logged lately, so the person is asked first."""

    earlier: EarlierWin
    form: WinForm  # what would have been logged


Congratulated = Literal["added", "own", "again", "removed"]


class NoWinsChannel(Exception):
    """The workspace's admins have not chosen a wins channel yet: nothing is logged."""


def _checked(settings: Settings, typed: TypedWin, number_locale: str) -> WinForm:
    """The form as a win; FieldErrors (client, value, segment, story) when it cannot be one."""
    errors: dict[str, tuple[str, dict]] = {}
    client_name = " ".join(strip_invisible(typed.client).split())
    if not client_name:
        errors["client"] = ("empty", {})
    elif len(client_name) > MAX_NAME_LENGTH:
        errors["client"] = ("name_too_long", {"length": len(client_name), "max": MAX_NAME_LENGTH})
    currency = typed.currency or settings.default_currency
    value_text = strip_invisible(typed.value).strip()
    value: Money | None = None
    if value_text:
        try:
            value = parse_amount(value_text, number_locale, default_currency=currency)
        except QuickLogError as error:
            errors["value"] = (error.code, dict(error.params))
    segment = " ".join(strip_invisible(typed.segment).split())
    if len(segment) > SEGMENT_MAX:
        errors["segment"] = ("segment_too_long", {"max": SEGMENT_MAX})
    story = typed.story.strip()
    if len(story) > STORY_MAX:
        errors["story"] = ("story_too_long", {"max": STORY_MAX, "length": len(story)})
    if errors:
        raise FieldErrors(errors)
    shown = TypedWin(client_name, value_text, currency, segment, typed.won_via, story)
    return WinForm(client_name, value, shown)


# ------------------------------------------------------------------------ logging a win


def _earlier_win(
    deps: Deps, team_id: str, user_id: str, client_name: str, source_key: str
) -> EarlierWin | None:
    """The win of this client (any case or spacing) logged in the last DUPLICATE_DAYS, by
    anyone, not removed; None when there is none, and when this very request was stored
    already (logging it again then says "already logged")."""
    since = deps.clock() - timedelta(days=DUPLICATE_DAYS)
    earlier = win_store.latest_win_of_client(
        deps.session_factory, team_id=team_id, client_name=client_name, since=since
    )
    if earlier is None:  # usually: one query on the ack path, the others only when there is
        return None
    with deps.session_factory.lone_reads() as session:
        if win_store.find_win_by_source(session=session, team_id=team_id, source_key=source_key):
            return None
        tz = zone_of(session, deps.settings_for(team_id), team_id, user_id)
    day = earlier.created_at.astimezone(tz).date()
    return EarlierWin(client_name=earlier.client_name, user_id=earlier.user_id, day=day)


def log_win(deps: Deps, *, team_id: str, user_id: str, form: WinForm, source_key: str) -> Logged:
    """Store the win and its queued celebration in one transaction; wake the outbox. Also
    what "Log it again" does: the win as typed, once per request. NoWinsChannel (nothing
    stored) when the workspace has no wins channel yet."""
    settings = deps.settings_for(team_id)
    if not settings.wins_channel:
        raise NoWinsChannel(team_id)
    now = deps.clock()
    win = WinRecord(
        team_id=team_id,
        user_id=user_id,
        year=now.astimezone(settings.tz).year,
        source_key=source_key,
        created_at=now,
        **vars(form.edit()),  # its plain values; asdict would deep-copy each (on every ack)
    )
    channel = settings.wins_channel
    stored, created = win_store.store_win(
        deps.session_factory, win=win, celebration_channel=channel
    )
    if created:
        deps.notify_outbox()
    return Logged(stored, created)


def _log_form(
    deps: Deps, team_id: str, user_id: str, form: WinForm, source_key: str, ask: bool = True
) -> Logged | LoggedBefore:
    """The win of `form`; with `ask`, not when the client was logged lately. NoWinsChannel
    before anything is asked when the workspace has no wins channel yet."""
    if not deps.settings_for(team_id).wins_channel:
        raise NoWinsChannel(team_id)
    earlier = _earlier_win(deps, team_id, user_id, form.client_name, source_key) if ask else None
    if earlier is not None:
        return LoggedBefore(earlier, form)
    return log_win(deps, team_id=team_id, user_id=user_id, form=form, source_key=source_key)


def quick_log(
    deps: Deps, *, team_id: str, user_id: str, text: str, number_locale: str, trigger_id: str
) -> Logged | LoggedBefore:
    """`/newclient Acme Corp 25k`: the win, unless the client was logged lately. Raises
    QuickLogError (UnreadableAmount when the end looks like an amount that cannot be read)."""
    currency = deps.settings_for(team_id).default_currency
    parsed = parse_quicklog(text, number_locale, default_currency=currency)
    form = WinForm(parsed.client_name, parsed.value)
    return _log_form(deps, team_id, user_id, form, command_key(trigger_id))


def log_unvalued(
    deps: Deps, *, team_id: str, user_id: str, trigger_id: str, client_name: str
) -> Logged | LoggedBefore:
    """The amount question's "Log without a value": the win with the name alone, once
    however often it is clicked, unless the client was logged lately."""
    form = WinForm(client_name, None)
    return _log_form(deps, team_id, user_id, form, question_key(user_id, trigger_id))


def submit_win_form(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    typed: TypedWin,
    number_locale: str,
    source_key: str,
    confirmed_name: str | None = None,
) -> Logged | LoggedBefore:
    """The /newclient form submitted: the win, unless the client was logged lately and
    `confirmed_name` (the name the form asked "Log it again?" about) is not this client.
    Raises FieldErrors."""
    form = _checked(deps.settings_for(team_id), typed, number_locale)
    # Asked already and submitted with that name: confirmed. A name changed into another
    # logged one is asked about in turn.
    confirmed = confirmed_name is not None and (
        win_store.client_key(confirmed_name) == win_store.client_key(form.client_name)
    )
    return _log_form(deps, team_id, user_id, form, source_key, ask=not confirmed)


# ------------------------------------------------------------------------ the celebration


def _team_win(session: Session, team_id: str, win_id: int, *, for_update: bool = False) -> Win:
    win = win_store.get_win(session=session, win_id=win_id, for_update=for_update)
    if win is None or win.team_id != team_id:
        raise StalePayload(f"no win {win_id}")
    return win


def congratulate(deps: Deps, *, team_id: str, user_id: str, win_id: int) -> Congratulated:
    """Add `user_id`'s congratulation (the celebration is re-rendered); not on one's own win,
    not twice, not on a removed win."""
    with deps.session_factory.write() as session:
        win = _team_win(session, team_id, win_id)
        if win.removed_at is not None:
            return "removed"
        if win.user_id == user_id:
            return "own"
        added = win_store.add_congratulation(
            session=session, win=win, user_id=user_id, now=deps.clock()
        )
    if not added:
        return "again"
    deps.notify_outbox()
    return "added"


def _may_change(win: Win, user_id: str, is_admin: Callable[[], bool]) -> None:
    """The winner and admins may correct or remove a win (`is_admin` is asked only when
    it matters: it may ask Slack)."""
    if win.removed_at is not None:
        raise WinRefusal("already_removed")
    if user_id != win.user_id and not is_admin():
        raise WinRefusal("not_allowed", rep=win.user_id)


def win_to_change(
    deps: Deps, *, team_id: str, user_id: str, win_id: int, is_admin: Callable[[], bool]
) -> WinRecord:
    """The win to show in the Edit or Remove modal; WinRefusal when `user_id` may not."""
    with deps.session_factory() as session:
        win = _team_win(session, team_id, win_id)
    _may_change(win, user_id, is_admin)
    return WinRecord.of(win)


def correct_win(
    deps: Deps,
    *,
    team_id: str,
    user_id: str,
    win_id: int,
    typed: TypedWin,
    number_locale: str,
    view_id: str,
    is_admin: Callable[[], bool],
) -> WinForm:
    """Save the Edit form into the win and re-render its celebration; the win as saved.
    Raises FieldErrors, or WinRefusal (also when it was removed while the form was open)."""
    with deps.session_factory() as session:
        win = _team_win(session, team_id, win_id)
    form = _checked(deps.settings_for(team_id), typed, number_locale)
    _may_change(win, user_id, is_admin)
    with deps.session_factory.write() as session:
        locked = _team_win(session, team_id, win_id, for_update=True)
        if locked.removed_at is not None:
            raise WinRefusal("already_removed")
        key = view_key(view_id)  # a submission delivered twice is stored once
        changed = win_store.edit_win(
            session=session, win=locked, edit=form.edit(), source_key=key, now=deps.clock()
        )
    if changed:
        deps.notify_outbox()
    return form


def remove_win(
    deps: Deps, *, team_id: str, user_id: str, win_id: int, is_admin: Callable[[], bool]
) -> WinRecord:
    """Remove the win: its celebration says so, counts and story proposals leave it out.
    The win as it was; removing a removed win changes nothing. Raises WinRefusal."""
    with deps.session_factory() as session:
        win = _team_win(session, team_id, win_id)
    if win.removed_at is not None:  # a double submit, or removed by someone else meanwhile
        return WinRecord.of(win)
    _may_change(win, user_id, is_admin)
    now = deps.clock()
    with deps.session_factory.write() as session:
        locked = _team_win(session, team_id, win_id, for_update=True)
        removed = win_store.remove_win(session=session, win=locked, user_id=user_id, now=now)
        if removed:
            _redraw_story_proposals(session, team_id=team_id, rep_id=locked.user_id, now=now)
    if removed:
        deps.notify_outbox()
    return WinRecord.of(win)


def _redraw_story_proposals(session: Session, *, team_id: str, rep_id: str, now: datetime) -> None:
    """A story proposal that listed the rep's removed win is redrawn without it."""
    for key in outbox_store.sent_keys(
        session=session, team_id=team_id, prefix=f"{STORY_KIND}:", suffix=f":{rep_id}"
    ):
        queue_update(session, team_id=team_id, target_key=key, now=now)


# ------------------------------------------------------------------------ the outbox's work


def _plan_progress(session: Session, win: Win, won: int, lang: str) -> str | None:
    """Progress on the rep's account plan, for a public message: only a plan the rep shares."""
    plan = plan_store.get_plan(
        session=session, team_id=win.team_id, user_id=win.user_id, year=win.year
    )
    if plan is None or not plan.shared:
        return None
    return progress_line(
        lang, rep_id=win.user_id, year=win.year, won=won, target=plan.target_clients
    )


def _celebration(message: OutboxMessage, session: Session, settings: Settings) -> Outgoing:
    """The celebration of a win as it should look now (one line once it is removed)."""
    win = win_store.get_win(session=session, win_id=message.win_id or 0)
    if win is None:
        raise ValueError(f"outbox {message.key}: win {message.win_id} is gone")
    lang = settings.bot_locale
    if win.removed_at is None:
        stats = win_store.win_stats(session=session, win=win)
        value = money_text(
            win.amount_cents, win.currency, default_currency=settings.default_currency, lang=lang
        )
        data = CelebrationInput(
            win_id=win.id or 0,
            rep_id=win.user_id,
            client=win.client_name,
            year=win.year,
            rep_count_year=stats.rep_count_year,
            team_count_year=stats.team_count_year,
            milestone=milestone_for(**asdict(stats)),
            value=value,
            segment=win.segment,
            won_via=win.won_via,
            story=win.story,
            congratulators=win_store.congratulators(session=session, win_id=win.id or 0),
            plan_progress=_plan_progress(session, win, stats.rep_count_year, lang),
        )
        rendered = celebration_message(data, lang)
    elif message.message_ts:  # a posted celebration turns into one line
        rendered = removed_message(removed_by=win.removed_by or win.user_id, lang=lang)
    else:
        raise Skip("the win was removed before it was celebrated")
    # A re-render keeps the celebration's channel.
    return Outgoing(message.channel, rendered["text"], rendered["blocks"])


# The celebration is queued with its win (storage.wins makes its kinds and keys).
MESSAGE_KINDS = (
    MessageKind(CELEBRATE_KIND, render=_celebration),
    MessageKind(REFRESH_KIND, updates=lambda message: celebration_key(message.win_id or 0)),
)
