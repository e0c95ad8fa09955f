"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3J9-production-like-secret-with-enough-length-and-entropy-4f8a1c2e9b7d",
    "ALLOWED_HOSTS": "tracker.bangkok.go.th",
}


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_thai_is_the_default_language_and_bangkok_the_time_zone(settings):
    assert settings.LANGUAGE_CODE == "th"
    assert [code for code, _ in settings.LANGUAGES] == ["th", "en"]
    assert settings.TIME_ZONE == "Asia/Bangkok"


@pytest.mark.real_password_hashing
def test_argon2_hashes_passwords(settings):
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_files_go_to_an_s3_compatible_store_when_the_environment_says_so():
    env = PRODUCTION | {
        "FILE_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "tracker-evidence",
        "AWS_S3_ENDPOINT_URL": "https://minio.example.go.th",
        "AWS_ACCESS_KEY_ID": "key",
        "AWS_SECRET_ACCESS_KEY": "secret",
    }
    code = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.querystring_auth);"
        "print(s.url('evidence/abc.pdf', parameters={'ResponseContentDisposition': 'attachment'}))"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    kind, url = result.stdout.strip().splitlines()[-2:]
    assert kind == "S3Storage tracker-evidence private True"
    # A signed URL that expires, asking the store to send the file as an attachment.
    assert url.startswith("https://minio.example.go.th/tracker-evidence/evidence/abc.pdf?")
    query = parse_qs(urlsplit(url).query)
    assert "Signature" in query and 0 < int(query["Expires"][0]) - time.time() <= 61
    assert "response-content-disposition=attachment" in url


def test_files_stay_under_media_root_by_default(settings):
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert settings.EVIDENCE_MAX_BYTES == 20 * 1024 * 1024 and settings.EVIDENCE_MAX_FILES == 20
