"""The production topology with real processes: gunicorn (2 workers), a Celery worker and beat in
production mode on PostgreSQL and a Redis of the test's own, behind a simulated TLS proxy.

It builds the static files with hashed names, serves pages with DEBUG off, then lets Redis hang and die
while staff record a decision and an invitation, and checks that every e-mail arrives exactly once after
Redis is back and that the daily digest run twice sends one digest. The figures it measures (first start,
decision times during the outage, e-mails expected/arrived/duplicated) are written to
`<tmp>/figures.json` and printed with `pytest -s`.
"""

import email
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings

from tests.conftest import require_service

ROOT = Path(settings.BASE_DIR)
PYTHON = sys.executable
HOST = "localhost"
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.50"}
START_TIMEOUT = 90

pytestmark = pytest.mark.topology


def _free_port(env_name):
    if os.environ.get(env_name):
        return int(os.environ[env_name])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _recreate_database(base_url):
    import psycopg

    parts = urlsplit(base_url)
    name = f"{parts.path.lstrip('/') or 'mieux'}_topology"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return parts._replace(path=f"/{name}").geturl()


class Topology:
    """The processes of one production site, and what the test needs to talk to them."""

    def __init__(self, workdir, database_url):
        self.workdir = workdir
        self.database_url = database_url
        self.redis_port = _free_port("TOPOLOGY_REDIS_PORT")
        self.web_port = _free_port("TOPOLOGY_WEB_PORT")
        self.mail_dir = workdir / "var" / "mail"
        self.processes = {}
        self.figures = {}
        self.env = {
            **{k: v for k, v in os.environ.items()
               if not k.startswith(("DJANGO_", "CELERY_", "EMAIL_", "CACHE_", "REDIS_", "SECURE_", "ACCOUNT_"))},
            "DJANGO_ENV": "production",
            "DJANGO_SETTINGS_MODULE": "mieux.settings",
            "SECRET_KEY": "topology-" + "s" * 50,
            "ALLOWED_HOSTS": f"{HOST},127.0.0.1",
            "SITE_URL": "https://mieux.test",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "MIEUX_VAR_DIR": str(workdir / "var"),
            "STATIC_ROOT": str(workdir / "static"),
            "TRUSTED_PROXY_COUNT": "1",
            "IATI_REPORTING_ORG_REF": "XM-DAC-47066",
            "MFA_REQUIRED_FOR_PRIVILEGED": "False",
            "OUTBOX_RESEND_SECONDS": "2",
            "CONN_MAX_AGE": "0",
            "LOG_LEVEL": "WARNING",
        }

    # --- processes ------------------------------------------------------------------------------
    def run(self, *args, timeout=300):
        result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True,
                                text=True, timeout=timeout)
        assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start(self, name, command):
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes[name] = (process, log)
        return process

    def stop(self, name, sig=signal.SIGTERM):
        process, log = self.processes.pop(name)
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGCONT)
                os.killpg(process.pid, sig)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        log.close()

    def log_tail(self, name, lines=40):
        path = self.workdir / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def start_redis(self):
        self.start("redis", [shutil.which("redis-server"), "--port", str(self.redis_port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no"])
        self.wait_for(lambda: self._redis_ping(), "redis-server", 30)

    def _redis_ping(self):
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def wait_for(self, condition, what, timeout, names=()):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            for name in names:
                process = self.processes[name][0]
                if process.poll() is not None:
                    pytest.fail(f"{name} exited with {process.returncode}:\n{self.log_tail(name)}")
            time.sleep(0.3)
        logs = "\n".join(f"--- {n}\n{self.log_tail(n)}" for n in names)
        pytest.fail(f"{what} did not happen within {timeout} s\n{logs}")

    def close(self):
        for name in list(self.processes):
            self.stop(name)

    # --- HTTP through the simulated TLS proxy ----------------------------------------------------
    def request(self, method, path, *, cookies=None, data=None, proxy=True, timeout=30):
        headers = {"Host": HOST, **(PROXY_HEADERS if proxy else {})}
        body = None
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{HOST}{path}"
        conn = http.client.HTTPConnection("127.0.0.1", self.web_port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        if cookies is not None:
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content

    def sign_in(self, email_address, password):
        cookies = {}
        status, _, page = self.request("GET", "/accounts/login/", cookies=cookies)
        assert status == 200, page[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, page = self.request(
            "POST", "/accounts/login/", cookies=cookies,
            data={"csrfmiddlewaretoken": token, "login": email_address, "password": password},
        )
        assert status == 302, f"sign-in of {email_address} answered {status}: {page[:800]}"
        return cookies

    def post_form(self, cookies, path, data):
        """GET a page for its CSRF token, POST to `path`; returns (status, seconds)."""
        data = {"csrfmiddlewaretoken": cookies["csrftoken"], **data}
        started = time.monotonic()
        status, _, page = self.request("POST", path, cookies=cookies, data=data)
        return status, time.monotonic() - started, page

    # --- state --------------------------------------------------------------------------------
    def sql(self, query, *params):
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def mails(self):
        """Every e-mail the file backend wrote, parsed."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")) if self.mail_dir.exists() else []:
            for chunk in path.read_text(errors="replace").split("-" * 79 + "\n"):
                if chunk.strip():
                    messages.append(email.message_from_string(chunk))
        return messages

    def unsent(self):
        return self.sql("SELECT count(*) FROM mieux_notification WHERE email_due AND sent_at IS NULL")[0][0]


SETUP = """
import json
from tests.factories import ActivityFactory, ExpertFactory, InstitutionFactory, MembershipFactory, RequestFactory, UserFactory
from tests.requests_app.review_factories import OPINIONS_ALL_SUPPORT, forwarded_request, give_opinions
from tests.factories import body
institution = InstitutionFactory(name="Ministry of Labour", country="KE")
partner = UserFactory(email="partner@example.org", full_name="Amina Partner")
MembershipFactory(user=partner, institution=institution)
staff = UserFactory(staff=True, email="staff@example.org", full_name="Sofia Staff")
members = {code: UserFactory(role="committee", committee_body=body(code), email=f"{code.lower()}@example.org")
           for code in ("INTPA", "HOME", "NEAR", "EEAS", "ICMPD")}
draft = RequestFactory(institution=institution)
in_review = forwarded_request(institution, staff)
give_opinions(members, in_review, OPINIONS_ALL_SUPPORT)
activity = ActivityFactory()
expert = ExpertFactory(email="expert@example.org")
print(json.dumps({"draft": draft.pk, "in_review": in_review.pk, "activity": activity.pk, "expert": expert.pk}))
"""
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    base_url = _postgres_url()
    require_service(base_url is not None, "PostgreSQL (DATABASE_URL=postgres://...)")
    require_service(shutil.which("redis-server") is not None, "redis-server")
    require_service((ROOT / "static" / "vendor" / "leaflet" / "leaflet.js").exists(), "the vendored front-end files")
    site = Topology(tmp_path_factory.mktemp("topology"), _recreate_database(base_url))
    try:
        # The operator's first start on an empty database: migrate, build the static files, first admin.
        started = time.monotonic()
        site.run("migrate", "--noinput")
        site.run("collectstatic", "--noinput")
        site.env["FIRST_ADMIN_PASSWORD"] = "first-admin-" + "p" * 12
        site.run("create_account", "admin@example.org", "--role", "admin", "--password-env", "FIRST_ADMIN_PASSWORD")
        site.figures["first_start_seconds"] = round(time.monotonic() - started, 1)
        site.ids = json.loads(site.run("shell", "-c", SETUP).strip().splitlines()[-1])

        site.start_redis()
        site.start("web", [PYTHON, "-m", "gunicorn", "-c", "python:mieux.gunicorn_conf", "mieux.wsgi:application",
                           "--bind", f"127.0.0.1:{site.web_port}", "--workers", "2"])
        site.start("worker", [PYTHON, "-m", "celery", "-A", "mieux", "worker", "--concurrency", "2",
                              "--loglevel", "info", "--without-mingle", "--without-gossip"])
        site.start("beat", [PYTHON, "-m", "celery", "-A", "mieux", "beat", "--loglevel", "info",
                            "--schedule", str(site.workdir / "beat-schedule")])
        site.wait_for(lambda: site.request("GET", "/healthz/", proxy=False)[0] == 200 if _listening(site.web_port)
                      else False, "gunicorn answering /healthz/", START_TIMEOUT, names=("web",))
        site.wait_for(lambda: "ready." in site.log_tail("worker", 200), "the Celery worker ready", START_TIMEOUT,
                      names=("worker",))
        site.wait_for(lambda: (site.workdir / "beat-schedule").exists() or any(
            site.workdir.glob("beat-schedule*")), "Celery beat started", START_TIMEOUT, names=("beat",))
        yield site
    finally:
        site.close()
        (site.workdir / "figures.json").write_text(json.dumps(site.figures, indent=2))
        print("\nproduction topology figures:", json.dumps(site.figures))


def _listening(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def test_production_build_serves_pages_with_debug_off_behind_the_tls_proxy(topology):
    for path in ("/", "/map/", "/accounts/login/"):
        status, _, page = topology.request("GET", path)
        assert status == 200, f"{path}: {status} {page[:300]}"
    stylesheet = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "hashed static names in production"
    assert topology.request("GET", stylesheet.group(1))[0] == 200
    status, headers, _ = topology.request("GET", "/", proxy=False)
    assert status == 301 and headers["Location"].startswith("https://")
    status, _, body = topology.request("GET", "/healthz/", proxy=False)
    assert status == 200 and json.loads(body)["database"] == "ok"
    assert topology.request("GET", "/no-such-page/")[0] == 404
    # The access log names the client behind the proxy (TRUSTED_PROXY_COUNT=1), not the proxy.
    topology.wait_for(lambda: "203.0.113.50 " in topology.log_tail("web", 50), "the client in the access log", 10)


def test_every_email_arrives_once_across_a_redis_hang_and_outage_and_the_digest_once(topology):
    ids = topology.ids
    partner = topology.sign_in("partner@example.org", PASSWORD)
    status, _, page = topology.post_form(partner, f"/requests/{ids['draft']}/submit/", {})
    assert status == 302, page[:800]
    topology.wait_for(lambda: any(m["To"] == "partner@example.org" for m in topology.mails()),
                      "the acknowledgement e-mailed by the worker", 60, names=("worker",))
    staff = topology.sign_in("staff@example.org", PASSWORD)

    # Redis hangs (SIGSTOP): the decision commits and answers at once; /healthz/ does not hang.
    redis = topology.processes["redis"][0]
    os.kill(redis.pid, signal.SIGSTOP)
    status, seconds, page = topology.post_form(staff, f"/requests/{ids['in_review']}/staff/decide/", {
        "outcome": "approve", "explanation": "Approved: a clear demand.", "justification": "Agreed.",
    })
    assert status == 302, page[:800]
    topology.figures["decision_seconds_redis_hung"] = round(seconds, 2)
    assert seconds < 2
    started = time.monotonic()
    status, _, body = topology.request("GET", "/healthz/", proxy=False)
    topology.figures["healthz_seconds_redis_hung"] = round(time.monotonic() - started, 2)
    assert status == 200 and json.loads(body)["status"] == "degraded"

    # Redis is gone (connection refused): the invitation commits and answers at once too.
    os.kill(redis.pid, signal.SIGKILL)
    topology.stop("redis")
    status, seconds, page = topology.post_form(staff, f"/experts/match/{ids['activity']}/propose/", {
        "expert": ids["expert"], "do": "invite",
    })
    assert status == 302, page[:800]
    topology.figures["invitation_seconds_redis_refused"] = round(seconds, 2)
    assert seconds < 2
    assert topology.request("GET", "/", cookies=dict(staff))[0] == 200
    assert topology.unsent() > 0

    # Redis is back: worker and beat reconnect, the resend sends every waiting e-mail exactly once.
    topology.start_redis()
    topology.wait_for(lambda: topology.unsent() == 0, "the outbox emptied after the outage", 90,
                      names=("worker", "beat"))
    expected = topology.sql("SELECT count(*) FROM mieux_notification WHERE email_due")[0][0]
    time.sleep(3)  # a late duplicate, if any, would land now
    ids_seen = Counter(m["Message-ID"] for m in topology.mails())
    topology.figures.update(emails_expected=expected, emails_arrived=len(ids_seen),
                            emails_duplicated=sum(n - 1 for n in ids_seen.values()))
    assert len(ids_seen) == expected
    assert all(n == 1 for n in ids_seen.values()), ids_seen
    recipients = {m["To"] for m in topology.mails()}
    assert "expert@example.org" in recipients  # the invitation
    assert sum(1 for m in topology.mails() if m["To"] == "partner@example.org") >= 2  # acknowledgement, decision

    # The daily digest job runs twice (two beats, a retry): one digest.
    topology.sql("UPDATE mieux_user SET email_digest = 'daily' WHERE email = 'partner@example.org'")
    topology.sql("UPDATE mieux_notification SET read_at = NULL WHERE recipient_id = "
                 "(SELECT id FROM mieux_user WHERE email = 'partner@example.org')")
    topology.run("shell", "-c", "from mieux.tasks import send_daily_digests as t; t.delay(); t.delay()")
    topology.wait_for(lambda: topology.log_tail("worker", 400).count("mieux.tasks.send_daily_digests[") >= 4,
                      "both digest runs", 60, names=("worker",))
    topology.wait_for(lambda: topology.unsent() == 0, "the digest sent", 60, names=("worker",))
    digests = topology.sql("SELECT id FROM mieux_notification WHERE kind = 'digest'")
    assert len(digests) == 1
    sent = [m for m in topology.mails() if (m["Message-ID"] or "").startswith(f"<outbox-{digests[0][0]}.")]
    topology.figures["digests_after_two_runs"] = len(sent)
    assert len(sent) == 1
