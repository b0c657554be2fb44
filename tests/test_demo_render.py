"""The demo page's Block Kit -> HTML rendering (bot.demo.render): escaping, mrkdwn, every block
and element the bot uses, modals as forms and their state, and real views of the bot."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from bot.demo.render import (
    STYLE,
    block_action,
    blocks_to_html,
    message_to_html,
    modal_to_html,
    mrkdwn_to_html,
    state_values_from_form,
)
from bot.domain.wins import Milestone
from bot.views.blocks import button, context, modal, section, text_input
from bot.views.checkins import checkin_modal
from bot.views.home import HomeWin, home_view
from bot.views.oneonones import actions_modal
from bot.views.text import escape
from bot.views.wins import CelebrationInput, celebration_message, newclient_modal

NAMES = {
    "UMANAGER": "Maria Evans",
    "UREP1": "Ryan Jones",
    "UREP2": "Sophie Baker",
    "UBOT": "Salesbot",
    "CWINS": "wins",
}


_INLINE = {"b", "i", "s", "code", "a", "span"}


class _Tags(HTMLParser):
    """The start tags of an HTML fragment: (tag, attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in _INLINE:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tags(fragment: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(fragment)
    return parser.tags


def text_of(fragment: str) -> str:
    """What a reader sees of `fragment` (entities decoded, tags dropped)."""
    parser = _Tags()
    parser.feed(fragment)
    return " ".join("".join(parser.text).split())


def controls(fragment: str, **wanted: str) -> list[dict[str, str | None]]:
    """The attributes of each tag whose attributes include `wanted` (data_x means data-x)."""
    want = {k.replace("_", "-"): v for k, v in wanted.items()}
    return [a for _, a in tags(fragment) if all(a.get(k) == v for k, v in want.items())]


def elements_of(fragment: str, block_id: str) -> list[dict[str, str | None]]:
    """The interactive elements (tags with data-type) of the block `block_id`."""
    return [a for a in controls(fragment, data_block_id=block_id) if "data-type" in a]


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def option(value: str, text: str | None = None) -> dict:
    return {"text": plain(text or value.title()), "value": value}


# ------------------------------------------------------------------------------ escaping


def test_a_script_in_a_client_name_stays_text() -> None:
    client = "<script>alert(1)</script>"
    shown = mrkdwn_to_html(f"*{escape(client)}* won")
    assert "<script" not in shown
    assert [tag for tag, _ in tags(shown)] == ["b"]
    assert text_of(shown) == f"{client} won"


def test_raw_angle_brackets_and_ampersands_are_never_markup() -> None:
    shown = mrkdwn_to_html('<b>bold?</b> <img src=x onerror="alert(1)"> Q&A &amp;lt;')
    assert tags(shown) == []
    assert text_of(shown) == '<b>bold?</b> <img src=x onerror="alert(1)"> Q&A &lt;'


def test_only_web_links_become_links() -> None:
    shown = mrkdwn_to_html("<javascript:alert(1)|click> <https://example.com/?a=1&amp;b=2|site>")
    assert [a.get("href") for tag, a in tags(shown) if tag == "a"] == [
        "https://example.com/?a=1&b=2"
    ]
    assert text_of(shown) == "<javascript:alert(1)|click> site"


def test_attribute_values_are_escaped() -> None:
    quote_value = 'x" onclick="alert(1)'
    block = {"type": "actions", "block_id": "b", "elements": [button("Go", "go", quote_value)]}
    shown = blocks_to_html([block], names={})
    (go,) = controls(shown, data_action_id="go")
    assert go["data-value"] == quote_value and "onclick" not in go


def test_plain_text_is_escaped() -> None:
    shown = blocks_to_html([{"type": "header", "text": plain("<i>A & B</i> :tada:")}], names={})
    assert [tag for tag, _ in tags(shown)] == ["div", "h3"]
    assert text_of(shown) == "<i>A & B</i> 🎉"


# ------------------------------------------------------------------------------ mrkdwn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*bold* and _italic_ and ~gone~", "<b>bold</b> and <i>italic</i> and <s>gone</s>"),
        ("use `a *b* c`", 'use <code class="sb-code">a *b* c</code>'),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("* not bold *", "* not bold *"),
        ("one\ntwo", "one<br>two"),
        ("• first\n• second", "• first<br>• second"),
        (":tada: :palm_tree: :unknown_thing: 10:00", "🎉 🌴 :unknown_thing: 10:00"),
        (
            "<!channel> <!here>",
            '<span class="sb-mention">@channel</span> <span class="sb-mention">@here</span>',
        ),
    ],
)
def test_mrkdwn_formatting(text: str, expected: str) -> None:
    assert mrkdwn_to_html(text) == expected


def test_quotes_and_preformatted_text() -> None:
    shown = mrkdwn_to_html("Story:\n> line one\n> *two*\nafter\n```x = *1*\n&lt;y&gt;```")
    assert shown == (
        'Story:<blockquote class="sb-quote">line one<br><b>two</b></blockquote>after'
        '<pre class="sb-pre">x = *1*\n&lt;y&gt;</pre>'
    )
    assert mrkdwn_to_html("an ``` unclosed fence") == "an ``` unclosed fence"


def test_mentions_show_names() -> None:
    shown = mrkdwn_to_html("<@UREP1> in <#CWINS> and <#C9|sales>, <@UNKNOWN>", NAMES)
    assert text_of(shown) == "@Ryan Jones in #wins and #sales, @UNKNOWN"
    assert shown.count('<span class="sb-mention') == 4


# ------------------------------------------------------------------------------ blocks


def test_sections_with_fields_and_an_accessory() -> None:
    block = {
        **section("*Acme*"),
        "block_id": "s1",
        "fields": [{"type": "mrkdwn", "text": "*Value*\n€ 25.000"}, plain("Referral")],
        "accessory": button("Open", "open_it", "7", style="danger"),
    }
    shown = blocks_to_html([block], names={})
    assert "<b>Value</b><br>€ 25.000" in shown
    assert shown.count('<div class="sb-field">') == 2
    (open_it,) = controls(shown, data_action_id="open_it")
    assert open_it["class"] == "sb-button danger"
    assert (open_it["data-block-id"], open_it["data-value"]) == ("s1", "7")


def test_header_context_divider_and_images() -> None:
    blocks = [
        {"type": "header", "text": plain("The week")},
        {
            "type": "context",
            "elements": [
                {"type": "image", "image_url": "https://x.test/a.png", "alt_text": "logo"},
                {"type": "mrkdwn", "text": "by <@UREP2>"},
            ],
        },
        {"type": "divider"},
        {"type": "image", "slack_file": {"id": "F0001"}, "alt_text": "chart", "title": plain("T")},
        {"type": "image", "image_url": "javascript:alert(1)", "alt_text": "bad"},
    ]
    shown = blocks_to_html(blocks, names=NAMES)
    assert text_of(shown) == "The week by @Sophie Baker T"
    images = [a for tag, a in tags(shown) if tag == "img"]
    assert [(a["src"], a["alt"]) for a in images] == [
        ("https://x.test/a.png", "logo"),
        ("/files/F0001", "chart"),
        ("", "bad"),
    ]
    assert '<hr class="sb-divider">' in shown


def test_buttons_carry_what_the_page_posts_back() -> None:
    confirm = {
        "title": plain("Sure?"),
        "text": plain("Cannot be undone"),
        "confirm": plain("Yes"),
        "deny": plain("No"),
    }
    block = {
        "type": "actions",
        "block_id": "row",
        "elements": [
            button("Log", "log_it", "42", style="primary"),
            button("Remove", "remove_it", None, style="danger", confirm=confirm),
        ],
    }
    shown = blocks_to_html([block], names={})
    log, remove = elements_of(shown, "row")
    assert log["class"] == "sb-button primary" and log["data-value"] == "42"
    assert "data-confirm" not in log
    assert "data-value" not in remove
    assert json.loads(remove["data-confirm"] or "") == confirm


def test_every_menu_and_picker_of_an_actions_block() -> None:
    block = {
        "type": "actions",
        "block_id": "tools",
        "elements": [
            {"type": "overflow", "action_id": "menu", "options": [option("edit:1", "Edit")]},
            {
                "type": "static_select",
                "action_id": "pick",
                "placeholder": plain("Pick one"),
                "option_groups": [{"label": plain("Group"), "options": [option("a"), option("b")]}],
                "initial_option": option("b"),
            },
            {"type": "users_select", "action_id": "who", "initial_user": "UREP2"},
            {"type": "datepicker", "action_id": "when", "initial_date": "2027-03-05"},
            {"type": "radio_buttons", "action_id": "kind", "options": [option("x"), option("y")]},
            {"type": "checkboxes", "action_id": "ticks", "options": [option("t")]},
        ],
    }
    shown = blocks_to_html([block], names=NAMES)
    by_action = {a["data-action-id"]: a for a in elements_of(shown, "tools")}
    assert {a: c["data-type"] for a, c in by_action.items()} == {
        "menu": "overflow",
        "pick": "static_select",
        "who": "users_select",
        "when": "datepicker",
        "kind": "radio_buttons",
        "ticks": "checkboxes",
    }
    options = [(a.get("value"), "selected" in a) for tag, a in tags(shown) if tag == "option"]
    assert options[:5] == [("", False), ("edit:1", False), ("", False), ("a", False), ("b", True)]
    # The people to pick from are the users among `names`, by name; the initial one chosen.
    people = [(v, s) for v, s in options[5:] if v and v.startswith("U")]
    assert people == [
        ("UMANAGER", False),
        ("UREP1", False),
        ("UBOT", False),
        ("UREP2", True),
    ]
    assert by_action["when"]["value"] == "2027-03-05" and by_action["when"]["type"] == "date"


def test_rich_text() -> None:
    block = {
        "type": "rich_text",
        "elements": [
            {
                "type": "rich_text_section",
                "elements": [
                    {"type": "text", "text": "<hi>", "style": {"bold": True}},
                    {"type": "user", "user_id": "UREP1"},
                    {"type": "emoji", "name": "tada"},
                ],
            },
            {
                "type": "rich_text_list",
                "style": "bullet",
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": "one"}]}
                ],
            },
        ],
    }
    shown = blocks_to_html([block], names=NAMES)
    assert "<b>&lt;hi&gt;</b>" in shown and "<li>" in shown
    assert text_of(shown) == "<hi>@Ryan Jones🎉 one"


# ------------------------------------------------------------------------------ messages


def test_a_message_without_blocks_shows_its_text_and_author() -> None:
    message = {"ts": "1800000000.000100", "user": "UREP1", "text": "Hi &lt;all&gt; *team*"}
    shown = message_to_html(message, names=NAMES, files={}, tz=ZoneInfo("Europe/Amsterdam"))
    assert text_of(shown) == "R Ryan Jones 09:00 Hi <all> team"
    assert "sb-from-bot" not in shown and "APP" not in shown


def test_a_bot_message_with_a_thread_and_files() -> None:
    message = {
        "ts": "1800000000.000100",
        "user": "UBOT",
        "text": "",
        "blocks": [section("Your *chart*")],
        "files": [
            {"id": "F1", "name": "chart.png", "title": "March"},
            {"id": "F2", "name": "meetings.ics", "title": "Sales meetings"},
        ],
        "reply_count": 3,
    }
    files = {"F1": {"filename": "chart.png", "alt_txt": "Ryan: 3 meetings in March"}}
    shown = message_to_html(message, names=NAMES, files=files)
    assert "sb-from-bot" in shown and "Salesbot" in shown
    (picture,) = [a for tag, a in tags(shown) if tag == "img"]
    assert (picture["src"], picture["alt"]) == ("/files/F1", "Ryan: 3 meetings in March")
    (download,) = controls(shown, download="meetings.ics")
    assert download["href"] == "/files/F2"
    (thread,) = controls(shown, data_thread_ts="1800000000.000100")
    assert "3 replies" in text_of(shown)


def test_an_ephemeral_message_is_marked() -> None:
    message = {"ephemeral": True, "user": "UREP1", "text": "Logged", "message_ts": "1.0"}
    shown = message_to_html(message, names=NAMES, files={})
    assert "Only visible to you" in text_of(shown) and "Salesbot" in text_of(shown)
    dutch = message_to_html(message, names=NAMES, files={}, lang="nl")
    assert "Alleen zichtbaar voor jou" in text_of(dutch)


# ------------------------------------------------------------------------------ modals

EVERY_INPUT = [
    text_input(block_id="name", action_id="name_in", label="Name", max_length=50, initial="Ann"),
    text_input(
        block_id="story", action_id="story_in", label="Story", max_length=9, multiline=True,
        optional=True,
    ),
    {"type": "input", "block_id": "count", "label": plain("Count"),
     "element": {"type": "number_input", "action_id": "n", "is_decimal_allowed": False,
                 "initial_value": "3"}},
    {"type": "input", "block_id": "cur", "label": plain("Currency"),
     "element": {"type": "static_select", "action_id": "c",
                 "options": [option("EUR"), option("GBP")], "initial_option": option("EUR")}},
    {"type": "input", "block_id": "kind", "label": plain("Kind"),
     "element": {"type": "radio_buttons", "action_id": "k",
                 "options": [option("idea"), option("issue")]}},
    {"type": "input", "block_id": "why", "optional": True, "label": plain("Why"),
     "element": {"type": "checkboxes", "action_id": "w",
                 "options": [option("ill"), option("away"), option("busy")],
                 "initial_options": [option("away")]}},
    {"type": "input", "block_id": "due", "optional": True, "label": plain("Due"),
     "element": {"type": "datepicker", "action_id": "d", "initial_date": "2027-01-04"}},
    {"type": "input", "block_id": "at", "optional": True, "label": plain("At"),
     "element": {"type": "timepicker", "action_id": "t"}},
    {"type": "input", "block_id": "rep", "label": plain("Rep"),
     "element": {"type": "users_select", "action_id": "r"}},
    {"type": "input", "block_id": "team", "optional": True, "label": plain("Team"),
     "element": {"type": "multi_users_select", "action_id": "m"}},
]  # fmt: skip


def every_input_modal() -> dict:
    return {**modal(title="Form", submit="Save", close="Cancel", blocks=EVERY_INPUT), "id": "V1"}


def test_a_modal_is_a_form_of_named_controls() -> None:
    shown = modal_to_html(every_input_modal(), names=NAMES)
    form = tags(shown)[0]
    assert form == ("form", {"class": "sb-modal", "data-view-id": "V1"})
    names = {a["name"]: (tag, a.get("type")) for tag, a in tags(shown) if a.get("name")}
    assert names == {
        "name.name_in": ("input", "text"),
        "story.story_in": ("textarea", None),
        "count.n": ("input", "number"),
        "cur.c": ("select", None),
        "kind.k": ("input", "radio"),
        "why.w": ("input", "checkbox"),
        "due.d": ("input", "date"),
        "at.t": ("input", "time"),
        "rep.r": ("select", None),
        "team.m": ("select", None),
    }
    # Initial values shown; required inputs required, optional ones marked.
    (name_in,) = controls(shown, name="name.name_in")
    assert name_in["value"] == "Ann" and "required" in name_in and name_in["maxlength"] == "50"
    (story,) = controls(shown, name="story.story_in")
    assert "required" not in story
    assert [a["value"] for a in controls(shown, name="why.w") if "checked" in a] == ["away"]
    assert controls(shown, name="due.d")[0]["value"] == "2027-01-04"
    assert controls(shown, name="count.n")[0]["value"] == "3"
    assert text_of(shown).count("(optional)") == 5
    assert "Cancel" in text_of(shown)
    assert controls(shown, type="submit")[0]["class"] == "sb-button primary"


def test_validation_errors_show_under_their_block() -> None:
    errors = {"name": "Too long: &lt;b&gt; is not a name", "due": "A date in the past"}
    shown = modal_to_html(every_input_modal(), names=NAMES, errors=errors)
    # Each input block's HTML, up to the next one.
    pieces = shown.split('<div class="sb-input')[1:]
    by_block = {re.findall(r'data-block-id="([^"]+)"', piece)[0]: piece for piece in pieces}
    alerts = {
        block_id: [text_of(a) for a in re.findall(r'role="alert">(.*?)</div>', piece)]
        for block_id, piece in by_block.items()
    }
    assert alerts == {
        block_id: [text_of(errors[block_id])] if block_id in errors else [] for block_id in by_block
    }
    assert alerts["name"] == ["Too long: <b> is not a name"]
    invalid = {block_id for block_id, piece in by_block.items() if piece.startswith(" sb-invalid")}
    assert invalid == {"name", "due"}
    # Under the control.
    assert by_block["name"].index('name="name.name_in"') < by_block["name"].index("Too long")


def test_state_values_round_trip_for_every_input() -> None:
    form = {
        "name.name_in": ["Acme"],
        "story.story_in": [""],
        "count.n": ["7"],
        "cur.c": ["GBP"],
        "kind.k": ["issue"],
        "why.w": ["busy", "ill"],
        "due.d": ["2027-02-01"],
        "at.t": ["09:30"],
        "rep.r": ["UREP1"],
        "team.m": ["UREP1", "UREP2"],
    }
    assert state_values_from_form(every_input_modal(), form) == {
        "name": {"name_in": {"type": "plain_text_input", "value": "Acme"}},
        "story": {"story_in": {"type": "plain_text_input", "value": None}},
        "count": {"n": {"type": "number_input", "value": "7"}},
        "cur": {"c": {"type": "static_select", "selected_option": option("GBP")}},
        "kind": {"k": {"type": "radio_buttons", "selected_option": option("issue")}},
        "why": {"w": {"type": "checkboxes", "selected_options": [option("ill"), option("busy")]}},
        "due": {"d": {"type": "datepicker", "selected_date": "2027-02-01"}},
        "at": {"t": {"type": "timepicker", "selected_time": "09:30"}},
        "rep": {"r": {"type": "users_select", "selected_user": "UREP1"}},
        "team": {"m": {"type": "multi_users_select", "selected_users": ["UREP1", "UREP2"]}},
    }


def test_state_values_of_an_empty_form() -> None:
    values = state_values_from_form(every_input_modal(), {})
    assert values["name"]["name_in"]["value"] is None
    assert values["cur"]["c"]["selected_option"] is None
    assert values["why"]["w"]["selected_options"] == []
    assert values["due"]["d"]["selected_date"] is None
    assert values["rep"]["r"]["selected_user"] is None
    assert values["team"]["m"]["selected_users"] == []


def test_block_actions_from_what_the_page_posts() -> None:
    blocks = [
        {
            "type": "actions",
            "block_id": "row",
            "elements": [
                button("Go", "go", "42"),
                {"type": "overflow", "action_id": "menu", "options": [option("edit:1")]},
                {"type": "users_select", "action_id": "who"},
            ],
        }
    ]
    assert block_action(blocks, "row", "go", []) == {
        "type": "button",
        "action_id": "go",
        "block_id": "row",
        "text": {"type": "plain_text", "text": "Go", "emoji": True},
        "value": "42",
    }
    assert block_action(blocks, "row", "menu", ["edit:1"])["selected_option"] == option("edit:1")
    assert block_action(blocks, "row", "who", ["UREP2"])["selected_user"] == "UREP2"
    assert block_action(blocks, "row", "nothing", []) is None
    # A block without an id gets one by its place, the same on the page and here.
    unnamed = [context("hi"), {"type": "actions", "elements": [button("Go", "go", "1")]}]
    (go,) = controls(blocks_to_html(unnamed, names={}), data_action_id="go")
    assert go["data-block-id"] == "b1"
    assert block_action(unnamed, "b1", "go", [])["value"] == "1"


# ------------------------------------------------------------------------------ real views


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_newclient_modal(lang: str) -> None:
    view = newclient_modal(lang, channel="CWINS")
    shown = modal_to_html(view, names=NAMES, errors={"client": "Required"}, lang=lang)
    assert "#wins" in text_of(shown)
    assert html.escape(view["title"]["text"]) in shown
    form = {
        "client.client_input": ["Acme"],
        "value.value_input": ["25k"],
        "currency.currency_select": ["EUR"],
    }
    values = state_values_from_form(view, form)
    assert values["client"]["client_input"]["value"] == "Acme"
    assert values["currency"]["currency_select"]["selected_option"]["value"] == "EUR"
    assert values["won_via"]["won_via_select"]["selected_option"] is None


def test_a_celebration_of_a_client_with_a_script_in_its_name() -> None:
    data = CelebrationInput(
        win_id=1,
        rep_id="UREP1",
        client="<script>alert(1)</script> & Co",
        year=2027,
        rep_count_year=2,
        team_count_year=5,
        milestone=Milestone(kind="none", team_count=5),
        value="€ 25.000",
        story="First line\n<b>second</b>",
        congratulators=["UREP2"],
    )
    message = {"ts": "1800000000.000100", "user": "UBOT", **celebration_message(data, "en")}
    shown = message_to_html(message, names=NAMES, files={})
    assert "<script" not in shown and "<b>second" not in shown
    seen = text_of(shown)
    assert "<script>alert(1)</script> & Co" in seen and "<b>second</b>" in seen
    assert "@Ryan Jones" in seen and "@Sophie Baker" in seen
    assert [a["data-type"] for a in elements_of(shown, "celebration:1")] == [
        "button",
        "overflow",
    ]


def test_the_home_tab_of_an_admin() -> None:
    win = HomeWin(client="Acme", rep_id="UREP1", value="€ 1.000", day=date(2027, 3, 1))
    view = home_view(
        "en",
        year=2027,
        rep_count=1,
        team_count=3,
        mine=[win],
        team=[win],
        admin_checkin_people=["UREP1"],
        outreach_shared=False,
    )
    shown = blocks_to_html(view["blocks"], names=NAMES)
    assert text_of(blocks_to_html(view["blocks"][:1], names=NAMES)) in text_of(shown)
    assert "Acme" in text_of(shown)
    types = {a["data-type"] for a in controls(shown) if a.get("data-type")}
    assert {"button", "users_select"} <= types
    assert any(a.get("data-confirm") for a in controls(shown, data_type="button"))


def test_forms_of_the_bot_with_checkboxes_dates_and_people() -> None:
    checkin = checkin_modal("nl", monday=date(2027, 3, 1), values=None, target=5)
    oneonone = actions_modal(
        "en", series_id=1, day=date(2027, 3, 1), rep_id="UREP1", manager_id="UMANAGER"
    )
    for view in (checkin, oneonone):
        shown = modal_to_html(view, names=NAMES, lang="nl" if view is checkin else "en")
        assert "<script" not in shown
        assert len(state_values_from_form(view, {})) == sum(
            b["type"] == "input" for b in view["blocks"]
        )
    assert "(optioneel)" in modal_to_html(checkin, names=NAMES, lang="nl")


def test_the_default_style_fits_a_phone() -> None:
    assert ".sb-message" in STYLE and "@media (max-width:600px)" in STYLE
