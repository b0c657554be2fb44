"""Texts of who manages whom: a request the rep accepts or declines, "not my manager", admins.

{rep}, {manager}, {requester} and {admin} are Slack mentions; {rule} is escaped by the view.
"""

TEXTS: dict[str, dict[str, str]] = {
    # The request, to the rep
    "managers.request.dm": {
        "en": "👋 {requester} would like to be your manager in Salesbot and hold 1:1s with you: "
        "{rule}.",
        "nl": "👋 {requester} wil graag je manager zijn in Salesbot en 1-op-1's met je houden: "
        "{rule}.",
    },
    "managers.request.why": {
        "en": "Your manager sees your account plan (also when it is not shared), your weekly "
        "check-ins and what you prepare for your 1:1s. None of this is shared until you "
        "accept.",
        "nl": "Je manager ziet je accountplan (ook als je het niet deelt), je wekelijkse "
        "check-ins en wat je voorbereidt voor je 1-op-1's. Niets daarvan wordt gedeeld "
        "voordat je accepteert.",
    },
    "managers.request.first": {
        "en": "If you accept now, the first one is on {when}.",
        "nl": "Als je nu accepteert, is de eerste op {when}.",
    },
    "managers.first": {"en": "The first one is on {when}.", "nl": "De eerste is op {when}."},
    "managers.request.accept": {"en": "Accept", "nl": "Accepteren"},
    "managers.request.decline": {"en": "Decline", "nl": "Weigeren"},
    # To the requester
    "managers.request.sent": {
        "en": "📨 I've asked {rep} to confirm that you are their manager. The 1:1s start as soon "
        "as {rep} accepts; I'll let you know.",
        "nl": "📨 Ik heb {rep} gevraagd te bevestigen dat jij de manager bent. De 1-op-1's "
        "beginnen zodra {rep} accepteert; ik laat het je weten.",
    },
    "managers.request.waiting": {
        "en": "⏳ You've already asked {rep}; I'm waiting for their answer.",
        "nl": "⏳ Je hebt het {rep} al gevraagd; ik wacht op het antwoord.",
    },
    "managers.request.refused": {
        "en": "🙏 {rep} would rather not have you as their manager in Salesbot for now. You can "
        "ask again from {day}, or ask an admin to set who manages whom.",
        "nl": "🙏 {rep} heeft je liever nu niet als manager in Salesbot. Je kunt het vanaf {day} "
        "opnieuw vragen, of een admin vragen vast te leggen wie wiens manager is.",
    },
    "managers.accepted.dm": {
        "en": "✅ {rep} accepted: you are now their manager and your 1:1s are set: {rule}.",
        "nl": "✅ {rep} heeft geaccepteerd: je bent nu de manager en jullie 1-op-1's staan "
        "vast: {rule}.",
    },
    "managers.declined.dm": {
        "en": "🙏 {rep} declined your request to be their manager in Salesbot. You can ask again "
        "in 30 days; an admin can set who manages whom with `/oneonone manager @rep @manager`.",
        "nl": "🙏 {rep} heeft je verzoek om manager te zijn in Salesbot afgewezen. Je kunt het "
        "over 30 dagen opnieuw vragen; een admin legt vast wie wiens manager is met "
        "`/oneonone manager @rep @manager`.",
    },
    "managers.lapsed.dm": {
        "en": "{rep} has a manager in Salesbot now, so your request to be their manager is closed.",
        "nl": "{rep} heeft nu een manager in Salesbot, dus je verzoek om de manager te zijn is "
        "gesloten.",
    },
    # The rep's answers
    "managers.accepted.reply": {
        "en": "✅ You accepted: {manager} is your manager and your 1:1s are set: {rule}.",
        "nl": "✅ Geaccepteerd: {manager} is je manager en jullie 1-op-1's staan vast: {rule}.",
    },
    "managers.declined.reply": {
        "en": "Declined: {requester} does not see your plan or check-ins and cannot ask again "
        "for 30 days.",
        "nl": "Geweigerd: {requester} ziet je plan en check-ins niet en kan het 30 dagen niet "
        "opnieuw vragen.",
    },
    "managers.request.closed": {
        "en": "This request is no longer open: it was already answered or withdrawn.",
        "nl": "Dit verzoek staat niet meer open: het is al beantwoord of ingetrokken.",
    },
    "managers.request.has_manager": {
        "en": "You already have a manager in Salesbot ({manager}). Ask an admin if that should "
        "change.",
        "nl": "Je hebt al een manager in Salesbot ({manager}). Vraag een admin als dat moet "
        "veranderen.",
    },
    # An admin set the manager
    "managers.admin_set.dm": {
        "en": "ℹ️ {admin} set {manager} as your manager in Salesbot. {manager} can agree your "
        "account plan, holds your 1:1s and sees your check-ins.",
        "nl": "ℹ️ {admin} heeft {manager} ingesteld als je manager in Salesbot. {manager} kan "
        "akkoord gaan met je accountplan, houdt je 1-op-1's en ziet je check-ins.",
    },
    # "Not my manager"
    "managers.mine": {
        "en": "Your manager in Salesbot: {manager}",
        "nl": "Je manager in Salesbot: {manager}",
    },
    "managers.confirm.title": {"en": "Not your manager?", "nl": "Niet je manager?"},
    "managers.confirm.text": {
        "en": "{manager} will no longer see your plan and check-ins, your 1:1s with them end and "
        "an agreement they gave on your plan is withdrawn.",
        "nl": "{manager} ziet je plan en check-ins niet meer, jullie 1-op-1's stoppen en een "
        "akkoord dat die op je plan gaf wordt ingetrokken.",
    },
    "managers.confirm.yes": {"en": "Yes, not my manager", "nl": "Ja, niet mijn manager"},
    "managers.confirm.no": {"en": "Keep", "nl": "Behouden"},
    "managers.not_mine.none": {
        "en": "{manager} is not your manager in Salesbot (any more): nothing to change.",
        "nl": "{manager} is niet (meer) je manager in Salesbot: er valt niets te wijzigen.",
    },
    "managers.not_mine.withdrawn": {
        "en": "Their agreement on your account plan is withdrawn; the plan is a draft again.",
        "nl": "Het akkoord op je accountplan is ingetrokken; het plan is weer een concept.",
    },
    # Admins on the Home tab
    "managers.admin.button": {"en": "Set who manages whom", "nl": "Leg vast wie wiens manager is"},
    "managers.admin.title": {"en": "Who manages whom", "nl": "Wie is wiens manager"},
    "managers.admin.submit": {"en": "Save", "nl": "Opslaan"},
    "managers.admin.intro": {
        "en": "The manager sees the rep's account plan, check-ins and 1:1 preparation. The rep "
        'is told by DM and can say "not my manager".',
        "nl": "De manager ziet het accountplan, de check-ins en de 1-op-1-voorbereiding van de "
        'verkoper. De verkoper krijgt een DM en kan "niet mijn manager" zeggen.',
    },
    "managers.admin.rep": {"en": "Rep", "nl": "Verkoper"},
    "managers.admin.manager": {"en": "Their manager", "nl": "Manager"},
    "managers.admin.required": {"en": "Pick someone.", "nl": "Kies iemand."},
    "managers.admin.same": {
        "en": "A rep cannot be their own manager.",
        "nl": "Een verkoper kan niet de eigen manager zijn.",
    },
}
