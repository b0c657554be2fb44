"""The pure Block Kit builders of the sales-meeting agenda."""

from __future__ import annotations

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.agenda import (
    DETAILS_MAX,
    QUESTION_MAX,
    TITLE_MAX,
    TRIED_MAX,
    AgendaItemError,
    validate_item,
)
from bot.i18n import LANGUAGES, MESSAGES, placeholders
from bot.views.agenda import (
    ACTION_CARRY,
    ACTION_DETAILS,
    ACTION_KIND,
    ACTION_QUESTION,
    ACTION_TITLE,
    ACTION_TRIED,
    ADD_ITEM_ACTION,
    BLOCK_CARRY,
    BLOCK_DETAILS,
    BLOCK_KIND,
    BLOCK_QUESTION,
    BLOCK_TITLE,
    BLOCK_TRIED,
    CARRY_OVER_ACTION,
    CARRY_OVER_CALLBACK,
    EDIT_ITEM_ACTION,
    ITEM_MODAL_CALLBACK,
    PROPOSE_STORY_ACTION,
    WITHDRAW_ITEM_ACTION,
    AgendaLine,
    StoryWin,
    agenda_list_message,
    agenda_open_message,
    agenda_reminder_message,
    carried_item_ids,
    carried_over_reply,
    carry_over_modal,
    item_errors,
    item_modal,
    item_saved_reply,
    item_values,
    locked_agenda_message,
    locked_reply,
    not_allowed_reply,
    story_proposal_dm,
    withdrawn_reply,
)
from tests.support.views import button_elements

TZ = ZoneInfo("Europe/Brussels")
WHEN = datetime(2027, 3, 8, 9, 0, tzinfo=TZ)
CUTOFF = datetime(2027, 3, 7, 18, 0, tzinfo=TZ)
NEXT = datetime(2027, 4, 5, 9, 0, tzinfo=TZ)
EVIL = "<!channel> & <@U999>"
EVIL_ESCAPED = "&lt;!channel&gt; &amp; &lt;@U999&gt;"


def line(id: int, kind: str = "success", **overrides) -> AgendaLine:
    fields = dict(id=id, kind=kind, title=f"Item {id}", user_id=f"U{id}")
    fields.update(overrides)
    return AgendaLine(**fields)


def sample_items(minutes: bool = False) -> list[AgendaLine]:
    items = [
        line(1, "success", title=f"Won {EVIL}", details=f"Referral {EVIL}", client=EVIL),
        line(2, "challenge", title=f"Stuck {EVIL}", question=f"How {EVIL}?", tried=f"Calls {EVIL}"),
        line(3, "pipeline", title=f"Prospect {EVIL}", carried=True),
    ]
    if minutes:
        items = [
            AgendaLine(**{**item.__dict__, "minutes": m})
            for item, m in zip(items, [18, 28, 0], strict=True)
        ]
    return items


def all_messages(lang: str, items: list[AgendaLine]) -> dict[str, dict]:
    return {
        "open": agenda_open_message(lang, meeting_id=7, when=WHEN, cutoff=CUTOFF, items=items),
        "reminder": agenda_reminder_message(
            lang, meeting_id=7, when=WHEN, cutoff=CUTOFF, items=items
        ),
        "locked": locked_agenda_message(
            lang, meeting_id=7, when=WHEN, duration_minutes=60, items=items
        ),
        "list": agenda_list_message(
            lang,
            when=WHEN,
            items=items,
            viewer_id="U1",
            viewer_is_admin=True,
            locked=False,
            meeting_id=7,
        ),
        "list_locked": agenda_list_message(
            lang,
            when=WHEN,
            items=items,
            viewer_id="U1",
            viewer_is_admin=False,
            locked=True,
            meeting_id=7,
        ),
    }


def texts_of(blocks: list[dict]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def check_message_limits(message: dict) -> None:
    assert message["text"] and len(message["text"]) < 4000
    assert len(message["blocks"]) <= 50
    block_ids = [b["block_id"] for b in message["blocks"] if "block_id" in b]
    assert len(block_ids) == len(set(block_ids))
    for block in message["blocks"]:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= 75
                assert len(element.get("value", "")) <= 2000


# --------------------------------------------------------------------------- catalogue


def test_agenda_texts_exist_in_both_languages_with_the_same_placeholders():
    keys = [key for key in MESSAGES if key.startswith("agenda.")]
    assert len(keys) > 50
    for key in keys:
        assert set(MESSAGES[key]) == set(LANGUAGES)
        assert placeholders(MESSAGES[key]["en"]) == placeholders(MESSAGES[key]["nl"])


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("with_minutes", [False, True])
def test_user_text_is_escaped_in_every_message(lang, with_minutes):
    for name, message in all_messages(lang, sample_items(with_minutes)).items():
        dumped = texts_of(message["blocks"]) + message["text"]
        assert "<!channel>" not in dumped, name
        assert "<@U999>" not in dumped, name
        assert EVIL_ESCAPED in dumped, name
        check_message_limits(message)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_user_text_is_escaped_in_replies(lang):
    replies = [
        item_saved_reply(
            lang, title=EVIL, when=WHEN, next_meeting=True, edited=False, operational=True
        ),
        item_saved_reply(
            lang, title=EVIL, when=WHEN, next_meeting=False, edited=True, operational=False
        ),
        withdrawn_reply(lang, title=EVIL),
        story_proposal_dm(lang, meeting_id=7, when=WHEN, wins=[StoryWin(3, EVIL)]),
        story_proposal_dm(
            lang, meeting_id=7, when=WHEN, wins=[StoryWin(3, EVIL), StoryWin(4, EVIL, NEXT)]
        ),
        carry_over_modal(lang, meeting_id=7, next_when=NEXT, items=sample_items(True)),
    ]
    for reply in replies:
        dumped = json.dumps(reply, ensure_ascii=False)
        assert "<!channel>" not in dumped and "<@U999>" not in dumped
        assert EVIL_ESCAPED.split(" ")[0] in dumped


def test_question_is_bold_and_tried_is_shown_on_the_locked_agenda():
    message = locked_agenda_message(
        "en", meeting_id=7, when=WHEN, duration_minutes=60, items=sample_items(True)
    )
    dumped = texts_of(message["blocks"])
    assert f"*How {EVIL_ESCAPED}?*" in dumped
    assert f"Calls {EVIL_ESCAPED}" in dumped
    assert f"Referral {EVIL_ESCAPED}" in dumped


# --------------------------------------------------------------------------- the open agenda


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", ["The agenda for the sales meeting on Mon 8 Mar 2027, 09:00 is open", "1:1"]),
        ("nl", ["De agenda voor de salesmeeting van ma 8 mrt 2027, 09:00 staat open", "1-op-1"]),
    ],
)
def test_open_message_explains_what_belongs_on_the_agenda(lang, expected):
    message = agenda_open_message(lang, meeting_id=7, when=WHEN, cutoff=CUTOFF, items=[])
    dumped = texts_of(message["blocks"])
    for fragment in expected:
        assert fragment in dumped
    assert button_elements(message) == [
        {
            "type": "button",
            "action_id": ADD_ITEM_ACTION,
            "text": {
                "type": "plain_text",
                "text": MESSAGES["agenda.add_button"][lang],
                "emoji": True,
            },
            "value": "7",
            "style": "primary",
        }
    ]
    assert MESSAGES["agenda.empty"][lang] in dumped
    assert "7 mrt 2027, 18:00" in dumped if lang == "nl" else "7 Mar 2027, 18:00" in dumped


def test_open_message_groups_items_by_kind_in_agenda_order():
    items = [line(1, "pipeline"), line(2, "success"), line(3, "challenge", question="Tips?")]
    dumped = texts_of(
        agenda_open_message("en", meeting_id=7, when=WHEN, cutoff=CUTOFF, items=items)["blocks"]
    )
    positions = [dumped.index(h) for h in ("Success stories", "Challenges", "pipeline*")]
    assert positions == sorted(positions)
    assert dumped.index("Item 2") < dumped.index("Item 3") < dumped.index("Item 1")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reminder_asks_for_success_stories_when_there_are_none(lang):
    message = agenda_reminder_message(
        lang, meeting_id=7, when=WHEN, cutoff=CUTOFF, items=[line(1, "pipeline")]
    )
    dumped = texts_of(message["blocks"])
    assert MESSAGES["agenda.reminder.no_success"][lang] in dumped
    assert "09:00" in message["text"]
    assert [b["action_id"] for b in button_elements(message)] == [ADD_ITEM_ACTION]
    with_story = agenda_reminder_message(
        lang, meeting_id=7, when=WHEN, cutoff=CUTOFF, items=[line(1, "success")]
    )
    assert MESSAGES["agenda.reminder.no_success"][lang] not in texts_of(with_story["blocks"])


# --------------------------------------------------------------------------- the locked agenda


@pytest.mark.parametrize("lang", LANGUAGES)
def test_locked_agenda_without_success_stories_says_so(lang):
    items = [line(2, "challenge", question="Q?", minutes=30), line(3, "pipeline", minutes=25)]
    message = locked_agenda_message(lang, meeting_id=7, when=WHEN, duration_minutes=60, items=items)
    dumped = texts_of(message["blocks"])
    assert MESSAGES["agenda.locked.no_success"][lang] in dumped
    assert "🏆" not in dumped
    assert "🤝" in dumped and "🎯" in dumped


def test_locked_agenda_with_success_stories_does_not_complain():
    message = locked_agenda_message(
        "en", meeting_id=7, when=WHEN, duration_minutes=60, items=sample_items(True)
    )
    assert MESSAGES["agenda.locked.no_success"]["en"] not in texts_of(message["blocks"])


@pytest.mark.parametrize(
    "lang, minutes_text, spare_text, total_text",
    [
        ("en", "· 18 min", "if time allows", "46 min of agenda items in a meeting of 60 min"),
        (
            "nl",
            "· 18 min",
            "als de tijd het toelaat",
            "46 min aan agendapunten in een meeting van 60 min",
        ),
    ],
)
def test_locked_agenda_shows_minutes_and_totals(lang, minutes_text, spare_text, total_text):
    message = locked_agenda_message(
        lang, meeting_id=7, when=WHEN, duration_minutes=60, items=sample_items(True)
    )
    dumped = texts_of(message["blocks"])
    assert f"— <@U1> {minutes_text}" in dumped
    assert spare_text in dumped
    assert total_text in message["blocks"][-2]["elements"][0]["text"]
    assert "↪️" in dumped  # the carried-over item is marked


@pytest.mark.parametrize("lang", LANGUAGES)
def test_locked_agenda_has_the_admin_carry_over_button(lang):
    message = locked_agenda_message(
        lang, meeting_id=7, when=WHEN, duration_minutes=60, items=sample_items(True)
    )
    (button,) = button_elements(message)
    assert button["action_id"] == CARRY_OVER_ACTION
    assert button["value"] == "7"
    assert "admin" in button["text"]["text"].lower()


def test_an_empty_locked_agenda():
    message = locked_agenda_message("en", meeting_id=7, when=WHEN, duration_minutes=60, items=[])
    dumped = texts_of(message["blocks"])
    assert "Nothing was put on the agenda" in dumped
    assert MESSAGES["agenda.locked.no_success"]["en"] in dumped
    assert button_elements(message) == []
    check_message_limits(message)


# --------------------------------------------------------------------------- limits


def many_items(count: int, *, minutes: bool = False) -> list[AgendaLine]:
    kinds = ("success", "challenge", "pipeline")
    return [
        line(
            i,
            kinds[i % 3],
            title="&" * TITLE_MAX,
            details="<" * DETAILS_MAX,
            question=">" * QUESTION_MAX,
            tried="&" * TRIED_MAX,
            minutes=(3 if i < 40 else 0) if minutes else None,
        )
        for i in range(1, count + 1)
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sixty_items_are_capped_with_a_more_line(lang):
    for name, message in all_messages(lang, many_items(60, minutes=True)).items():
        check_message_limits(message)
        more = [
            b
            for b in message["blocks"]
            if b["type"] == "context" and ("more" in texts_of([b]) or "nog" in texts_of([b]))
        ]
        assert more, name
        shown = texts_of(message["blocks"]).count("• *")
        hidden = int(re.search(r"\d+", more[0]["elements"][0]["text"]).group())
        assert shown + hidden == 60, name
        # the buttons that matter survive the cap
        actions = {b["action_id"] for b in button_elements(message)}
        if name in ("open", "reminder", "list"):
            assert ADD_ITEM_ACTION in actions
        if name == "locked":
            assert CARRY_OVER_ACTION in actions


def test_few_items_are_not_capped():
    message = agenda_open_message(
        "en", meeting_id=7, when=WHEN, cutoff=CUTOFF, items=many_items(10)
    )
    assert "…and" not in texts_of(message["blocks"])
    assert texts_of(message["blocks"]).count("• *") == 10


def test_a_cap_never_leaves_a_heading_without_items():
    message = locked_agenda_message(
        "en", meeting_id=7, when=WHEN, duration_minutes=60, items=many_items(60, minutes=True)
    )
    blocks = message["blocks"]
    for index, block in enumerate(blocks[:-1]):
        text = block.get("text", {}).get("text", "")
        if text.startswith(("🏆", "🤝", "🎯")):
            assert blocks[index + 1]["text"]["text"].startswith("• ")


def test_long_items_are_truncated_in_sections():
    item = line(
        1, "challenge", title="x" * 150, question="&" * 500, tried="&" * 500, details="&" * 1500
    )
    message = locked_agenda_message(
        "en", meeting_id=7, when=WHEN, duration_minutes=60, items=[item]
    )
    check_message_limits(message)


# --------------------------------------------------------------------------- /agenda list


def list_message(**overrides) -> dict:
    fields = dict(
        when=WHEN,
        items=[line(1, "success"), line(2, "challenge", question="Q?"), line(3, "pipeline")],
        viewer_id="U2",
        viewer_is_admin=False,
        locked=False,
        meeting_id=7,
    )
    fields.update(overrides)
    return agenda_list_message("en", **fields)


def test_list_has_edit_and_withdraw_on_own_items_only():
    message = list_message()
    pairs = [(b["action_id"], b["value"]) for b in button_elements(message)]
    assert pairs == [
        (EDIT_ITEM_ACTION, "2"),
        (WITHDRAW_ITEM_ACTION, "2"),
        (ADD_ITEM_ACTION, "7"),
    ]
    withdraw = button_elements(message)[1]
    assert withdraw["confirm"]["confirm"]["text"] and withdraw["style"] == "danger"


def test_admins_can_edit_every_item():
    message = list_message(viewer_is_admin=True)
    edits = [b["value"] for b in button_elements(message) if b["action_id"] == EDIT_ITEM_ACTION]
    withdraws = [
        b["value"] for b in button_elements(message) if b["action_id"] == WITHDRAW_ITEM_ACTION
    ]
    assert edits == withdraws == ["1", "2", "3"]


@pytest.mark.parametrize("admin", [False, True])
def test_a_locked_list_has_no_buttons(admin):
    message = list_message(locked=True, viewer_is_admin=admin)
    assert button_elements(message) == []
    assert "locked" in texts_of(message["blocks"])


@pytest.mark.parametrize(
    "lang, fragment", [("en", "No sales meeting is planned"), ("nl", "nog geen salesmeeting")]
)
def test_list_without_a_meeting(lang, fragment):
    message = agenda_list_message(
        lang,
        when=None,
        items=[],
        viewer_id="U1",
        viewer_is_admin=False,
        locked=False,
        meeting_id=None,
    )
    assert fragment in message["text"]
    assert button_elements(message) == []


def test_an_empty_list_offers_to_add():
    message = list_message(items=[])
    assert "Nothing on the agenda yet" in texts_of(message["blocks"])
    assert [b["action_id"] for b in button_elements(message)] == [ADD_ITEM_ACTION]


# --------------------------------------------------------------------------- the item modal


def block(view: dict, block_id: str) -> dict:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_item_modal(lang):
    view = item_modal(lang, meeting_id=7, when=WHEN)
    assert view["callback_id"] == ITEM_MODAL_CALLBACK
    assert json.loads(view["private_metadata"]) == {"meeting_id": 7, "item_id": None, "lang": lang}
    assert len(view["title"]["text"]) <= 24
    assert view["title"]["text"] == {"en": "Agenda item", "nl": "Agendapunt"}[lang]
    assert len(view["blocks"]) <= 100
    kind = block(view, BLOCK_KIND)["element"]
    assert kind["type"] == "radio_buttons" and kind["action_id"] == ACTION_KIND
    assert [o["value"] for o in kind["options"]] == ["success", "challenge", "pipeline"]
    assert "initial_option" not in kind
    for option in kind["options"]:
        assert len(option["text"]["text"]) <= 75 and len(option["description"]["text"]) <= 75
    for block_id, action_id, limit in [
        (BLOCK_TITLE, ACTION_TITLE, TITLE_MAX),
        (BLOCK_DETAILS, ACTION_DETAILS, DETAILS_MAX),
        (BLOCK_QUESTION, ACTION_QUESTION, QUESTION_MAX),
        (BLOCK_TRIED, ACTION_TRIED, TRIED_MAX),
    ]:
        element = block(view, block_id)["element"]
        assert element["action_id"] == action_id
        assert element["max_length"] == limit
        assert "initial_value" not in element
    assert block(view, BLOCK_TITLE)["optional"] is False
    assert block(view, BLOCK_QUESTION)["optional"] is True
    assert "hint" in block(view, BLOCK_QUESTION)
    assert block(view, BLOCK_TRIED)["element"]["multiline"] is True
    assert block(view, BLOCK_DETAILS)["element"]["multiline"] is True
    help_text = texts_of(view["blocks"])
    assert {"en": "1:1 with your manager", "nl": "1-op-1 met je manager"}[lang] in help_text


def test_edit_modal_is_prefilled_with_raw_text():
    item = line(5, "challenge", title=EVIL, details="d & e", question="Why <this>?", tried="calls")
    view = item_modal("en", meeting_id=7, when=WHEN, item=item)
    assert json.loads(view["private_metadata"])["item_id"] == 5
    assert view["submit"]["text"] == "Save"
    assert block(view, BLOCK_KIND)["element"]["initial_option"]["value"] == "challenge"
    assert block(view, BLOCK_TITLE)["element"]["initial_value"] == EVIL  # plain text stays raw
    assert block(view, BLOCK_DETAILS)["element"]["initial_value"] == "d & e"
    assert block(view, BLOCK_QUESTION)["element"]["initial_value"] == "Why <this>?"
    assert block(view, BLOCK_TRIED)["element"]["initial_value"] == "calls"


def test_story_proposal_modal_prefills_kind_and_client():
    proposal = AgendaLine(id=0, kind="success", title="", user_id="U1", client="Acme")
    view = item_modal("nl", meeting_id=7, when=WHEN, item=proposal, kind="success")
    assert json.loads(view["private_metadata"]) == {"meeting_id": 7, "item_id": None, "lang": "nl"}
    assert view["submit"]["text"] == "Toevoegen"
    assert block(view, BLOCK_KIND)["element"]["initial_option"]["value"] == "success"
    assert block(view, BLOCK_TITLE)["element"]["initial_value"] == "Acme"


def test_initial_kind_without_item():
    view = item_modal("en", meeting_id=7, when=WHEN, kind="pipeline")
    assert block(view, BLOCK_KIND)["element"]["initial_option"]["value"] == "pipeline"


def test_submitted_values_feed_validation():
    values = {
        BLOCK_KIND: {
            ACTION_KIND: {"type": "radio_buttons", "selected_option": {"value": "challenge"}}
        },
        BLOCK_TITLE: {ACTION_TITLE: {"type": "plain_text_input", "value": " Gatekeeper "}},
        BLOCK_DETAILS: {ACTION_DETAILS: {"type": "plain_text_input", "value": None}},
        BLOCK_QUESTION: {ACTION_QUESTION: {"type": "plain_text_input", "value": "How?"}},
        BLOCK_TRIED: {ACTION_TRIED: {"type": "plain_text_input", "value": None}},
    }
    item = validate_item(**item_values(values))
    assert (item.kind, item.title, item.question, item.details) == (
        "challenge",
        "Gatekeeper",
        "How?",
        "",
    )
    values[BLOCK_KIND][ACTION_KIND]["selected_option"] = None
    assert item_values(values)["kind"] is None


@pytest.mark.parametrize("lang", LANGUAGES)
def test_item_errors_map_to_blocks(lang):
    with pytest.raises(AgendaItemError) as info:
        validate_item(kind=None, title="", details="x" * 1501, question="", tried="t" * 501)
    errors = item_errors(lang, info.value)
    assert set(errors) == {BLOCK_KIND, BLOCK_TITLE, BLOCK_DETAILS, BLOCK_TRIED}
    assert "1501" in errors[BLOCK_DETAILS] and "1500" in errors[BLOCK_DETAILS]
    assert errors[BLOCK_KIND] == MESSAGES["agenda.error.kind.required"][lang]
    with pytest.raises(AgendaItemError) as info:
        validate_item(kind="challenge", title="T", details="", question="", tried="")
    assert item_errors(lang, info.value) == {
        BLOCK_QUESTION: MESSAGES["agenda.error.question_required"][lang]
    }
    with pytest.raises(AgendaItemError) as info:
        validate_item(kind="gripe", title="T", details="", question="", tried="")
    assert item_errors(lang, info.value) == {BLOCK_KIND: MESSAGES["agenda.error.bad_kind"][lang]}


# --------------------------------------------------------------------------- replies


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("next_meeting", [False, True])
@pytest.mark.parametrize("edited", [False, True])
@pytest.mark.parametrize("operational", [False, True])
def test_item_saved_reply(lang, next_meeting, edited, operational):
    reply = item_saved_reply(
        lang,
        title="Won Acme",
        when=NEXT,
        next_meeting=next_meeting,
        edited=edited,
        operational=operational,
    )
    dumped = texts_of(reply["blocks"])
    assert "Won Acme" in reply["text"]
    assert {"en": "5 Apr 2027", "nl": "5 apr 2027"}[lang] in reply["text"]
    assert (MESSAGES["agenda.saved.operational"][lang] in dumped) is operational
    assert ("locked" in dumped or "afgesloten" in dumped) is next_meeting
    assert ("✏️" in reply["text"]) is (edited and not next_meeting)
    assert reply["text"].count("2027") == 1
    check_message_limits(reply)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_story_proposal_dm(lang):
    dm = story_proposal_dm(lang, meeting_id=7, when=WHEN, wins=[StoryWin(42, "Acme")])
    (button,) = button_elements(dm)
    assert button["action_id"] == PROPOSE_STORY_ACTION
    assert button["value"] == "7:42"
    assert "*Acme*" in texts_of(dm["blocks"])
    assert "Acme" in dm["text"]
    check_message_limits(dm)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_story_proposal_lists_every_win_with_its_own_add_button(lang):
    wins = [
        StoryWin(1, "Acme"),
        StoryWin(2, "Globex", on_agenda_of=WHEN),
        StoryWin(3, "Initech"),
        StoryWin(4, "Umbrella", withdrawn=True),
    ]
    dm = story_proposal_dm(lang, meeting_id=7, when=WHEN, wins=wins)
    assert [b["value"] for b in button_elements(dm)] == ["7:1", "7:3"]
    assert {b["action_id"] for b in button_elements(dm)} == {PROPOSE_STORY_ACTION}
    dumped = texts_of(dm["blocks"])
    for client in ("Acme", "Globex", "Initech", "Umbrella"):
        assert f"*{client}*" in dumped
        assert client in dm["text"]
    on_agenda = {"en": "on the agenda of Mon 8 Mar 2027, 09:00", "nl": "op de agenda van ma 8 mrt"}
    assert on_agenda[lang] in dumped
    assert MESSAGES["agenda.story.withdrawn"][lang] in dumped
    check_message_limits(dm)


def test_sixty_wins_stay_within_fifty_blocks_with_a_more_line():
    wins = [StoryWin(n, f"Client {n}") for n in range(1, 61)]
    dm = story_proposal_dm("en", meeting_id=7, when=WHEN, wins=wins)
    assert len(dm["blocks"]) == 50
    values = [b["value"] for b in button_elements(dm)]
    assert values == [f"7:{n}" for n in range(1, 49)]  # the oldest first
    assert "…and 12 more" in texts_of(dm["blocks"][-1:])
    check_message_limits(dm)
    just_fits = story_proposal_dm("en", meeting_id=7, when=WHEN, wins=wins[:49])
    assert len(button_elements(just_fits)) == 49 and len(just_fits["blocks"]) == 50


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_reminder_on_friday_for_a_monday_meeting_does_not_say_tomorrow(lang):
    friday = WHEN.date().replace(day=5)
    early = agenda_reminder_message(
        lang, meeting_id=7, when=WHEN, cutoff=CUTOFF, items=[], reminded_on=friday
    )
    day_before = agenda_reminder_message(
        lang, meeting_id=7, when=WHEN, cutoff=CUTOFF, items=[], reminded_on=friday.replace(day=7)
    )
    tomorrow = {"en": "Tomorrow", "nl": "Morgen"}[lang]
    assert tomorrow not in early["text"] and tomorrow not in texts_of(early["blocks"])
    assert {"en": "Mon 8 Mar at 09:00", "nl": "ma 8 mrt om 09:00"}[lang] in early["text"]
    assert day_before["text"].startswith(tomorrow)
    check_message_limits(early)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_short_replies(lang):
    for reply in [
        withdrawn_reply(lang, title="Won Acme"),
        not_allowed_reply(lang),
        locked_reply(lang, when=WHEN),
        carried_over_reply(lang, count=0, next_when=NEXT),
        carried_over_reply(lang, count=1, next_when=NEXT),
        carried_over_reply(lang, count=4, next_when=NEXT),
    ]:
        check_message_limits(reply)
    assert "admin" in not_allowed_reply(lang)["text"]
    assert "🔒" in locked_reply(lang, when=WHEN)["text"]
    assert "4" in carried_over_reply(lang, count=4, next_when=NEXT)["text"]


# --------------------------------------------------------------------------- carry-over


def test_carry_over_modal_lists_items_and_preselects_unreached_ones():
    items = sample_items(True)
    view = carry_over_modal("en", meeting_id=7, next_when=NEXT, items=items)
    assert view["callback_id"] == CARRY_OVER_CALLBACK
    assert json.loads(view["private_metadata"]) == {"meeting_id": 7, "lang": "en"}
    assert len(view["title"]["text"]) <= 24 and view["submit"]
    element = block(view, BLOCK_CARRY)["element"]
    assert element["type"] == "checkboxes" and element["action_id"] == ACTION_CARRY
    assert [o["value"] for o in element["options"]] == ["1", "2", "3"]
    assert [o["value"] for o in element["initial_options"]] == ["3"]
    for option in element["options"]:
        assert len(option["text"]["text"]) <= 75 and len(option["description"]["text"]) <= 75


@pytest.mark.parametrize("count, blocks", [(10, 1), (11, 2), (25, 3), (90, 9), (95, 9)])
def test_carry_over_modal_splits_checkboxes_by_ten(count, blocks):
    view = carry_over_modal("nl", meeting_id=7, next_when=NEXT, items=many_items(count))
    checkboxes = [b for b in view["blocks"] if b.get("block_id", "").startswith(BLOCK_CARRY)]
    assert len(checkboxes) == blocks
    assert checkboxes[0]["block_id"] == BLOCK_CARRY
    assert all(len(b["element"]["options"]) <= 10 for b in checkboxes)
    assert len(view["blocks"]) <= 100
    shown = sum(len(b["element"]["options"]) for b in checkboxes)
    assert shown == min(count, 90)
    if count > 90:
        assert f"{count - 90} andere punten" in texts_of(view["blocks"])
    state = {
        b["block_id"]: {
            ACTION_CARRY: {"type": "checkboxes", "selected_options": b["element"]["options"][:1]}
        }
        for b in checkboxes
    }
    assert carried_item_ids(state) == [1 + 10 * i for i in range(blocks)]


@pytest.mark.parametrize(
    "next_when, items, key",
    [(None, [line(1)], "agenda.carry.no_next"), (NEXT, [], "agenda.carry.nothing")],
)
def test_carry_over_modal_without_anything_to_do(next_when, items, key):
    view = carry_over_modal("en", meeting_id=7, next_when=next_when, items=items)
    assert "submit" not in view
    assert MESSAGES[key]["en"] in texts_of(view["blocks"])


def test_carried_item_ids_with_nothing_ticked():
    assert carried_item_ids({}) == []
    assert carried_item_ids({BLOCK_CARRY: {ACTION_CARRY: {"selected_options": []}}}) == []


def test_long_titles_are_cut_after_escaping_without_breaking_entities():
    view = carry_over_modal(
        "en", meeting_id=7, next_when=NEXT, items=[line(1, title="&" * TITLE_MAX)]
    )
    text = block(view, BLOCK_CARRY)["element"]["options"][0]["text"]["text"]
    assert len(text) <= 75
    assert text.startswith("*&amp;&amp;") and text.endswith("&amp;…*")
