"""Texts of the demo page (`salesbot demo`), in English and Dutch."""

TEXTS: dict[str, dict[str, str]] = {
    "demo.home": {"en": "Home", "nl": "Home"},
    "demo.dm": {"en": "Salesbot (direct messages)", "nl": "Salesbot (privéberichten)"},
    "demo.channels": {"en": "Channels", "nl": "Kanalen"},
    "demo.apps": {"en": "Apps", "nl": "Apps"},
    "demo.you_are": {"en": "You are", "nl": "Je bent"},
    "demo.box": {
        "en": "Type a message or a command, e.g. /newclient Acme 25k",
        "nl": "Typ een bericht of een opdracht, bijv. /newclient Bakkerij Jansen 25.000",
    },
    "demo.send": {"en": "Send", "nl": "Verstuur"},
    "demo.shortcut": {
        "en": "Shortcut: Log a new client",
        "nl": "Snelkoppeling: Nieuwe klant loggen",
    },
    "demo.empty": {"en": "Nothing here yet.", "nl": "Hier staat nog niets."},
    "demo.clock.friday": {"en": "Friday 15:05", "nl": "vrijdag 15:05"},
    "demo.clock.monday": {"en": "Next Monday 09:05", "nl": "volgende maandag 09:05"},
    "demo.clock.month": {
        "en": "First working day of next month",
        "nl": "Eerste werkdag van volgende maand",
    },
    "demo.clock.at": {"en": "Jump to this moment", "nl": "Spring naar dit moment"},
    "demo.clock.go": {"en": "Go", "nl": "Ga"},
    "demo.role.manager": {"en": "manager", "nl": "manager"},
    "demo.role.rep": {"en": "account manager", "nl": "accountmanager"},
    "demo.open_host": {
        "en": "Careful: the demo has no login; anyone who can reach this address can use it.",
        "nl": "Let op: de demo heeft geen login; iedereen die dit adres bereikt, kan hem gebruiken.",
    },
    "demo.started": {
        "en": "Salesbot demo: open {url} in your browser (Ctrl+C stops it).",
        "nl": "Salesbot-demo: open {url} in je browser (Ctrl+C stopt hem).",
    },
}
