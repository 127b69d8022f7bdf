"""Demo data that the apps contribute to each demo municipality.

    from querschnitt.core.demo import registry
    registry.register("network", "querschnitt.network.demo.load_network", order=20)

A loader takes the municipality and the city's description (`core.demo.cities`) and must be
idempotent: `load_demo` runs every loader again on each `make run`. It is named by its dotted
path and imported only when the demo loads: the demo modules pull in what a served page never
needs (the monitoring's demo alone numpy, polars and scipy), and every process would pay for
them at start.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.utils.module_loading import import_string

from querschnitt.core.models import Municipality

Loader = Callable[[Municipality, dict[str, Any]], None]


@dataclass(frozen=True)
class DemoLoader:
    name: str
    path: str
    order: int

    def load(self, municipality: Municipality, city: dict[str, Any]) -> None:
        cast(Loader, import_string(self.path))(municipality, city)


loaders: dict[str, DemoLoader] = {}


def register(name: str, path: str, *, order: int = 100) -> None:
    loaders[name] = DemoLoader(name, path, order)


def ordered() -> list[DemoLoader]:
    return sorted(loaders.values(), key=lambda loader: (loader.order, loader.name))
