"""`makemessages` without fuzzy matching: a guessed translation is worse than none, because a
fuzzy entry is left out of the compiled catalogue and hides that a text needs translating."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
