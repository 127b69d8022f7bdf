"""Per-municipality theming of KERN UX, limited to colours that keep WCAG AA contrast."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def validate_accent_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Enter a colour as # followed by six hexadecimal digits."))
    contrast = contrast_with_white(value)
    if contrast < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "This colour has a contrast of %(contrast).1f:1 to white; "
                "at least 4.5:1 is needed for readable text and buttons."
            ),
            params={"contrast": contrast},
        )
