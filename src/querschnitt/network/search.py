"""Full-text search of organisations (to be refined: German stemming, typo tolerance, indexes)."""

import unicodedata

from django.db.models import Q, QuerySet

from querschnitt.network.models import Organisation


def normalise(text: str) -> str:
    """Lower case, umlauts folded (ä → ae …), accents removed."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def build_search_text(organisation: Organisation) -> str:
    """The words an organisation is found by."""
    parts = [organisation.name, organisation.city, organisation.street]
    parts += [text for text in (organisation.description or {}).values() if text]
    return normalise(" ".join(part for part in parts if part))


def search(queryset: QuerySet[Organisation], query: str) -> QuerySet[Organisation]:
    condition = Q()
    for word in normalise(query).split():
        condition &= Q(search_text__contains=word)
    return queryset.filter(condition)
