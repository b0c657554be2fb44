"""Texts of the yearly account plan (/accountplan), in English and Dutch.

Params that carry user text ({segment}, {approach}, {text}, {currency}) are escaped by the
views; {rep}, {manager} and {user} are Slack mentions.
"""

TEXTS: dict[str, dict[str, str]] = {
    # The modal
    "accountplan.modal.title": {"en": "Account plan {year}", "nl": "Accountplan {year}"},
    "accountplan.modal.submit": {"en": "Save", "nl": "Opslaan"},
    "accountplan.modal.close": {"en": "Cancel", "nl": "Annuleren"},
    "accountplan.modal.intro": {
        "en": "📘 *Your account plan for {year}*\nOne page is enough: how many new clients "
        "you'll win this year, of which kind, with what value, and how.",
        "nl": "📘 *Jouw accountplan voor {year}*\nEén pagina is genoeg: hoeveel nieuwe klanten je "
        "dit jaar binnenhaalt, wat voor klanten, met welke waarde, en hoe je dat aanpakt.",
    },
    "accountplan.modal.help": {
        "en": "You agree this plan with your manager: it's your shared view of the year and a "
        "tool for coaching, not for micro-management. If you change a plan that was already "
        "agreed, it goes back to draft until your manager agrees again.",
        "nl": "Je spreekt dit plan af met je manager: het is jullie gedeelde kijk op het jaar en "
        "een hulpmiddel om te coachen, geen micromanagement. Pas je een plan aan dat al "
        "afgesproken was, dan wordt het weer een concept tot je manager opnieuw akkoord gaat.",
    },
    "accountplan.modal.target": {
        "en": "How many new clients will you win in {year}?",
        "nl": "Hoeveel nieuwe klanten haal je binnen in {year}?",
    },
    "accountplan.modal.target_placeholder": {"en": "e.g. 12", "nl": "bv. 12"},
    "accountplan.modal.segment": {"en": "What kind of clients?", "nl": "Wat voor klanten?"},
    "accountplan.modal.segment_placeholder": {
        "en": "e.g. logistics companies with 50–250 employees",
        "nl": "bv. logistieke bedrijven met 50 à 250 medewerkers",
    },
    "accountplan.modal.value": {"en": "With what value?", "nl": "Met welke waarde?"},
    "accountplan.modal.value_hint": {
        "en": "e.g. 25k, €250,000 or 1.5m.",
        "nl": "bv. 25k, € 250.000 of 1,5m.",
    },
    "accountplan.modal.basis": {"en": "That value is…", "nl": "Die waarde is…"},
    "accountplan.modal.basis_total": {"en": "In total", "nl": "In totaal"},
    "accountplan.modal.basis_per_client": {"en": "Per client", "nl": "Per klant"},
    "accountplan.modal.approach": {"en": "How will you do it?", "nl": "Hoe pak je het aan?"},
    "accountplan.modal.approach_hint": {
        "en": "Which channels, events or referrals; how many prospects you'll contact a week; "
        "who can help you.",
        "nl": "Via welke kanalen, events of doorverwijzingen; hoeveel prospects je per week "
        "benadert; wie je daarbij kan helpen.",
    },
    "accountplan.modal.milestones": {
        "en": "*Milestones* (optional): how many new clients in total by the end of each quarter?",
        "nl": "*Mijlpalen* (niet verplicht): hoeveel nieuwe klanten in totaal aan het einde "
        "van elk kwartaal?",
    },
    "accountplan.modal.quarter": {
        "en": "By the end of Q{quarter} {year}",
        "nl": "Eind Q{quarter} {year}",
    },
    "accountplan.modal.shared": {"en": "Sharing", "nl": "Delen"},
    "accountplan.modal.shared_option": {
        "en": "Show my plan to the whole team",
        "nl": "Toon mijn plan aan het hele team",
    },
    "accountplan.modal.shared_description": {
        "en": "Otherwise only you, your manager and admins see it.",
        "nl": "Anders zien alleen jij, je manager en de admins het.",
    },
    # Validation errors (shown under the field)
    "accountplan.error.required": {"en": "Please fill this in.", "nl": "Vul dit in."},
    "accountplan.error.target.required": {
        "en": "How many new clients will you win? A number is enough.",
        "nl": "Hoeveel nieuwe klanten haal je binnen? Een getal volstaat.",
    },
    "accountplan.error.segment.required": {
        "en": "What kind of clients are you after?",
        "nl": "Wat voor klanten zoek je?",
    },
    "accountplan.error.approach.required": {
        "en": "How will you win them? A few lines are enough.",
        "nl": "Hoe ga je ze binnenhalen? Een paar regels volstaan.",
    },
    "accountplan.error.not_a_number": {
        "en": "“{text}” is not a number. Write a whole number, e.g. `12`.",
        "nl": "“{text}” is geen getal. Schrijf een heel getal, bv. `12`.",
    },
    "accountplan.error.too_small": {
        "en": "This can't be less than {min}.",
        "nl": "Dit kan niet minder zijn dan {min}.",
    },
    "accountplan.error.target.too_small": {
        "en": "Aim for at least {min} new client.",
        "nl": "Mik op minstens {min} nieuwe klant.",
    },
    "accountplan.error.too_large": {
        "en": "That's more than {max}; check the number.",
        "nl": "Dat is meer dan {max}; kijk het getal nog eens na.",
    },
    "accountplan.error.too_long": {
        "en": "This is {length} characters long; the limit is {max}.",
        "nl": "Dit is {length} tekens lang; het maximum is {max}.",
    },
    "accountplan.error.milestone_over_target": {
        "en": "That's more than your target of {target} new clients.",
        "nl": "Dat is meer dan je doel van {target} nieuwe klanten.",
    },
    "accountplan.error.milestones_decrease": {
        "en": "Milestones add up: each one is the total so far, so this can't be lower than "
        "Q{quarter} ({value}).",
        "nl": "Mijlpalen tellen op: elke mijlpaal is het totaal tot dan, dus dit kan niet lager "
        "zijn dan Q{quarter} ({value}).",
    },
    "accountplan.error.bad_amount": {
        "en": "“{text}” is not a value I can read. Use e.g. `25000`, `25k`, `1.5m` or `€25,000`.",
        "nl": "“{text}” is geen waarde die ik kan lezen. Gebruik bv. `25000`, `25k`, `1,5m` of "
        "`€ 25.000`.",
    },
    "accountplan.error.unknown_currency": {
        "en": "“{currency}” is not a currency I know. Use a code such as EUR, USD or GBP.",
        "nl": "“{currency}” is geen munteenheid die ik ken. Gebruik een code zoals EUR, USD of "
        "GBP.",
    },
    "accountplan.error.negative_amount": {
        "en": "The value can't be negative.",
        "nl": "De waarde kan niet negatief zijn.",
    },
    "accountplan.error.zero_amount": {
        "en": "The value is zero. Leave it empty if you don't know it yet.",
        "nl": "De waarde is nul. Laat het veld leeg als je die nog niet weet.",
    },
    "accountplan.error.absurd_amount": {
        "en": "That's more than {max}; check the number of zeros.",
        "nl": "Dat is meer dan {max}; kijk het aantal nullen nog eens na.",
    },
    "accountplan.error.unknown": {
        "en": "This doesn't look right; please check it.",
        "nl": "Dit klopt niet helemaal; kijk het nog eens na.",
    },
    # The plan as shown
    "accountplan.title.own": {
        "en": "📘 *Your account plan for {year}*",
        "nl": "📘 *Jouw accountplan voor {year}*",
    },
    "accountplan.title.other": {
        "en": "📘 *{rep}'s account plan for {year}*",
        "nl": "📘 *Accountplan {year} van {rep}*",
    },
    "accountplan.fallback": {
        "en": "{rep}'s account plan for {year}",
        "nl": "Accountplan {year} van {rep}",
    },
    "accountplan.status.draft": {
        "en": "📝 *Draft*: not agreed with {manager} yet",
        "nl": "📝 *Concept*: nog niet afgesproken met {manager}",
    },
    "accountplan.status.draft_no_manager": {
        "en": "📝 *Draft*: not agreed with a manager yet",
        "nl": "📝 *Concept*: nog niet afgesproken met een manager",
    },
    "accountplan.status.agreed": {
        "en": "✅ *Agreed*: {user} agreed it on {date}",
        "nl": "✅ *Afgesproken*: {user} ging akkoord op {date}",
    },
    "accountplan.status.agreed_plain": {"en": "✅ *Agreed*", "nl": "✅ *Afgesproken*"},
    "accountplan.field.target": {
        "en": "*New clients:* {count}",
        "nl": "*Nieuwe klanten:* {count}",
    },
    "accountplan.field.segment": {
        "en": "*Kind of clients:* {segment}",
        "nl": "*Soort klanten:* {segment}",
    },
    "accountplan.field.value.total": {
        "en": "*Value:* {value} in total",
        "nl": "*Waarde:* {value} in totaal",
    },
    "accountplan.field.value.per_client": {
        "en": "*Value:* {value} per client",
        "nl": "*Waarde:* {value} per klant",
    },
    "accountplan.field.value.plain": {"en": "*Value:* {value}", "nl": "*Waarde:* {value}"},
    "accountplan.field.milestones": {
        "en": "*Milestones* (new clients in total): {milestones}",
        "nl": "*Mijlpalen* (nieuwe klanten in totaal): {milestones}",
    },
    "accountplan.milestone": {"en": "Q{quarter}: {count}", "nl": "Q{quarter}: {count}"},
    "accountplan.field.approach": {
        "en": "*How:*\n{approach}",
        "nl": "*Aanpak:*\n{approach}",
    },
    "accountplan.progress": {
        "en": "📈 *Progress:* {won} of {target} new clients",
        "nl": "📈 *Voortgang:* {won} van {target} nieuwe klanten",
    },
    "accountplan.progress.value": {"en": "{value} won", "nl": "{value} binnengehaald"},
    "accountplan.pace.ahead": {
        "en": "🚀 ahead of pace (the plan says {expected} by today)",
        "nl": "🚀 voor op schema (volgens het plan {expected} tot nu toe)",
    },
    "accountplan.pace.on_track": {
        "en": "👍 on track (the plan says {expected} by today)",
        "nl": "👍 op schema (volgens het plan {expected} tot nu toe)",
    },
    "accountplan.pace.behind": {
        "en": "⏳ behind pace (the plan says {expected} by today)",
        "nl": "⏳ achter op schema (volgens het plan {expected} tot nu toe)",
    },
    "accountplan.pace.done": {
        "en": "🎉 target reached (the plan said {expected} by today)",
        "nl": "🎉 doel gehaald (volgens het plan {expected} tot nu toe)",
    },
    "accountplan.version": {
        "en": "Version {version} · changed by {user} on {date}",
        "nl": "Versie {version} · gewijzigd door {user} op {date}",
    },
    "accountplan.visibility.shared": {
        "en": "👀 shared with the whole team",
        "nl": "👀 gedeeld met het hele team",
    },
    "accountplan.visibility.private": {
        "en": "🔒 only the rep, their manager and admins see it",
        "nl": "🔒 alleen de verkoper, diens manager en de admins zien het",
    },
    # Buttons
    "accountplan.button.edit": {"en": "✏️ Edit plan", "nl": "✏️ Plan aanpassen"},
    "accountplan.button.create": {
        "en": "📘 Write my plan for {year}",
        "nl": "📘 Mijn plan voor {year} schrijven",
    },
    "accountplan.button.share": {"en": "👀 Share with the team", "nl": "👀 Delen met het team"},
    "accountplan.button.unshare": {"en": "🔒 Stop sharing", "nl": "🔒 Niet meer delen"},
    "accountplan.button.agree": {"en": "✅ Agree", "nl": "✅ Akkoord"},
    "accountplan.button.discuss": {
        "en": "💬 Discuss in our 1:1",
        "nl": "💬 Bespreken in onze 1-op-1",
    },
    # The manager's review
    "accountplan.review.new": {
        "en": "📘 {rep} wrote their account plan for {year}. Have a look: agree it, or discuss "
        "it in your next 1:1.",
        "nl": "📘 {rep} heeft een accountplan voor {year} opgesteld. Kijk het even na: ga "
        "akkoord, of bespreek het in jullie volgende 1-op-1.",
    },
    "accountplan.review.updated": {
        "en": "📘 {rep} updated the draft of their account plan for {year}. Have a look: agree "
        "it, or discuss it in your next 1:1.",
        "nl": "📘 {rep} heeft het concept van het accountplan {year} bijgewerkt. Kijk het even "
        "na: ga akkoord, of bespreek het in jullie volgende 1-op-1.",
    },
    "accountplan.review.changed_agreed": {
        "en": "📘 {rep} saved their account plan for {year} (changed since you agreed it), so "
        "it's a draft again. Agree the new version, or discuss it in your next 1:1.",
        "nl": "📘 {rep} heeft het accountplan {year} aangepast sinds je ermee akkoord ging, dus "
        "het is weer een concept. Ga akkoord met de nieuwe versie, of bespreek het in jullie "
        "volgende 1-op-1.",
    },
    "accountplan.review.fallback": {
        "en": "{rep} saved their account plan for {year}",
        "nl": "{rep} heeft het accountplan {year} opgeslagen",
    },
    "accountplan.review.tip": {
        "en": "Agreeing means: this is your shared view of the year. Use it to coach in your "
        "1:1s, not to micro-manage.",
        "nl": "Akkoord gaan betekent: dit is jullie gedeelde kijk op het jaar. Gebruik het om te "
        "coachen in jullie 1-op-1's, niet om te micromanagen.",
    },
    "accountplan.agreed": {
        "en": "✅ You agreed {rep}'s account plan for {year}. I've let them know.",
        "nl": "✅ Je ging akkoord met het accountplan {year} van {rep}. Ik heb het laten weten.",
    },
    "accountplan.discuss": {
        "en": "💬 Noted: you'd like to discuss {rep}'s account plan for {year} in your next 1:1. "
        "I've let them know; the plan stays a draft until you agree it.",
        "nl": "💬 Genoteerd: je wilt het accountplan {year} van {rep} bespreken in jullie "
        "volgende 1-op-1. Ik heb het laten weten; het plan blijft een concept tot je akkoord "
        "gaat.",
    },
    "accountplan.rep_agreed": {
        "en": "✅ {manager} agreed your account plan for {year}. That's your shared view of the "
        "year: go win those new clients! See it any time with `/accountplan`.",
        "nl": "✅ {manager} ging akkoord met je accountplan voor {year}. Dat is jullie gedeelde "
        "kijk op het jaar: op naar die nieuwe klanten! Je vindt het altijd terug met "
        "`/accountplan`.",
    },
    "accountplan.rep_discuss": {
        "en": "💬 {manager} would like to talk through your account plan for {year} in your next "
        "1:1. It stays a draft for now; bring your questions and ideas.",
        "nl": "💬 {manager} wil je accountplan voor {year} graag samen doornemen in jullie "
        "volgende 1-op-1. Tot dan blijft het een concept; neem je vragen en ideeën mee.",
    },
    # After saving
    "accountplan.saved.draft": {
        "en": "💾 Your account plan for {year} is saved as a draft.",
        "nl": "💾 Je accountplan voor {year} is opgeslagen als concept.",
    },
    "accountplan.saved.draft_again": {
        "en": "💾 Saved. Your account plan for {year} was agreed; because you changed it, it's "
        "a draft again.",
        "nl": "💾 Opgeslagen. Je accountplan voor {year} was afgesproken; omdat je het hebt "
        "aangepast, is het weer een concept.",
    },
    "accountplan.saved.agreed": {
        "en": "💾 Saved. Your account plan for {year} stays agreed.",
        "nl": "💾 Opgeslagen. Je accountplan voor {year} blijft afgesproken.",
    },
    "accountplan.saved.asked": {
        "en": "I asked {manager} to agree it.",
        "nl": "Ik heb {manager} gevraagd om akkoord te gaan.",
    },
    "accountplan.saved.no_manager": {
        "en": "You don't have a manager in the bot yet: ask your manager to set up your 1:1s "
        "with `/oneonone`; then they can agree your plan.",
        "nl": "Je hebt nog geen manager in de bot: vraag je manager om jullie 1-op-1's in te "
        "stellen met `/oneonone`; daarna kan die akkoord gaan met je plan.",
    },
    "accountplan.saved.tip": {
        "en": "See your plan any time with `/accountplan`.",
        "nl": "Bekijk je plan altijd met `/accountplan`.",
    },
    # The line under a celebrated win (shared plans only)
    "accountplan.progress_line": {
        "en": "🎯 {won} of {target} new clients on {rep}'s account plan for {year}",
        "nl": "🎯 {won} van {target} nieuwe klanten uit het accountplan {year} van {rep}",
    },
    "accountplan.progress_line_done": {
        "en": "🎉 {won} new clients: {rep} reached the target of {target} on their account plan "
        "for {year}!",
        "nl": "🎉 {won} nieuwe klanten: {rep} heeft het doel van {target} uit het accountplan "
        "{year} gehaald!",
    },
    # Other replies
    "accountplan.not_allowed": {
        "en": "🔒 This account plan isn't shared with the team. Only the rep, their manager and "
        "admins can see it.",
        "nl": "🔒 Dit accountplan is niet gedeeld met het team. Alleen de verkoper, diens "
        "manager en de admins kunnen het bekijken.",
    },
    "accountplan.no_plan.own": {
        "en": "📘 You don't have an account plan for {year} yet. One page is enough: how many new "
        "clients you'll win, of which kind, with what value, and how. Then you agree it with "
        "your manager.",
        "nl": "📘 Je hebt nog geen accountplan voor {year}. Eén pagina is genoeg: hoeveel nieuwe "
        "klanten je binnenhaalt, wat voor klanten, met welke waarde, en hoe. Daarna spreek je "
        "het af met je manager.",
    },
    "accountplan.no_plan.other": {
        "en": "{rep} doesn't have an account plan for {year} yet.",
        "nl": "{rep} heeft nog geen accountplan voor {year}.",
    },
    "accountplan.help.fallback": {
        "en": "How to use /accountplan",
        "nl": "Zo gebruik je /accountplan",
    },
    "accountplan.help.title": {"en": "📘 *Account plans*", "nl": "📘 *Accountplannen*"},
    "accountplan.help.what": {
        "en": "Your account plan says how you'll win new clients this year: how many, of which "
        "kind, with what value, and how. One page is enough. You agree it with your manager and "
        "discuss it in your 1:1s: it's a coaching tool, not micro-management.",
        "nl": "Je accountplan zegt hoe je dit jaar nieuwe klanten binnenhaalt: hoeveel, wat voor "
        "klanten, met welke waarde, en hoe. Eén pagina is genoeg. Je spreekt het af met je "
        "manager en bespreekt het in jullie 1-op-1's: het is een hulpmiddel om te coachen, geen "
        "micromanagement.",
    },
    "accountplan.help.commands": {
        "en": "• `/accountplan`: your plan with progress, pace and an *Edit plan* button; the "
        "form when you have none yet (`/accountplan show` only shows)\n"
        "• `/accountplan edit`: change your plan (or use the *Edit plan* button)\n"
        "• `/accountplan 2027`: your plan for another year; `/accountplan edit 2027` to write "
        "or change it\n"
        "• `/accountplan @anna`: Anna's plan (if she shares it, or you're her manager or an "
        "admin); `/accountplan @anna 2027` for another year\n"
        "• `/accountplan help`: this help",
        "nl": "• `/accountplan`: je plan met voortgang, tempo en een knop *Plan aanpassen*; het "
        "formulier als je er nog geen hebt (`/accountplan toon` toont alleen)\n"
        "• `/accountplan wijzig`: je plan aanpassen (of met de knop *Plan aanpassen*)\n"
        "• `/accountplan 2027`: je plan voor een ander jaar; `/accountplan wijzig 2027` om het "
        "te schrijven of aan te passen\n"
        "• `/accountplan @anna`: het plan van Anna (als ze het deelt, of als je haar manager "
        "of admin bent); `/accountplan @anna 2027` voor een ander jaar\n"
        "• `/accountplan help`: deze uitleg",
    },
    "accountplan.help.year": {
        "en": "🗓️ From 1 December you can write next year's plan: `/accountplan` offers it, "
        "and once it's saved it's the plan `/accountplan` and your Home tab show. In January, "
        "until you have a plan for the new year, you see last year's with an offer to write the "
        "new one. Every year's plan stays available: `/accountplan 2026`.",
        "nl": "🗓️ Vanaf 1 december kun je het plan voor volgend jaar schrijven: `/accountplan` "
        "biedt het aan, en zodra het is opgeslagen tonen `/accountplan` en je Home-tab dat "
        "plan. In januari zie je, zolang je nog geen plan voor het nieuwe jaar hebt, het plan "
        "van vorig jaar met het aanbod om het nieuwe te schrijven. Het plan van elk jaar blijft "
        "beschikbaar: `/accountplan 2026`.",
    },
    # The turn of the year
    "accountplan.offer": {
        "en": "🗓️ *On to {year}!* You don't have an account plan for {year} yet. Write it now "
        "and agree it with your manager.",
        "nl": "🗓️ *Op naar {year}!* Je hebt nog geen accountplan voor {year}. Schrijf het nu en "
        "spreek het af met je manager.",
    },
    "accountplan.also": {
        "en": "Your plan for {year}: `/accountplan {year}`",
        "nl": "Je plan voor {year}: `/accountplan {year}`",
    },
    "accountplan.progress.upcoming": {
        "en": "📈 *Progress:* new clients count from 1 January {year}",
        "nl": "📈 *Voortgang:* nieuwe klanten tellen mee vanaf 1 januari {year}",
    },
    "accountplan.progress.ended": {
        "en": "📈 *Result {year}:* {won} of {target} new clients",
        "nl": "📈 *Resultaat {year}:* {won} van {target} nieuwe klanten",
    },
    "accountplan.result.done": {"en": "🎉 target reached", "nl": "🎉 doel gehaald"},
    "accountplan.shared.on": {
        "en": "👀 Your account plan is now visible to the whole team.",
        "nl": "👀 Je accountplan is nu zichtbaar voor het hele team.",
    },
    "accountplan.shared.off": {
        "en": "🔒 Your account plan is no longer shared: only you, your manager and admins can "
        "see it.",
        "nl": "🔒 Je accountplan is niet meer gedeeld: alleen jij, je manager en de admins "
        "kunnen het zien.",
    },
    "accountplan.changed_since": {
        "en": "{rep} changed the {year} plan after this message; you'll get a new one to agree "
        "to. Nothing was agreed.",
        "nl": "{rep} heeft het plan voor {year} gewijzigd na dit bericht; je krijgt een nieuw "
        "bericht om akkoord te gaan. Er is niets afgesproken.",
    },
    "accountplan.modal.outreach": {
        "en": "New prospects to contact each week (optional)",
        "nl": "Nieuwe prospects om elke week te benaderen (optioneel)",
    },
    "accountplan.modal.outreach_hint": {
        "en": "Your weekly check-in measures against this. Leave it empty and it follows from "
        "your target: 10 contacts per new client, over 46 working weeks.",
        "nl": "Je wekelijkse check-in meet hieraan. Laat je het leeg, dan volgt het uit je doel: "
        "10 contacten per nieuwe klant, over 46 werkweken.",
    },
    "accountplan.field.outreach": {
        "en": "*Outreach:* {count} new prospects a week",
        "nl": "*Prospectie:* {count} nieuwe prospects per week",
    },
    "accountplan.error.outreach.too_small": {
        "en": "Use at least 1 prospect a week, or leave it empty.",
        "nl": "Vul minstens 1 prospect per week in, of laat het leeg.",
    },
}
