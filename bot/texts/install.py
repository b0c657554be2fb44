"""Texts of "Add to Slack": the install page, its outcome pages and the installer's welcome DM."""

TEXTS: dict[str, dict[str, str]] = {
    "install.page.title": {"en": "Add Salesbot to Slack", "nl": "Salesbot aan Slack toevoegen"},
    "install.page.intro": {
        "en": "Salesbot celebrates every new client with your team and keeps your sales "
        "meetings, account plans, 1:1s and weekly check-ins on track.",
        "nl": "Salesbot viert elke nieuwe klant met je team en houdt je salesmeetings, "
        "accountplannen, 1-op-1's en wekelijkse check-ins op koers.",
    },
    "install.page.button": {"en": "Add to Slack", "nl": "Toevoegen aan Slack"},
    "install.done.title": {"en": "Salesbot is installed", "nl": "Salesbot is geïnstalleerd"},
    "install.done.body": {
        "en": "Salesbot is now in {team}. Open Slack: Salesbot sent you a message with the next "
        "step (choosing the wins channel and your team's settings).",
        "nl": "Salesbot zit nu in {team}. Open Slack: Salesbot heeft je een bericht gestuurd met "
        "de volgende stap (het kanaal voor nieuwe klanten en de instellingen van je team kiezen).",
    },
    "install.failed.title": {
        "en": "Salesbot was not installed",
        "nl": "Salesbot is niet geïnstalleerd",
    },
    "install.failed.state": {
        "en": "This installation link has expired or was already used. Start again from the "
        "install page.",
        "nl": "Deze installatielink is verlopen of al gebruikt. Begin opnieuw vanaf de "
        "installatiepagina.",
    },
    "install.failed.cancelled": {
        "en": "The installation was cancelled in Slack. Nothing was installed.",
        "nl": "De installatie is in Slack geannuleerd. Er is niets geïnstalleerd.",
    },
    "install.failed.enterprise": {
        "en": "Salesbot cannot be installed for a whole Enterprise Grid organization. Install "
        "it in one workspace of the organization instead (each workspace has its own "
        "settings).",
        "nl": "Salesbot kan niet voor een hele Enterprise Grid-organisatie worden "
        "geïnstalleerd. Installeer hem in plaats daarvan in één workspace van de organisatie "
        "(elke workspace heeft zijn eigen instellingen).",
    },
    "install.failed.other": {
        "en": "Slack did not complete the installation. Please try again from the install page.",
        "nl": "Slack heeft de installatie niet afgerond. Probeer het opnieuw vanaf de "
        "installatiepagina.",
    },
    "install.failed.again": {
        "en": "Back to the install page",
        "nl": "Terug naar de installatiepagina",
    },
    "install.welcome.text": {
        "en": "Thanks for adding Salesbot to your workspace! Next step: choose your team's "
        "settings.",
        "nl": "Bedankt voor het toevoegen van Salesbot aan je workspace! Volgende stap: kies de "
        "instellingen van je team.",
    },
    "install.welcome.body": {
        "en": "👋 *Thanks for adding Salesbot!*\nOne step is left: choose the channel where new "
        "clients are celebrated, your team's language and time zone, and who the admins are. "
        "You can change them any time on Salesbot's Home tab.",
        "nl": "👋 *Bedankt voor het toevoegen van Salesbot!*\nNog één stap: kies het kanaal waar "
        "nieuwe klanten worden gevierd, de taal en tijdzone van je team, en wie de admins "
        "zijn. Je kunt ze altijd wijzigen op het tabblad Home van Salesbot.",
    },
    "install.welcome.button": {"en": "Choose the settings", "nl": "Instellingen kiezen"},
}
