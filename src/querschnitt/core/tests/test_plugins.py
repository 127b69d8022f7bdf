"""Core knows no domain app: apps plug in through hooks (`core.discovery`)."""

import ast
from pathlib import Path

import querschnitt
from querschnitt.core.discovery import PLATFORM_APPS, project_app_names
from querschnitt.core.navigation import staff_links


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_platform_apps_import_no_domain_app() -> None:
    domain_apps = [name for name in project_app_names() if name not in PLATFORM_APPS]
    assert "querschnitt.network" in domain_apps
    root = Path(querschnitt.__file__).parent
    offenders = []
    for platform_app in PLATFORM_APPS:
        for path in (root / platform_app.split(".")[1]).rglob("*.py"):
            if "tests" in path.parts:
                continue
            for module in imported_modules(path):
                if any(module == app or module.startswith(f"{app}.") for app in domain_apps):
                    offenders.append(f"{path.relative_to(root)} imports {module}")
    assert offenders == []


def test_every_staff_link_names_a_known_permission_and_url() -> None:
    from django.urls import reverse

    from querschnitt.accounts.permissions import PERMISSIONS

    for link in staff_links:
        assert link.permission in PERMISSIONS, link
        assert reverse(link.url_name, kwargs={"municipality": "mannheim"})
