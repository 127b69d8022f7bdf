"""What a new server process does before it takes its first request.

Django imports the views when the URL map is first used and compiles a template when it is
first rendered: about a second of work that the first visitor of every new gunicorn worker
would wait for (workers are replaced after `max_requests`). `deploy/gunicorn.conf.py` calls
`warm()` in each worker before it accepts connections. It touches no database.

Then it moves everything the process holds so far (~270,000 objects: modules, the URL map,
compiled templates) out of the garbage collector's sight with `gc.freeze()`: they live as long
as the process, and each full collection, which walked all of them, cost one request
~50-150 ms every few thousand requests (docs/speed.md).
"""

import gc
from pathlib import Path

from django.apps import apps
from django.template import engines
from django.urls import get_resolver


def warm() -> int:
    """Import every view and compile every template of the project's apps, then freeze what
    the process holds; return how many templates were compiled."""
    get_resolver().reverse_dict  # noqa: B018 (populating it imports every view module)
    engine = engines["django"]
    compiled = 0
    for name in own_template_names():
        engine.get_template(name)
        compiled += 1
    gc.collect()  # what is garbage now is freed, not frozen
    gc.freeze()
    return compiled


def own_template_names() -> list[str]:
    names = []
    for config in apps.get_app_configs():
        if not config.name.startswith("querschnitt."):
            continue
        folder = Path(config.path) / "templates"
        names += [p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()]
    return sorted(names)
