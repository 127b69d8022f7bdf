"""The production static files build: `make run` and deployments run collectstatic with hashed
names, which fails on any reference to a missing file."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def production_static(tmp_path: Path) -> dict[str, str]:
    """The environment of a deployment whose static files were collected into tmp_path."""
    env = {
        **os.environ,
        "QS_VAR_DIR": str(tmp_path),
        "QS_MANIFEST_STATIC": "1",
        "DJANGO_SETTINGS_MODULE": "querschnitt.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return env


def test_collectstatic_with_hashed_names_succeeds(tmp_path: Path) -> None:
    production_static(tmp_path)
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "vendor" / "kern").glob("kern.min.*.css"))


# Every PDF (agendas, minutes, integration reports) links core/pdf.css with `{% static %}`,
# which names the hashed file in production.
READ_PDF_STYLESHEET = """
import django
django.setup()
from django.templatetags.static import static
from querschnitt.core.pdf import BASE_URL, static_fetcher
url = static("core/pdf.css")
assert url != "/static/core/pdf.css", url
print(static_fetcher().fetch(BASE_URL.rstrip("/") + url).read()[:200].decode())
"""


def test_pdf_documents_read_their_stylesheet_under_its_hashed_name(tmp_path: Path) -> None:
    env = production_static(tmp_path)
    result = subprocess.run(  # noqa: S603 (our own script, in the test's environment)
        [sys.executable, "-c", READ_PDF_STYLESHEET],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "@page" in result.stdout
