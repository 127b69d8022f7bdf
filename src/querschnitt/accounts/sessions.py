"""Django's database sessions, with the session row read by plain SQL.

Every signed-in request reads its session; the ORM took several times longer to build that
query than the database to answer it. The row is read on every request (a session ended or
expired is gone at once, in every process); only what its signed text decodes to is kept, per
that text and the keys it is signed with: the same text under the same keys always decodes
to the same values, and each request gets its own copy of them. Saving, ending and cleaning
up sessions stay Django's. Sessions belong to no municipality, so there is no tenancy to keep
here.
"""

from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from querschnitt.core.selectors import json_copy
from querschnitt.core.sql_rows import rows_of
from querschnitt.core.versioned import kept_elsewhere

MAX_DECODED = 512
# what a session's signed text decoded to, by the text, its salt and the signing keys
_decoded: dict[tuple[Any, ...], dict[str, Any]] = kept_elsewhere({})


class SessionStore(DatabaseSessionStore):
    def load(self) -> dict[str, Any]:
        using = router.db_for_read(Session)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        found = rows_of(
            using,
            f"SELECT session_data FROM {connection.ops.quote_name(Session._meta.db_table)}"  # noqa: S608
            " WHERE session_key = %s AND expire_date > %s",
            [self.session_key, now],
        )
        if not found:
            self._session_key = None
            return {}
        return self.decode(found[0][0])

    def decode(self, session_data: bytes | str) -> dict[str, Any]:
        key = (
            session_data,
            self.key_salt,
            self.serializer,
            settings.SECRET_KEY,
            tuple(settings.SECRET_KEY_FALLBACKS),
        )
        kept = _decoded.get(key)
        if kept is not None:
            return json_copy(kept)
        decoded: dict[str, Any] = super().decode(session_data)
        if decoded:  # a text that does not decode is tried (and reported) every time
            if len(_decoded) >= MAX_DECODED:
                _decoded.clear()
            _decoded[key] = json_copy(decoded)
        return decoded
