"""What Slack sends to the app: correctly signed requests to its `/slack/events`.

Serves the tests' BotHarness and `salesbot demo`. Each trigger_id made here is noted with the
stand-in, so a modal the app opens with it is that user's (FakeSlack.open_modal). How the app's
answer to a view submission changes the modal is for the caller (FakeSlack.replace_modal ...).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

from bot.demo.standin import APP_ID, FakeSlack

__all__ = ["Response", "SlackSide"]


@dataclass
class Response:
    """The app's answer to one request."""

    status: int
    body: bytes
    headers: dict = field(default_factory=dict)

    def json(self) -> dict:
        return json.loads(self.body or b"{}")


class SlackSide:
    """Slack's side of the app's HTTP endpoint: commands, clicks, submissions and events."""

    def __init__(self, app_url: str, signing_secret: str, standin: FakeSlack, team_id: str) -> None:
        self.app_url = app_url.rstrip("/")
        self.standin = standin
        self.team_id = team_id
        self.verifier = SignatureVerifier(signing_secret)

    # -- raw HTTP ------------------------------------------------------------
    def post(
        self,
        body: str,
        *,
        content_type: str,
        signed: bool = True,
        timestamp: int | None = None,
        secret: str | None = None,
        headers: dict | None = None,
    ) -> Response:
        """POST ``body`` to `/slack/events`, signed with the signing secret (or ``secret``)."""
        ts = str(timestamp if timestamp is not None else int(time.time()))
        all_headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts}
        if signed:
            verifier = SignatureVerifier(secret) if secret else self.verifier
            signature = verifier.generate_signature(timestamp=ts, body=body)
            all_headers["X-Slack-Signature"] = signature or ""
        all_headers.update(headers or {})
        request = urllib.request.Request(
            f"{self.app_url}/slack/events", data=body.encode(), headers=all_headers, method="POST"
        )
        return self.open(request)

    @staticmethod
    def open(request: urllib.request.Request) -> Response:
        """Send ``request``; an HTTP error status is an answer too."""
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Response(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read(), dict(error.headers))

    # -- what Slack sends ----------------------------------------------------
    def trigger(self, user: str, trigger_id: str | None = None) -> str:
        """A trigger_id for ``user``'s action, noted with the stand-in."""
        trigger_id = trigger_id or f"trig.{uuid.uuid4().hex}"
        self.standin.note_trigger(trigger_id, user)
        return trigger_id

    def _user(self, user: str) -> dict:
        return {"id": user, "name": user.lower(), "team_id": self.team_id}

    def _channel_name(self, channel_id: str) -> str:
        names = {c["id"]: c["name"] for c in self.standin.channels()}
        return names.get(channel_id, channel_id.lower())

    def command(
        self,
        text: str,
        *,
        user: str,
        command: str,
        channel_id: str,
        channel_name: str | None = None,
        trigger_id: str | None = None,
        response_name: str = "cmd",
        **post: Any,
    ) -> Response:
        """A slash command; its response_url is the stand-in's ``response_name``."""
        form = {
            "token": "legacy",
            "team_id": self.team_id,
            "team_domain": "acme",
            "channel_id": channel_id,
            "channel_name": channel_name or self._channel_name(channel_id),
            "user_id": user,
            "user_name": user.lower(),
            "command": command,
            "text": text,
            "response_url": self.standin.response_url(response_name),
            "trigger_id": self.trigger(user, trigger_id),
            "api_app_id": APP_ID,
        }
        return self.post(urlencode(form), content_type="application/x-www-form-urlencoded", **post)

    def interaction(self, payload: dict, **post: Any) -> Response:
        """An interactivity payload (block_actions, view_submission, shortcut ...) as a form."""
        payload = {
            "team": {"id": self.team_id, "domain": "acme"},
            "api_app_id": APP_ID,
            "token": "legacy",
            **payload,
        }
        return self.post(
            urlencode({"payload": json.dumps(payload)}),
            content_type="application/x-www-form-urlencoded",
            **post,
        )

    def click(
        self,
        action_id: str,
        value: str | None,
        *,
        user: str,
        channel: str | None = None,
        channel_name: str | None = None,
        message: dict | None = None,
        block_id: str = "b",
        view: dict | None = None,
        action_type: str = "button",
        selected_option: dict | None = None,
        selected_date: str | None = None,
        selected_user: str | None = None,
        response_name: str = "click",
    ) -> Response:
        """A block_actions click on a message in ``channel``, or inside ``view`` (a modal or
        the Home tab) when given; a select or picker sends what was picked."""
        action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "type": action_type}
        if value is not None:
            action["value"] = value
        picked = {
            "selected_option": selected_option,
            "selected_date": selected_date,
            "selected_user": selected_user,
        }
        action.update({k: v for k, v in picked.items() if v is not None})
        return self.act(
            action,
            user=user,
            channel=channel,
            channel_name=channel_name,
            message=message,
            view=view,
            response_name=response_name,
        )

    def act(
        self,
        action: dict[str, Any],
        *,
        user: str,
        channel: str | None = None,
        channel_name: str | None = None,
        message: dict | None = None,
        view: dict | None = None,
        response_name: str = "click",
    ) -> Response:
        """Slack's block_actions for one element's `action` (type, action_id, block_id and
        what was picked), on a message in ``channel`` or inside ``view``."""
        action = {**action, "action_ts": str(time.time())}
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user),
            "trigger_id": self.trigger(user),
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = view
        else:
            channel = channel or ""
            message = message or {"ts": "1.0", "text": ""}
            payload["container"] = {
                "type": "message",
                "channel_id": channel,
                "message_ts": message.get("ts", "1.0"),
            }
            payload["channel"] = {
                "id": channel,
                "name": channel_name or self._channel_name(channel),
            }
            payload["message"] = message
            payload["response_url"] = self.standin.response_url(response_name)
        payload["actions"] = [action]
        return self.interaction(payload)

    def submit_view(self, values: dict, *, user: str, view: dict, **post: Any) -> Response:
        """Submit ``view`` (e.g. FakeSlack.open_modal(user)) with these state values; the
        answer (``.json()``) may hold a response_action."""
        submitted = {
            **view,
            "type": view.get("type", "modal"),
            "team_id": self.team_id,
            "state": {"values": values},
        }
        return self.interaction(
            {
                "type": "view_submission",
                "user": self._user(user),
                "trigger_id": self.trigger(user),
                "view": submitted,
            },
            **post,
        )

    def close_view(self, *, user: str, view: dict) -> Response | None:
        """The user closes their modal; Slack tells the app only if it asked (notify_on_close)."""
        self.standin.close_modal(user, everything=True)
        if not view.get("notify_on_close"):
            return None
        return self.interaction(
            {
                "type": "view_closed",
                "user": self._user(user),
                "view": {**view, "team_id": self.team_id},
                "is_cleared": True,
            }
        )

    def shortcut(self, callback_id: str, *, user: str) -> Response:
        """A global shortcut (the lightning menu)."""
        return self.interaction(
            {
                "type": "shortcut",
                "callback_id": callback_id,
                "user": self._user(user),
                "trigger_id": self.trigger(user),
                "action_ts": str(time.time()),
            }
        )

    def event(
        self, event: dict, *, event_id: str | None = None, retry_num: int | None = None
    ) -> Response:
        """An Events API callback; ``retry_num`` marks it as Slack's retry."""
        body = {
            "token": "legacy",
            "team_id": self.team_id,
            "api_app_id": APP_ID,
            "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()),
            "event": event,
        }
        headers = (
            {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
            if retry_num
            else None
        )
        return self.post(json.dumps(body), content_type="application/json", headers=headers)

    def open_home(self, user: str) -> Response:
        """The user opens the app's Home tab."""
        event: dict[str, Any] = {
            "type": "app_home_opened",
            "user": user,
            "channel": f"D{user}",
            "tab": "home",
            "event_ts": str(time.time()),
        }
        home = self.standin.home_view(user)
        if home is not None:
            event["view"] = home
        return self.event(event)
