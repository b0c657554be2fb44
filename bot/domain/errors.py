"""The one base type of a user's mistake: a code that selects the message and its params.

Handlers catch `UserError` and answer with the feature's text for `code`; nothing is stored.
"""

from __future__ import annotations


class UserError(ValueError):
    """A user error; ``code`` selects the message, ``params`` fill it in."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        detail = ", ".join(f"{key}={value!r}" for key, value in params.items())
        super().__init__(f"{code} ({detail})" if detail else code)


class FieldErrors(UserError):
    """One or more invalid fields of a form: ``errors`` maps a field name to ``(code, params)``
    (shown next to that field in the modal)."""

    what = "invalid input"

    def __init__(self, errors: dict[str, tuple[str, dict]]) -> None:
        self.errors = dict(errors)
        detail = "; ".join(f"{name}: {code}" for name, (code, _) in self.errors.items())
        ValueError.__init__(self, detail or self.what)
        self.code = "fields"
        self.params = {}
