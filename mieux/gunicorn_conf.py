"""gunicorn settings of the production topology (`gunicorn -c python:mieux.gunicorn_conf ...`).

The access log names the client by the same rule as the application (TRUSTED_PROXY_COUNT), not the
proxy that connected.
"""

import os

from gunicorn.glogging import Logger

from mieux.middleware import client_address

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
accesslog = "-"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))


class ClientAddressLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = client_address(environ, TRUSTED_PROXY_COUNT) or "-"
        return atoms


logger_class = ClientAddressLogger
