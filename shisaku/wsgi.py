"""The WSGI application gunicorn serves.

In production it refuses to load when the settings are unsafe (DEBUG on, a missing or weak
SECRET_KEY, no ALLOWED_HOSTS: shisaku/core/checks.py), so no worker can serve them.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shisaku.settings")
application = get_wsgi_application()


def _refuse_unsafe_production_settings() -> None:
    from shisaku.core.checks import production_errors

    errors = production_errors()
    if errors:
        raise ImproperlyConfigured(
            "Shisaku refuses to serve with these production settings:\n"
            + "\n".join(f"  {error.id}: {error.msg} {error.hint}" for error in errors))


_refuse_unsafe_production_settings()
