"""What "Add to Slack" shows: the install page, its outcome pages (HTML) and the welcome DM."""

from __future__ import annotations

import html

from bot.i18n import t

SETTINGS_ACTION_ID = "workspace_settings_open"  # handled by the workspaces feature

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;
line-height:1.5}}a.button{{display:inline-block;background:#4a154b;color:#fff;padding:.7rem 1.2rem;
border-radius:.3rem;text-decoration:none;font-weight:600}}</style></head>
<body><h1>{title}</h1><p>{body}</p>{link}</body></html>
"""


def _page(lang: str, title: str, body: str, href: str | None, label: str) -> str:
    link = (
        f'<p><a class="button" href="{html.escape(href, quote=True)}">{html.escape(label)}</a></p>'
        if href
        else ""
    )
    return _PAGE.format(lang=lang, title=html.escape(title), body=html.escape(body), link=link)


def install_page(lang: str, authorize_url: str) -> str:
    """The page with the "Add to Slack" button (a link to Slack's authorize URL with the state)."""
    return _page(
        lang,
        t("install.page.title", lang),
        t("install.page.intro", lang),
        authorize_url,
        t("install.page.button", lang),
    )


def installed_page(lang: str, team_name: str) -> str:
    return _page(
        lang, t("install.done.title", lang), t("install.done.body", lang, team=team_name), None, ""
    )


def failed_page(lang: str, reason: str, install_path: str) -> str:
    """Why nothing was installed (`reason`: state, cancelled, enterprise or other)."""
    return _page(
        lang,
        t("install.failed.title", lang),
        t(f"install.failed.{reason}", lang),
        install_path,
        t("install.failed.again", lang),
    )


def welcome_message(lang: str) -> dict:
    """The installer's DM after a first install: the next step is choosing the settings."""
    return {
        "text": t("install.welcome.text", lang),
        "blocks": [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": t("install.welcome.body", lang)},
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "style": "primary",
                        "action_id": SETTINGS_ACTION_ID,
                        "value": "welcome",
                        "text": {"type": "plain_text", "text": t("install.welcome.button", lang)},
                    }
                ],
            },
        ],
    }
