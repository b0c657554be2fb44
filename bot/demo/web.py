"""The demo's web page: Slack's screens drawn from what the stand-in holds, and every action on
them sent to the bot the way Slack sends it (signed requests to its real endpoint).

Server-rendered HTML and a little JavaScript; each action is one POST that returns once the
bot has answered and its outbox is delivered, after which the page reloads. Ephemeral
answers (a command's ack, response_url posts, chat.postEphemeral) are shown only to the person
they were for, marked "Only visible to you".
"""

from __future__ import annotations

import html
import json
import mimetypes
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from urllib.parse import parse_qs, quote, urlencode
from zoneinfo import ZoneInfo

from bot.demo.render import (
    STYLE,
    block_action,
    blocks_to_html,
    message_to_html,
    modal_to_html,
    state_values_from_form,
    with_typed,
)
from bot.demo.slackside import SlackSide
from bot.demo.standin import FakeSlack
from bot.domain.months import next_month
from bot.domain.workdays import next_working_day
from bot.i18n import t

HOME = "home"
_PAGE_TOKEN = "xoxb-demo-page"  # the page's own, to change a message as Slack would
SHORTCUT = "newclient_shortcut"  # the manifest's global shortcut (the ⚡ menu)
Start = Callable[[str, list[tuple[str, str]]], object]


class DemoClock:
    """The bot's clock in the demo: real time plus an offset the page can jump forward."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str
    role: str  # shown in the "you are" switcher


@dataclass
class Note:
    """An ephemeral answer for one person in one conversation."""

    at: float
    message: dict


@dataclass
class DemoWeb:
    """The page as a WSGI application."""

    standin: FakeSlack
    slack: SlackSide
    settle: Callable[[], None]  # wait for the bot's work after the ack and deliver its outbox
    run_clock: Callable[[datetime], None]  # one scheduling pass at that moment, then deliver
    clock: DemoClock
    people: list[Person]
    channels: list[tuple[str, str]]
    lang: str
    tz: ZoneInfo
    notes: dict[tuple[str, str], list[Note]] = field(default_factory=dict)
    errors: dict[str, dict[str, str]] = field(default_factory=dict)  # the open modal's
    typed: dict[str, dict] = field(default_factory=dict)  # what was in it when refused
    _seen: dict[str, int] = field(default_factory=dict)
    _clicked: dict[str, dict] = field(default_factory=dict)  # the message a click was on

    # ------------------------------------------------------------------ WSGI

    def __call__(self, environ: dict, start_response: Start) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        try:
            if method == "GET" and path.startswith("/files/"):
                return self._file(path.removeprefix("/files/"), start_response)
            if method == "GET" and path.startswith("/c/"):
                user = self._person(query.get("as"))
                page = self.page(user, path.removeprefix("/c/"))
                return _reply(start_response, "200 OK", page, "text/html; charset=utf-8")
            if method == "POST":
                size = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(size).decode()
                return self._post(path, body, environ.get("CONTENT_TYPE", ""), start_response)
            first = f"/c/{self.channels[0][0]}?as={quote(self.people[0].user_id)}"
            return _reply(start_response, "302 Found", "", headers=[("Location", first)])
        except LookupError as error:
            return _reply(start_response, "404 Not Found", html.escape(str(error)))
        except (ValueError, TypeError) as error:  # a request the page never sends
            return _reply(start_response, "400 Bad Request", html.escape(str(error)))

    def _post(self, path: str, body: str, ctype: str, start_response: Start) -> Iterable[bytes]:
        if "json" in ctype:
            data = json.loads(body or "{}")
        else:
            data = {k: v if len(v) > 1 else v[0] for k, v in parse_qs(body).items()}
        user = self._person(_first(data.get("as")))
        conv = _first(data.get("conv")) or self.channels[0][0]
        if path == "/say":
            self.say(user, conv, _first(data.get("text")) or "")
        elif path == "/act":
            self.act(user, conv, data)
        elif path == "/modal":
            self.submit_modal(user, conv, parse_qs(body))
        elif path == "/shortcut":
            answer = self.slack.shortcut(SHORTCUT, user=user)
            self._note_ack(user, conv, answer.body)
            self._settle(user, conv)
        elif path == "/modal/close":
            self.standin.close_modal(user)
            self.errors.pop(user, None)
            self.typed.pop(user, None)
        elif path == "/clock":
            self.jump(_first(data.get("preset")) or "", _first(data.get("at")) or "")
        else:
            raise LookupError(path)
        return _reply(start_response, "200 OK", json.dumps({"ok": True}), "application/json")

    def _file(self, file_id: str, start_response: Start) -> Iterable[bytes]:
        for upload in self.standin.uploaded_files():
            if upload["id"] == file_id:
                name = upload["filename"]
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                kind += "; charset=utf-8" if kind.startswith("text/") else ""
                disposition = [("Content-Disposition", f'inline; filename="{name}"')]
                start_response("200 OK", [("Content-Type", kind), *disposition])
                return [upload["content"]]
        raise LookupError(f"no file {file_id}")

    def _person(self, user_id: str | None) -> str:
        known = {p.user_id for p in self.people}
        return user_id if user_id in known else self.people[0].user_id

    # ------------------------------------------------------------------ actions

    def say(self, user: str, conv: str, text: str) -> None:
        """What a person types: a slash command goes to the bot, anything else is a message."""
        text = text.strip()
        if not text:
            return
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            answer = self.slack.command(
                rest.strip(),
                user=user,
                command=command,
                channel_id=self._channel_for(user, conv),
                response_name=_answers(user, conv),
            )
            self._note_ack(user, conv, answer.body)
        else:
            self.standin.add_message(self._channel_for(user, conv), _escape_mrkdwn(text), user=user)
        self._settle(user, conv)

    def act(self, user: str, conv: str, data: dict) -> None:
        """A click on a button or overflow menu, a choice in a select or date picker: sent as
        Slack's block_actions, built from the very element of the message, Home tab or modal."""
        where = data.get("where", "message")
        view = message = None
        if where == "modal":
            view = self.standin.open_modal(user)
        elif where == "home":
            view = self.standin.home_view(user)
        else:
            ts = str(data.get("ts") or "")
            channel = self._channel_for(user, conv)
            message = self._message(channel, ts) or self._ephemeral(user, conv, ts)
        blocks = (view or message or {}).get("blocks") or []
        values = [str(v) for v in data.get("values") or []]
        action = block_action(blocks, str(data.get("block_id")), str(data.get("action_id")), values)
        if action is None:
            raise LookupError("that button is gone (the message changed)")
        self._clicked[_answers(user, conv)] = message or {}
        answer = self.slack.act(
            action,
            user=user,
            channel=self._channel_for(user, conv),
            message=message,
            view=view,
            response_name=_answers(user, conv),
        )
        self._note_ack(user, conv, answer.body)
        self._settle(user, conv)

    def submit_modal(self, user: str, conv: str, form: dict[str, list[str]]) -> None:
        view = self.standin.open_modal(user)
        if view is None:
            return
        values = state_values_from_form(view, form)
        answer = self.slack.submit_view(values, user=user, view=view)
        reply = _json(answer.body)
        action = reply.get("response_action")
        self.errors.pop(user, None)
        self.typed.pop(user, None)
        if action == "errors":
            self.errors[user] = reply.get("errors") or {}
            self.typed[user] = values
        elif action == "update":
            self.standin.replace_modal(user, reply["view"])
        elif action == "push":
            self.standin.push_modal(user, reply["view"])
        elif action == "clear":
            self.standin.close_modal(user, everything=True)
        elif answer.status == 200:
            self.standin.close_modal(user)
        self._settle(user, conv)

    def jump(self, preset: str, at: str) -> datetime:
        """Move the bot's clock and run the scheduling pass at the new moment."""
        now = self.clock().astimezone(self.tz)
        moment = _preset(preset, now) if preset else None
        if moment is None and at:
            moment = datetime.fromisoformat(at)
            moment = moment if moment.tzinfo else moment.replace(tzinfo=self.tz)
        if moment is None or moment <= now:
            return now
        self.clock.set(moment)
        self.run_clock(moment)
        return moment

    def _settle(self, user: str, conv: str) -> None:
        self.settle()
        name = _answers(user, conv)
        answers = self.standin.responses(name)
        for answer in answers[self._seen.get(name, 0) :]:
            self._note(user, conv, answer)
        self._seen[name] = len(answers)
        self._clicked.pop(name, None)

    def _note_ack(self, user: str, conv: str, body: bytes) -> None:
        reply = _json(body)
        if reply.get("text") or reply.get("blocks"):
            self._note(user, conv, reply)

    def _note(self, user: str, conv: str, answer: dict) -> None:
        clicked = self._clicked.get(_answers(user, conv)) or {}
        changes = answer.get("replace_original") or answer.get("delete_original")
        if changes and clicked and not clicked.get("ephemeral"):
            self._change_original(self._channel_for(user, conv), clicked["ts"], answer)
            return
        notes = self.notes.setdefault((user, conv), [])
        if answer.get("delete_original"):
            if notes:
                notes.pop()
            return
        if answer.get("response_type") == "in_channel":
            channel = self._channel_for(user, conv)
            self.standin.add_message(channel, answer.get("text", ""), blocks=answer.get("blocks"))
            return
        if answer.get("replace_original") and notes:
            notes.pop()
        notes.append(Note(time.time(), answer))

    def _change_original(self, channel: str, ts: str, answer: dict) -> None:
        """A response_url answer replacing or deleting the message clicked: on Slack it changes
        that message for everyone (the stand-in does it as the Web API asks)."""
        self.standin.add_token(_PAGE_TOKEN)
        method = "chat.delete" if answer.get("delete_original") else "chat.update"
        fields = {"channel": channel, "ts": ts, "text": answer.get("text") or ""}
        fields["blocks"] = json.dumps(answer.get("blocks") or [])
        request = urllib.request.Request(
            self.standin.url + method,
            data=urlencode(fields).encode(),
            headers={"Authorization": f"Bearer {_PAGE_TOKEN}"},
        )
        urllib.request.urlopen(request, timeout=10).close()

    # ------------------------------------------------------------------ reading the stand-in

    def _channel_for(self, user: str, conv: str) -> str:
        """The Slack channel id of a conversation: a DM is the person's own with the bot."""
        return user if conv in ("dm", HOME) else conv

    def _message(self, channel: str, ts: str) -> dict | None:
        return next((m for m in self.standin.messages(channel) if m["ts"] == ts), None)

    def _ephemerals(self, user: str, conv: str) -> list[dict]:
        """What only `user` sees in `conv`, each with a ts (a note's is the moment it came)."""
        posted = [
            {**e, "ts": e.get("ts") or e.get("message_ts") or "0", "ephemeral": True}
            for e in self.standin.ephemerals(self._channel_for(user, conv))
            if e.get("user") == user
        ]
        notes = self.notes.get((user, conv), [])
        return posted + [{"ts": f"{n.at:.6f}", **n.message, "ephemeral": True} for n in notes]

    def _ephemeral(self, user: str, conv: str, ts: str) -> dict | None:
        return next((m for m in self._ephemerals(user, conv) if m["ts"] == ts), None)

    @property
    def names(self) -> dict[str, str]:
        """Who and what mentions name: the people, the channels, and the bot itself."""
        names = {p.user_id: p.name for p in self.people}
        names |= {channel_id: name for channel_id, name in self.channels}
        return names | {self.standin.bot_user_id: "Salesbot"}

    def _message_html(self, message: dict) -> str:
        return message_to_html(
            message,
            names=self.names,
            files={f["id"]: f for f in self.standin.uploaded_files()},  # their alt text
            lang=self.lang,
            bot_user_id=self.standin.bot_user_id,
            tz=self.tz,
        )

    # ------------------------------------------------------------------ the page

    def page(self, user: str, conv: str) -> str:
        names = self.names
        if conv == HOME:
            view = self.standin.home_view(user)
            if view is None:
                self.slack.open_home(user)
                self.settle()
                view = self.standin.home_view(user)
            main = blocks_to_html((view or {}).get("blocks") or [], names=names, lang=self.lang)
            title = t("demo.home", self.lang)
        else:
            main = self._conversation(user, conv, names)
            title = dict(self.channels).get(conv) or t("demo.dm", self.lang)
        modal = self.standin.open_modal(user)
        overlay = ""
        if modal is not None:
            errors = self.errors.get(user)
            modal = with_typed(modal, self.typed.get(user))
            shown = modal_to_html(modal, names=names, errors=errors, lang=self.lang)
            overlay = f'<div class="sb-overlay">{shown}</div>'

        return _PAGE.format(
            lang=self.lang,
            style=STYLE + _STYLE,
            title=html.escape(title),
            sidebar=self._sidebar(user, conv),
            main=main,
            box=self._box(user, conv) if conv != HOME else "",
            modal=overlay,
            clock=self._clock(),
            people=self._switcher(user, conv),
            state=html.escape(json.dumps({"as": user, "conv": conv})),
            script=_SCRIPT,
        )

    def _conversation(self, user: str, conv: str, names: dict[str, str]) -> str:
        channel = self._channel_for(user, conv)
        stored = self.standin.messages(channel)
        tops = [m for m in stored if not m.get("thread_ts") or m["thread_ts"] == m["ts"]]
        shown: list[tuple[float, str]] = []
        for message in tops:
            replies = [
                m for m in stored if m.get("thread_ts") == message["ts"] and m is not message
            ]
            # A shared file is in its share message (a reply when it went into a thread).
            thread = "".join(self._message_html(r) for r in replies)
            body = self._message_html(message)
            if thread:
                body += f'<div class="sb-thread">{thread}</div>'
            shown.append((float(message["ts"]), body))
        # An ephemeral's buttons work too: its article carries a ts that finds it again.
        for ephemeral in self._ephemerals(user, conv):
            shown.append((float(ephemeral["ts"]), self._message_html(ephemeral)))
        shown.sort(key=lambda pair: pair[0])
        empty = f'<p class="sb-empty">{html.escape(t("demo.empty", self.lang))}</p>'
        return "".join(body for _, body in shown) or empty

    def _sidebar(self, user: str, conv: str) -> str:
        def link(target: str, label: str) -> str:
            current = ' class="current"' if target == conv else ""
            href = f"/c/{quote(target)}?as={quote(user)}"
            return f'<a{current} href="{href}">{html.escape(label)}</a>'

        channels = "".join(link(cid, f"# {name}") for cid, name in self.channels)
        return (
            f"<h2>{html.escape(t('demo.channels', self.lang))}</h2>{channels}"
            f"<h2>{html.escape(t('demo.apps', self.lang))}</h2>"
            f"{link(HOME, '🏠 ' + t('demo.home', self.lang))}"
            f"{link('dm', '💬 ' + t('demo.dm', self.lang))}"
        )

    def _switcher(self, user: str, conv: str) -> str:
        options = "".join(
            f'<option value="{html.escape(p.user_id)}"{" selected" if p.user_id == user else ""}>'
            f"{html.escape(p.name)} · {html.escape(p.role)}</option>"
            for p in self.people
        )
        label = html.escape(t("demo.you_are", self.lang))
        return f'<label>{label} <select id="sb-as" data-conv="{html.escape(conv)}">{options}</select></label>'

    def _box(self, user: str, conv: str) -> str:
        hint = html.escape(t("demo.box", self.lang))
        shortcut = html.escape(t("demo.shortcut", self.lang))
        return (
            '<form class="sb-box" data-post="/say">'
            f'<button type="button" class="sb-shortcut" title="{shortcut}">⚡</button>'
            f'<input name="text" placeholder="{hint}" autocomplete="off" aria-label="{hint}">'
            f'<button type="submit">{html.escape(t("demo.send", self.lang))}</button></form>'
        )

    def _clock(self) -> str:
        now = self.clock().astimezone(self.tz)
        presets = "".join(
            f'<button type="button" data-preset="{key}">{html.escape(t(f"demo.clock.{key}", self.lang))}</button>'
            for key in ("friday", "monday", "month")
        )
        shown = now.strftime("%Y-%m-%dT%H:%M")
        return (
            f'<form class="sb-clock" data-post="/clock"><span>🕒 {html.escape(_when(now, self.lang))}</span>'
            f"{presets}"
            f'<input type="datetime-local" name="at" value="{shown}" aria-label="{html.escape(t("demo.clock.at", self.lang))}">'
            f'<button type="submit">{html.escape(t("demo.clock.go", self.lang))}</button></form>'
        )


# ------------------------------------------------------------------ helpers


def _first(value: object) -> str | None:
    if isinstance(value, list):
        return str(value[0]) if value else None
    return None if value is None else str(value)


def _json(body: bytes) -> dict:
    try:
        loaded = json.loads(body or b"{}")
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _answers(user: str, conv: str) -> str:
    """The stand-in's response_url name for one person's answers in one conversation."""
    return f"{user}.{conv}"


def _escape_mrkdwn(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _when(moment: datetime, lang: str) -> str:
    from bot.domain.formatting import format_when

    return format_when(moment, lang)


def _preset(key: str, now: datetime) -> datetime | None:
    """ "friday": the coming Friday 15:05; "monday": next Monday 09:05; "month": the first
    working day of next month, 09:05 (all on the team's clock)."""
    day: date
    if key == "friday":
        day = now.date() + timedelta(days=(4 - now.weekday()) % 7)
        at = datetime.combine(day, wall(15, 5), now.tzinfo)
        return at if at > now else at + timedelta(days=7)
    if key == "monday":
        day = now.date() + timedelta(days=(7 - now.weekday()) % 7 or 7)
        return datetime.combine(day, wall(9, 5), now.tzinfo)
    if key == "month":
        day = next_working_day(next_month(now.date()), holidays_country="NL")
        return datetime.combine(day, wall(9, 5), now.tzinfo)
    return None


def _reply(
    start_response: Start,
    status: str,
    body: str,
    content_type: str = "text/plain; charset=utf-8",
    headers: list[tuple[str, str]] | None = None,
) -> Iterable[bytes]:
    start_response(status, [("Content-Type", content_type), *(headers or [])])
    return [body.encode()]


_STYLE = """
body{margin:0;font:15px/1.45 -apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1c1d;
 height:100vh;display:flex;flex-direction:column}
.sb-top{display:flex;flex-wrap:wrap;gap:8px;align-items:center;padding:8px 12px;
 background:#3f0e40;color:#fff}
.sb-top select,.sb-top input,.sb-top button{font-size:13px}
.sb-clock{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.sb-layout{display:flex;flex:1;min-height:0}
.sb-side{width:200px;background:#4a154b;color:#fff;padding:8px 0;flex-shrink:0;overflow:auto}
.sb-side h2{font-size:12px;opacity:.7;margin:12px 16px 4px;text-transform:uppercase}
.sb-side a{display:block;color:#fff;padding:4px 16px;text-decoration:none}
.sb-side a.current{background:#1164a3}
.sb-main{flex:1;display:flex;flex-direction:column;min-width:0;min-height:0}
.sb-main h1{font-size:18px;margin:0;padding:10px 16px;border-bottom:1px solid #ddd}
.sb-feed{flex:1;padding:8px 16px;overflow:auto}
.sb-box{display:flex;gap:6px;padding:10px 16px;border-top:1px solid #ddd}
.sb-box input{flex:1;padding:8px;font-size:15px}
.sb-thread{margin-left:24px;border-left:3px solid #ddd;padding-left:10px}
.sb-ephemeral{background:#f8f8f8;border-left:3px solid #1264a3;margin:6px 0}
.sb-file img{max-width:100%;height:auto;border:1px solid #ddd}
.sb-empty{color:#777}
.sb-overlay{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;
 align-items:flex-start;justify-content:center;overflow:auto;padding:24px 8px}
@media (max-width:700px){.sb-layout{flex-direction:column}.sb-side{width:auto;display:flex;
 flex-wrap:wrap}.sb-side h2{display:none}.sb-side a{padding:6px 10px}}
"""

_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Salesbot demo · {title}</title><style>{style}</style></head>
<body data-state="{state}">
<header class="sb-top"><strong>Salesbot demo</strong>{people}{clock}</header>
<div class="sb-layout"><nav class="sb-side">{sidebar}</nav>
<main class="sb-main"><h1>{title}</h1><div class="sb-feed" id="sb-feed">{main}</div>{box}</main></div>
{modal}
<script>{script}</script></body></html>
"""

_SCRIPT = """
const state = JSON.parse(document.body.dataset.state);
async function post(path, data) {
  const body = JSON.stringify(Object.assign({as: state.as, conv: state.conv}, data));
  const r = await fetch(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
  if (!r.ok) { alert('The demo could not do that (' + r.status + ')'); }
  location.reload();
}
function confirmed(el) {
  if (!el.dataset.confirm) return true;
  const c = JSON.parse(el.dataset.confirm);
  const text = [c.title && c.title.text, c.text && c.text.text].filter(Boolean).join('\\n\\n');
  return window.confirm(text);
}
function where(el) {
  if (el.closest('form.sb-modal')) return {where: 'modal'};
  const message = el.closest('article[data-ts]');
  return message ? {where: 'message', ts: message.dataset.ts} : {where: 'home'};
}
function act(el, values) {
  post('/act', Object.assign(where(el), {action_id: el.dataset.actionId,
    block_id: el.dataset.blockId, values: values}));
}
document.addEventListener('click', (e) => {
  const el = e.target.closest('button[data-action-id]');
  if (!el || el.type === 'submit') return;
  e.preventDefault();
  if (el.dataset.url) { window.open(el.dataset.url, '_blank'); }
  if (confirmed(el)) act(el, []);
});
document.addEventListener('change', (e) => {
  const el = e.target.closest('select[data-action-id], input[data-action-id]');
  // Inside a modal, an input is read when the form is submitted, as in Slack.
  if (!el || el.closest('form.sb-modal') && el.closest('.sb-input')) return;
  const option = el.tagName === 'SELECT' ? el.options[el.selectedIndex] : null;
  if (option && option.dataset.confirm && !confirmed(option)) { el.selectedIndex = 0; return; }
  act(el, option ? [option.value] : [el.value]);
});
document.getElementById('sb-as').addEventListener('change', (e) => {
  location.href = '/c/' + encodeURIComponent(e.target.dataset.conv) + '?as=' +
    encodeURIComponent(e.target.value);
});
for (const form of document.querySelectorAll('form[data-post]')) {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    post(form.dataset.post, Object.fromEntries(new FormData(form)));
  });
}
for (const el of document.querySelectorAll('.sb-shortcut')) {
  el.addEventListener('click', () => post('/shortcut', {}));
}
for (const el of document.querySelectorAll('[data-preset]')) {
  el.addEventListener('click', () => post('/clock', {preset: el.dataset.preset}));
}
const modal = document.querySelector('form.sb-modal');
if (modal) {
  modal.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new URLSearchParams(new FormData(modal));
    data.set('as', state.as); data.set('conv', state.conv);
    await fetch('/modal', {method: 'POST', body: data});
    location.reload();
  });
  for (const el of modal.querySelectorAll('.sb-modal-close')) {
    el.addEventListener('click', () => post('/modal/close', {}));
  }
}
const feed = document.getElementById('sb-feed');
if (feed) feed.scrollTop = feed.scrollHeight;
"""
