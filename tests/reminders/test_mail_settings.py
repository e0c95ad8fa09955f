"""E-mail settings from EMAIL_URL; the developer's mail folder writes one .eml file per message."""

from email import message_from_bytes, policy

from django.core import mail

from tests.test_settings import PRODUCTION, run_manage

SHOW = "from django.conf import settings as s; print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_HOST_USER, s.DEFAULT_FROM_EMAIL)"


def shown(env: dict[str, str]) -> str:
    result = run_manage("shell", "-c", SHOW, env={"EMAIL_URL": "", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_email_url_names_the_server_and_starttls():
    env = {
        "EMAIL_URL": "smtp+tls://mailer:secret@mail.bangkok.go.th:587",
        "DEFAULT_FROM_EMAIL": "noreply@bangkok.go.th",
    }
    assert shown(env) == (
        "django.core.mail.backends.smtp.EmailBackend mail.bangkok.go.th 587 True mailer noreply@bangkok.go.th"
    )


def test_a_developers_machine_writes_eml_files_and_production_sends_to_the_local_server():
    assert shown({"DEBUG": "true"}).startswith("tracker.mail.EmlFileBackend ")
    assert shown(PRODUCTION).startswith("django.core.mail.backends.smtp.EmailBackend localhost 25 False")
    assert shown({"DEBUG": "true", "EMAIL_URL": "consolemail://"}).startswith(
        "django.core.mail.backends.console.EmailBackend"
    )


def test_one_eml_file_per_message(settings, tmp_path):
    settings.EMAIL_BACKEND = "tracker.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)

    sent = mail.get_connection().send_messages(
        [
            mail.EmailMessage("แจ้งเตือน", f"ข้อความที่ {n}", "noreply@example.org", ["staff@example.org"])
            for n in (1, 2)
        ]
    )

    files = sorted(tmp_path.iterdir())
    assert sent == 2 and [f.suffix for f in files] == [".eml", ".eml"]
    bodies = sorted(message_from_bytes(f.read_bytes(), policy=policy.default).get_content() for f in files)
    assert [b.strip() for b in bodies] == ["ข้อความที่ 1", "ข้อความที่ 2"]
