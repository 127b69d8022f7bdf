"""Text that people type, made safe for places that cannot isolate it."""

import re

# Unicode's bidirectional formatting characters: marks, embeddings, overrides and isolates.
# In a heading, <bdi> keeps a name's direction to itself; a page title or an e-mail subject
# is plain text without elements, where U+202E in a name would turn the rest of the line
# around ("Verein\u202eexe.gnp" shows as "Vereinpng.exe").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_CONTROL = re.compile(f"[{''.join(sorted(BIDI_CONTROLS))}]")


def without_bidi_controls(text: str) -> str:
    """The text without bidirectional formatting characters."""
    return _CONTROL.sub("", text)
