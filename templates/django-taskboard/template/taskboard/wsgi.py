"""The WSGI application for gunicorn, uWSGI or mod_wsgi: `gunicorn taskboard.wsgi`.

Django starts here; the kit's AppConfig.ready() then connects to Cassandra in this process
(read kit/connection.py before using a forking server's preload option).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskboard.django_settings")

application = get_wsgi_application()
