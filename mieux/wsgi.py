"""The WSGI application (gunicorn in production, runserver in development).

Once the application is loaded, with every view module imported through the URLconf, the objects
alive at that point (modules, classes, functions: some 200,000) are moved out of the cyclic garbage
collector's sight with `gc.freeze()`. They live as long as the process; without it, each full
collection walked them all, every few dozen requests, 70-80 ms that fell on whichever visitor was
being served (bench/RESULTS.md).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports the view modules now, before the freeze
gc.collect()
gc.freeze()
