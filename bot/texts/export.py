"""Texts of `/salesbot export`, in English and Dutch. Keys ending in .one / .other are picked
by count."""

TEXTS: dict[str, dict[str, str]] = {
    "export.form.team": {"en": "`/salesbot export`", "nl": "`/salesbot exporteer`"},
    "export.form.me": {"en": "`/salesbot export me`", "nl": "`/salesbot exporteer mij`"},
    # Help
    "export.help.fallback": {
        "en": "How to take your data out of Salesbot",
        "nl": "Zo haal je je gegevens uit Salesbot",
    },
    "export.help.title": {
        "en": "📦 *Take your data out*",
        "nl": "📦 *Je gegevens meenemen*",
    },
    "export.help.commands": {
        "en": "• {me_form}: your own wins, account plans, check-ins, agenda items, meeting "
        "ratings and the action points of your 1:1s\n"
        "• {team_form}: everything of the whole team (admins only)\n"
        "• `/salesbot delete-data`: delete all of the workspace's data from Salesbot "
        "(admins only, confirmed twice)",
        "nl": "• {me_form}: je eigen nieuwe klanten, accountplannen, check-ins, agendapunten, "
        "beoordelingen van vergaderingen en de actiepunten van je 1-op-1's\n"
        "• {team_form}: alles van het hele team (alleen voor admins)\n"
        "• `/salesbot verwijder-gegevens`: alle gegevens van de workspace uit Salesbot "
        "verwijderen (alleen voor admins, twee keer bevestigd)",
    },
    "export.help.how": {
        "en": "You get one zip file in your direct messages with me, with a CSV file per kind "
        "that opens in Excel, Numbers or Google Sheets. Nothing is posted in a channel.",
        "nl": "Je krijgt één zipbestand in je privéberichten met mij, met een CSV-bestand per "
        "soort dat opent in Excel, Numbers of Google Spreadsheets. Er komt niets in een kanaal.",
    },
    "export.help.unknown": {
        "en": "I don't know “{word}” here.",
        "nl": "“{word}” ken ik hier niet.",
    },
    # Answers
    "export.coming.team": {
        "en": "📦 The team's export is on its way to your direct messages with me.",
        "nl": "📦 De export van het team komt eraan in je privéberichten met mij.",
    },
    "export.coming.me": {
        "en": "📦 Your own data is on its way to your direct messages with me.",
        "nl": "📦 Je eigen gegevens komen eraan in je privéberichten met mij.",
    },
    "export.title.team": {"en": "Salesbot export (team)", "nl": "Salesbot-export (team)"},
    "export.title.me": {"en": "Salesbot export (yours)", "nl": "Salesbot-export (van jou)"},
    "export.comment.team": {
        "en": "📦 Here is the team's export of {day}: {files}.",
        "nl": "📦 Hier is de export van het team van {day}: {files}.",
    },
    "export.comment.me": {
        "en": "📦 Here is your own data as of {day}: {files}.",
        "nl": "📦 Hier zijn je eigen gegevens van {day}: {files}.",
    },
    "export.rows.one": {"en": "{name} ({count} row)", "nl": "{name} ({count} rij)"},
    "export.rows.other": {"en": "{name} ({count} rows)", "nl": "{name} ({count} rijen)"},
    # Errors
    "export.error.not_admin": {
        "en": "Only admins can export the whole team's data. You can take your own: {me_form}",
        "nl": "Alleen admins kunnen de gegevens van het hele team exporteren. Je eigen "
        "gegevens kan je wel meenemen: {me_form}",
    },
    "export.error.usage": {
        "en": "I didn't understand that. Like this: {me_form} or {team_form}",
        "nl": "Dat begreep ik niet. Zo bijvoorbeeld: {me_form} of {team_form}",
    },
    "export.error.slack": {
        "en": "😕 Slack didn't take the file just now, so nothing reached your messages. "
        "Please try again in a minute.",
        "nl": "😕 Slack nam het bestand net niet aan, dus er staat niets in je berichten. "
        "Probeer het over een minuut nog eens.",
    },
    # The README.txt in the zip
    "export.readme": {
        "en": "Salesbot export ({scope}), made on {day}\n"
        "\n"
        "One CSV file per kind: {files}.\n"
        "\n"
        "- The files are UTF-8 with a byte order mark, so Excel shows accented letters "
        "correctly. The first row names the columns.\n"
        "- Moments (…_at, starts_at) are in ISO 8601 in UTC with their offset, e.g. "
        "2027-04-09T14:00:00+00:00; days (week, date, due) are ISO dates, e.g. 2027-04-09.\n"
        "- Cells are separated by commas and amounts are plain numbers with a dot for the "
        "decimals (12500.00); the currency is in the column next to them. (An export asked "
        "for in Dutch uses a semicolon and a decimal comma, as Dutch Excel expects.)\n"
        "- People are Slack user ids (U…).\n"
        "- Removed wins are still listed, with removed = true; they count for nothing.\n"
        "- A text that starts with =, +, -, @ (or a tab) begins with an extra ' so a "
        "spreadsheet shows it instead of running it as a formula.\n",
        "nl": "Salesbot-export ({scope}), gemaakt op {day}\n"
        "\n"
        "Eén CSV-bestand per soort: {files}.\n"
        "\n"
        "- De bestanden zijn UTF-8 met een byte order mark, zodat Excel letters met accenten "
        "goed toont. De eerste rij noemt de kolommen (in het Engels).\n"
        "- Tijdstippen (…_at, starts_at) staan in ISO 8601 in UTC met hun verschil, bijv. "
        "2027-04-09T14:00:00+00:00; dagen (week, date, due) als ISO-datum, bijv. 2027-04-09.\n"
        "- Cellen worden gescheiden door een puntkomma (;) en bedragen zijn gewone getallen "
        "met een komma voor de decimalen (12500,00), zoals Excel met Nederlandse instellingen "
        "ze verwacht; de munt staat in de kolom ernaast.\n"
        "- Mensen zijn Slack-gebruikers-id's (U…).\n"
        "- Verwijderde nieuwe klanten staan er nog in, met removed = true; ze tellen niet mee.\n"
        "- Een tekst die begint met =, +, -, @ (of een tab) begint met een extra ', zodat een "
        "spreadsheet hem toont in plaats van hem als formule uit te voeren.\n",
    },
    "export.scope.team": {"en": "the whole team", "nl": "het hele team"},
    "export.scope.me": {"en": "your own data", "nl": "je eigen gegevens"},
}
