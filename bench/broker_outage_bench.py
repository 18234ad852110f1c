"""Benchmark of a state change while Redis (broker and cache) is refused or hung (issue 11).

    .venv/bin/python bench/broker_outage_bench.py [--members 22] [--write]

Migrates a temporary SQLite database (or DATABASE_URL when set), creates `--members` committee members
and times `request_forward` (which notifies every one of them) and `request_decide` three ways: Redis
refusing connections (nothing listening on the port), Redis hung (a socket that accepts and never
answers, as a Redis stopped with SIGSTOP), and for reference with tasks in-process. The target: every
state change answers within about a second, whatever the number of recipients. `--write` records the
figures in bench/RESULTS-production.md (section "Broker outage").
"""

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def hung_port():
    """A listening socket that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held = []

    def accept():
        while True:
            conn, _ = server.accept()
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    return server.getsockname()[1], server


def refused_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=22)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="outage-bench-")
    port, _server = hung_port()
    os.environ.update(DJANGO_SETTINGS_MODULE="mieux.settings", MIEUX_VAR_DIR=var, FAST_PASSWORD_HASHER="true",
                      REDIS_URL=f"redis://127.0.0.1:{port}/0", LOG_LEVEL="ERROR")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from mieux import notifications
    from mieux.celery import app
    from requests_app.services import review
    from tests.factories import InstitutionFactory, MembershipFactory, RequestFactory, UserFactory, body
    from tests.requests_app.review_factories import OPINIONS_ALL_SUPPORT, give_opinions

    institution = InstitutionFactory(country="KE")
    MembershipFactory(user=UserFactory(), institution=institution)
    staff = UserFactory(staff=True)
    codes = ("INTPA", "HOME", "NEAR", "EEAS", "ICMPD")
    members = [UserFactory(role="committee", committee_body=body(codes[n % 5])) for n in range(args.members)]
    first = {code: next(m for m in members if m.committee_body.code == code) for code in codes}

    def point_at(url, eager):
        settings.CELERY_TASK_ALWAYS_EAGER = eager
        app.conf.task_always_eager = eager
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None
        try:
            del app.amqp.producer_pool
        except AttributeError:
            pass
        notifications._broker_down_until = 0.0  # each case starts as a fresh process would

    cases = {
        "refused": (f"redis://127.0.0.1:{refused_port()}/0", False),
        "hung": (f"redis://127.0.0.1:{port}/0", False),
        "in-process": ("memory://localhost/", True),
    }
    rows = []
    point_at("memory://localhost/", True)  # warm-up: templates and queries compiled, not timed
    review.request_forward(actor=staff, request_id=RequestFactory(submitted=True, institution=institution).pk,
                           cover_note="Warm-up.")
    for name, (url, eager) in cases.items():
        point_at(url, eager)
        obj = RequestFactory(submitted=True, institution=institution)
        started = time.monotonic()
        review.request_forward(actor=staff, request_id=obj.pk, cover_note="Eligible.")
        forward = time.monotonic() - started
        give_opinions(first, obj, OPINIONS_ALL_SUPPORT)
        started = time.monotonic()
        review.request_decide(actor=staff, request_id=obj.pk, outcome="approve", explanation="Approved.",
                              justification="")
        decide = time.monotonic() - started
        rows.append((name, forward, decide))
        print(f"{name:11} forward to {args.members} members: {forward:.2f} s   decision: {decide:.2f} s")

    if args.write:
        path = ROOT / "bench" / "RESULTS-production.md"
        text = path.read_text() if path.exists() else "# Production figures\n"
        marker = "\n## Broker outage\n"
        text = text.split(marker)[0].rstrip("\n") + "\n" + marker + (
            f"\n`bench/broker_outage_bench.py --members {args.members}` ("
            f"{os.cpu_count()}-core machine, {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}); "
            "cache and broker on the same Redis, as refused or hung as each other.\n\n"
            "| Redis | forward (notifies every member) | decision |\n|---|---|---|\n"
            + "".join(f"| {n} | {f:.2f} s | {d:.2f} s |\n" for n, f, d in rows)
        )
        path.write_text(text)


if __name__ == "__main__":
    main()
