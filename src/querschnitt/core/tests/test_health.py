"""`/healthz` answers 200 with a working database and 503 without one."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[4]


@pytest.mark.django_db
def test_health_check_reports_a_working_database() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_answers_503_when_the_database_is_gone(tmp_path: Path) -> None:
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "querschnitt.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "DATABASE_URL": f"sqlite:///{tmp_path}/missing-directory/db.sqlite3",
        "QS_ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert outcome["body"]["status"] == "unavailable"
