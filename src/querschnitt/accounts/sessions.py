"""Django's database sessions, with the session row read by plain SQL.

Every signed-in request reads its session; the ORM took several times longer to build that
query than the database to answer it. Saving, ending and cleaning up sessions stay Django's.
Sessions belong to no municipality, so there is no tenancy to keep here.
"""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.utils import timezone

from querschnitt.core.sql_rows import first_row


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self) -> Session | None:
        connection = connections[router.db_for_read(Session)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        row = first_row(Session, "session_key = %s AND expire_date > %s", [self.session_key, now])
        if row is None:
            self._session_key = None
        return row
