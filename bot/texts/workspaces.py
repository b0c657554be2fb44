"""Texts of the workspace settings (the admins' modal on the App Home), English and Dutch."""

TEXTS: dict[str, dict[str, str]] = {
    "workspaces.button": {"en": "⚙️ Workspace settings", "nl": "⚙️ Workspace-instellingen"},
    "workspaces.home.admin": {
        "en": "⚙️ *Workspace settings* (admins): channels, language, time zone, holidays, "
        "currency, admins and the times of check-ins, digests and sales meetings.",
        "nl": "⚙️ *Workspace-instellingen* (admins): kanalen, taal, tijdzone, feestdagen, "
        "valuta, admins en de tijden van check-ins, overzichten en salesmeetings.",
    },
    "workspaces.home.setup": {
        "en": "🛠️ *Almost there!* Choose the channel where new clients are celebrated, and check "
        "the language and time zone: open the workspace settings.",
        "nl": "🛠️ *Bijna klaar!* Kies het kanaal waar nieuwe klanten worden gevierd, en controleer "
        "de taal en tijdzone: open de workspace-instellingen.",
    },
    "workspaces.home.setup_member": {
        "en": "🛠️ *The bot is not set up yet.* A workspace admin chooses its channels on this "
        "Home tab.",
        "nl": "🛠️ *De bot is nog niet ingesteld.* Een admin van de workspace kiest de kanalen op dit "
        "Home-tabblad.",
    },
    "workspaces.modal.title": {"en": "Workspace settings", "nl": "Workspace-instellingen"},
    "workspaces.modal.submit": {"en": "Save", "nl": "Opslaan"},
    "workspaces.modal.close": {"en": "Cancel", "nl": "Annuleren"},
    "workspaces.modal.intro": {
        "en": "These settings are for everyone in this workspace.",
        "nl": "Deze instellingen gelden voor iedereen in deze workspace.",
    },
    "workspaces.modal.meetings": {
        "en": "*Sales meetings and 1:1s*",
        "nl": "*Salesmeetings en 1-op-1's*",
    },
    "workspaces.field.WINS_CHANNEL": {
        "en": "Channel where new clients are celebrated",
        "nl": "Kanaal waar nieuwe klanten worden gevierd",
    },
    "workspaces.field.SALES_CHANNEL": {
        "en": "Channel of the sales meetings",
        "nl": "Kanaal van de salesmeetings",
    },
    "workspaces.hint.SALES_CHANNEL": {
        "en": "Leave it empty to use the channel of the new clients.",
        "nl": "Laat leeg om het kanaal van de nieuwe klanten te gebruiken.",
    },
    "workspaces.field.BOT_LOCALE": {"en": "Language", "nl": "Taal"},
    "workspaces.hint.BOT_LOCALE": {
        "en": "Of the channel messages, and for people whose Slack language is neither.",
        "nl": "Van de kanaalberichten, en voor wie Slack in een andere taal gebruikt.",
    },
    "workspaces.field.TEAM_TIMEZONE": {"en": "Time zone", "nl": "Tijdzone"},
    "workspaces.field.HOLIDAYS_COUNTRY": {
        "en": "Public holidays of",
        "nl": "Feestdagen van",
    },
    "workspaces.field.DEFAULT_CURRENCY": {"en": "Default currency", "nl": "Standaardvaluta"},
    "workspaces.field.ADMIN_USER_IDS": {"en": "Bot admins", "nl": "Bot-admins"},
    "workspaces.hint.ADMIN_USER_IDS": {
        "en": "Slack workspace admins and owners always are.",
        "nl": "Admins en eigenaren van de Slack-workspace zijn dat altijd.",
    },
    "workspaces.field.CHECKIN_DAY": {"en": "Weekly check-in on", "nl": "Wekelijkse check-in op"},
    "workspaces.field.CHECKIN_TIME": {
        "en": "Check-in time (each rep's own time zone)",
        "nl": "Tijd van de check-in (eigen tijdzone)",
    },
    "workspaces.field.CHECKIN_REMINDER_TIME": {
        "en": "Check-in reminder, the next working morning",
        "nl": "Herinnering check-in, de volgende werkochtend",
    },
    "workspaces.field.DIGEST_TIME": {
        "en": "Manager's digest, Monday at",
        "nl": "Overzicht voor managers, maandag om",
    },
    "workspaces.field.AGENDA_OPEN_DAYS": {
        "en": "Agenda opens, days before a meeting",
        "nl": "Agenda opent, dagen voor een meeting",
    },
    "workspaces.field.AGENDA_OPEN_TIME": {"en": "Agenda opens at", "nl": "Agenda opent om"},
    "workspaces.field.REMINDER_TIME": {
        "en": "Reminder, the working day before, at",
        "nl": "Herinnering, de werkdag ervoor, om",
    },
    "workspaces.field.AGENDA_CUTOFF_TIME": {
        "en": "Agenda locked, the working day before, at",
        "nl": "Agenda gesloten, de werkdag ervoor, om",
    },
    "workspaces.field.ONEONONE_NUDGE_HOURS": {
        "en": "Manager's 1:1 nudge, hours before",
        "nl": "Seintje 1-op-1 voor de manager, uren ervoor",
    },
    "workspaces.field.ONEONONE_PREP_HOURS": {
        "en": "Rep asked to prepare a 1:1, hours before",
        "nl": "Voorbereiding 1-op-1 gevraagd, uren ervoor",
    },
    "workspaces.hint.ONEONONE_PREP_HOURS": {
        "en": "Leave it empty for 48 hours (or a day before the manager's nudge).",
        "nl": "Laat leeg voor 48 uur (of een dag voor het seintje aan de manager).",
    },
    "workspaces.group.common": {"en": "Common", "nl": "Veelgebruikt"},
    "workspaces.group.more": {"en": "{name} ({part})", "nl": "{name} ({part})"},
    "workspaces.group.others": {"en": "Others", "nl": "Overige"},
    "workspaces.language.en": {"en": "English", "nl": "Engels (English)"},
    "workspaces.language.nl": {"en": "Dutch (Nederlands)", "nl": "Nederlands"},
    "workspaces.error.WINS_CHANNEL": {
        "en": "Choose a public channel.",
        "nl": "Kies een openbaar kanaal.",
    },
    "workspaces.error.SALES_CHANNEL": {
        "en": "Choose a public channel, or leave it empty.",
        "nl": "Kies een openbaar kanaal, of laat het leeg.",
    },
    "workspaces.error.BOT_LOCALE": {
        "en": "Choose English or Dutch.",
        "nl": "Kies Engels of Nederlands.",
    },
    "workspaces.error.TEAM_TIMEZONE": {
        "en": "Choose a time zone from the list.",
        "nl": "Kies een tijdzone uit de lijst.",
    },
    "workspaces.error.HOLIDAYS_COUNTRY": {
        "en": "Choose a country from the list.",
        "nl": "Kies een land uit de lijst.",
    },
    "workspaces.error.DEFAULT_CURRENCY": {
        "en": "Choose a currency from the list.",
        "nl": "Kies een valuta uit de lijst.",
    },
    "workspaces.error.ADMIN_USER_IDS": {
        "en": "Choose people of this workspace.",
        "nl": "Kies mensen uit deze workspace.",
    },
    "workspaces.error.CHECKIN_DAY": {
        "en": "Choose a day of the week.",
        "nl": "Kies een dag van de week.",
    },
    "workspaces.error.time": {"en": "Choose a time of day.", "nl": "Kies een tijdstip."},
    "workspaces.error.AGENDA_OPEN_DAYS": {
        "en": "Choose between 1 and 14 days.",
        "nl": "Kies tussen 1 en 14 dagen.",
    },
    "workspaces.error.AGENDA_OPEN_TIME": {
        "en": "With the agenda opening one day before, it must open before it is locked.",
        "nl": "Als de agenda een dag ervoor opent, moet dat voor het sluiten zijn.",
    },
    "workspaces.error.REMINDER_TIME": {
        "en": "The reminder invites agenda items, so it must come before the agenda is locked.",
        "nl": "De herinnering nodigt uit voor agendapunten, dus moet voor het sluiten van de "
        "agenda komen.",
    },
    "workspaces.error.ONEONONE_NUDGE_HOURS": {
        "en": "Type a whole number of hours between 1 and 168.",
        "nl": "Typ een heel aantal uren tussen 1 en 168.",
    },
    "workspaces.error.ONEONONE_PREP_HOURS": {
        "en": "Type a whole number of hours between 2 and 336, more than the manager's nudge; "
        "or leave it empty.",
        "nl": "Typ een heel aantal uren tussen 2 en 336, meer dan het seintje aan de manager; "
        "of laat het leeg.",
    },
    "workspaces.saved": {
        "en": "✅ *Workspace settings saved.* They apply from now on, to everyone here.",
        "nl": "✅ *Workspace-instellingen opgeslagen.* Ze gelden vanaf nu, voor iedereen hier.",
    },
    "workspaces.not_admin": {
        "en": "Only workspace admins can change the workspace settings. Ask a Slack workspace "
        "admin or one of the bot's admins.",
        "nl": "Alleen admins van de workspace kunnen de workspace-instellingen wijzigen. Vraag het "
        "een admin van de Slack-workspace of een van de admins van de bot.",
    },
}
