"""Block Kit for the fixed sales-meeting calendar: /meetings, its plan preview, changes, ratings.
Pure; reasons and error params are raw user text, escaped here."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from bot.domain.formatting import (
    babel_locale,
    format_weekday_date,
    format_when,
    format_when_for,
    same_clock,
    zone_city,
)
from bot.domain.meetings import PlannedDate
from bot.i18n import MESSAGES, placeholders, t
from bot.views.blocks import (
    button,
    capped_sections,
    joined_sections,
    modal,
    reply,
    state_element,
    state_text,
    text_input,
)
from bot.views.blocks import context as _context
from bot.views.blocks import plain as _plain
from bot.views.blocks import section as _section
from bot.views.text import clock, escape, escaped, mention, param_text, plural

CONFIRM_PLAN_ACTION = "meetings_confirm_plan"  # button value: str(plan_id)
CANCEL_PLAN_ACTION = "meetings_cancel_plan"  # value: str(plan_id)
SWITCH_POLICY_ACTION = "meetings_switch_policy"  # value: str(plan_id); toggles move <-> skip
RATE_ACTION_PREFIX = "meeting_rate_"  # action_id f"meeting_rate_{score}", value f"{id}:{score}"
PLAN_MODAL_CALLBACK = "meetings_plan_modal"  # private_metadata: {"channel_id", "lang"}

BLOCK_YEAR, ACTION_YEAR = "year", "year_input"
BLOCK_RULE, ACTION_RULE = "rule", "rule_input"
BLOCK_POLICY, ACTION_POLICY = "policy", "policy_input"  # radio buttons "move" / "skip"

POLICIES = ("move", "skip")
_FORMS = ("plan", "move", "cancel")  # the subcommands whose form help and errors show
MAX_MESSAGE_BLOCKS = 50
RULE_MAX = 200  # characters of the rule input in the modal
REASON_IN_LIST = 200  # characters of a reason shown on a calendar line
REASON_IN_NOTICE = 1500  # characters of a reason shown in a change notice
SPARK_CHARS = "▁▂▃▄▅▆▇█"

PLAN_ERROR_CODES = frozenset(
    {
        "empty",
        "no_year",
        "year_in_past",
        "year_too_far",
        "no_frequency",
        "bad_interval",
        "no_weekday",
        "no_nth",
        "no_time",
        "bad_time",
        "bad_duration",
        "unknown_words",
        "bad_country",
        "no_dates",
    }
)
MOVE_ERROR_CODES = frozenset({"move_usage", "move_target_taken", "move_to_other_year"})
CANCEL_ERROR_CODES = frozenset({"cancel_usage", "already_cancelled"})
# bad_date, date_in_past, no_reason and no_meeting_on come from both move and cancel.
# The refusals (MeetingsRefusal codes in bot.jobs.meetings): their text, without a form.
REFUSAL_KEYS = {
    "year_planned": "meetings.year_planned",
    "already_confirmed": "meetings.already_confirmed",
    "plan_discarded": "meetings.discarded",
    "rate_cancelled": "meetings.rate.cancelled",
    "rate_not_yet": "meetings.rate.not_yet",
}


@dataclass(frozen=True)
class MeetingLine:
    """One meeting of the year as shown. `reason` is raw user text."""

    id: int
    starts_at: datetime  # aware, already in the team's time zone
    duration_minutes: int
    status: str  # "planned" | "moved" | "cancelled"
    original_starts_at: datetime | None = None  # set when moved (aware, team tz)
    reason: str | None = None  # raw user text, for moved/cancelled
    rating: float | None = None  # average 1-10 vote, None if no votes
    votes: int = 0


@dataclass(frozen=True)
class PlanPreview:
    """A draft plan's year as it would be held (see plan_preview_message)."""

    plan_id: int
    year: int
    rule_text: str  # raw: the rule in words
    dates: list[PlannedDate]
    skipped: list[tuple[date, str]]
    dropped_past: int
    holiday_policy: str
    channel_id: str


@dataclass(frozen=True)
class CalendarPage:
    """One year of meetings as /meetings shows it to one reader."""

    year: int
    meetings: list[MeetingLine]
    next_meeting_id: int | None  # highlighted when it is in `year`
    next_starts_at: datetime | None  # the next meeting of any year
    now: datetime  # aware, in the team's time zone
    team_zone: tzinfo
    reader_zone: tzinfo  # the reader's own clock


# --------------------------------------------------------------------------- small builders


def _day_time(moment: datetime, lang: str) -> str:
    """'Mon 8 Mar, 09:00' / 'ma 8 mrt, 09:00': a moment within the year being shown."""
    return f"{format_weekday_date(moment.date(), lang)}, {clock(moment, lang)}"


def _month(day: date, lang: str) -> str:
    name = format_date(day, format="LLLL", locale=babel_locale(lang))
    return name[:1].upper() + name[1:]


def _score(value: float, lang: str) -> str:
    """A rating with one decimal, rounded half up: 7.25 -> '7.3' / '7,3'."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format_decimal(rounded, format="0.0", locale=babel_locale(lang))


def _month_blocks(lang: str, entries: list[tuple[date, str]], *, budget: int) -> list[dict]:
    """(day, mrkdwn line) entries in a section per month, or months sharing sections when that
    takes over `budget` blocks; the lines that do not fit even then end in "…and N more"."""
    months: list[list[tuple[str, int]]] = []  # per month: (line, 1 for a meeting) with heading
    last_month: tuple[int, int] | None = None
    for day, line in entries:
        if (day.year, day.month) != last_month:
            last_month = (day.year, day.month)
            months.append([(t("meetings.month", lang, month=_month(day, lang)), 0)])
        months[-1].append((line, 1))

    sections = [part for month in months for part in joined_sections(month)]
    if len(sections) > budget:
        sections = joined_sections(pair for month in months for pair in month)
    return capped_sections(
        sections, total=len(entries), budget=budget, lang=lang, more_key="meetings.more"
    )


# --------------------------------------------------------------------------- the plan preview


def _planned_line(planned: PlannedDate, lang: str) -> str:
    line = f"• {_day_time(planned.starts_at, lang)}"
    if planned.moved:
        key = "meetings.line.moved_from_holiday" if planned.holiday else "meetings.line.moved_from"
        original = format_weekday_date(planned.rule_date, lang)
        line += f" · _{t(key, lang, original=original, holiday=escape(planned.holiday or ''))}_"
    return line


def plan_preview_message(
    lang: str,
    *,
    plan_id: int,
    year: int,
    rule_text: str,
    dates: list[PlannedDate],
    skipped: list[tuple[date, str]],
    dropped_past: int,
    holiday_policy: str,
    channel_id: str,
) -> dict:
    """The ephemeral preview of a year's calendar, per month, with Confirm (when there is a date),
    switch policy (when a holiday moved or skipped one) and Cancel."""
    rule = escaped(rule_text, 500)
    if dates:
        count = plural("meetings.preview.count", lang, len(dates), channel=channel_id)
    else:
        count = t("meetings.preview.none", lang, year=year)
    head = [_section(t("meetings.preview.title", lang, year=year, rule=rule)), _section(count)]

    tail: list[dict] = []
    if skipped:
        days = "\n".join(
            "• "
            + t(
                "meetings.preview.skipped_day",
                lang,
                day=format_weekday_date(day, lang),
                holiday=escape(name),
            )
            for day, name in skipped
        )
        tail.append(_section(t("meetings.preview.skipped", lang, days=days)))
    if dropped_past > 0:
        tail.append(_context(plural("meetings.preview.dropped_past", lang, dropped_past)))

    buttons = []
    value = str(plan_id)
    if dates:
        buttons.append(
            button(t("meetings.preview.confirm", lang), CONFIRM_PLAN_ACTION, value, style="primary")
        )
    if skipped or any(planned.moved for planned in dates):
        switch = "to_move" if holiday_policy == "skip" else "to_skip"
        buttons.append(button(t(f"meetings.preview.{switch}", lang), SWITCH_POLICY_ACTION, value))
    buttons.append(button(t("meetings.preview.cancel", lang), CANCEL_PLAN_ACTION, value))
    tail.append({"type": "actions", "block_id": f"meetings_plan:{plan_id}", "elements": buttons})

    entries = [(planned.starts_at.date(), _planned_line(planned, lang)) for planned in dates]
    body = _month_blocks(lang, entries, budget=MAX_MESSAGE_BLOCKS - len(head) - len(tail))
    return {
        "text": t("meetings.preview.fallback", lang, year=year, rule=rule),
        "blocks": head + body + tail,
    }


def preview_reply(lang: str, preview: PlanPreview) -> dict:
    return plan_preview_message(lang, **vars(preview))


def plan_confirmed_reply(lang: str, *, year: int, count: int, channel_id: str) -> dict:
    return reply(plural("meetings.confirmed", lang, count, year=year, channel=channel_id))


def plan_discarded_reply(lang: str) -> dict:
    return reply(t("meetings.discarded", lang))


# --------------------------------------------------------------------------- the plan modal


def plan_modal(lang: str, *, channel_id: str, year: int) -> dict:
    """The admins' modal for `/meetings plan` without a rule: year, rule and holiday policy."""
    policies = [
        {"text": _plain(t(f"meetings.modal.policy_{policy}", lang)), "value": policy}
        for policy in POLICIES
    ]
    return modal(
        callback_id=PLAN_MODAL_CALLBACK,
        title=t("meetings.modal.title", lang),
        submit=t("meetings.modal.submit", lang),
        close=t("meetings.modal.close", lang),
        private_metadata=json.dumps({"channel_id": channel_id, "lang": lang}),
        blocks=[
            _section(t("meetings.modal.intro", lang, channel=channel_id)),
            text_input(
                block_id=BLOCK_YEAR,
                action_id=ACTION_YEAR,
                label=t("meetings.modal.year", lang),
                max_length=4,
                initial=str(year),
            ),
            text_input(
                block_id=BLOCK_RULE,
                action_id=ACTION_RULE,
                label=t("meetings.modal.rule", lang),
                max_length=RULE_MAX,
                hint=t("meetings.modal.rule_hint", lang),
                placeholder=t("meetings.modal.rule_placeholder", lang),
            ),
            {
                "type": "input",
                "block_id": BLOCK_POLICY,
                "label": _plain(t("meetings.modal.policy", lang)),
                "element": {
                    "type": "radio_buttons",
                    "action_id": ACTION_POLICY,
                    "options": policies,
                    "initial_option": policies[0],
                },
            },
        ],
    )


def plan_modal_values(state_values: dict) -> dict[str, str | None]:
    """The submitted fields (view["state"]["values"]): year and rule stripped (None when
    empty), policy "move" / "skip" (None when missing or anything else)."""
    selected = state_element(state_values, BLOCK_POLICY, ACTION_POLICY).get("selected_option") or {}
    policy = selected.get("value")
    return {
        "year": state_text(state_values, BLOCK_YEAR, ACTION_YEAR),
        "rule": state_text(state_values, BLOCK_RULE, ACTION_RULE),
        "policy": policy if policy in POLICIES else None,
    }


# --------------------------------------------------------------------------- errors, help


def error_text(lang: str, code: str, params: dict) -> str:
    """The mrkdwn answer to a /meetings user error: what was wrong and the right form (a
    CalendarError), or why not (a MeetingsRefusal). Params are escaped; missing ones blank."""
    key = REFUSAL_KEYS.get(code) or f"meetings.error.{code}"
    if key not in MESSAGES:
        key = "meetings.error.unknown"
    values = {name: "" for name in placeholders(MESSAGES[key]["en"])}
    values.update({name: param_text(value, lang, 500) for name, value in (params or {}).items()})
    parts = [t(key, lang, **values)]
    if code in REFUSAL_KEYS:
        return parts[0]
    plan, move, cancel = (
        t(f"meetings.form.{name}_hint", lang, form=t(f"meetings.form.{name}", lang))
        for name in _FORMS
    )
    if code in PLAN_ERROR_CODES:
        parts.append(plan)
    elif code in MOVE_ERROR_CODES:
        parts.append(move)
    elif code in CANCEL_ERROR_CODES:
        parts.append(cancel)
    elif code in ("no_meeting_on", "date_in_past"):
        parts.extend([t("meetings.form.view_hint", lang), move, cancel])
    else:  # bad_date, no_reason, unknown codes
        parts.extend([move, cancel])
    return "\n".join(parts)


def plan_form_errors(lang: str, code: str, params: dict) -> dict[str, str]:
    """A rule typed in the plan modal that cannot be read: the message next to the field
    it concerns (the year's, or the rule's)."""
    year_codes = code.startswith("year") or code == "no_year"
    return {(BLOCK_YEAR if year_codes else BLOCK_RULE): error_text(lang, code, params)}


def help_reply(lang: str, *, is_admin: bool) -> dict:
    """How to use /meetings; the planning part for admins, a one-liner for the others."""
    blocks = [_section(t("meetings.help.title", lang)), _section(t("meetings.help.view", lang))]
    if is_admin:
        forms = {f"{name}_form": t(f"meetings.form.{name}", lang) for name in _FORMS}
        blocks.append(_section(t("meetings.help.admin", lang, **forms)))
    else:
        blocks.append(_context(t("meetings.help.not_admin", lang)))
    return {"text": t("meetings.help.fallback", lang), "blocks": blocks}


def not_admin_reply(lang: str) -> dict:
    return reply(t("meetings.not_admin", lang))


# --------------------------------------------------------------------------- calendar lists


def _meeting_line(
    meeting: MeetingLine,
    lang: str,
    *,
    now: datetime | None = None,
    next_meeting_id: int | None = None,
    reasons: bool = True,
) -> str:
    """One meeting: "• Mon 8 Mar, 09:00", cancelled struck through, moved with its origin; with
    `now` (the /meetings view) held ones get ✓ and their rating, and the next one 👉 in bold."""
    when = _day_time(meeting.starts_at, lang)
    reason = escaped(meeting.reason, REASON_IN_LIST) if reasons and meeting.reason else ""
    if meeting.status == "cancelled":
        key = "meetings.line.cancelled_reason" if reason else "meetings.line.cancelled"
        return f"✗ ~{when}~ · {t(key, lang, reason=reason)}"

    is_next = next_meeting_id is not None and meeting.id == next_meeting_id
    held = (
        not is_next
        and now is not None
        and meeting.starts_at + timedelta(minutes=meeting.duration_minutes) <= now
    )
    if is_next:
        parts = [f"👉 *{when}* · *{t('meetings.line.next', lang)}*"]
    elif held:
        parts = [f"✓ {when}"]
    else:
        parts = [f"• {when}"]
    if meeting.status == "moved" and meeting.original_starts_at is not None:
        key = "meetings.line.moved_reason" if reason else "meetings.line.moved_from"
        original = _day_time(meeting.original_starts_at, lang)
        parts.append(t(key, lang, original=original, reason=reason))
    if held:
        if meeting.rating is not None and meeting.votes > 0:
            rating = _score(meeting.rating, lang)
            parts.append(plural("meetings.line.rating", lang, meeting.votes, rating=rating))
        else:
            parts.append(t("meetings.line.not_rated", lang))
    return " · ".join(parts)


def _sorted(meetings: list[MeetingLine]) -> list[MeetingLine]:
    return sorted(meetings, key=lambda meeting: meeting.starts_at)


def year_calendar_message(
    lang: str,
    *,
    year: int,
    meetings: list[MeetingLine],
    rule_text: str | None,
    channel_intro: bool,
) -> dict:
    """The channel post with the year's meetings: when the calendar is confirmed
    (`channel_intro`: why fixed dates) or on the first working day of the year."""
    if channel_intro:
        fallback = t("meetings.year.intro_fallback", lang, year=year)
        intro = t("meetings.year.intro_title", lang, year=year)
        if rule_text:
            intro += "\n" + t("meetings.year.rule", lang, rule=escaped(rule_text, 500))
        head = [_section(intro), _section(t("meetings.year.why", lang))]
    else:
        fallback = t("meetings.year.new_year_fallback", lang, year=year)
        head = [_section(t("meetings.year.new_year_title", lang, year=year))]
        if rule_text:
            head.append(_section(t("meetings.year.rule", lang, rule=escaped(rule_text, 500))))
    held = [meeting for meeting in meetings if meeting.status != "cancelled"]
    head.append(_section(plural("meetings.year.count", lang, len(held))))
    tail = [_context(t("meetings.year.ics", lang))]
    entries = [
        (meeting.starts_at.date(), _meeting_line(meeting, lang, reasons=False))
        for meeting in _sorted(meetings)
    ]
    body = _month_blocks(lang, entries, budget=MAX_MESSAGE_BLOCKS - len(head) - len(tail))
    return {"text": fallback, "blocks": head + body + tail}


def sparkline(values: list[float], low: float = 1, high: float = 10) -> str:
    """One bar of ▁▂▃▄▅▆▇█ per value, scaled from `low` (▁) to `high` (█), clamped."""
    span, top = high - low, len(SPARK_CHARS) - 1
    levels = (0 if span <= 0 else round((value - low) / span * top) for value in values)
    return "".join(SPARK_CHARS[min(max(level, 0), top)] for level in levels)


def _trend_text(lang: str, meetings: list[MeetingLine]) -> str:
    rated = [
        meeting.rating
        for meeting in meetings
        if meeting.rating is not None and meeting.votes > 0 and meeting.status != "cancelled"
    ]
    if not rated:
        return t("meetings.view.no_ratings", lang)
    average = _score(sum(rated) / len(rated), lang)
    line = sparkline(rated)
    if len(rated) == 1:
        return t("meetings.view.trend_one", lang, sparkline=line, average=average)
    return t(
        "meetings.view.trend",
        lang,
        sparkline=line,
        average=average,
        first=_score(rated[0], lang),
        last=_score(rated[-1], lang),
    )


def calendar_view(
    lang: str,
    *,
    year: int,
    meetings: list[MeetingLine],
    next_meeting_id: int | None,
    now: datetime,
    zone_note: str | None = None,
) -> dict:
    """The ephemeral answer to /meetings: every meeting of the year, the next one
    highlighted, held ones with their rating, the year's record and the rating trend.
    `zone_note` (mrkdwn) names the team's zone for a reader on another clock."""
    title = t("meetings.view.title", lang, year=year)
    fallback = t("meetings.view.fallback", lang, year=year)
    if not meetings:
        form = t("meetings.form.plan_year", lang, year=year)
        empty = _section(t("meetings.view.empty", lang, year=year, form=form))
        return {"text": fallback, "blocks": [_section(title), empty]}
    ordered = _sorted(meetings)
    counts = Counter(dict.fromkeys(("planned", "moved", "cancelled"), 0))
    counts.update(meeting.status for meeting in ordered)
    record = t("meetings.view.record", lang, **counts)
    head = [_section(title)] + ([_context(zone_note)] if zone_note else [])
    tail = [_context(record), _context(_trend_text(lang, ordered))]
    entries = [
        (
            meeting.starts_at.date(),
            _meeting_line(meeting, lang, now=now, next_meeting_id=next_meeting_id),
        )
        for meeting in ordered
    ]
    body = _month_blocks(lang, entries, budget=MAX_MESSAGE_BLOCKS - len(head) - len(tail))
    return {"text": fallback, "blocks": head + body + tail}


def calendar_reply(lang: str, page: CalendarPage) -> dict:
    """The answer to /meetings (see calendar_view); for a reader whose clock differs from the
    team's, the team's zone is named and the next meeting given on the reader's clock."""
    zone_note = None
    if not same_clock(page.now, page.reader_zone, page.team_zone):
        city = zone_city(page.team_zone, lang)
        if page.next_starts_at is None:
            zone_note = t("meetings.view.zone", lang, city=city)
        else:
            when = format_when_for(
                page.next_starts_at,
                page.reader_zone,
                page.team_zone,
                t("time.the_team", lang),
                lang,
            )
            zone_note = t("meetings.view.zone_next", lang, city=city, when=when)
    return calendar_view(
        lang,
        year=page.year,
        meetings=page.meetings,
        next_meeting_id=page.next_meeting_id,
        now=page.now,
        zone_note=zone_note,
    )


# --------------------------------------------------------------------------- changes


def meeting_moved_notice(
    lang: str, *, old_starts_at: datetime, new_starts_at: datetime, reason: str, by_user_id: str
) -> dict:
    """The channel post when an admin moves a meeting."""
    old, new = format_when(old_starts_at, lang), format_when(new_starts_at, lang)
    text = t(
        "meetings.moved.notice",
        lang,
        old=old,
        new=new,
        reason=escaped(reason, REASON_IN_NOTICE),
        user=mention(by_user_id),
    )
    return {
        "text": t("meetings.moved.fallback", lang, old=old, new=new),
        "blocks": [_section(text), _context(t("meetings.change.see_all", lang))],
    }


def meeting_cancelled_notice(
    lang: str,
    *,
    starts_at: datetime,
    reason: str,
    by_user_id: str,
    items_moved: int,
    next_starts_at: datetime | None,
) -> dict:
    """The channel post when an admin cancels a meeting; says where its agenda items went."""
    when = format_when(starts_at, lang)
    text = t(
        "meetings.cancelled.notice",
        lang,
        when=when,
        reason=escaped(reason, REASON_IN_NOTICE),
        user=mention(by_user_id),
    )
    blocks = [_section(text)]
    next_text = format_when(next_starts_at, lang) if next_starts_at is not None else None
    if items_moved > 0 and next_text is not None:
        blocks.append(
            _section(plural("meetings.cancelled.items", lang, items_moved, next=next_text))
        )
    elif items_moved > 0:
        blocks.append(_section(plural("meetings.cancelled.items_waiting", lang, items_moved)))
    elif next_text is not None:
        blocks.append(_section(t("meetings.cancelled.next", lang, next=next_text)))
    blocks.append(_context(t("meetings.change.see_all", lang)))
    return {"text": t("meetings.cancelled.fallback", lang, when=when), "blocks": blocks}


def change_done_reply(
    lang: str, *, kind: str, starts_at: datetime, new_starts_at: datetime | None
) -> dict:
    """The ephemeral confirmation to the admin; `kind` is "moved" or "cancelled"."""
    when = format_when(starts_at, lang)
    if kind == "moved" and new_starts_at is not None:
        new = format_when(new_starts_at, lang)
        return reply(t("meetings.done.moved", lang, when=when, new=new))
    return reply(t("meetings.done.cancelled", lang, when=when))


# --------------------------------------------------------------------------- ratings


def rating_request_message(lang: str, *, meeting_id: int, starts_at: datetime) -> dict:
    """The channel post after a meeting: ten buttons 1..10 in two rows of five."""
    when = format_when(starts_at, lang)

    def row(index: int, scores: range) -> dict:
        return {
            "type": "actions",
            "block_id": f"meeting_rate:{meeting_id}:{index}",
            "elements": [
                button(str(score), f"{RATE_ACTION_PREFIX}{score}", f"{meeting_id}:{score}")
                for score in scores
            ],
        }

    return {
        "text": t("meetings.rate.fallback", lang, when=when),
        "blocks": [
            _section(t("meetings.rate.ask", lang, when=when)),
            row(1, range(1, 6)),
            row(2, range(6, 11)),
        ],
    }


def rating_thanks_reply(lang: str, *, score: int, changed: bool) -> dict:
    key = "meetings.rate.changed" if changed else "meetings.rate.thanks"
    return reply(t(key, lang, score=score))
