"""The demo served on a free port, and a small HTTP client for its page (shared by the demo's
HTTP, sweep and browser tests)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from urllib.parse import urlencode

from bot.demo.main import Demo, running_demo
from bot.server import make_server


@contextmanager
def served_demo(*, lang: str, now: datetime) -> Iterator[tuple[str, Demo]]:
    """The demo with its page served on a free port: (base url, demo)."""
    with running_demo(lang=lang, db=None, now=now) as demo:
        server = make_server(demo.web, host="127.0.0.1", port=0, threads=4)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.effective_port}", demo
        finally:
            server.close()
            thread.join(5)


class Page:
    """The demo page over HTTP, as its JavaScript uses it."""

    def __init__(self, url: str, demo: Demo) -> None:
        self.url, self.demo = url, demo

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path: str, data: dict, *, form: bool = False) -> int:
        if form:
            body, ctype = urlencode(data, doseq=True).encode(), "application/x-www-form-urlencoded"
        else:
            body, ctype = json.dumps(data).encode(), "application/json"
        request = urllib.request.Request(
            self.url + path, data=body, headers={"Content-Type": ctype}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def say(self, user: str, text: str, conv: str = "CWINS") -> int:
        return self.post("/say", {"as": user, "conv": conv, "text": text})

    def channel(self, user: str, conv: str = "CWINS") -> str:
        status, page = self.get(f"/c/{conv}?as={user}")
        assert status == 200
        return page
