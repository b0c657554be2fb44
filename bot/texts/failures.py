"""What a person sees when their request could not be handled, in English and Dutch."""

TEXTS: dict[str, dict[str, str]] = {
    "failure.out_of_date": {
        "en": "⌛ This is out of date — open it again.",
        "nl": "⌛ Dit is verouderd — open het opnieuw.",
    },
    "failure.unexpected": {
        "en": "Sorry, something went wrong on my side. Please try again in a minute.",
        "nl": "Sorry, er ging bij mij iets mis. Probeer het over een minuutje opnieuw.",
    },
    "failure.title.out_of_date": {"en": "Out of date", "nl": "Verouderd"},
    "failure.title.unexpected": {"en": "Something went wrong", "nl": "Er ging iets mis"},
}
