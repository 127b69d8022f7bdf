"""What each role may do with goals, measures and their controlling (see
`accounts.permissions`). Which measures a person sees beyond the public ones is decided per
object in `measures.access`: a department liaison only those of their own department."""

from querschnitt.accounts.models import Role
from querschnitt.accounts.permissions import ANY_ROLE, OFFICE

PERMISSIONS = {
    # the goal tree, the decision path, the catalogue, imports, the council report
    "measures.manage": OFFICE,
    # proposing a measure and following one's own proposals: working groups and bodies
    # (their members), organisations (their representatives), departments and the office
    "measures.propose": ANY_ROLE,
    # writing progress reports: liaisons for their own department, the office for any
    "measures.report": OFFICE | {Role.DEPARTMENT_LIAISON},
}
