"""The pages that `make audit` (scripts/audit.py) runs Lighthouse over, with their
placeholders filled in from the demo as the script does: for the tests that say an app's
public page types are all audited."""

import importlib.util
from pathlib import Path

from django.test import Client
from django.urls import resolve

SCRIPT = Path(__file__).resolve().parents[4] / "scripts" / "audit.py"


def audited_pages() -> dict[str, str]:
    """The view name (`bodies:paper_detail` …) of every audited address, and the address."""
    spec = importlib.util.spec_from_file_location("querschnitt_audit_script", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    client = Client()

    def read(path: str) -> str:
        response = client.get(path)
        assert response.status_code == 200, path
        return response.content.decode()

    return {
        resolve(path.partition("?")[0]).view_name: path for _, path in script.page_addresses(read)
    }
