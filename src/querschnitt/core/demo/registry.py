"""Demo data that the apps contribute to each demo municipality.

    from querschnitt.core.demo import registry
    registry.register("network", load_network, order=20)

A loader takes the municipality and the city's description (`core.demo.cities`) and must be
idempotent: `load_demo` runs every loader again on each `make run`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from querschnitt.core.models import Municipality

Loader = Callable[[Municipality, dict[str, Any]], None]


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Loader
    order: int


loaders: dict[str, DemoLoader] = {}


def register(name: str, load: Loader, *, order: int = 100) -> None:
    loaders[name] = DemoLoader(name, load, order)


def ordered() -> list[DemoLoader]:
    return sorted(loaders.values(), key=lambda loader: (loader.order, loader.name))
