"""Finding what the domain apps contribute, so that core names none of them.

An app contributes by having a module of a known name (`urls`, `staff_urls`, `api`), or by
registering with one of core's hooks (`worklist`, `navigation`, `demo.registry`, `jobs`)
in its `AppConfig.ready()`.
"""

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps

# Apps that are part of the platform itself; every other `querschnitt.*` app is a domain app.
PLATFORM_APPS = ("querschnitt.core", "querschnitt.accounts", "querschnitt.portal")


def project_app_names() -> list[str]:
    """The module names of Querschnitt's own apps, in the order of INSTALLED_APPS."""
    return [
        config.name for config in apps.get_app_configs() if config.name.startswith("querschnitt.")
    ]


def app_modules(module: str, *, domain_only: bool = False) -> list[ModuleType]:
    """`<app>.<module>` of every project app that has one, in the order of INSTALLED_APPS."""
    found = []
    for name in project_app_names():
        if domain_only and name in PLATFORM_APPS:
            continue
        if find_spec(f"{name}.{module}") is not None:
            found.append(import_module(f"{name}.{module}"))
    return found
