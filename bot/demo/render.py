"""Block Kit -> HTML for the demo page: pure functions, no I/O.

Text the bot writes as mrkdwn arrives escaped (&amp; &lt; &gt;) and stays escaped: only Slack's
own `<...>` tokens (links, mentions) and its markup become HTML, so user text is always text.
Every interactive element is a form control named `<block_id>.<action_id>` with data attributes
(`data-type`, `data-action-id`, `data-block-id`, `data-value`, `data-confirm`) for the page's
script; `state_values_from_form` and `block_action` turn what it posts back into Slack's shapes.
`names` maps user and channel ids to what the page shows ("Maria Evans", "wins").
"""

from __future__ import annotations

import copy
import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any, cast
from urllib.parse import quote

Names = Mapping[str, str]
Files = Mapping[str, Mapping[str, Any]]

# Slack's own words around the messages (its client is localised; they are not bot text).
_CHROME = {
    "en": {
        "optional": "(optional)",
        "ephemeral": "Only visible to you",
        "reply": "1 reply",
        "replies": "{count} replies",
        "edited": "(edited)",
        "select": "Select an option",
        "person": "Select a person",
        "people": "Select people",
        "channel": "Select a channel",
        "more": "More actions",
        "cancel": "Cancel",
        "app": "APP",
    },
    "nl": {
        "optional": "(optioneel)",
        "ephemeral": "Alleen zichtbaar voor jou",
        "reply": "1 antwoord",
        "replies": "{count} antwoorden",
        "edited": "(bewerkt)",
        "select": "Kies een optie",
        "person": "Kies een persoon",
        "people": "Kies personen",
        "channel": "Kies een kanaal",
        "more": "Meer acties",
        "cancel": "Annuleren",
        "app": "APP",
    },
}

# The shortcodes the bot and its people use (status emoji among them); others stay as text.
EMOJI = {
    "tada": "🎉",
    "trophy": "🏆",
    "rocket": "🚀",
    "clap": "👏",
    "raised_hands": "🙌",
    "muscle": "💪",
    "fire": "🔥",
    "star": "⭐",
    "sparkles": "✨",
    "medal": "🏅",
    "dart": "🎯",
    "handshake": "🤝",
    "+1": "👍",
    "thumbsup": "👍",
    "heart": "❤️",
    "wave": "👋",
    "white_check_mark": "✅",
    "warning": "⚠️",
    "memo": "📝",
    "calendar": "📆",
    "spiral_calendar_pad": "🗓️",
    "chart_with_upwards_trend": "📈",
    "bar_chart": "📊",
    "bell": "🔔",
    "sunny": "☀️",
    "palm_tree": "🌴",
    "airplane": "✈️",
    "desert_island": "🏝️",
    "beach_with_umbrella": "🏖️",
    "face_with_thermometer": "🤒",
}

_IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".webp")
_TEXT_INPUTS = ("plain_text_input", "number_input", "email_text_input", "url_text_input")
_ONE_OPTION = ("static_select", "radio_buttons", "overflow", "external_select")
_MANY_OPTIONS = ("checkboxes", "multi_static_select", "multi_external_select")
# Element type -> the key of its one chosen value in Slack's state and actions.
_ONE_VALUE = {
    "datepicker": "selected_date",
    "timepicker": "selected_time",
    "users_select": "selected_user",
    "conversations_select": "selected_conversation",
    "channels_select": "selected_channel",
}
_MANY_VALUES = {
    "multi_users_select": "selected_users",
    "multi_conversations_select": "selected_conversations",
    "multi_channels_select": "selected_channels",
}


@dataclass(frozen=True)
class _Ctx:
    names: Names
    files: Files = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    lang: str = "en"

    def word(self, key: str, **params: object) -> str:
        words = _CHROME.get(self.lang[:2], _CHROME["en"])
        return html.escape(words[key].format(**params))


# ---------------------------------------------------------------------------- mrkdwn

_TOKEN_RE = re.compile(r"<([^<>\n]*)>")
_CODE_RE = re.compile(r"`([^`\n]+)`")
_ENTITY_RE = re.compile(r"&(?!(?:amp|lt|gt);)")
_PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")
_EMOJI_RE = re.compile(r":([a-z0-9_+-]+):")


def _marks(char: str) -> re.Pattern[str]:
    """*bold*, _italic_, ~strike~ as Slack reads them: at word edges, not around white space."""
    c = re.escape(char)
    return re.compile(rf"(?<![\w{c}]){c}(?=\S)([^{c}\n]*?\S){c}(?![\w{c}])")


_FORMATS = ((_marks("*"), "b"), (_marks("_"), "i"), (_marks("~"), "s"))


def _normal(text: str) -> str:
    """Escaped text safe as HTML: Slack's three entities kept, any other & < > " escaped."""
    text = _ENTITY_RE.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _unescape(text: str) -> str:
    """Slack's escaping undone (for a URL or an option label, which are escaped again)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _emoji(text: str) -> str:
    return _EMOJI_RE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)


def _safe_url(url: str, *, local: bool = False) -> str | None:
    """`url` when it is a web or mail link (or, with `local`, a path on the page), else None."""
    lowered = url.strip().lower()
    if lowered.startswith(("http://", "https://", "mailto:")):
        return url.strip()
    if local and url.startswith("/") and not url.startswith("//"):
        return url
    return None


def _token(inner: str, names: Names) -> str:
    """One `<...>` of Slack's: a mention, a special mention, a link; anything else is text."""
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        name = names.get(target[1:]) or _unescape(label) or target[1:]
        return f'<span class="sb-mention">@{html.escape(name)}</span>'
    if target.startswith("#"):
        name = _unescape(label) or names.get(target[1:]) or target[1:]
        return f'<span class="sb-mention sb-channel">#{html.escape(name)}</span>'
    if target.startswith("!"):
        word = target[1:].split("^")[0]
        shown = _unescape(label) if label else f"@{word}"
        return f'<span class="sb-mention">{html.escape(shown)}</span>'
    url = _safe_url(_unescape(target))
    if url is None:
        return _normal(f"<{inner}>")
    shown = _normal(label) if label else html.escape(url)
    href = html.escape(url, quote=True)
    return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{shown}</a>'


def _inline(line: str, names: Names) -> str:
    """One line of mrkdwn (no line breaks) as HTML."""
    kept: list[str] = []

    def keep(piece: str) -> str:
        kept.append(piece)
        return f"\x00{len(kept) - 1}\x00"

    line = _TOKEN_RE.sub(lambda m: keep(_token(m.group(1), names)), line)
    line = _CODE_RE.sub(lambda m: keep(f'<code class="sb-code">{_normal(m.group(1))}</code>'), line)
    line = _normal(line)
    for pattern, tag in _FORMATS:
        line = pattern.sub(rf"<{tag}>\1</{tag}>", line)
    line = _emoji(line)
    while "\x00" in line:  # a code span may hold a token's placeholder
        line = _PLACEHOLDER_RE.sub(lambda m: kept[int(m.group(1))], line)
    return line


def _lines(text: str, names: Names) -> str:
    """Lines of mrkdwn: line breaks kept, runs of `>` lines as one quote."""
    out: list[str] = []
    quote: list[str] = []
    plain: list[str] = []
    for line in text.split("\n"):
        if line.startswith(">"):
            if plain:
                out.append("<br>".join(plain))
                plain = []
            quote.append(_inline(line[1:].removeprefix(" "), names))
        else:
            if quote:
                out.append(f'<blockquote class="sb-quote">{"<br>".join(quote)}</blockquote>')
                quote = []
            plain.append(_inline(line, names))
    if quote:
        out.append(f'<blockquote class="sb-quote">{"<br>".join(quote)}</blockquote>')
    if plain:
        out.append("<br>".join(plain))
    return "".join(out)


def mrkdwn_to_html(text: str, names: Names | None = None) -> str:
    """Slack mrkdwn, as the bot writes it (already escaped), as an HTML fragment."""
    names = names or {}
    parts = text.replace("\x00", "").split("```")
    if len(parts) % 2 == 0:  # an unclosed fence is text
        parts[-2:] = ["```".join(parts[-2:])]
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f'<pre class="sb-pre">{_normal(part.strip(chr(10)))}</pre>')
        else:
            # A line break next to a fence is the fence's own (a <pre> is a block already).
            if i > 0:
                part = part.removeprefix("\n")
            if i < len(parts) - 1:
                part = part.removesuffix("\n")
            out.append(_lines(part, names) if part else "")
    return "".join(out)


def plain_text_to_html(text: str, *, emoji: bool = True) -> str:
    """A plain_text object's text: escaped, shortcodes as emoji unless `emoji` is False."""
    shown = html.escape(text)
    return _emoji(shown) if emoji else shown


def _text(obj: Mapping[str, Any] | None, names: Names) -> str:
    """A text object (mrkdwn or plain_text) as HTML."""
    if not obj:
        return ""
    if obj.get("type") == "mrkdwn":
        return mrkdwn_to_html(str(obj.get("text") or ""), names)
    return plain_text_to_html(str(obj.get("text") or ""), emoji=obj.get("emoji", True) is not False)


def _raw(obj: Mapping[str, Any] | None) -> str:
    """A text object's text as the reader sees it, without markup (for an attribute)."""
    if not obj:
        return ""
    raw = str(obj.get("text") or "")
    return _unescape(raw) if obj.get("type") == "mrkdwn" else raw


def _flat(obj: Mapping[str, Any] | None) -> str:
    """A text object as escaped text without markup (inside an <option>)."""
    return html.escape(_raw(obj))


# ---------------------------------------------------------------------------- elements


def _attrs(**values: Any) -> str:
    """HTML attributes, `data_x` as `data-x`; None and False left out, True as a bare name."""
    out = []
    for key, value in values.items():
        name = key.rstrip("_").replace("_", "-")
        if value is None or value is False:
            continue
        out.append(name if value is True else f'{name}="{html.escape(str(value), quote=True)}"')
    return " ".join(out)


def _id(block: Mapping[str, Any], index: int) -> str:
    """A block's id; Slack makes one up when the bot gives none, so do we (by position)."""
    return str(block.get("block_id") or f"b{index}")


def _action_id(element: Mapping[str, Any], index: int = 0) -> str:
    return str(element.get("action_id") or f"a{index}")


def _options(element: Mapping[str, Any]) -> list[dict]:
    """An element's options, those in option groups too."""
    found = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        found += group.get("options") or []
    return found


def _readable(text: str, names: Names) -> str:
    """mrkdwn as the words a reader sees, without markup (a confirm dialog is plain text)."""

    def token(inner: str) -> str:
        target, _, label = inner.partition("|")
        if target[:1] in ("@", "#"):
            return target[0] + (_unescape(label) or names.get(target[1:]) or target[1:])
        if target.startswith("!"):
            return _unescape(label) or "@" + target[1:].split("^")[0]
        return _unescape(label or target)

    parts = _TOKEN_RE.split(text)  # text, a token's inside, text, ...
    return "".join(token(p) if i % 2 else _unescape(p) for i, p in enumerate(parts))


def _confirm(confirm: Mapping[str, Any], names: Names) -> dict:
    """A confirm dialog for the page's script, its mrkdwn text made readable."""
    shown = copy.deepcopy(dict(confirm))
    text = shown.get("text") or {}
    if text.get("type") == "mrkdwn":
        shown["text"] = {"type": "plain_text", "text": _readable(str(text.get("text")), names)}
    return shown


def _control_attrs(
    element: Mapping[str, Any], block_id: str, index: int, names: Names
) -> dict[str, Any]:
    confirm = _confirm(element["confirm"], names) if element.get("confirm") else None
    action_id = _action_id(element, index)
    return {
        "name": f"{block_id}.{action_id}",
        "data_type": element.get("type"),
        "data_action_id": action_id,
        "data_block_id": block_id,
        "data_confirm": json.dumps(confirm, ensure_ascii=False) if confirm else None,
    }


def _option_tags(element: Mapping[str, Any], chosen: set[str], placeholder: str) -> str:
    def tag(option: Mapping[str, Any]) -> str:
        value = str(option.get("value", ""))
        selected = value in chosen
        return (
            f"<option {_attrs(value=value, selected=selected)}>{_flat(option.get('text'))}</option>"
        )

    out = [f'<option value="">{placeholder}</option>'] if placeholder else []
    out += [tag(option) for option in element.get("options") or []]
    for group in element.get("option_groups") or []:
        inner = "".join(tag(option) for option in group.get("options") or [])
        out.append(f'<optgroup label="{_flat(group.get("label"))}">{inner}</optgroup>')
    return "".join(out)


def _chosen(element: Mapping[str, Any]) -> set[str]:
    """The values an element starts with (initial_option(s), initial_user(s), ...)."""
    found = [element.get("initial_option")] + list(element.get("initial_options") or [])
    values = {str(o["value"]) for o in found if isinstance(o, Mapping) and "value" in o}
    for key in ("initial_user", "initial_conversation", "initial_channel"):
        if element.get(key):
            values.add(str(element[key]))
    for key in ("initial_users", "initial_conversations", "initial_channels"):
        values.update(str(v) for v in element.get(key) or [])
    return values


def _people(names: Names, prefixes: tuple[str, ...]) -> list[dict]:
    """`names` as options: users (ids starting U or W) or channels (C, G), by name."""
    ids = sorted((k for k in names if k.startswith(prefixes)), key=lambda k: names[k].lower())
    return [{"text": {"type": "plain_text", "text": names[k]}, "value": k} for k in ids]


def _element(
    element: Mapping[str, Any], block_id: str, ctx: _Ctx, *, index: int = 0, required: bool = False
) -> str:
    """One element (interactive or an image) as HTML."""
    kind = str(element.get("type") or "")
    base = _control_attrs(element, block_id, index, ctx.names)
    ident = f"sb-{base['name']}"
    placeholder = _flat(element.get("placeholder"))
    if kind == "image":
        return _img(element, ctx, "sb-element-image")
    if kind == "button":
        classes = " ".join(["sb-button", str(element.get("style") or "")]).strip()
        url = _safe_url(str(element.get("url") or ""))
        attrs = _attrs(
            type_="button", class_=classes, data_value=element.get("value"), data_url=url, **base
        )
        return f"<button {attrs}>{_text(element.get('text'), ctx.names)}</button>"
    if kind == "overflow":
        label = ctx.word("more")
        attrs = _attrs(class_="sb-overflow", aria_label=label, title=label, **base)
        return f"<select {attrs}>{_option_tags(element, set(), '⋯')}</select>"
    if kind in _TEXT_INPUTS:
        return _text_input(element, kind, base, ident, _raw(element.get("placeholder")), required)
    if kind in ("datepicker", "timepicker"):
        initial = element.get("initial_date" if kind == "datepicker" else "initial_time")
        input_type = "date" if kind == "datepicker" else "time"
        attrs = _attrs(
            type_=input_type, class_="sb-date", id_=ident, value=initial, required=required, **base
        )
        return f"<input {attrs}>"
    if kind in ("radio_buttons", "checkboxes"):
        return _choices(element, kind, base, ctx, required)
    if kind.endswith("_select"):
        return _select(element, kind, base, ident, placeholder, ctx, required)
    return f'<span class="sb-unsupported">[{html.escape(kind)}]</span>'


def _text_input(
    element: Mapping[str, Any],
    kind: str,
    base: dict[str, Any],
    ident: str,
    placeholder: str,
    required: bool,
) -> str:
    common = {
        "class_": "sb-text-input",
        "id_": ident,
        "placeholder": placeholder or None,
        "required": required,
        **base,
    }
    if kind == "plain_text_input":
        common.update(maxlength=element.get("max_length"), minlength=element.get("min_length"))
        if element.get("multiline"):
            initial = html.escape(str(element.get("initial_value") or ""))
            return f"<textarea {_attrs(rows=4, **common)}>{initial}</textarea>"
    if kind == "number_input":
        decimal = bool(element.get("is_decimal_allowed"))
        common.update(
            inputmode="decimal" if decimal else "numeric",
            step="any" if decimal else "1",
            min=element.get("min_value"),
            max=element.get("max_value"),
        )
    input_type = {"number_input": "number", "email_text_input": "email", "url_text_input": "url"}
    attrs = _attrs(type_=input_type.get(kind, "text"), value=element.get("initial_value"), **common)
    return f"<input {attrs}>"


def _choices(
    element: Mapping[str, Any], kind: str, base: dict[str, Any], ctx: _Ctx, required: bool
) -> str:
    """Radio buttons or checkboxes, each with its label and description."""
    chosen = _chosen(element)
    input_type = "radio" if kind == "radio_buttons" else "checkbox"
    items = []
    for option in _options(element):
        value = str(option.get("value", ""))
        attrs = _attrs(
            type_=input_type,
            value=value,
            checked=value in chosen,
            required=required and input_type == "radio",
            **base,
        )
        description = option.get("description")
        note = (
            f'<span class="sb-option-note">{_text(description, ctx.names)}</span>'
            if description
            else ""
        )
        items.append(
            f'<label class="sb-choice"><input {attrs}>'
            f'<span class="sb-option-text">{_text(option.get("text"), ctx.names)}</span>{note}</label>'
        )
    return f'<div class="sb-choices sb-{input_type}es">{"".join(items)}</div>'


def _select(
    element: Mapping[str, Any],
    kind: str,
    base: dict[str, Any],
    ident: str,
    placeholder: str,
    ctx: _Ctx,
    required: bool,
) -> str:
    """A static, user or channel select (one or many) as a <select>."""
    people = "users" in kind
    if "users" in kind or "conversations" in kind or "channels" in kind:
        options = _people(ctx.names, ("U", "W") if people else ("C", "G"))
        shown: Mapping[str, Any] = {**element, "options": options, "option_groups": []}
        default = ctx.word(
            "people" if kind.startswith("multi_") else "person" if people else "channel"
        )
    else:
        shown, default = element, ctx.word("select")
    many = kind.startswith("multi_")
    attrs = _attrs(class_="sb-select", id_=ident, multiple=many, required=required, **base)
    tags = _option_tags(shown, _chosen(element), "" if many else placeholder or default)
    return f"<select {attrs}>{tags}</select>"


def _file_url(file_id: str) -> str:
    return f"/files/{quote(file_id, safe='')}"


def _img(element: Mapping[str, Any], ctx: _Ctx, css: str) -> str:
    """An image element or block's picture: image_url (web links only) or a slack_file."""
    url = _safe_url(str(element.get("image_url") or ""), local=True)
    slack_file = element.get("slack_file") or {}
    if url is None and slack_file.get("id"):
        url = _file_url(str(slack_file["id"]))
    elif url is None and slack_file.get("url"):
        url = _safe_url(str(slack_file["url"]), local=True)
    alt = element.get("alt_text")
    return f"<img {_attrs(class_=css, src=url or '', alt=alt or '', loading='lazy')}>"


# ---------------------------------------------------------------------------- blocks


def _section(block: Mapping[str, Any], block_id: str, ctx: _Ctx) -> str:
    parts = []
    if block.get("text"):
        parts.append(f'<div class="sb-text">{_text(block["text"], ctx.names)}</div>')
    if block.get("fields"):
        fields = "".join(
            f'<div class="sb-field">{_text(f, ctx.names)}</div>' for f in block["fields"]
        )
        parts.append(f'<div class="sb-fields">{fields}</div>')
    body = f'<div class="sb-section-body">{"".join(parts)}</div>'
    accessory = block.get("accessory")
    if accessory:
        body += f'<div class="sb-accessory">{_element(accessory, block_id, ctx)}</div>'
    return body


def _context(block: Mapping[str, Any], ctx: _Ctx) -> str:
    out = []
    for element in block.get("elements") or []:
        if element.get("type") == "image":
            out.append(_img(element, ctx, "sb-context-image"))
        else:
            out.append(f'<span class="sb-context-text">{_text(element, ctx.names)}</span>')
    return "".join(out)


def _image(block: Mapping[str, Any], ctx: _Ctx) -> str:
    title = block.get("title")
    caption = f'<figcaption class="sb-image-title">{_text(title, ctx.names)}</figcaption>'
    return (caption if title else "") + _img(block, ctx, "sb-image-img")


def _input(block: Mapping[str, Any], block_id: str, ctx: _Ctx) -> str:
    """An input block: label (optional ones marked), the control, hint and error."""
    element = block.get("element") or {}
    optional = bool(block.get("optional"))
    control = _element(element, block_id, ctx, required=not optional)
    label = _text(block.get("label"), ctx.names)
    if optional:
        label += f' <span class="sb-optional">{ctx.word("optional")}</span>'
    ident = f"sb-{block_id}.{_action_id(element)}"
    grouped = element.get("type") in ("radio_buttons", "checkboxes")
    head = (
        f'<div class="sb-label">{label}</div>'
        if grouped
        else f'<label class="sb-label" {_attrs(for_=ident)}>{label}</label>'
    )
    out = head + control
    if block.get("hint"):
        out += f'<div class="sb-hint">{_text(block["hint"], ctx.names)}</div>'
    if block_id in ctx.errors:
        out += f'<div class="sb-error" role="alert">{mrkdwn_to_html(ctx.errors[block_id], ctx.names)}</div>'
    return out


def _rich_inline(element: Mapping[str, Any], names: Names) -> str:
    kind = element.get("type")
    if kind == "text":
        shown = html.escape(str(element.get("text") or "")).replace("\n", "<br>")
        style = element.get("style") or {}
        for key, tag in (("code", "code"), ("strike", "s"), ("italic", "i"), ("bold", "b")):
            if style.get(key):
                shown = f"<{tag}>{shown}</{tag}>"
        return shown
    if kind == "link":
        url = _safe_url(str(element.get("url") or ""))
        shown = html.escape(str(element.get("text") or element.get("url") or ""))
        if url is None:
            return shown
        href = html.escape(url, quote=True)
        return f'<a href="{href}" target="_blank" rel="noopener noreferrer">{shown}</a>'
    if kind == "user":
        return _token(f"@{element.get('user_id')}", names)
    if kind == "channel":
        return _token(f"#{element.get('channel_id')}", names)
    if kind == "broadcast":
        return _token(f"!{element.get('range')}", names)
    if kind == "emoji":
        name = str(element.get("name") or "")
        return EMOJI.get(name, html.escape(f":{name}:"))
    return ""


def _rich(elements: list[Mapping[str, Any]], names: Names) -> str:
    """rich_text's sections, lists, quotes and preformatted runs."""
    out = []
    for part in elements:
        inner = "".join(_rich_inline(e, names) for e in part.get("elements") or [])
        kind = part.get("type")
        if kind == "rich_text_list":
            tag = "ol" if part.get("style") == "ordered" else "ul"
            items = "".join(
                f"<li>{_rich([item], names)}</li>" for item in part.get("elements") or []
            )
            out.append(f'<{tag} class="sb-list">{items}</{tag}>')
        elif kind == "rich_text_quote":
            out.append(f'<blockquote class="sb-quote">{inner}</blockquote>')
        elif kind == "rich_text_preformatted":
            out.append(f'<pre class="sb-pre">{inner}</pre>')
        else:
            out.append(f"<div>{inner}</div>")
    return "".join(out)


def _block(block: Mapping[str, Any], index: int, ctx: _Ctx) -> str:
    kind = str(block.get("type") or "")
    block_id = _id(block, index)
    tag = "div"
    if kind == "section":
        inner = _section(block, block_id, ctx)
    elif kind == "header":
        tag, inner = "h3", _text(block.get("text"), ctx.names)
    elif kind == "context":
        inner = _context(block, ctx)
    elif kind == "divider":
        return '<hr class="sb-divider">'
    elif kind == "image":
        tag, inner = "figure", _image(block, ctx)
    elif kind == "actions":
        elements = block.get("elements") or []
        inner = "".join(_element(e, block_id, ctx, index=i) for i, e in enumerate(elements))
    elif kind == "input":
        inner = _input(block, block_id, ctx)
    elif kind == "rich_text":
        inner = _rich(block.get("elements") or [], ctx.names)
    else:
        inner = f'<span class="sb-unsupported">[{html.escape(kind)}]</span>'
    invalid = kind == "input" and block_id in ctx.errors
    css = f"sb-{kind.replace('_', '-')}" + (" sb-invalid" if invalid else "")
    return f"<{tag} {_attrs(class_=css, data_block_id=block_id)}>{inner}</{tag}>"


def _blocks(blocks: list[Mapping[str, Any]], ctx: _Ctx) -> str:
    body = "".join(_block(block, i, ctx) for i, block in enumerate(blocks))
    return f'<div class="sb-blocks">{body}</div>'


def blocks_to_html(
    blocks: list[Mapping[str, Any]],
    *,
    names: Names,
    files: Files | None = None,
    lang: str = "en",
) -> str:
    """Block Kit blocks (a message's, the Home tab's) as HTML."""
    return _blocks(blocks, _Ctx(names=names, files=files or {}, lang=lang))


# ---------------------------------------------------------------------------- messages


def _file(item: Mapping[str, Any], ctx: _Ctx) -> str:
    """A shared file: a picture for images (with its alt text), else a download link."""
    file_id = str(item.get("id") or "")
    known = ctx.files.get(file_id, {})
    name = str(item.get("name") or known.get("filename") or known.get("name") or file_id)
    title = str(item.get("title") or known.get("title") or name)
    url = _file_url(file_id)
    if name.lower().endswith(_IMAGE_EXTENSIONS):
        alt = known.get("alt_txt") or item.get("alt_txt") or title
        img = _attrs(class_="sb-file-image", src=url, alt=alt, loading="lazy")
        caption = f"<figcaption>{html.escape(title)}</figcaption>"
        return f'<figure class="sb-file">{caption}<a href="{url}" target="_blank"><img {img}></a></figure>'
    link = _attrs(class_="sb-file sb-file-link", href=url, download=name)
    return f'<a {link}><span class="sb-file-icon">📄</span> {html.escape(title)} <small>{html.escape(name)}</small></a>'


def _time(ts: str, tz: tzinfo) -> str:
    try:
        moment = datetime.fromtimestamp(float(ts), tz)
    except (TypeError, ValueError, OverflowError):
        return ""
    return f'<time datetime="{moment.isoformat()}">{moment:%H:%M}</time>'


def message_to_html(
    message: Mapping[str, Any],
    *,
    names: Names,
    files: Files | None = None,
    lang: str = "en",
    bot_user_id: str = "UBOT",
    tz: tzinfo = UTC,
) -> str:
    """A stored message (text, blocks, user, ts, files, reply_count or replies, edited; an
    `ephemeral` one is the bot's, marked "Only visible to you") as an <article>."""
    ctx = _Ctx(names=names, files=files or {}, lang=lang)
    ephemeral = bool(message.get("ephemeral"))
    user = bot_user_id if ephemeral else str(message.get("user") or "")
    from_bot = user == bot_user_id or bool(message.get("bot_id"))
    author = names.get(user) or user or "?"
    ts = str(message.get("ts") or message.get("message_ts") or "")
    meta = f'<span class="sb-author">{html.escape(author)}</span>'
    if from_bot:
        meta += f' <span class="sb-app">{ctx.word("app")}</span>'
    meta += f" {_time(ts, tz)}"
    if message.get("edited"):
        meta += f' <span class="sb-edited">{ctx.word("edited")}</span>'
    blocks = message.get("blocks")
    if blocks:
        body = _blocks(blocks, ctx)
    else:
        text = mrkdwn_to_html(str(message.get("text") or ""), names)
        body = f'<div class="sb-text">{text}</div>' if text else ""
    body += "".join(_file(item, ctx) for item in message.get("files") or [])
    count = message.get("reply_count") or len(message.get("replies") or [])
    if count:
        label = ctx.word("reply") if count == 1 else ctx.word("replies", count=count)
        body += f"<button {_attrs(type_='button', class_='sb-replies', data_thread_ts=ts)}>{label}</button>"
    if ephemeral:
        body += f'<div class="sb-ephemeral-note">👁 {ctx.word("ephemeral")}</div>'
    css = (
        "sb-message" + (" sb-ephemeral" if ephemeral else "") + (" sb-from-bot" if from_bot else "")
    )
    avatar = html.escape(author[:1].upper())
    return (
        f"<article {_attrs(class_=css, data_ts=ts, data_user=user)}>"
        f'<div class="sb-avatar" aria-hidden="true">{avatar}</div>'
        f'<div class="sb-message-body"><div class="sb-meta">{meta}</div>{body}</div></article>'
    )


# ---------------------------------------------------------------------------- modals


def modal_to_html(
    view: Mapping[str, Any],
    *,
    names: Names,
    errors: Mapping[str, str] | None = None,
    files: Files | None = None,
    lang: str = "en",
) -> str:
    """A modal as a <form>: title, blocks (controls named `<block_id>.<action_id>`), the
    errors of a `response_action: errors` under their blocks, close and submit buttons."""
    ctx = _Ctx(names=names, files=files or {}, errors=errors or {}, lang=lang)
    close = _flat(view.get("close")) or ctx.word("cancel")
    footer = f'<button type="button" class="sb-button sb-modal-close">{close}</button>'
    if view.get("submit"):
        footer += (
            f'<button type="submit" class="sb-button primary">{_flat(view["submit"])}</button>'
        )
    attrs = _attrs(
        class_="sb-modal",
        data_view_id=view.get("id"),
        data_callback_id=view.get("callback_id"),
        data_notify_on_close=bool(view.get("notify_on_close")),
    )
    return (
        f"<form {attrs}>"
        f'<header class="sb-modal-header"><h2 class="sb-modal-title">{_flat(view.get("title"))}</h2>'
        f'<button type="button" class="sb-modal-x sb-modal-close" aria-label="{close}">×</button></header>'
        f'<div class="sb-modal-body">{_blocks(view.get("blocks") or [], ctx)}</div>'
        f'<footer class="sb-modal-footer">{footer}</footer></form>'
    )


def _state(element: Mapping[str, Any], values: list[str]) -> dict | None:
    """An element's part of Slack's state (or of a block_actions action) from the values
    posted for it; None for an element that holds no state (a button)."""
    kind = str(element.get("type") or "")
    given = [v for v in values if v != ""]
    first = given[0] if given else None
    if kind in _TEXT_INPUTS:
        return {"type": kind, "value": first}
    if kind in _ONE_OPTION:
        option = next((o for o in _options(element) if str(o.get("value")) == first), None)
        return {"type": kind, "selected_option": copy.deepcopy(option)}
    if kind in _MANY_OPTIONS:
        chosen = [copy.deepcopy(o) for o in _options(element) if str(o.get("value")) in given]
        return {"type": kind, "selected_options": chosen}
    if kind in _ONE_VALUE:
        return {"type": kind, _ONE_VALUE[kind]: first}
    if kind in _MANY_VALUES:
        return {"type": kind, _MANY_VALUES[kind]: given}
    return None


def _stateful(blocks: list[Mapping[str, Any]]) -> list[tuple[str, str, Mapping[str, Any]]]:
    """(block id, action id, element) of every element that can hold a value or be clicked."""
    out = []
    for index, block in enumerate(blocks):
        block_id = _id(block, index)
        kind = block.get("type")
        if kind == "input" and block.get("element"):
            out.append((block_id, _action_id(block["element"]), block["element"]))
        elif kind == "section" and block.get("accessory"):
            out.append((block_id, _action_id(block["accessory"]), block["accessory"]))
        elif kind == "actions":
            for i, element in enumerate(block.get("elements") or []):
                out.append((block_id, _action_id(element, i), element))
    return out


def state_values_from_form(view: Mapping[str, Any], form: Mapping[str, list[str]]) -> dict:
    """Slack's view["state"]["values"] ({block_id: {action_id: {...}}}) from the modal's posted
    form ({"<block_id>.<action_id>": [values]}); an element left empty is there, as on Slack."""
    values: dict[str, dict] = {}
    for block_id, action_id, element in _stateful(view.get("blocks") or []):
        state = _state(element, list(form.get(f"{block_id}.{action_id}") or []))
        if state is not None:
            values.setdefault(block_id, {})[action_id] = state
    return values


# What each element's state becomes when a modal is shown again with what was typed.
_INITIAL = {
    "value": "initial_value",
    "selected_option": "initial_option",
    "selected_options": "initial_options",
    "selected_date": "initial_date",
    "selected_time": "initial_time",
    "selected_user": "initial_user",
    "selected_users": "initial_users",
}


def with_typed(view: Mapping[str, Any], values: Mapping[str, Any] | None) -> dict:
    """`view` with the `state.values` a person submitted as its initial values, so a form the
    bot refused shows again as they left it (as Slack keeps it)."""
    shown = copy.deepcopy(dict(view))
    if not values:
        return shown
    for block_id, action_id, element in _stateful(shown.get("blocks") or []):
        state = (values.get(block_id) or {}).get(action_id) or {}
        for key, initial in _INITIAL.items():
            if state.get(key) not in (None, [], ""):
                cast(dict, element)[initial] = copy.deepcopy(state[key])
    return shown


def block_action(
    blocks: list[Mapping[str, Any]], block_id: str, action_id: str, values: list[str]
) -> dict | None:
    """The `actions[0]` of Slack's block_actions payload for a control of `blocks` the page
    posted back (a button's value, a select's choice...), without action_ts; None when the
    blocks hold no such element."""
    for found_block, found_action, element in _stateful(blocks):
        if (found_block, found_action) != (block_id, action_id):
            continue
        action: dict[str, Any] = {"type": element.get("type"), "action_id": action_id}
        action["block_id"] = block_id
        if element.get("type") == "button":
            action["text"] = copy.deepcopy(element.get("text"))
            if "value" in element:
                action["value"] = element["value"]
            return action
        state = _state(element, values) or {}
        return {**action, **{k: v for k, v in state.items() if k != "type"}}
    return None


# ---------------------------------------------------------------------------- style

STYLE = """
.sb-blocks,.sb-message,.sb-modal{font:15px/1.46 Lato,"Helvetica Neue",Arial,sans-serif;color:#1d1c1d}
.sb-message{display:flex;gap:8px;padding:8px 16px}
.sb-message:hover{background:#f8f8f8}
.sb-avatar{flex:none;width:36px;height:36px;border-radius:6px;background:#4a154b;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700}
.sb-from-bot .sb-avatar{background:#2eb67d}
.sb-message-body{min-width:0;flex:1}
.sb-author{font-weight:900}
.sb-app{font-size:10px;background:#e8e8e8;color:#616061;padding:1px 3px;border-radius:2px;font-weight:700}
.sb-meta time,.sb-edited{color:#616061;font-size:12px}
.sb-blocks>*{margin:4px 0}
.sb-section{display:flex;gap:12px;align-items:flex-start}
.sb-section-body{flex:1;min-width:0;overflow-wrap:anywhere}
.sb-fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 16px;margin-top:4px}
.sb-header{font-size:18px;font-weight:900;margin:8px 0 4px}
.sb-context{display:flex;flex-wrap:wrap;gap:6px;align-items:center;color:#616061;font-size:13px}
.sb-context-image{width:20px;height:20px;border-radius:4px}
.sb-divider{border:0;border-top:1px solid #ddd;margin:12px 0}
.sb-image{margin:8px 0}.sb-image-img,.sb-file-image{max-width:100%;max-height:360px;border-radius:8px;border:1px solid #ddd}
.sb-image-title{font-size:13px;color:#616061}
.sb-actions{display:flex;flex-wrap:wrap;gap:8px}
.sb-button{font:700 14px Lato,Arial,sans-serif;padding:0 12px;height:32px;border-radius:4px;border:1px solid #bbb;background:#fff;color:#1d1c1d;cursor:pointer}
.sb-button:hover{background:#f8f8f8}
.sb-button.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.sb-button.danger{background:#fff;border-color:#e01e5a;color:#e01e5a}
.sb-overflow{width:32px;height:32px;border:1px solid #bbb;border-radius:4px;background:#fff;font-weight:900;appearance:none;text-align:center;cursor:pointer}
.sb-select,.sb-text-input,.sb-date{font:15px Lato,Arial,sans-serif;padding:6px 8px;border:1px solid #bbb;border-radius:4px;background:#fff;max-width:100%;box-sizing:border-box}
.sb-input .sb-select,.sb-input .sb-text-input,.sb-input .sb-date{width:100%}
.sb-choices{display:flex;flex-direction:column;gap:6px}
.sb-choice{display:flex;gap:8px;align-items:baseline}.sb-option-note{display:block;color:#616061;font-size:13px}
.sb-mention{color:#1264a3;background:#e8f5fa;border-radius:3px;padding:0 2px}
.sb-code{font:12px Monaco,Menlo,monospace;color:#e01e5a;background:#f6f6f6;border:1px solid #ddd;border-radius:3px;padding:1px 3px}
.sb-pre{font:12px Monaco,Menlo,monospace;background:#f8f8f8;border:1px solid #ddd;border-radius:4px;padding:8px;white-space:pre-wrap;margin:4px 0}
.sb-quote{border-left:4px solid #ddd;padding-left:12px;margin:4px 0}
.sb-file{display:inline-block;margin:4px 0}.sb-file-link{border:1px solid #ddd;border-radius:8px;padding:8px 12px;color:#1d1c1d;text-decoration:none}
.sb-replies{background:none;border:0;color:#1264a3;font-weight:700;padding:0;cursor:pointer}
.sb-ephemeral{background:#f8f8f8}.sb-ephemeral-note{color:#616061;font-size:12px}
.sb-modal{width:520px;max-width:100%;max-height:90vh;display:flex;flex-direction:column;background:#fff;border-radius:8px;box-shadow:0 18px 48px rgba(0,0,0,.35)}
.sb-modal-header,.sb-modal-footer{display:flex;align-items:center;gap:8px;padding:16px 24px}
.sb-modal-header{justify-content:space-between;border-bottom:1px solid #ddd}
.sb-modal-title{font-size:22px;margin:0}
.sb-modal-x{border:0;background:none;font-size:24px;cursor:pointer}
.sb-modal-body{overflow:auto;padding:12px 24px}
.sb-modal-footer{justify-content:flex-end;border-top:1px solid #ddd}
.sb-input{margin:12px 0}.sb-label{display:block;font-weight:700;margin-bottom:6px}
.sb-optional,.sb-hint{font-weight:400;color:#616061;font-size:13px}
.sb-error{color:#e01e5a;font-size:13px;margin-top:4px}
.sb-invalid .sb-select,.sb-invalid .sb-text-input,.sb-invalid .sb-date{border-color:#e01e5a}
@media (max-width:600px){.sb-fields{grid-template-columns:1fr}.sb-message{padding:8px}.sb-modal{max-height:100vh;border-radius:0}.sb-section{flex-direction:column}}
"""
