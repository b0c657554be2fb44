"""Every surface of the bot used once through the demo page, over HTTP, in both languages:
every slash command of the manifest (help and no text), every modal the bot opens (shown, then
submitted with the values its form starts with), every control on the Home tab and on the
messages of #wins, #sales and each DM. Each sweep collects all failures and asserts none.

The controls and the modal's form are read from the page's HTML, as the browser's script does."""

from __future__ import annotations

import html
import json
import logging
import mimetypes
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.demo.main import PEOPLE
from tests.support.demo import Page, served_demo

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 12, 8, 10, 0, tzinfo=AMS)  # a Tuesday
MANIFEST = yaml.safe_load((Path(__file__).parents[1] / "manifest.yml").read_text())
COMMANDS = [c["command"] for c in MANIFEST["features"]["slash_commands"]]
ACTORS = ("UMANAGER", "UREP1")  # the manager (the admin) and a rep
# Beyond help: the subcommands that open the other forms or answer with buttons.
MORE = (
    ("UMANAGER", "/meetings plan"),
    ("UMANAGER", "/oneonone new"),
    ("UREP1", "/agenda list"),
    ("UREP1", "/agenda add"),
    ("UREP1", "/leaderboard year"),
    ("UREP1", "/salesbot export me"),
    ("UMANAGER", "/salesbot export"),
)


@dataclass
class Sweep:
    """One language's demo, and what went wrong with the bot behind it while being used."""

    page: Page
    lang: str
    bot_answers: list[tuple[int, str]] = field(default_factory=list)  # (status, request)
    logged: list[str] = field(default_factory=list)  # the app's ERROR log lines
    submitted: set[str] = field(default_factory=set)  # callback ids of modals submitted

    @property
    def standin(self):
        return self.page.demo.standin

    def trouble(self) -> list[str]:
        """What the bot answered badly or logged as an error since the last call."""
        found = [f"bot answered {status} to {what}" for status, what in self.bot_answers]
        found += [f"bot logged: {line}" for line in self.logged]
        self.bot_answers.clear()
        self.logged.clear()
        return found


class _Errors(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage()[:300])


@pytest.fixture(scope="module", params=("en", "nl"))
def sweep(request) -> Iterator[Sweep]:
    with served_demo(lang=request.param, now=NOW) as (url, demo):
        found = Sweep(Page(url, demo), request.param)
        # Watch what the bot answers Slack: the page itself does not show a failed request.
        slack, sent = demo.web.slack, demo.web.slack.post

        def watched(body: str, **kwargs):
            answer = sent(body, **kwargs)
            if answer.status != 200:
                found.bot_answers.append((answer.status, body[:200]))
            return answer

        slack.post = watched
        handler = _Errors(found.logged)
        logging.getLogger().addHandler(handler)
        try:
            yield found
        finally:
            logging.getLogger().removeHandler(handler)


# ---------------------------------------------------------------------------- reading the page


@dataclass
class Control:
    """One interactive element of the page, as its script sees it."""

    kind: str
    block_id: str
    action_id: str
    where: str  # message | home | modal
    ts: str
    url: str | None
    in_input: bool  # an input block of a modal: read on submit, not sent on change
    options: list[str] = field(default_factory=list)
    value: str = ""

    def key(self) -> tuple[str, str, str]:
        return (self.ts, self.block_id, self.action_id)


class _Reader(HTMLParser):
    """The page's controls (data-action-id) and the modal's form fields (what FormData sends)."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[Control] = []
        self.files: list[str | None] = []  # the file each shown file (class sb-file) links to
        self.fields: list[tuple[str, str]] = []
        self.ts: str | None = None
        self.in_modal = False
        self.input_depth = 0  # inside an input block (div.sb-input)
        self.depth = 0
        self.select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self.select_control: Control | None = None
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "div":
            self.depth += 1
            if "sb-input" in classes and not self.input_depth:
                self.input_depth = self.depth
        if tag == "article" and "data-ts" in a:
            self.ts = a["data-ts"]
        if tag == "form" and "sb-modal" in classes:
            self.in_modal = True
        if "sb-file" in classes:
            self.files.append(None)
        link = a.get("href") or a.get("src") or ""
        if link.startswith("/files/") and self.files and self.files[-1] is None:
            self.files[-1] = link.removeprefix("/files/")
        control = None
        if "data-action-id" in a:
            where = "modal" if self.in_modal else "message" if self.ts is not None else "home"
            control = Control(
                kind=a.get("data-type", ""),
                block_id=a.get("data-block-id", ""),
                action_id=a["data-action-id"],
                where=where,
                ts=self.ts or "",
                url=a.get("data-url") or None,
                in_input=bool(self.input_depth) and self.in_modal,
                value=a.get("value", ""),
            )
            if tag != "select":
                self.controls.append(control)
        if tag == "select":
            self.select = (a.get("name", ""), "multiple" in a, [])
            self.select_control = control
        elif tag == "option" and self.select is not None:
            self.select[2].append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self.textarea = (a.get("name", ""), [])
        elif tag == "input" and self.in_modal and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("button", "submit"):
                self.fields.append((a["name"], a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            if self.input_depth == self.depth:
                self.input_depth = 0
            self.depth -= 1
        elif tag == "article":
            self.ts = None
        elif tag == "form":
            self.in_modal = False
        elif tag == "textarea" and self.textarea is not None:
            if self.in_modal:
                self.fields.append((self.textarea[0], "".join(self.textarea[1])))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, many, options = self.select
            chosen = [v for v, selected in options if selected]
            if not many and not chosen and options:
                chosen = [options[0][0]]  # a single select sends its first option
            if self.in_modal and name:
                self.fields += [(name, v) for v in chosen]
            if self.select_control is not None:
                self.select_control.options = [v for v, _ in options if v != ""]
                self.controls.append(self.select_control)
            self.select = self.select_control = None


def read(page_html: str) -> _Reader:
    reader = _Reader()
    reader.feed(page_html)
    return reader


def conv_url(user: str, conv: str) -> str:
    return f"/c/{conv}?as={user}"


# ---------------------------------------------------------------------------- the steps


def show(sweep: Sweep, user: str, conv: str, failures: list[str], doing: str) -> str:
    status, shown = sweep.page.get(conv_url(user, conv))
    if status != 200:
        failures.append(f"{doing}: the page answered {status}")
    if 'class="sb-unsupported"' in shown:
        failures.append(f"{doing}: the page shows a block or element it cannot draw")
    leaked = re.findall(r"&lt;(?:[@#!]|https?:)[^ ]{0,30}", shown)
    if leaked:
        failures.append(f"{doing}: Slack markup shown as text: {leaked[:3]}")
    return shown


def close_modals(sweep: Sweep, user: str, conv: str, failures: list[str], doing: str) -> None:
    for _ in range(6):
        if sweep.standin.open_modal(user) is None:
            return
        status = sweep.page.post("/modal/close", {"as": user, "conv": conv})
        if status != 200:
            failures.append(f"{doing}: closing the modal answered {status}")
            return
    failures.append(f"{doing}: the modal does not close")


def use_modals(sweep: Sweep, user: str, conv: str, failures: list[str], doing: str) -> None:
    """Show the open modal and submit it once with the values its form starts with (each kind
    of modal once per language); then the same for what the bot answers with; then close."""
    for _ in range(4):
        view = sweep.standin.open_modal(user)
        if view is None:
            return
        title = str((view.get("title") or {}).get("text") or "")
        callback = str(view.get("callback_id") or title)
        here = f"{doing} -> modal {callback!r}"
        shown = show(sweep, user, conv, failures, here)
        if html.escape(title) not in shown or 'class="sb-modal"' not in shown:
            failures.append(f"{here}: its title {title!r} is not on the page")
        if callback in sweep.submitted or not view.get("submit"):
            break
        sweep.submitted.add(callback)
        form = read(shown).fields + [("as", user), ("conv", conv)]
        status = sweep.page.post("/modal", dict_of_lists(form), form=True)
        failures += [f"{here}: {t}" for t in sweep.trouble()]
        if status != 200:
            failures.append(f"{here}: submitting answered {status}")
            break
        after = sweep.standin.open_modal(user)
        errors = sweep.page.demo.web.errors.get(user)
        if errors:
            shown = show(sweep, user, conv, failures, here)
            if 'class="sb-error"' not in shown:
                failures.append(f"{here}: the bot's errors {errors} are not shown")
            break
        if after is not None and after == view:
            failures.append(f"{here}: submitting changed nothing (no errors, same view, open)")
            break
    close_modals(sweep, user, conv, failures, doing)


def dict_of_lists(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in pairs:
        out.setdefault(name, []).append(value)
    return out


def answered(sweep: Sweep, user: str, conv: str) -> tuple[int, ...]:
    """Counts that grow when the bot answers someone in some way."""
    web, standin = sweep.page.demo.web, sweep.standin
    return (
        len(web.notes.get((user, conv), [])),
        len(standin.all_messages()),
        len(standin.ephemerals(conv)),
        len(standin.uploaded_files()),
        len(standin.opened_views()),
        sum(len(m.get("text") or "") for m in standin.all_messages()),
    )


def click(
    sweep: Sweep, user: str, conv: str, control: Control, values: list[str], failures: list[str]
) -> None:
    doing = f"{user} in {conv}: {control.where} {control.block_id}.{control.action_id} {values}"
    data = {"as": user, "conv": conv, "where": control.where, "ts": control.ts}
    data |= {"block_id": control.block_id, "action_id": control.action_id, "values": values}
    status = sweep.page.post("/act", data)
    failures += [f"{doing}: {t}" for t in sweep.trouble()]
    if status != 200:
        failures.append(f"{doing}: the page answered {status}")
    show(sweep, user, conv, failures, doing)
    use_modals(sweep, user, conv, failures, doing)


def click_everything(sweep: Sweep, user: str, conv: str, failures: list[str]) -> int:
    """Each control on the page clicked once (each option of an overflow menu, the first of a
    select), looked up again before each click: an earlier one may have changed the page."""
    done: set[tuple] = set()
    clicks = 0
    for _ in range(200):
        shown = show(sweep, user, conv, failures, f"{user} opens {conv}")
        todo = [
            (control, values)
            for control in read(shown).controls
            if control.where != "modal" and not control.url
            for values in choices(control)
            if (control.key(), tuple(values)) not in done
        ]
        if not todo:
            return clicks
        control, values = todo[0]
        done.add((control.key(), tuple(values)))
        click(sweep, user, conv, control, values, failures)
        clicks += 1
    failures.append(f"{user} in {conv}: controls keep appearing")
    return clicks


def choices(control: Control) -> list[list[str]]:
    if control.kind == "overflow":
        return [[option] for option in control.options]
    if control.options:
        return [[control.options[0]]]
    if control.kind == "datepicker":
        return [[control.value or NOW.date().isoformat()]]
    if control.kind in ("checkboxes", "radio_buttons"):
        return [[control.value]]
    return [[]]


# ---------------------------------------------------------------------------- the sweeps


def test_every_slash_command_answers_with_help_and_with_no_text(sweep):
    failures: list[str] = []
    typed = [(u, f"{c} {text}".strip()) for u in ACTORS for c in COMMANDS for text in ("help", "")]
    for user, text in typed + list(MORE):
        doing = f"{user} types {text}"
        before = answered(sweep, user, "CSALES")
        status = sweep.page.post("/say", {"as": user, "conv": "CSALES", "text": text})
        failures += [f"{doing}: {t}" for t in sweep.trouble()]
        if status != 200:
            failures.append(f"{doing}: the page answered {status}")
            continue
        if answered(sweep, user, "CSALES") == before:
            failures.append(f"{doing}: no answer (no note, modal or message)")
        show(sweep, user, "CSALES", failures, doing)
        use_modals(sweep, user, "CSALES", failures, doing)
    assert not failures, "\n".join(failures)


def test_the_lightning_shortcut_opens_a_form_that_can_be_used(sweep):
    failures: list[str] = []
    status = sweep.page.post("/shortcut", {"as": "UREP1", "conv": "CWINS"})
    failures += sweep.trouble()
    assert status == 200 and sweep.standin.open_modal("UREP1") is not None
    sweep.submitted.discard(str(sweep.standin.open_modal("UREP1")["callback_id"]))
    use_modals(sweep, "UREP1", "CWINS", failures, "UREP1 uses the shortcut")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("user", ACTORS)
def test_every_control_on_the_home_tab_works(sweep, user):
    failures: list[str] = []
    clicks = click_everything(sweep, user, "home", failures)
    assert clicks >= 3
    assert not failures, "\n".join(failures)


def test_an_answer_replacing_the_clicked_message_replaces_it_for_everyone(sweep):
    """The bot answers "Agree" on a plan review through response_url, replace_original: as on
    Slack, the review (with its buttons) becomes the answer, not a note beside it."""
    failures: list[str] = []
    shown = read(show(sweep, "UMANAGER", "dm", failures, "UMANAGER opens the DM"))
    agree = next(c for c in shown.controls if c.action_id == "accountplan_agree")
    click(sweep, "UMANAGER", "dm", agree, [], failures)
    [message] = [m for m in sweep.standin.messages("UMANAGER") if m["ts"] == agree.ts]
    assert "accountplan_agree" not in json.dumps(message["blocks"])
    assert "UREP" in message["text"] and not sweep.page.demo.web.notes.get(("UMANAGER", "dm"))
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("preset", ("friday", "monday", "month"))
def test_after_the_clock_jumps_every_control_in_the_dms_works(sweep, preset):
    """The prompts, nudges, agendas and recaps the scheduler sends, and what they open (before
    the sweep of every message, whose "not my manager" clicks end the 1:1s)."""
    failures: list[str] = []
    status = sweep.page.post("/clock", {"as": "UMANAGER", "conv": "dm", "preset": preset})
    failures += [f"clock to {preset}: {t}" for t in sweep.trouble()]
    assert status == 200
    for user_id, *_ in PEOPLE:
        click_everything(sweep, user_id, "dm", failures)
    click_everything(sweep, "UMANAGER", "CSALES", failures)
    assert not failures, "\n".join(failures)


def test_every_control_on_the_messages_works(sweep):
    failures: list[str] = []
    clicks = 0
    for user in ACTORS:
        for conv in ("CWINS", "CSALES"):
            clicks += click_everything(sweep, user, conv, failures)
    for user_id, *_ in PEOPLE:
        clicks += click_everything(sweep, user_id, "dm", failures)
    assert clicks >= 20
    kinds = {"newclient_modal", "checkin_modal", "oneonone_prep_modal", "oneonone_actions_modal"}
    kinds |= {"accountplan_modal", "agenda_item_modal", "agenda_carry_over_modal"}
    kinds |= {"meetings_plan_modal", "oneonone_setup_modal", "manager_set_modal"}
    kinds |= {"celebration_edit", "celebration_remove"}
    assert kinds <= sweep.submitted  # the whole module reached every form the bot has
    assert not failures, "\n".join(failures)


def test_every_file_the_bot_shared_is_shown_once_and_served(sweep):
    """The .ics, the charts and the exports the sweeps above made the bot share."""
    failures: list[str] = []
    uploads = sweep.standin.uploaded_files()
    assert {u["filename"].rsplit(".", 1)[-1] for u in uploads} >= {"ics", "png", "zip"}
    for upload in uploads:
        file_id, name = upload["id"], upload["filename"]
        with urllib.request.urlopen(f"{sweep.page.url}/files/{file_id}", timeout=30) as answer:
            kind = answer.headers.get_content_type()
            if answer.read() != upload["content"] or kind != mimetypes.guess_type(name)[0]:
                failures.append(f"{name}: served as {kind}, or not as it was uploaded")
        for target in upload["channels"]:
            dm = target.startswith("D")
            user, conv = (target.removeprefix("D"), "dm") if dm else ("UMANAGER", target)
            shown = read(show(sweep, user, conv, failures, f"{name} in {conv} of {user}"))
            if shown.files.count(file_id) != 1:
                failures.append(f"{name} is shown {shown.files.count(file_id)} times in {target}")
    assert not failures, "\n".join(failures)
