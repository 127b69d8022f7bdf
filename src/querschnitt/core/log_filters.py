"""Filters for the log configuration in `settings.LOGGING`."""

import logging

from django.core.exceptions import PermissionDenied


class PermissionDeniedOneLine(logging.Filter):
    """A refused request is an everyday event, not an error: log it as one line.

    Django's `django.request` logger passes the PermissionDenied with its traceback; the line
    "Forbidden (Permission denied): /path" says all there is to say.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
