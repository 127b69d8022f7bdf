"""The production static files build: `make run` and deployments run collectstatic with hashed
names, which fails on any reference to a missing file."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def test_collectstatic_with_hashed_names_succeeds(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QS_VAR_DIR": str(tmp_path),
        "QS_MANIFEST_STATIC": "1",
        "DJANGO_SETTINGS_MODULE": "querschnitt.settings",
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
    assert (tmp_path / "static" / "staticfiles.json").exists()
    assert list((tmp_path / "static" / "vendor" / "kern").glob("kern.min.*.css"))
