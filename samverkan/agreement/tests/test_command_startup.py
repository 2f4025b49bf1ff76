"""`samverkan agreement-check` starts quickly: without Django's system checks (they import every
view) and without the heavy document libraries, which are imported where a document is made."""

import subprocess
import sys

from django.conf import settings

PROBE = """
import sys
import django
django.setup()
from django.core.management import load_command_class
command = load_command_class("samverkan.agreement", "agreement-check")
print(command.requires_system_checks)
print(sorted(name for name in ("openpyxl", "weasyprint", "altair") if name in sys.modules))
"""


def test_the_agreement_check_needs_neither_the_system_checks_nor_the_document_libraries():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "samverkan.settings", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.splitlines() == ["[]", "[]"], result.stderr[-2000:]
