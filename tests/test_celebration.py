"""The public celebration: content, escaping, milestones, the Congratulate button."""

from __future__ import annotations

import json

from conftest import WINS_CHANNEL

from bot.views.wins import CONGRATULATE_ACTION_ID


def post_win(bot, text: str, user: str = "UANNA") -> dict:
    bot.command(text, user=user)
    before = len(bot.fake.calls_to("chat.postMessage", ok_only=True))
    bot.deliver()
    posts = bot.fake.calls_to("chat.postMessage", ok_only=True)
    assert len(posts) == before + 1
    return posts[-1]


def test_user_text_is_escaped_so_nobody_is_pinged(bot):
    post = post_win(bot, "<!channel> & <@UBRAM> <https://evil.example|bank> 5k")
    everything = post["text"] + json.dumps(post["blocks"], ensure_ascii=False)
    assert "<!channel>" not in everything
    assert "<@UBRAM>" not in everything
    assert "<https://evil" not in everything
    assert "&lt;!channel&gt; &amp; &lt;@UBRAM&gt;" in everything
    # The rep's own mention is real: it is the bot's text, not the user's.
    assert "<@UANNA>" in everything


def test_content_counts_and_milestones(bot):
    first = json.dumps(post_win(bot, "Acme 10k", user="UANNA")["blocks"], ensure_ascii=False)
    assert "First new client of the year for <@UANNA>" in first
    assert "1 for <@UANNA> · 1 for the team" in first

    second = json.dumps(post_win(bot, "Beta 5k", user="UANNA")["blocks"], ensure_ascii=False)
    assert "First new client" not in second and "Biggest deal" not in second
    assert "🎉 New client: Beta!" in second
    assert "2 for <@UANNA> · 2 for the team" in second

    biggest = json.dumps(post_win(bot, "Gamma 50k", user="UBRAM")["blocks"], ensure_ascii=False)
    assert "Biggest deal of the year so far" in biggest

    for i in range(6):
        post_win(bot, f"Client{i}", user="UCHRIS")
    tenth = json.dumps(post_win(bot, "Delta", user="UCHRIS")["blocks"], ensure_ascii=False)
    assert "New client number 10 for the team this year" in tenth
    assert "7 for <@UCHRIS> · 10 for the team" in tenth


def test_team_language_dutch(make_bot, sqlite_url):
    bot = make_bot(sqlite_url, BOT_LOCALE="nl")
    post = post_win(bot, "Bakkerij Jansen 25.000", user="UBRAM")
    blocks = json.dumps(post["blocks"], ensure_ascii=False)
    assert "Eerste nieuwe klant van het jaar" in blocks
    assert "€\xa025.000" in blocks  # Babel keeps the sign and number together
    assert "Feliciteren" in blocks


def test_congratulate_records_each_person_once_and_updates_the_message(bot):
    post = post_win(bot, "Acme 10k", user="UANNA")
    [message] = bot.fake.messages(WINS_CHANNEL)
    button = next(b for b in post["blocks"] if b["type"] == "actions")["elements"][0]
    assert button["action_id"] == CONGRATULATE_ACTION_ID

    assert (
        bot.click(CONGRATULATE_ACTION_ID, button["value"], user="UBRAM", message=message).status
        == 200
    )
    bot.click(CONGRATULATE_ACTION_ID, button["value"], user="UBRAM", message=message)
    bot.click(CONGRATULATE_ACTION_ID, button["value"], user="UCHRIS", message=message)
    bot.deliver()

    [stored] = bot.fake.messages(WINS_CHANNEL)
    shown = json.dumps(stored["blocks"], ensure_ascii=False)
    assert "Congratulated by <@UBRAM>, <@UCHRIS>" in shown
    assert shown.count("<@UBRAM>") == 1
    assert bot.fake.calls_to("chat.update", ok_only=True)[-1]["ts"] == message["ts"]
    # Bram's second click got a private note (in his Dutch), not a second entry.
    notes = bot.fake.wait_for_response("click", 1)
    assert "al gefeliciteerd" in notes[0]["text"]
    assert notes[0].get("response_type") == "ephemeral"


def test_the_winner_cannot_congratulate_themselves(bot):
    post_win(bot, "Acme 10k", user="UANNA")
    [message] = bot.fake.messages(WINS_CHANNEL)
    win_id = next(b for b in message["blocks"] if b["type"] == "actions")["elements"][0]["value"]
    bot.click(CONGRATULATE_ACTION_ID, win_id, user="UANNA", message=message)
    bot.deliver()
    assert bot.fake.calls_to("chat.update") == []
    assert "your own win" in bot.fake.wait_for_response("click", 1)[0]["text"]


def test_a_forged_button_value_changes_nothing(bot):
    post_win(bot, "Acme 10k")
    bot.click(CONGRATULATE_ACTION_ID, "999999", user="UBRAM")
    bot.click(CONGRATULATE_ACTION_ID, "not-a-number", user="UBRAM")
    bot.deliver()
    assert bot.fake.calls_to("chat.update") == []
