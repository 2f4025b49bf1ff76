"""WSGI entry point for gunicorn: `gunicorn samverkan.wsgi`."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from samverkan.lib.env import require_production_secret

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
application = get_wsgi_application()
require_production_secret(secret_key=settings.SECRET_KEY, debug=settings.DEBUG, demo_mode=settings.DEMO_MODE)
