"""An e-mail backend that writes each message to its own `.eml` file, for a developer's machine.

Django's file backend appends every message of a connection to one `.log` file with separators; a `.eml` file
per message opens in any mail program, so a newcomer can read exactly what was sent.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """Writes `<time>-<random>.eml` into `EMAIL_FILE_PATH` (created when missing)."""

    def __init__(self, *args, file_path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_path = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        self.file_path.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.localtime():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
            temporary = self.file_path / f".{name}.part"
            try:
                temporary.write_bytes(message.message().as_bytes(linesep="\r\n"))
                # Whole files only: a reader never sees a half-written message.
                os.replace(temporary, self.file_path / name)
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
