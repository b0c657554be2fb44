"""The demo end to end in a real browser (Chromium through Playwright), as a visitor uses it:
log a win by slash command and see it celebrated in #wins, congratulate it as someone else,
the /newclient form with the bot's own error and then saved, the clock jumped to Friday and
the check-in answered, a hostile client name shown as text, and the page on a phone.

With DEMO_SCREENSHOTS=1 it also writes the README's screenshots (docs/demo-*.png).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.support.browser import after_reload, chromium, require_browser
from tests.support.demo import served_demo

NOW = datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))  # a Tuesday
DOCS = Path(__file__).resolve().parent.parent / "docs"
SCREENSHOTS = os.environ.get("DEMO_SCREENSHOTS") == "1"
REP, OTHER = "Ryan Jones", "Sophie Baker"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    require_browser()
    with served_demo(lang="en", now=NOW) as (url, _demo):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_browser()
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, demo_url: str) -> Iterator[Any]:
    """A fresh tab on #wins; any alert or confirm dialog fails the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.goto(demo_url)
    yield tab
    context.close()
    assert not dialogs, f"the page opened a dialog: {dialogs}"


def expect(locator: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def act_as(page: Any, person: str) -> None:
    """Pick the person in the "you are" switcher (the page reloads as them)."""
    switcher = page.locator("#sb-as")
    value = switcher.locator("option", has_text=person).get_attribute("value")
    after_reload(page, lambda: switcher.select_option(value))
    expect(switcher.locator("option:checked")).to_contain_text(person)


def say(page: Any, text: str) -> None:
    """Type in the message box and send."""
    box = page.locator("form.sb-box input[name=text]")
    box.fill(text)
    after_reload(page, lambda: box.press("Enter"))


def open_conversation(page: Any, label: str) -> None:
    after_reload(page, page.locator("nav.sb-side a", has_text=label).click)


def bot_message(page: Any, text: str) -> Any:
    """The bot's (non-ephemeral) message in the open conversation that contains `text`."""
    return page.locator("article.sb-message.sb-from-bot:not(.sb-ephemeral)", has_text=text)


def modal_field(page: Any, block_id: str) -> Any:
    return page.locator(f'form.sb-modal .sb-input[data-block-id="{block_id}"]')


def screenshot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(DOCS / name))


def test_a_win_by_slash_command_is_celebrated_and_congratulated(page):
    act_as(page, REP)
    say(page, "/newclient Acme 25k")
    celebration = bot_message(page, "New client: Acme")
    expect(celebration).to_have_count(1)
    expect(celebration.locator(".sb-author")).to_have_text("Salesbot")
    expect(celebration).to_contain_text("€25,000")
    expect(celebration).not_to_contain_text("Congratulated by")

    act_as(page, OTHER)
    button = celebration.get_by_role("button", name="Congratulate")
    after_reload(page, button.click)
    expect(celebration).to_have_count(1)  # updated in place, not posted again
    expect(celebration).to_contain_text(f"Congratulated by @{OTHER}")
    # The page opens on the newest messages, with the box, as Slack does.
    expect(celebration).to_be_in_viewport()
    expect(page.locator("form.sb-box")).to_be_in_viewport()
    screenshot(page, "demo-wins.png")


def test_the_newclient_form_shows_the_bots_error_inline_then_celebrates(page):
    act_as(page, REP)
    say(page, "/newclient")
    modal = page.locator("form.sb-modal")
    expect(modal).to_be_visible()
    expect(modal.locator(".sb-modal-title")).to_have_text("New client 🎉")
    modal.get_by_label("Client name").fill("Globex")
    value = modal.get_by_label("Deal value")
    value.fill("12k")
    modal.get_by_label("Kind of client").fill("Logistics")
    modal.get_by_label("The story").fill("Met at a trade fair; a pilot in two depots sold it.")
    screenshot(page, "demo-modal.png")
    value.fill("lots")
    after_reload(page, lambda: modal.get_by_role("button", name="Celebrate").click())

    expect(modal).to_be_visible()  # the bot refused it: the form stays open
    error = modal_field(page, "value").locator(".sb-error")
    expect(error).to_contain_text("lots is not a deal value I can read")
    expect(modal_field(page, "client").locator(".sb-error")).to_have_count(0)

    # The reloaded form starts empty (Slack would keep what was typed): type it again.
    modal.get_by_label("Client name").fill("Globex")
    value.fill("12k")
    after_reload(page, lambda: modal.get_by_role("button", name="Celebrate").click())
    expect(modal.locator(".sb-modal-title")).to_have_text("Logged 🎉")  # the form's answer
    expect(modal).to_contain_text("Globex is logged with a deal value of €12,000")
    after_reload(page, lambda: modal.get_by_role("button", name="Close").last.click())
    expect(modal).to_have_count(0)
    celebration = bot_message(page, "Globex")
    expect(celebration).to_have_count(1)
    expect(celebration.locator(".sb-field", has_text="Won by")).to_contain_text(REP)
    expect(celebration).to_contain_text("€12,000")


def test_a_client_name_with_a_script_is_shown_as_text(page):
    act_as(page, REP)
    name = "<script>alert(1)</script>"
    say(page, f"/newclient {name}")
    celebration = bot_message(page, "New client:")
    expect(celebration.filter(has_text=name)).to_have_count(1)
    assert page.locator("#sb-feed script").count() == 0
    # No dialog opened: the page fixture fails the test otherwise.


def test_the_page_fits_a_phone(browser, demo_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        phone = context.new_page()
        phone.goto(demo_url)
        expect(phone.locator("article.sb-message").last).to_be_in_viewport()
        expect(phone.locator("form.sb-box")).to_be_in_viewport()
        widths = phone.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert widths[0] <= widths[1], f"scrolls sideways: {widths[0]}px wide in {widths[1]}px"
    finally:
        context.close()


def test_friday_afternoon_brings_the_checkin_prompt_and_it_is_answered(page):
    act_as(page, REP)
    open_conversation(page, "Salesbot (direct messages)")
    after_reload(page, lambda: page.get_by_role("button", name="Friday 15:05").click())
    expect(page.locator("header.sb-top")).to_contain_text("Fri 11 Dec 2026, 15:05")
    prompt = bot_message(page, "Time for your weekly check-in")
    expect(prompt).to_have_count(1)

    after_reload(page, lambda: prompt.get_by_role("button", name="Check in").click())
    modal = page.locator("form.sb-modal")
    expect(modal.locator(".sb-modal-title")).to_have_text("Weekly check-in")
    modal.get_by_label("Prospects contacted").fill("7")
    modal.get_by_label("Meetings with prospects").fill("2")
    after_reload(page, lambda: modal.get_by_role("button", name="Save").click())

    expect(modal.locator(".sb-modal-title")).to_have_text("Checked in")
    expect(modal).to_contain_text("Thanks! Your check-in for")
    expect(modal).to_contain_text("7 prospects")
