"""Files in an S3-compatible bucket: the settings read from the environment, and signed,
short-lived addresses that carry the type and disposition. Nothing here reaches the network:
signing an address is local computation."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.storage import storages
from django.test import override_settings

from querschnitt.core.files import stored_file_response

ROOT = Path(__file__).resolve().parents[4]
S3_ENV = {
    "QS_STORAGE": "s3",
    "QS_S3_BUCKET": "querschnitt-files",
    "QS_S3_ENDPOINT_URL": "https://s3.example.test",
    "QS_S3_REGION": "eu-central-1",
    "QS_S3_ACCESS_KEY_ID": "test-key",
    "QS_S3_SECRET_ACCESS_KEY": "test-secret",
    "QS_S3_PREFIX": "uploads",
    "QS_S3_URL_SECONDS": "120",
}
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "class": type(default_storage._wrapped if hasattr(default_storage, "_wrapped") else
                  default_storage).__name__,
    "img_src": settings.SECURE_CSP["img-src"],
    "url": default_storage.url("mannheim/logos/abc/logo.png"),
}))
"""


def settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QS_S3_")}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE],
        env={
            **clean,
            **env,
            "DJANGO_SETTINGS_MODULE": "querschnitt.settings",
            "PYTHONPATH": str(ROOT / "src"),
            "AWS_EC2_METADATA_DISABLED": "true",
        },
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_the_bucket_is_configured_from_the_environment() -> None:
    result = settings_with(S3_ENV)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["storage"]["OPTIONS"]
    assert options["bucket_name"] == "querschnitt-files"
    assert options["endpoint_url"] == "https://s3.example.test"
    assert options["location"] == "uploads"
    assert options["querystring_expire"] == 120
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
    assert "https://s3.example.test" in found["img_src"]
    url = urlsplit(found["url"])
    assert url.netloc in {"s3.example.test", "querschnitt-files.s3.example.test"}
    assert "uploads/mannheim/logos/abc/logo.png" in url.path
    assert parse_qs(url.query)["X-Amz-Expires"] == ["120"]


def test_a_bucket_without_a_name_stops_the_start_with_a_reason() -> None:
    result = settings_with({**S3_ENV, "QS_S3_BUCKET": ""})
    assert result.returncode != 0
    assert "QS_S3_BUCKET must be set" in result.stderr
    assert "must be 'local' or 's3'" in settings_with({"QS_STORAGE": "ftp"}).stderr


def test_the_embedded_setup_stores_files_on_disk(settings) -> None:
    assert settings.STORAGES["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


S3_STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "querschnitt-files",
            "endpoint_url": "https://s3.example.test",
            "region_name": "eu-central-1",
            "access_key": "test-key",
            "secret_key": "test-secret",
            "signature_version": "s3v4",
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.mark.parametrize(
    ("mime_type", "disposition"),
    [("image/png", "inline"), ("application/pdf", "attachment")],
)
def test_a_file_in_the_bucket_is_a_redirect_to_a_signed_short_lived_address(
    mime_type: str, disposition: str
) -> None:
    with override_settings(STORAGES=S3_STORAGES):
        response = stored_file_response(
            "mannheim/papers/abc/protokoll.pdf",
            file_name="Protokoll.pdf",
            mime_type=mime_type,
            storage=storages["default"],
        )
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["response-content-type"] == [mime_type]
    assert query["response-content-disposition"][0].startswith(disposition)
    assert "X-Amz-Signature" in query
