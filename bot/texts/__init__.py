"""Text catalogues, one module per feature; each holds TEXTS = {key: {"en": ..., "nl": ...}}.

Keys are prefixed by feature so catalogues never collide (checked by the i18n tests).
"""

from __future__ import annotations

import importlib
import pkgutil


def all_texts() -> dict[str, dict[str, str]]:
    """Every catalogue in this package, merged; a key defined twice is an error."""
    merged: dict[str, dict[str, str]] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, entry in module.TEXTS.items():
            if key in merged:
                raise ValueError(f"text key {key!r} is defined twice (in {module_info.name})")
            merged[key] = entry
    return merged
