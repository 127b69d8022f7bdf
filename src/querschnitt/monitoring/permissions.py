"""What each role may do with the integration monitoring (see `accounts.permissions`).

The office manages sources, areas, indicators, reports and the open-data settings. Imports
are open to department liaisons as well: the statistics office (and a department that owns a
figure, such as the school office) gets the existing department liaison role for its
department and can upload its tables and register extracts, see the import reports and the
figures' tables with their true counts (which never leave the administration), but cannot
change definitions or publish reports.
"""

from querschnitt.accounts.models import Role
from querschnitt.accounts.permissions import OFFICE

PERMISSIONS = {
    "monitoring.manage": OFFICE,
    "monitoring.import": OFFICE | {Role.DEPARTMENT_LIAISON},
}
