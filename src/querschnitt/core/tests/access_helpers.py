"""Building blocks of the access matrix, shared by every app's `tests/access_*.py` table.

Each table is a dict `ACCESS`: URL name → (keyword arguments besides the municipality, or a
function returning them; expected status per role). Objects named in the URL belong to
Mannheim, whose roles are below; "other_municipality" is Bamberg's administrator.
"""

MANNHEIM_ROLES = {
    "admin": "admin@mannheim.example",
    "staff": "team@mannheim.example",
    "liaison": "dienststelle@mannheim.example",
    "body_member": "gremium@mannheim.example",
    "representative": "verein@mannheim.example",
}
OTHER_MUNICIPALITY = "admin@bamberg.example"
OPERATOR = "betrieb@querschnitt.example"
ROLES = ["anonymous", *MANNHEIM_ROLES, "other_municipality", "operator"]

ANY_ROLE = tuple(MANNHEIM_ROLES)
OFFICE = ("admin", "staff")
ADMIN = ("admin",)


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def staff(*allowed: str, ok: int = 200) -> dict[str, int]:
    """Anonymous → sign in; another municipality → 404; a role without the permission → 403."""
    expected = {role: (ok if role in allowed else 403) for role in MANNHEIM_ROLES}
    return {"anonymous": 302, "other_municipality": 404, "operator": ok, **expected}
