"""`/accountplan`: a rep's yearly plan, agreed with their manager, with progress from logged wins.

Saving makes a draft and asks the manager (by DM) to agree; a change to an agreed plan makes it
a draft again. Every version is kept. A plan is seen by the rep, their manager and admins, or
by the whole team when the rep shares it.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import date, datetime

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.domain.accountplan import (
    COMING_YEAR_MONTH,
    PlanChoice,
    PlanError,
    candidate_years,
    pace,
    plan_choice,
    plan_phase,
    validate_plan,
)
from bot.domain.formatting import format_money
from bot.domain.oneonone import parse_mention
from bot.handlers.users import (
    after_ack,
    answer_as_admin_or_not,
    asker,
    is_admin,
    refresh_profile,
)
from bot.i18n import LANGUAGES, t
from bot.jobs.meeting_posts import queue_message
from bot.jobs.people import language_of_user
from bot.payloads import (
    StalePayload,
    read_choice,
    read_int,
    read_lang,
    read_metadata,
    reading,
)
from bot.views import accountplan as views
from bot.views.blocks import result_modal
from storage import managers as manager_store
from storage import plans as plan_store
from storage.models import AccountPlan

log = logging.getLogger(__name__)
# Plan years a button or form may carry (anything else is stale or forged).
YEAR_MIN, YEAR_MAX = 2000, 2100

HELP_WORDS = {"help", "hulp", "-h", "--help", "?"}
SHOW_WORDS = {"show", "toon", "view", "bekijk"}
EDIT_WORDS = {"edit", "change", "wijzig", "wijzigen", "bewerk", "bewerken", "aanpassen"}


def plan_view(plan: AccountPlan, *, manager_id: str | None, lang: str) -> views.PlanView:
    return views.PlanView(
        plan_id=plan.id or 0,
        year=plan.year,
        rep_id=plan.user_id,
        status=plan.status,
        shared=plan.shared,
        target_clients=plan.target_clients,
        segment=plan.segment,
        value=format_money(plan.value_cents, plan.currency or "EUR", lang)
        if plan.value_cents is not None
        else None,
        value_basis=plan.value_basis,
        approach=plan.approach,
        milestones=(plan.q1, plan.q2, plan.q3, plan.q4),
        version=plan.version,
        changed_by=plan.changed_by,
        changed_at=plan.changed_at,
        manager_id=manager_id,
        agreed_by=plan.agreed_by,
        agreed_at=plan.agreed_at,
        weekly_outreach=plan.weekly_outreach,
    )


def progress_of(deps: Deps, session, plan: AccountPlan, lang: str) -> views.ProgressView:
    won, value = plan_store.wins_of(
        session=session, team_id=plan.team_id, user_id=plan.user_id, year=plan.year
    )
    today = today_of(deps)
    result = pace(
        target=plan.target_clients, won=won, value_won_cents=value, year=plan.year, today=today
    )
    return views.ProgressView(
        won=result.won,
        target=result.target,
        expected=result.expected,
        status=result.status,
        value_won=format_money(value, plan.currency or deps.settings.default_currency, lang)
        if value
        else None,
        phase=plan_phase(plan.year, today),
        year=plan.year,
    )


def today_of(deps: Deps) -> date:
    """Today in the team's zone (which decides the year a win counts for)."""
    return deps.clock().astimezone(deps.settings.tz).date()


def working_plan(
    deps: Deps, session, *, team_id: str, rep_id: str, year: int | None
) -> tuple[AccountPlan | None, PlanChoice]:
    """The plan to show (None: none yet) and what else to offer. With `year` None it is the
    plan the rep is working on (next year's from December once it exists, see plan_choice);
    otherwise that year's."""
    if year is not None:
        plan = plan_store.get_plan(session=session, team_id=team_id, user_id=rep_id, year=year)
        return plan, PlanChoice(show=year if plan else None, offer=None if plan else year)
    today = today_of(deps)
    plans = {}
    for candidate in candidate_years(today):
        found = plan_store.get_plan(
            session=session, team_id=team_id, user_id=rep_id, year=candidate
        )
        if found is not None:
            plans[candidate] = found
    choice = plan_choice(today, plans)
    return (plans[choice.show] if choice.show is not None else None), choice


def may_see(deps: Deps, session, plan: AccountPlan, viewer: str, admin: bool) -> bool:
    """The rep, their manager and admins; everyone when the rep shared the plan."""
    if plan.shared or viewer == plan.user_id or admin:
        return True
    return (
        manager_store.manager_of(session=session, team_id=plan.team_id, rep_id=plan.user_id)
        == viewer
    )


def show_plan(
    deps: Deps,
    *,
    team_id: str,
    viewer: str,
    rep_id: str,
    year: int | None,
    admin: bool,
    lang: str,
) -> dict:
    """The plan of `year` (None: the one the rep is working on) as a reply; the rep's own
    comes with the offer of a plan for the coming (or new) year when it is due."""
    own = viewer == rep_id
    with deps.session_factory() as session:
        plan, choice = working_plan(deps, session, team_id=team_id, rep_id=rep_id, year=year)
        if plan is None:
            if own:
                return views.no_plan_reply(lang, rep_id=None, year=choice.offer or year_now(deps))
            return views.no_plan_reply(lang, rep_id=rep_id, year=year or year_now(deps))
        if not may_see(deps, session, plan, viewer, admin):
            return views.not_allowed_reply(lang)
        manager = manager_store.manager_of(session=session, team_id=team_id, rep_id=rep_id)
        progress = progress_of(deps, session, plan, lang)
    return views.plan_message(
        lang,
        plan_view(plan, manager_id=manager, lang=lang),
        progress,
        viewer_id=viewer,
        can_edit=own,
        offer_year=choice.offer if own else None,
        also_year=choice.also if own else None,
    )


def year_now(deps: Deps) -> int:
    return today_of(deps).year


def _prefill(plan: AccountPlan | None, number_locale: str) -> dict[str, str] | None:
    if plan is None:
        return None
    from babel.numbers import format_decimal

    from bot.domain.formatting import babel_locale, cents_to_decimal

    value = ""
    if plan.value_cents is not None:
        # Written the way the modal will read it back: in the user's number locale.
        amount = format_decimal(
            cents_to_decimal(plan.value_cents), locale=babel_locale(number_locale)
        )
        value = f"{amount} {plan.currency or ''}".strip()
    return {
        "target": str(plan.target_clients),
        "segment": plan.segment,
        "value": value,
        "basis": plan.value_basis or "total",
        "approach": plan.approach,
        **{f"q{i}": str(getattr(plan, f"q{i}")) for i in range(1, 5) if getattr(plan, f"q{i}")},
        **({"outreach": str(plan.weekly_outreach)} if plan.weekly_outreach else {}),
    }


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
    who = asker(deps, team_id, user_id)
    lang = who.lang
    with deps.session_factory() as session:
        plan = plan_store.get_plan(session=session, team_id=team_id, user_id=user_id, year=year)
    view = views.plan_modal(
        lang,
        year=year,
        values=_prefill(plan, who.number_locale),
        shared=bool(plan and plan.shared),
    )
    meta = json.loads(view.get("private_metadata") or "{}")
    meta.update({"year": year, "lang": lang, "channel_id": channel})
    view["private_metadata"] = json.dumps(meta)
    client.views_open(trigger_id=trigger_id, view=view)


def save_from_modal(
    deps: Deps, *, team_id: str, user_id: str, year: int, fields: dict, shared: bool, lang: str
) -> dict:
    """Store the plan (a version), and queue the manager's review DM; returns the reply."""
    now = deps.clock()
    with deps.session_factory.write() as session:
        plan, before, changed = plan_store.save_plan(
            session=session,
            team_id=team_id,
            user_id=user_id,
            year=year,
            fields=fields,
            shared=shared,
            by=user_id,
            now=now,
        )
        manager = manager_store.manager_of(session=session, team_id=team_id, rep_id=user_id)
        if manager and changed:
            ask_for_review(deps, session, plan, manager=manager, previous_status=before, now=now)
    deps.notify_outbox()
    return views.saved_reply(
        lang,
        year=year,
        status=plan.status,
        manager_id=manager,
        changed_agreed=before == "agreed" and changed,
    )


def ask_for_review(
    deps: Deps,
    session,
    plan: AccountPlan,
    *,
    manager: str,
    previous_status: str | None,
    now: datetime,
) -> None:
    """Queue the manager's DM with this version of the plan and Agree / Discuss (once each)."""
    manager_lang = language_of_user(session, deps.settings, plan.team_id, manager)
    queue_message(
        session,
        team_id=plan.team_id,
        key=f"plan_review:{plan.id}:{plan.version}:{manager}",
        channel=manager,
        message=views.manager_review_dm(
            manager_lang,
            plan_view(plan, manager_id=manager, lang=manager_lang),
            previous_status=previous_status,
        ),
        now=now,
    )


def review_draft_with_new_manager(
    deps: Deps, session, *, team_id: str, rep_id: str, manager: str, now: datetime
) -> None:
    """A rep got a (new) manager: a draft plan waiting for agreement goes to them (this
    year's, and from December next year's too)."""
    today = now.astimezone(deps.settings.tz).date()
    years = [today.year] + ([today.year + 1] if today.month == COMING_YEAR_MONTH else [])
    for year in years:
        plan = plan_store.get_plan(session=session, team_id=team_id, user_id=rep_id, year=year)
        if plan is not None and plan.status == "draft":
            ask_for_review(deps, session, plan, manager=manager, previous_status="draft", now=now)


def _year_in(text: str) -> tuple[int | None, str]:
    """The year typed (None: not given) and the rest of the text."""
    match = re.search(r"\b(20\d\d)\b", text)
    if not match:
        return None, text
    return int(match[1]), " ".join((text[: match.start()] + text[match.end() :]).split())


def register(app: App, deps: Deps) -> None:
    """Wire /accountplan, its modal and the plan buttons."""

    def handle_command(ack: Ack, command: dict, context, client: WebClient, respond) -> None:
        team_id, user_id = context.team_id, command["user_id"]
        who = asker(deps, team_id, user_id)
        lang = who.lang
        text = " ".join((command.get("text") or "").split())
        if text.lower() in HELP_WORDS:
            ack(**views.help_reply(lang))
            return
        year, rest = _year_in(text)
        try:
            rep_id, rest = parse_mention(rest)
        except ValueError:
            ack(**views.help_reply(lang))
            return
        word = rest.lower()
        if word not in SHOW_WORDS | EDIT_WORDS | {""}:
            ack(**views.help_reply(lang))
            return
        if rep_id is None or rep_id == user_id:
            own_plan(ack, command, client, team_id=team_id, user_id=user_id, year=year, word=word)
            return
        answer_as_admin_or_not(
            deps,
            ack=ack,
            respond=respond,
            client=client,
            team_id=team_id,
            user_id=user_id,
            answer=lambda admin: show_plan(
                deps,
                team_id=team_id,
                viewer=user_id,
                rep_id=rep_id,
                year=year,
                admin=admin,
                lang=lang,
            ),
        )

    def own_plan(
        ack: Ack,
        command: dict,
        client: WebClient,
        *,
        team_id: str,
        user_id: str,
        year: int | None,
        word: str,
    ) -> None:
        """The rep's own plan: shown with progress and pace; the form for a new plan, or
        to edit."""
        who = asker(deps, team_id, user_id)
        if not who.known:
            deps.background.submit(refresh_profile, deps, client, team_id, user_id)
        form_year = None
        if word in EDIT_WORDS or not word:
            with deps.session_factory() as session:
                plan, choice = working_plan(
                    deps, session, team_id=team_id, rep_id=user_id, year=year
                )
            if word in EDIT_WORDS:
                form_year = choice.show or choice.offer
            elif plan is None:
                form_year = choice.offer
        if form_year is None:
            ack(
                **show_plan(
                    deps,
                    team_id=team_id,
                    viewer=user_id,
                    rep_id=user_id,
                    year=year,
                    admin=False,
                    lang=who.lang,
                )
            )
            return
        ack()
        deps.background.submit(
            open_plan_modal,
            deps,
            client,
            trigger_id=command["trigger_id"],
            team_id=team_id,
            user_id=user_id,
            year=form_year,
            channel=command.get("channel_id"),
        )

    def handle_submission(ack: Ack, body: dict, view: dict, context, client: WebClient) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        meta = read_metadata(
            view, optional={"lang": str, "year": int, "channel_id": (str, type(None))}
        )
        who = asker(deps, team_id, user_id)
        lang = read_lang(meta, LANGUAGES) or who.lang
        with reading("state"):
            values = views.plan_modal_values(view["state"]["values"])
        try:
            entered = validate_plan(
                target=values.get("target"),
                segment=values.get("segment"),
                value=values.get("value"),
                value_basis=values.get("basis"),
                approach=values.get("approach"),
                milestones=[values.get(f"q{i}") for i in range(1, 5)],
                weekly_outreach=values.get("outreach"),
                number_locale=who.number_locale,
                default_currency=deps.settings.default_currency,
            )
        except PlanError as error:
            ack(response_action="errors", errors=views.plan_errors(lang, error.errors))
            return
        fields = {
            "target_clients": entered.target_clients,
            "segment": entered.segment,
            "value_cents": entered.value_cents,
            "currency": entered.currency,
            "value_basis": entered.value_basis,
            "approach": entered.approach,
            "q1": entered.milestones[0],
            "q2": entered.milestones[1],
            "q3": entered.milestones[2],
            "q4": entered.milestones[3],
            "weekly_outreach": entered.weekly_outreach,
        }
        year = (
            read_int(meta["year"], field="year", low=YEAR_MIN, high=YEAR_MAX)
            if "year" in meta
            else deps.clock().astimezone(deps.settings.tz).year
        )
        reply = save_from_modal(
            deps,
            team_id=team_id,
            user_id=user_id,
            year=year,
            fields=fields,
            shared=values.get("shared") == "yes",
            lang=lang,
        )
        ack(
            response_action="update",
            view=result_modal(
                lang, title=t("accountplan.modal.title", lang, year=year), message=reply
            ),
        )

    @after_ack(deps)
    def handle_agree(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        _decide(body, action, context, client, respond, agree=True)

    @after_ack(deps)
    def handle_discuss(
        ack: Ack, body: dict, action: dict, context, client: WebClient, respond
    ) -> None:
        _decide(body, action, context, client, respond, agree=False)

    def _decide(body, action, context, client, respond, *, agree: bool) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        value = action.get("value")
        plan_text, _, version_text = (value if isinstance(value, str) else "").partition(":")
        plan_id = read_int(plan_text, field="plan_id")
        seen_version = read_int(version_text, field="version") if version_text else None
        admin = is_admin(deps, client, team_id, user_id)
        now = deps.clock()
        reply = None
        with deps.session_factory.write() as session:
            plan = plan_store.get_plan_by_id(session=session, team_id=team_id, plan_id=plan_id)
            if plan is None:
                raise StalePayload("the plan is gone")
            manager = manager_store.manager_of(
                session=session, team_id=team_id, rep_id=plan.user_id
            )
            if user_id != manager and not admin:
                reply = views.not_allowed_reply(lang)
            elif seen_version is not None and seen_version != plan.version:
                # The rep changed the plan after this DM: its buttons speak for an old version.
                reply = views.plan_changed_reply(lang, rep_id=plan.user_id, year=plan.year)
            else:
                rep_lang = language_of_user(session, deps.settings, team_id, plan.user_id)
                if agree:
                    plan_store.agree_plan(
                        session=session, plan=plan, version=plan.version, by=user_id, now=now
                    )
                    told = views.rep_notified_agreed_dm(
                        rep_lang, manager_id=user_id, year=plan.year
                    )
                else:
                    told = views.rep_notified_discuss_dm(
                        rep_lang, manager_id=user_id, year=plan.year
                    )
                queue_message(
                    session,
                    team_id=team_id,
                    key=f"plan_{'agreed' if agree else 'discuss'}:{plan.id}:{plan.version}:{user_id}",
                    channel=plan.user_id,
                    message=told,
                    now=now,
                )
        if reply is not None:  # Slack is called after the write transaction, never inside it
            respond(replace_original=False, **reply)
            return
        deps.notify_outbox()
        reply = (
            views.agreed_reply(lang, rep_id=plan.user_id, year=plan.year)
            if agree
            else views.discuss_reply(lang, rep_id=plan.user_id, year=plan.year)
        )
        respond(replace_original=True, **reply)

    @after_ack(deps)
    def handle_share(ack: Ack, body: dict, action: dict, context, respond) -> None:
        team_id, user_id = context.team_id, body["user"]["id"]
        lang = asker(deps, team_id, user_id).lang
        value = action.get("value")
        plan_text, _, flag = (value if isinstance(value, str) else "").partition(":")
        plan_id = read_int(plan_text, field="plan_id")
        read_choice(flag, ("on", "off"), field="share")
        with deps.session_factory.write() as session:
            plan = plan_store.get_plan_by_id(session=session, team_id=team_id, plan_id=plan_id)
            allowed = plan is not None and plan.user_id == user_id
            if plan is not None and allowed:
                plan.shared = flag == "on"
                session.add(plan)
        if not allowed:
            respond(replace_original=False, **views.not_allowed_reply(lang))
            return
        respond(
            replace_original=False,
            response_type="ephemeral",
            **views.share_reply(lang, shared=flag == "on"),
        )

    def handle_edit(ack: Ack, body: dict, action: dict, context, client: WebClient) -> None:
        year = read_int(action.get("value"), field="year", low=YEAR_MIN, high=YEAR_MAX)
        ack()
        deps.background.submit(
            open_plan_modal,
            deps,
            client,
            trigger_id=body["trigger_id"],
            team_id=context.team_id,
            user_id=body["user"]["id"],
            year=year,
            channel=(body.get("channel") or {}).get("id"),
        )

    app.command("/accountplan")(handle_command)
    app.view(views.PLAN_MODAL_CALLBACK)(handle_submission)
    app.action(views.AGREE_ACTION)(handle_agree)
    app.action(views.DISCUSS_ACTION)(handle_discuss)
    app.action(views.SHARE_ACTION)(handle_share)
    app.action(views.EDIT_ACTION)(handle_edit)
