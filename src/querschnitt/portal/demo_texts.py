"""Texts of the public pages for the demo municipalities."""


def accessibility_statement(name: str, email: str) -> dict[str, str]:
    return {
        "de": (
            f"Die Stadt {name} ist bemüht, diese Integrationsplattform im Einklang mit der "
            "Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu "
            "machen.\n\n"
            "Stand der Vereinbarkeit: Diese Website ist mit den Anforderungen der BITV 2.0 "
            "(EN 301 549, WCAG 2.1 Stufe AA) weitgehend vereinbar. Die Seiten werden bei jeder "
            "Änderung automatisch mit axe-core geprüft und mit der Tastatur bedient.\n\n"
            "Nicht barrierefreie Inhalte: Texte, die noch nicht übersetzt sind, erscheinen in "
            "deutscher Sprache und sind als solche gekennzeichnet. Ein Video in "
            "Gebärdensprache fehlt noch.\n\n"
            f"Feedback und Kontakt: Barrieren melden Sie über das Formular „Barriere melden“ "
            f"oder per E-Mail an {email}."
        ),
        "en": (
            f"The City of {name} endeavours to make this integration platform accessible in "
            "accordance with the German accessibility regulation (BITV 2.0).\n\n"
            "Compliance status: this website is largely compliant with BITV 2.0 (EN 301 549, "
            "WCAG 2.1 level AA). Its pages are checked automatically with axe-core on every "
            "change and operated with the keyboard.\n\n"
            "Content that is not accessible: texts that have not been translated yet appear in "
            "German and are marked as such. A video in sign language is still missing.\n\n"
            f"Feedback and contact: report barriers with the form “Report a barrier” or by "
            f"e-mail to {email}."
        ),
    }


def imprint(name: str, office: str, address: str, email: str) -> dict[str, str]:
    return {
        "de": (
            f"Herausgeberin: Stadt {name}, {office}.\n\n{address}\n\nE-Mail: {email}\n\n"
            "Dies ist eine Demonstration der Software Querschnitt mit Beispieldaten. Adressen "
            "und Telefonnummern sind nicht echt."
        ),
        "en": (
            f"Published by the City of {name}, {office}.\n\n{address}\n\nE-mail: {email}\n\n"
            "This is a demonstration of the Querschnitt software with example data. Addresses "
            "and telephone numbers are not real."
        ),
    }


def privacy(office: str) -> dict[str, str]:
    return {
        "de": (
            f"Verantwortlich für die Verarbeitung personenbezogener Daten: {office}.\n\n"
            "Beim Besuch der öffentlichen Seiten speichern wir nur die gewählte Sprache in einem "
            "Cookie. Wer sich anmeldet, erhält ein Sitzungs-Cookie. Wir setzen keine "
            "Analysewerkzeuge und keine Dienste Dritter ein.\n\n"
            "Daten, die Sie uns über ein Formular senden, verwenden wir nur, um Ihr Anliegen zu "
            "bearbeiten (Art. 6 Abs. 1 lit. e DSGVO)."
        ),
        "en": (
            f"Controller for the processing of personal data: {office}.\n\n"
            "When you visit the public pages we store only the chosen language in a cookie. "
            "Signing in sets a session cookie. We use no analytics and no third-party services.\n\n"
            "Data you send us through a form is used only to deal with your request "
            "(Art. 6(1)(e) GDPR)."
        ),
    }


def easy_language(name: str, office: str) -> dict[str, str]:
    return {
        "de": (
            f"Das ist die Internet-Seite von der Stadt {name} zum Thema Integration.\n\n"
            "Integration heißt: Alle Menschen in der Stadt leben gut zusammen. "
            "Auch Menschen, die neu in die Stadt kommen.\n\n"
            f"Das Büro für Integration heißt: {office}.\n"
            "Das Büro hilft Menschen und Vereinen. "
            "Das Büro bringt Menschen und Gruppen zusammen.\n\n"
            "So finden Sie sich auf der Seite zurecht:\n"
            "Oben steht der Name von der Stadt. Damit kommen Sie immer zur Start-Seite.\n"
            "Oben können Sie auch die Sprache wählen.\n"
            "Unten auf jeder Seite stehen wichtige Links.\n\n"
            "Barriere-Freiheit:\n"
            "Wir wollen: Alle Menschen können die Seite gut benutzen. "
            "Auch Menschen mit Behinderung. "
            "Haben Sie ein Problem mit der Seite? "
            "Dann schreiben Sie uns. "
            "Unten auf jeder Seite steht der Link: Barriere melden.\n\n"
            "Mehr Informationen stehen in der Erklärung zur Barriere-Freiheit. "
            "Die Erklärung ist in schwerer Sprache."
        ),
    }
