"""Demo logos: the initials of an organisation on a colour, drawn with Pillow.

About every fourth published organisation gets one, and every organisation a demo
representative keeps. They are chosen by id order and coloured by id, not by name, so that
the demo's names can change without reshuffling the logos. The drawing is deterministic:
a second run finds the same files and changes nothing. An organisation that has a logo of
its own (uploaded while trying the demo) keeps it.
"""

import hashlib
import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_scopes import scopes_disabled

from querschnitt.core.models import Municipality
from querschnitt.network.logos import logo_prefix
from querschnitt.network.models import Organisation, Representative

SIZE = 160
DRAWING = "initials-160-v1"  # change it when the drawing changes, so the files are redrawn
# Dark enough for white letters (contrast of at least 4.5:1).
COLOURS = ["#0b4f8a", "#7a2e8c", "#1d6b3a", "#a23b2a", "#5a4a00", "#00606e", "#8a1f4e", "#3b4a8f"]
SKIPPED_WORDS = {"e.", "v.", "e.v.", "ev", "der", "die", "das", "und", "für", "in", "am", "im"}


def initials(name: str) -> str:
    words = [word for word in name.split() if word.casefold() not in SKIPPED_WORDS]
    letters = [word[0] for word in words if word[0].isalnum()]
    return "".join(letters[:2]).upper() or "?"


def logo_png(text: str, colour: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (SIZE, SIZE), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=68)
    draw.text((SIZE / 2, SIZE / 2), text, fill="#ffffff", font=font, anchor="mm")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def load_demo_logos(municipality: Municipality, city: dict[str, Any]) -> None:
    """Attach the demo logos of one municipality (idempotent)."""
    prefix = logo_prefix(municipality)
    with scopes_disabled():
        organisations = list(
            Organisation.objects.filter(
                municipality=municipality, status=Organisation.Status.PUBLISHED
            )
            .order_by("id")
            .only("id", "name", "logo")
        )
        represented = set(
            Representative.objects.filter(municipality=municipality).values_list(
                "organisation_id", flat=True
            )
        )
        changed = []
        for position, organisation in enumerate(organisations):
            current = organisation.logo.name or ""
            wanted = position % 4 == 0 or organisation.pk in represented
            if not wanted or (current and not current.startswith(f"{prefix}demo-")):
                continue
            text, colour = initials(organisation.name), COLOURS[organisation.pk % len(COLOURS)]
            # The name follows what is drawn, so a second run draws nothing.
            digest = hashlib.sha256(f"{DRAWING}|{text}|{colour}".encode()).hexdigest()[:16]
            name = f"{prefix}demo-{organisation.pk}-{digest}/logo.png"
            if current == name and default_storage.exists(name):
                continue
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(logo_png(text, colour)))
            if current != name:
                if current:
                    default_storage.delete(current)
                organisation.logo.name = name
                changed.append(organisation)
        Organisation.objects.bulk_update(changed, ["logo"], batch_size=200)
