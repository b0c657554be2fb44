"""Texts of `/salesbot delete-data`, in English and Dutch. Keys ending in .one / .other are
picked by count; `erasure.kind.<table>` names what a table holds."""


def _kind(table: str, en: tuple[str, str], nl: tuple[str, str]) -> dict[str, dict[str, str]]:
    """The .one / .other texts of one table's rows ("{count} win", "{count} wins")."""
    return {
        f"erasure.kind.{table}.one": {"en": "{count} " + en[0], "nl": "{count} " + nl[0]},
        f"erasure.kind.{table}.other": {"en": "{count} " + en[1], "nl": "{count} " + nl[1]},
    }


TEXTS: dict[str, dict[str, str]] = {
    # Confirmation 1: the ephemeral answer to the command
    "erasure.ask.fallback": {
        "en": "Delete all of this workspace's data from Salesbot?",
        "nl": "Alle gegevens van deze workspace uit Salesbot verwijderen?",
    },
    "erasure.ask.title": {
        "en": "🗑️ *Delete all of this workspace's data from Salesbot?*",
        "nl": "🗑️ *Alle gegevens van deze workspace uit Salesbot verwijderen?*",
    },
    "erasure.ask.what": {
        "en": "This deletes, for everyone in the workspace and for good:\n{kinds}",
        "nl": "Dit verwijdert, voor iedereen in de workspace en voorgoed:\n{kinds}",
    },
    "erasure.ask.after": {
        "en": "Messages already posted in Slack stay where they are. Nothing can be restored "
        "afterwards: take an export first ({export}) if you may need the data.",
        "nl": "Berichten die al in Slack staan, blijven staan. Niets kan daarna worden "
        "teruggezet: maak eerst een export ({export}) als je de gegevens nog nodig hebt.",
    },
    "erasure.ask.button": {
        "en": "Delete all data…",
        "nl": "Alle gegevens verwijderen…",
    },
    "erasure.confirm.title": {"en": "Delete all data?", "nl": "Alles verwijderen?"},
    "erasure.confirm.text": {
        "en": "Every win, meeting, plan, check-in and 1:1 note of the whole workspace will be "
        "deleted. You will be asked to type a word to confirm.",
        "nl": "Alle nieuwe klanten, vergaderingen, plannen, check-ins en 1-op-1-notities van de "
        "hele workspace worden verwijderd. Je typt zo nog een woord om te bevestigen.",
    },
    "erasure.confirm.yes": {"en": "Continue", "nl": "Doorgaan"},
    "erasure.confirm.no": {"en": "Cancel", "nl": "Annuleren"},
    "erasure.total.one": {"en": "{count} row in all", "nl": "{count} rij in totaal"},
    "erasure.total.other": {"en": "{count} rows in all", "nl": "{count} rijen in totaal"},
    # Confirmation 2: the modal
    "erasure.modal.title": {"en": "Delete all data", "nl": "Alles verwijderen"},
    "erasure.modal.submit": {"en": "Delete for good", "nl": "Voorgoed verwijderen"},
    "erasure.modal.close": {"en": "Cancel", "nl": "Annuleren"},
    "erasure.modal.warning": {
        "en": "⚠️ *This cannot be undone.* Salesbot deletes all of this workspace's data:\n{kinds}",
        "nl": "⚠️ *Dit kan niet ongedaan worden gemaakt.* Salesbot verwijdert alle gegevens "
        "van deze workspace:\n{kinds}",
    },
    "erasure.modal.label": {
        "en": "Type {word} to confirm",
        "nl": "Typ {word} om te bevestigen",
    },
    "erasure.modal.hint": {
        "en": "Nothing is deleted unless you type exactly this word.",
        "nl": "Er wordt niets verwijderd tenzij je precies dit woord typt.",
    },
    "erasure.modal.wrong": {
        "en": "That is not {word}, so nothing was deleted. Type {word} to delete everything.",
        "nl": "Dat is niet {word}, dus er is niets verwijderd. Typ {word} om alles te verwijderen.",
    },
    "erasure.counting.text": {
        "en": "⏳ Counting this workspace's data…",
        "nl": "⏳ De gegevens van deze workspace worden geteld…",
    },
    # What happens to the app itself: it leaves the workspace only when each workspace
    # installed it (Add to Slack); with one token of its own it stays installed.
    "erasure.app.uninstall": {
        "en": "🔌 Salesbot is also *removed from this workspace* (uninstalled). To use it "
        "again, add it to Slack again.",
        "nl": "🔌 Salesbot wordt ook *uit deze workspace verwijderd* (gedeïnstalleerd). Wil je "
        "hem weer gebruiken, voeg hem dan opnieuw toe aan Slack.",
    },
    "erasure.app.uninstalled": {
        "en": "🔌 Salesbot was removed from this workspace (uninstalled).",
        "nl": "🔌 Salesbot is uit deze workspace verwijderd (gedeïnstalleerd).",
    },
    "erasure.app.stays": {
        "en": "🔌 Salesbot stays installed in this workspace and starts afresh. To remove it "
        "too, uninstall it in Slack's app settings.",
        "nl": "🔌 Salesbot blijft in deze workspace geïnstalleerd en begint opnieuw. Wil je hem "
        "ook verwijderen, deïnstalleer hem dan in de app-instellingen van Slack.",
    },
    "erasure.working.title": {"en": "Deleting…", "nl": "Bezig met verwijderen…"},
    "erasure.working.text": {
        "en": "⏳ Deleting all of this workspace's data…",
        "nl": "⏳ Alle gegevens van deze workspace worden verwijderd…",
    },
    "erasure.done.title": {"en": "Data deleted", "nl": "Gegevens verwijderd"},
    "erasure.done.text.one": {
        "en": "✅ Deleted: {count} row. Nothing of this workspace is left in Salesbot.",
        "nl": "✅ Verwijderd: {count} rij. Er staat niets van deze workspace meer in Salesbot.",
    },
    "erasure.done.text.other": {
        "en": "✅ Deleted: {count} rows. Nothing of this workspace is left in Salesbot.",
        "nl": "✅ Verwijderd: {count} rijen. Er staat niets van deze workspace meer in Salesbot.",
    },
    "erasure.done.close": {"en": "Close", "nl": "Sluiten"},
    "erasure.result.title": {"en": "Delete all data", "nl": "Alles verwijderen"},
    # Answers when there is nothing to do or it is not allowed
    "erasure.nothing": {
        "en": "There is no data of this workspace in Salesbot (any more): nothing to delete.",
        "nl": "Er staan geen gegevens van deze workspace (meer) in Salesbot: er is niets te "
        "verwijderen.",
    },
    "erasure.not_admin": {
        "en": "Only workspace admins can delete the workspace's data. Nothing was deleted.",
        "nl": "Alleen admins van de workspace kunnen de gegevens van de workspace verwijderen. "
        "Er is niets verwijderd.",
    },
    "erasure.kind.other.one": {"en": "{count} row in {table}", "nl": "{count} rij in {table}"},
    "erasure.kind.other.other": {
        "en": "{count} rows in {table}",
        "nl": "{count} rijen in {table}",
    },
    **_kind("win", ("win", "wins"), ("nieuwe klant", "nieuwe klanten")),
    **_kind(
        "congratulation", ("congratulation", "congratulations"), ("felicitatie", "felicitaties")
    ),
    **_kind(
        "meeting_plan",
        ("meeting calendar", "meeting calendars"),
        ("vergaderkalender", "vergaderkalenders"),
    ),
    **_kind("meeting", ("meeting", "meetings"), ("vergadering", "vergaderingen")),
    **_kind("agenda_item", ("agenda item", "agenda items"), ("agendapunt", "agendapunten")),
    **_kind(
        "meeting_rating",
        ("meeting rating", "meeting ratings"),
        ("beoordeling van een vergadering", "beoordelingen van vergaderingen"),
    ),
    **_kind("account_plan", ("account plan", "account plans"), ("accountplan", "accountplannen")),
    **_kind(
        "account_plan_version",
        ("earlier version of an account plan", "earlier versions of account plans"),
        ("eerdere versie van een accountplan", "eerdere versies van accountplannen"),
    ),
    **_kind("checkin", ("check-in", "check-ins"), ("check-in", "check-ins")),
    **_kind(
        "checkin_member",
        ("check-in participant", "check-in participants"),
        ("deelnemer aan de check-ins", "deelnemers aan de check-ins"),
    ),
    **_kind("oneonone_series", ("1:1 series", "1:1 series"), ("1-op-1-reeks", "1-op-1-reeksen")),
    **_kind(
        "oneonone_change",
        ("change to a 1:1", "changes to 1:1s"),
        ("wijziging van een 1-op-1", "wijzigingen van 1-op-1's"),
    ),
    **_kind(
        "oneonone_prep",
        ("1:1 note", "1:1 notes"),
        ("1-op-1-notitie", "1-op-1-notities"),
    ),
    **_kind("action_point", ("action point", "action points"), ("actiepunt", "actiepunten")),
    **_kind(
        "manager_link",
        ("manager link", "manager links"),
        ("koppeling met een manager", "koppelingen met managers"),
    ),
    **_kind(
        "manager_request",
        ("manager request", "manager requests"),
        ("managerverzoek", "managerverzoeken"),
    ),
    **_kind(
        "slack_user",
        ("person's profile (language, time zone)", "people's profiles (language, time zone)"),
        ("profiel (taal, tijdzone)", "profielen (taal, tijdzone)"),
    ),
    **_kind(
        "outbox",
        ("message sent or waiting to be sent", "messages sent or waiting to be sent"),
        ("verstuurd of wachtend bericht", "verstuurde of wachtende berichten"),
    ),
    **_kind(
        "processed_event",
        ("record of a handled Slack event", "records of handled Slack events"),
        ("verwerkte Slack-gebeurtenis", "verwerkte Slack-gebeurtenissen"),
    ),
    **_kind(
        "workspace",
        ("record of the workspace's settings", "records of the workspace's settings"),
        (
            "record met de instellingen van de workspace",
            "records met de instellingen van de workspace",
        ),
    ),
    **_kind(
        "slack_installations",
        ("installation record", "installation records"),
        ("installatierecord", "installatierecords"),
    ),
    **_kind("slack_bots", ("bot token", "bot tokens"), ("bottoken", "bottokens")),
}
