"""Texts of the recurring 1:1s (/oneonone), in English and Dutch.

Params that carry user text ({rule}, {text}, {clients}, {words}, ...) are escaped by the
views; {rep}, {manager}, {other}, {owner} and {user} are Slack mentions. Keys ending in
.one / .many are picked by count (see bot.views.oneonones._plural).
"""

TEXTS: dict[str, dict[str, str]] = {
    # The command forms, shown in help and in error messages
    "oneonone.form.setup": {
        "en": "`/oneonone @anna every 2 weeks on tuesday at 10:00`",
        "nl": "`/oneonone @anna om de 2 weken op dinsdag om 10:00`",
    },
    "oneonone.form.skip": {
        "en": "`/oneonone skip @anna 2027-03-09`",
        "nl": "`/oneonone skip @anna 2027-03-09`",
    },
    "oneonone.form.move": {
        "en": "`/oneonone move @anna 2027-03-09 to 2027-03-11 at 14:00`",
        "nl": "`/oneonone move @anna 2027-03-09 to 2027-03-11 at 14:00`",
    },
    "oneonone.form.cancel": {
        "en": "`/oneonone cancel @anna`",
        "nl": "`/oneonone cancel @anna`",
    },
    "oneonone.form.manager": {
        "en": "`/oneonone manager @anna @bob`",
        "nl": "`/oneonone manager @anna @bob`",
    },
    "oneonone.form.manager_hint": {
        "en": "Admins say who manages whom: {form} (Bob is Anna's manager)",
        "nl": "Admins leggen vast wie wiens manager is: {form} (Bob is de manager van Anna)",
    },
    "oneonone.form.setup_hint": {
        "en": "To set up 1:1s with a rep: {form}",
        "nl": "1-op-1's met een verkoper instellen: {form}",
    },
    "oneonone.form.skip_hint": {
        "en": "To skip one date: {form}",
        "nl": "Eén datum overslaan: {form}",
    },
    "oneonone.form.move_hint": {
        "en": "To move one date: {form}",
        "nl": "Eén datum verplaatsen: {form}",
    },
    "oneonone.form.cancel_hint": {
        "en": "To stop the 1:1s: {form}",
        "nl": "De 1-op-1's stoppen: {form}",
    },
    "oneonone.form.list_hint": {
        "en": "See your 1:1s and their next dates with `/oneonone`.",
        "nl": "Bekijk je 1-op-1's en hun volgende data met `/oneonone`.",
    },
    "oneonone.more": {"en": "…and {count} more", "nl": "…en nog {count}"},
    # The set-up modal
    "oneonone.setup.title": {"en": "Set up 1:1s", "nl": "1-op-1's instellen"},
    "oneonone.setup.submit": {"en": "Set up", "nl": "Instellen"},
    "oneonone.setup.close": {"en": "Cancel", "nl": "Annuleren"},
    "oneonone.setup.intro": {
        "en": "🤝 A regular 1:1 with each rep is the real tool for building a sales culture. "
        "Before each one I'll remind you both, with the rep's account plan, wins and open "
        "action points.",
        "nl": "🤝 Een vaste 1-op-1 met elke verkoper is hét middel om een salescultuur op te "
        "bouwen. Voor elke 1-op-1 stuur ik jullie allebei een herinnering, met het accountplan, "
        "de binnengehaalde klanten en de open actiepunten.",
    },
    "oneonone.setup.rep": {"en": "With which rep?", "nl": "Met welke verkoper?"},
    "oneonone.setup.rule": {"en": "When?", "nl": "Wanneer?"},
    "oneonone.setup.rule_hint": {
        "en": "e.g. every week on monday at 09:00, every 2 weeks on tuesday at 10:00 for 45 "
        "minutes, or every first friday of the month at 14:00.",
        "nl": "bijv. elke week op maandag om 09:00, om de 2 weken op dinsdag om 10:00 voor 45 "
        "minuten, of elke eerste vrijdag van de maand om 14:00.",
    },
    "oneonone.setup.rule_placeholder": {
        "en": "every 2 weeks on tuesday at 10:00",
        "nl": "om de 2 weken op dinsdag om 10:00",
    },
    # Set up, listed, ended, skipped, moved
    "oneonone.created": {
        "en": "✅ Your 1:1s with {rep} are set: {rule}. The first one is on {when}.",
        "nl": "✅ Je 1-op-1's met {rep} staan vast: {rule}. De eerste is op {when}.",
    },
    "oneonone.created_no_date": {
        "en": "✅ Your 1:1s with {rep} are set: {rule}.",
        "nl": "✅ Je 1-op-1's met {rep} staan vast: {rule}.",
    },
    "oneonone.created.tip": {
        "en": "Before each 1:1 I'll send you both a short preparation, and afterwards I'll ask "
        "you to log the action points you agreed.",
        "nl": "Voor elke 1-op-1 stuur ik jullie allebei een korte voorbereiding, en achteraf "
        "vraag ik jullie de afgesproken actiepunten te noteren.",
    },
    "oneonone.list.title": {"en": "🤝 *Your 1:1s*", "nl": "🤝 *Je 1-op-1's*"},
    "oneonone.list.as_rep": {"en": "*With your manager*", "nl": "*Met je manager*"},
    "oneonone.list.as_manager": {"en": "*With your reps*", "nl": "*Met je verkopers*"},
    "oneonone.list.line": {
        "en": "• {user} · {rule} · next: {when}",
        "nl": "• {user} · {rule} · volgende: {when}",
    },
    "oneonone.list.line_no_date": {
        "en": "• {user} · {rule} · no next date",
        "nl": "• {user} · {rule} · geen volgende datum",
    },
    "oneonone.list.none": {
        "en": "You don't have any 1:1s yet. Managers set them up like this: {form}",
        "nl": "Je hebt nog geen 1-op-1's. Managers stellen ze zo in: {form}",
    },
    "oneonone.list.hint": {
        "en": "Type `/oneonone help` to see how to set up, skip, move or stop 1:1s.",
        "nl": "Typ `/oneonone help` om te zien hoe je 1-op-1's instelt, overslaat, verplaatst of "
        "stopt.",
    },
    "oneonone.manager_set": {
        "en": "✅ {manager} is now {rep}'s manager: they can agree {rep}'s account plan and set "
        "up 1:1s.",
        "nl": "✅ {manager} is nu de manager van {rep}: die kan akkoord gaan met het accountplan "
        "van {rep} en 1-op-1's instellen.",
    },
    "oneonone.ended": {
        "en": "🛑 The 1:1s with {rep} have stopped; I won't send reminders for them anymore. "
        "I've let {rep} know.",
        "nl": "🛑 De 1-op-1's met {rep} zijn gestopt; ik stuur er geen herinneringen meer "
        "voor. Ik heb {rep} op de hoogte gebracht.",
    },
    "oneonone.skipped": {
        "en": "⏭️ The 1:1 with {rep} on {day} is skipped. The next ones stay as planned.",
        "nl": "⏭️ De 1-op-1 met {rep} van {day} valt weg. De volgende blijven zoals gepland.",
    },
    "oneonone.moved": {
        "en": "📆 The 1:1 with {rep} of {day} is moved to {when}.",
        "nl": "📆 De 1-op-1 met {rep} van {day} is verplaatst naar {when}.",
    },
    # The DM to the rep about changes
    "oneonone.told.created": {
        "en": "🤝 {manager} set up regular 1:1s with you: {rule}.",
        "nl": "🤝 {manager} heeft vaste 1-op-1's met je ingepland: {rule}.",
    },
    "oneonone.told.first": {
        "en": "The first one is on {when}.",
        "nl": "De eerste is op {when}.",
    },
    "oneonone.told.created_plain": {
        "en": "🤝 {manager} set up regular 1:1s with you.",
        "nl": "🤝 {manager} heeft vaste 1-op-1's met je ingepland.",
    },
    "oneonone.told.created_tip": {
        "en": "Before each one I'll ask you what stops you from contacting new clients and what "
        "you need: that's what the 1:1 is for.",
        "nl": "Voor elke 1-op-1 vraag ik je wat je tegenhoudt om nieuwe klanten te benaderen en "
        "wat je nodig hebt: daar dient de 1-op-1 voor.",
    },
    "oneonone.told.ended": {
        "en": "🛑 {manager} stopped your regular 1:1s.",
        "nl": "🛑 {manager} heeft jullie vaste 1-op-1's beëindigd.",
    },
    "oneonone.told.skipped": {
        "en": "⏭️ {manager} skipped your 1:1 of {day}. The next ones stay as planned.",
        "nl": "⏭️ {manager} heeft jullie 1-op-1 van {day} geschrapt. De volgende blijven zoals "
        "gepland.",
    },
    "oneonone.told.skipped_plain": {
        "en": "⏭️ {manager} skipped your next 1:1.",
        "nl": "⏭️ {manager} heeft jullie volgende 1-op-1 geschrapt.",
    },
    "oneonone.told.moved": {
        "en": "📆 {manager} moved your 1:1 of {day} to {when}.",
        "nl": "📆 {manager} heeft jullie 1-op-1 van {day} verplaatst naar {when}.",
    },
    "oneonone.told.moved_to": {
        "en": "📆 {manager} moved your next 1:1 to {when}.",
        "nl": "📆 {manager} heeft jullie volgende 1-op-1 verplaatst naar {when}.",
    },
    "oneonone.told.moved_plain": {
        "en": "📆 {manager} moved your next 1:1.",
        "nl": "📆 {manager} heeft jullie volgende 1-op-1 verplaatst.",
    },
    # Errors
    "oneonone.error.no_user": {
        "en": "Which rep? Mention them with @, e.g. `@anna`.",
        "nl": "Met welke verkoper? Tag die met @, bijv. `@anna`.",
    },
    "oneonone.error.several_users": {
        "en": "That's more than one person: a 1:1 is with one rep at a time.",
        "nl": "Dat is meer dan één persoon: een 1-op-1 is met één verkoper tegelijk.",
    },
    "oneonone.error.self": {
        "en": "You can't have a 1:1 with yourself. Ask your own manager to set up your 1:1s.",
        "nl": "Je kunt geen 1-op-1 met jezelf hebben. Vraag je eigen manager om jullie 1-op-1's "
        "in te stellen.",
    },
    "oneonone.error.unknown_user": {
        "en": "I don't know that person in this workspace. Mention a colleague with @.",
        "nl": "Die persoon ken ik niet in deze workspace. Vermeld een collega met @.",
    },
    "oneonone.error.not_manager": {
        "en": "🔒 Only the rep's manager or an admin can change these 1:1s.",
        "nl": "🔒 Alleen de manager van de verkoper of een admin kan deze 1-op-1's wijzigen.",
    },
    "oneonone.error.not_admin": {
        "en": "🔒 Only admins can say who manages whom.",
        "nl": "🔒 Alleen admins kunnen vastleggen wie wiens manager is.",
    },
    "oneonone.error.no_series": {
        "en": "You don't have 1:1s with {rep} yet.",
        "nl": "Je hebt nog geen 1-op-1's met {rep}.",
    },
    "oneonone.error.no_occurrence": {
        "en": "There is no 1:1 on {date}.",
        "nl": "Er is geen 1-op-1 op {date}.",
    },
    "oneonone.error.usage": {
        "en": "I didn't get that. This is what `/oneonone` understands:",
        "nl": "Dat begreep ik niet. Dit is wat `/oneonone` begrijpt:",
    },
    "oneonone.error.empty": {
        "en": "When are the 1:1s? Add a rule after the name.",
        "nl": "Wanneer zijn de 1-op-1's? Zet een regel achter de naam.",
    },
    "oneonone.error.no_frequency": {
        "en": "How often do you meet? Say e.g. `every week`, `every 2 weeks` or `every first "
        "tuesday of the month`.",
        "nl": "Hoe vaak zien jullie elkaar? Zeg bijv. `elke week`, `om de 2 weken` of `elke eerste "
        "dinsdag van de maand`.",
    },
    "oneonone.error.no_weekday": {
        "en": "On which day of the week? Say e.g. `on tuesday`.",
        "nl": "Op welke dag van de week? Zeg bijv. `op dinsdag`.",
    },
    "oneonone.error.no_nth": {
        "en": "Which week of the month? Say e.g. `every first tuesday of the month` or "
        "`monthly on the last friday`.",
        "nl": "Welke week van de maand? Zeg bijv. `elke eerste dinsdag van de maand` of "
        "`maandelijks op de laatste vrijdag`.",
    },
    "oneonone.error.no_time": {
        "en": "At what time? Say e.g. `at 10:00` or `at 14:30`.",
        "nl": "Hoe laat? Zeg bijv. `om 10:00` of `om 14:30`.",
    },
    "oneonone.error.bad_time": {
        "en": "“{text}” is not a time I understand. Write e.g. `10:00`, `14.30` or `9am`.",
        "nl": "“{text}” is geen tijd die ik begrijp. Schrijf bijv. `10:00`, `14.30` of `9.30`.",
    },
    "oneonone.error.bad_duration": {
        "en": "A 1:1 of {minutes} minutes won't do; it takes between {min} and {max} minutes. "
        "Say e.g. `for 45 minutes`.",
        "nl": "Een 1-op-1 van {minutes} minuten gaat niet; die duurt tussen {min} en {max} "
        "minuten. Zeg bijv. `voor 45 minuten`.",
    },
    "oneonone.error.bad_interval": {
        "en": "Every {interval} is too far apart: the most is every {max}. A 1:1 works best when "
        "it's regular.",
        "nl": "Om de {interval} ligt te ver uit elkaar: het kan hooguit om de {max}. Een 1-op-1 "
        "werkt het best als die regelmatig is.",
    },
    "oneonone.error.unknown_words": {
        "en": "I didn't understand: {words}. Check the spelling, or leave those words out.",
        "nl": "Dit begreep ik niet: {words}. Controleer de spelling, of laat die woorden weg.",
    },
    "oneonone.error.bad_date": {
        "en": "“{text}” is not a date I understand. Write e.g. `2027-03-09`.",
        "nl": "“{text}” is geen datum die ik begrijp. Schrijf bijv. `2027-03-09`.",
    },
    "oneonone.error.date_in_past": {
        "en": "{date} is already in the past; you can only change 1:1s that are still to come.",
        "nl": "{date} ligt al in het verleden; je kunt alleen 1-op-1's wijzigen die nog moeten "
        "komen.",
    },
    "oneonone.error.unknown": {
        "en": "That didn't work. See `/oneonone help` for how to use `/oneonone`.",
        "nl": "Dat lukte niet. Kijk in `/oneonone help` hoe je `/oneonone` gebruikt.",
    },
    # Errors in the modals (shown under the field)
    "oneonone.error.prep.empty": {
        "en": "Note at least one obstacle or topic.",
        "nl": "Noteer minstens één obstakel of onderwerp.",
    },
    "oneonone.error.prep.too_long": {
        "en": "This is {length} characters long; the limit is {max}.",
        "nl": "Dit is {length} tekens lang; het maximum is {max}.",
    },
    "oneonone.error.action.required": {
        "en": "Write at least one action point.",
        "nl": "Schrijf minstens één actiepunt.",
    },
    "oneonone.error.action.too_long": {
        "en": "Keep an action point under {max} characters; one concrete step is enough.",
        "nl": "Houd een actiepunt onder de {max} tekens; één concrete stap volstaat.",
    },
    "oneonone.error.action.bad_due": {
        "en": "That date is in the past; pick a day that's still to come.",
        "nl": "Die datum ligt in het verleden; kies een dag die nog moet komen.",
    },
    "oneonone.error.action.unknown": {
        "en": "This doesn't look right; please check it.",
        "nl": "Dit klopt niet helemaal; kijk het nog eens na.",
    },
    # Help
    "oneonone.help.fallback": {"en": "How to use /oneonone", "nl": "Zo gebruik je /oneonone"},
    "oneonone.help.title": {"en": "🤝 *1:1s*", "nl": "🤝 *1-op-1's*"},
    "oneonone.help.why": {
        "en": "A regular 1:1 is the real tool for building a sales culture. Ask your rep: "
        "*What stops you from contacting new clients today and tomorrow?* and *What do you need "
        "from me?* Remove those obstacles and agree action points.",
        "nl": "Een vaste 1-op-1 is hét middel om een salescultuur op te bouwen. Vraag je "
        "verkoper: *Wat houdt je tegen om vandaag en morgen nieuwe klanten te benaderen?* en "
        "*Wat heb je van mij nodig?* Ruim die obstakels op en spreek actiepunten af.",
    },
    "oneonone.help.manager": {
        "en": "*For managers*\n• `/oneonone`: your 1:1s and their next dates\n"
        "• Set up: {setup_form}\n• Skip a date: {skip_form}\n• Move a date: {move_form}\n"
        "• Stop: {cancel_form}\n• Admins, who manages whom: {manager_form}",
        "nl": "*Voor managers*\n• `/oneonone`: je 1-op-1's en hun volgende data\n"
        "• Instellen: {setup_form}\n• Een datum overslaan: {skip_form}\n"
        "• Een datum verplaatsen: {move_form}\n• Stoppen: {cancel_form}\n"
        "• Admins, wie wiens manager is: {manager_form}",
    },
    "oneonone.help.rep": {
        "en": "*For reps*\nYour manager sets up your 1:1s. A few days before each one I'll ask "
        "you to note what's in your way; your manager sees it in their reminder. Afterwards "
        "you log the action points you agreed.",
        "nl": "*Voor verkopers*\nJe manager stelt jullie 1-op-1's in. Een paar dagen voor elke "
        "1-op-1 vraag ik je te noteren wat je in de weg zit; je manager ziet dat in de "
        "herinnering. Achteraf noteer je de afgesproken actiepunten.",
    },
    # Action points
    "oneonone.action.line": {"en": "• {text} — {owner}", "nl": "• {text} — {owner}"},
    "oneonone.action.due": {"en": "due {day}", "nl": "uiterlijk {day}"},
    "oneonone.action.done_button": {"en": "Done ✓", "nl": "Klaar ✓"},
    "oneonone.action.done": {
        "en": "✅ Done: {text}",
        "nl": "✅ Klaar: {text}",
    },
    # The nudges before a 1:1
    "oneonone.nudge.manager.title": {
        "en": "🤝 *Your 1:1 with {rep}* · {when}",
        "nl": "🤝 *Je 1-op-1 met {rep}* · {when}",
    },
    "oneonone.nudge.manager.fallback": {
        "en": "Your 1:1 with {rep} is on {when}",
        "nl": "Je 1-op-1 met {rep} is op {when}",
    },
    "oneonone.nudge.plan": {"en": "📘 *Account plan* {plan}", "nl": "📘 *Accountplan* {plan}"},
    "oneonone.nudge.no_plan": {
        "en": "📘 No account plan for this year yet: agree one together.",
        "nl": "📘 Nog geen accountplan voor dit jaar: spreek er samen een af.",
    },
    "oneonone.nudge.no_plan_year": {
        "en": "📘 No account plan for {year} yet: agree one together.",
        "nl": "📘 Nog geen accountplan voor {year}: spreek er samen een af.",
    },
    "oneonone.nudge.wins.one": {
        "en": "🏆 *1 new client since your last 1:1:* {clients}",
        "nl": "🏆 *1 nieuwe klant sinds jullie vorige 1-op-1:* {clients}",
    },
    "oneonone.nudge.wins.other": {
        "en": "🏆 *{count} new clients since your last 1:1:* {clients}",
        "nl": "🏆 *{count} nieuwe klanten sinds jullie vorige 1-op-1:* {clients}",
    },
    "oneonone.nudge.no_wins": {
        "en": "🏆 No new clients since your last 1:1.",
        "nl": "🏆 Geen nieuwe klanten sinds jullie vorige 1-op-1.",
    },
    "oneonone.nudge.checkins": {"en": "🗒️ *Latest check-ins*", "nl": "🗒️ *Laatste check-ins*"},
    "oneonone.nudge.checkin": {"en": "• _{week}_: {text}", "nl": "• _{week}_: {text}"},
    "oneonone.nudge.prep": {
        "en": "📝 *{rep} prepared:*",
        "nl": "📝 *{rep} heeft dit voorbereid:*",
    },
    "oneonone.nudge.prep_obstacles": {
        "en": "_Obstacles:_ {text}",
        "nl": "_Obstakels:_ {text}",
    },
    "oneonone.nudge.prep_topics": {
        "en": "_Topics:_ {text}",
        "nl": "_Onderwerpen:_ {text}",
    },
    "oneonone.nudge.ask": {"en": "❓ *Ask {rep}:*", "nl": "❓ *Vraag aan {rep}:*"},
    "oneonone.question.obstacles": {
        "en": "*What stops you from contacting new clients today and tomorrow?*",
        "nl": "*Wat houdt je tegen om vandaag en morgen nieuwe klanten te benaderen?*",
    },
    "oneonone.question.needs": {
        "en": "*What do you need from me?*",
        "nl": "*Wat heb je van mij nodig?*",
    },
    "oneonone.nudge.manager.tip": {
        "en": "Then remove those obstacles and agree action points. Afterwards I'll ask you both "
        "to log them.",
        "nl": "Ruim daarna die obstakels op en spreek actiepunten af. Achteraf vraag ik jullie "
        "allebei om ze te noteren.",
    },
    "oneonone.nudge.open_actions": {
        "en": "📌 *Open action points*",
        "nl": "📌 *Open actiepunten*",
    },
    "oneonone.nudge.rep.title": {
        "en": "🤝 *Your 1:1 with {manager}* is on {when}.",
        "nl": "🤝 *Je 1-op-1 met {manager}* is op {when}.",
    },
    "oneonone.nudge.rep.fallback": {
        "en": "Your 1:1 with {manager} is on {when}",
        "nl": "Je 1-op-1 met {manager} is op {when}",
    },
    "oneonone.nudge.rep.think": {
        "en": "Take two minutes to prepare:",
        "nl": "Neem twee minuutjes om je voor te bereiden:",
    },
    "oneonone.question.rep_obstacles": {
        "en": "• *What stops you from contacting new clients today and tomorrow?*",
        "nl": "• *Wat houdt je tegen om vandaag en morgen nieuwe klanten te benaderen?*",
    },
    "oneonone.question.rep_needs": {
        "en": "• *What do you need from {manager}?*",
        "nl": "• *Wat heb je nodig van {manager}?*",
    },
    "oneonone.nudge.rep.prep_button": {
        "en": "📝 Note obstacles and topics",
        "nl": "📝 Obstakels en onderwerpen noteren",
    },
    "oneonone.after": {
        "en": "🤝 How did your 1:1 with {other} go? Log the action points you agreed, so you can "
        "both follow up.",
        "nl": "🤝 Hoe was je 1-op-1 met {other}? Noteer de actiepunten die jullie afspraken, zodat "
        "jullie ze allebei kunnen opvolgen.",
    },
    "oneonone.after.button": {"en": "✍️ Log action points", "nl": "✍️ Actiepunten noteren"},
    # The prep modal
    "oneonone.prep.title": {"en": "Prepare your 1:1", "nl": "Je 1-op-1 voorbereiden"},
    "oneonone.prep.submit": {"en": "Save", "nl": "Opslaan"},
    "oneonone.prep.close": {"en": "Cancel", "nl": "Annuleren"},
    "oneonone.prep.intro": {
        "en": "For your 1:1 of {day}. Your manager sees this before you meet, so you can spend "
        "the time on what matters.",
        "nl": "Voor je 1-op-1 van {day}. Je manager ziet dit voordat jullie elkaar spreken, zodat jullie "
        "de tijd kunnen besteden aan wat ertoe doet.",
    },
    "oneonone.prep.obstacles": {
        "en": "What stops you from contacting new clients today and tomorrow?",
        "nl": "Wat houdt je tegen om vandaag en morgen nieuwe klanten te benaderen?",
    },
    "oneonone.prep.obstacles_hint": {
        "en": "Delivery follow-up, internal questions, no leads, no time… be honest: that's how "
        "it gets solved.",
        "nl": "Follow-up van leveringen, interne vragen, geen leads, geen tijd… wees eerlijk: zo "
        "wordt het opgelost.",
    },
    "oneonone.prep.topics": {
        "en": "What do you need from your manager? Anything else to discuss?",
        "nl": "Wat heb je nodig van je manager? Nog iets te bespreken?",
    },
    "oneonone.prep.topics_hint": {
        "en": "Fill in at least one of the two.",
        "nl": "Vul minstens een van de twee in.",
    },
    "oneonone.prep.saved.before": {
        "en": "📝 Noted. {manager} will see your obstacles and topics in their reminder before "
        "your 1:1.",
        "nl": "📝 Genoteerd. {manager} ziet je obstakels en onderwerpen in de herinnering voor "
        "jullie 1-op-1.",
    },
    "oneonone.prep.saved.updated": {
        "en": "📝 Noted. {manager} already had their reminder for your 1:1: I've added your "
        "obstacles and topics to it and let them know.",
        "nl": "📝 Genoteerd. {manager} had de herinnering voor jullie 1-op-1 al: ik heb je "
        "obstakels en onderwerpen eraan toegevoegd en een seintje gegeven.",
    },
    "oneonone.prep.saved.unseen": {
        "en": "📝 Noted. {manager} gets no reminder for this 1:1 any more, so bring it up "
        "yourself.",
        "nl": "📝 Genoteerd. {manager} krijgt voor deze 1-op-1 geen herinnering meer, dus breng "
        "het zelf ter sprake.",
    },
    "oneonone.prep.saved.own": {
        "en": "📝 Noted for your 1:1.",
        "nl": "📝 Genoteerd voor jullie 1-op-1.",
    },
    "oneonone.prep.added": {
        "en": "📝 {rep} added obstacles and topics for your 1:1 on {when}: they're in your "
        "reminder above.",
        "nl": "📝 {rep} heeft obstakels en onderwerpen toegevoegd voor jullie 1-op-1 op {when}: "
        "je ziet ze in de herinnering hierboven.",
    },
    # The action-points modal
    "oneonone.actions.title": {"en": "Action points", "nl": "Actiepunten"},
    "oneonone.actions.submit": {"en": "Save", "nl": "Opslaan"},
    "oneonone.actions.close": {"en": "Cancel", "nl": "Annuleren"},
    "oneonone.actions.intro": {
        "en": "What did you agree in the 1:1 of {day} between {rep} (rep) and {manager} "
        "(manager)? One concrete step per action point, with who does it and by when.",
        "nl": "Wat spraken jullie af in de 1-op-1 van {day} tussen {rep} (verkoper) en {manager} "
        "(manager)? Eén concrete stap per actiepunt, met wie het doet en wanneer het klaar is.",
    },
    "oneonone.actions.text": {"en": "Action point {number}", "nl": "Actiepunt {number}"},
    "oneonone.actions.placeholder": {
        "en": "e.g. Call the 5 leads from the trade fair",
        "nl": "bijv. De 5 leads van de beurs bellen",
    },
    "oneonone.actions.owner": {
        "en": "Who does action point {number}?",
        "nl": "Wie doet actiepunt {number}?",
    },
    "oneonone.actions.owner_rep": {"en": "The rep", "nl": "De verkoper"},
    "oneonone.actions.owner_manager": {"en": "The manager", "nl": "De manager"},
    "oneonone.actions.due": {
        "en": "Action point {number} by when?",
        "nl": "Wanneer moet actiepunt {number} klaar zijn?",
    },
    "oneonone.actions.saved.one": {
        "en": "✅ 1 action point logged. You'll both see it before your next 1:1.",
        "nl": "✅ 1 actiepunt genoteerd. Jullie zien het allebei terug voor de volgende 1-op-1.",
    },
    "oneonone.actions.saved.other": {
        "en": "✅ {count} action points logged. You'll both see the open ones before your next "
        "1:1.",
        "nl": "✅ {count} actiepunten genoteerd. Jullie zien de open punten allebei terug voor de "
        "volgende 1-op-1.",
    },
    "oneonone.not_my_manager.button": {
        "en": "Not my manager",
        "nl": "Niet mijn manager",
    },
    "oneonone.not_my_manager.done": {
        "en": "Done: the 1:1s with {manager} are ended and {manager} is not your manager here, "
        "so they don't see your account plan or check-ins. Ask an admin if someone else is.",
        "nl": "Gedaan: de 1-op-1's met {manager} zijn gestopt en {manager} is hier niet je "
        "manager, dus die ziet je accountplan en check-ins niet. Vraag een admin als iemand "
        "anders dat wel is.",
    },
    "oneonone.not_my_manager.told": {
        "en": "{rep} says you are not their manager, so the 1:1s you set up with them are ended. "
        "An admin can set who manages whom with `/oneonone manager @rep @manager`.",
        "nl": "{rep} zegt dat je niet hun manager bent, dus de 1-op-1's die je met hen plande "
        "zijn gestopt. Een admin legt vast wie wie leidt met `/oneonone manager @rep @manager`.",
    },
    # What the nudges compose from the account plan
    "nudge.plan_line": {
        "en": "{year} ({plan_status}): {won} of {target} new clients, {expected} expected "
        "by now: {status} · value won {value}",
        "nl": "{year} ({plan_status}): {won} van {target} nieuwe klanten, {expected} "
        "verwacht tot nu toe: {status} · gewonnen waarde {value}",
    },
    "nudge.plan_upcoming": {
        "en": "{year} ({plan_status}): {target} new clients, counted from 1 January",
        "nl": "{year} ({plan_status}): {target} nieuwe klanten, te tellen vanaf 1 januari",
    },
    "nudge.pace.ahead": {"en": "ahead of pace 🚀", "nl": "voor op schema 🚀"},
    "nudge.pace.on_track": {"en": "on track ✅", "nl": "op schema ✅"},
    "nudge.pace.behind": {"en": "behind pace ⚠️", "nl": "achter op schema ⚠️"},
    "nudge.pace.done": {"en": "target reached 🎉", "nl": "doel gehaald 🎉"},
    "nudge.plan_status.draft": {"en": "draft, not agreed yet", "nl": "concept, nog niet akkoord"},
    "nudge.plan_status.agreed": {"en": "agreed", "nl": "akkoord"},
}
