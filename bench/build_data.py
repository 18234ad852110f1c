"""Build a benchmark database of a given size with bulk inserts (no per-row save, no history rows).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_large .venv/bin/python bench/build_data.py --requests 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_small .venv/bin/python bench/build_data.py --requests 1000

Creates the database if missing and runs the migrations, then, for N requests: N/20 institutions, N
requests (half approved, the rest decided, open or withdrawn; one to three countries, one or two
thematic areas), N/2 Actions (two thirds published), 2N activities (four per Action, spread over
2008-2027), max(140, N/10) experts and about 3.3N deployments (completed with feedback for delivered
activities, booked or proposed for the others). Then it fills the derived tables (request countries,
expert track records) with the same functions a deployment runs, and VACUUM ANALYZEs. A staff account
`bench-staff@example.org` (password `bench-staff`) is created for the staff pages.

Refuses to run on a database that already holds requests (use a fresh name, or `--force`).
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")

COUNTRIES = ("KE GH SN NG ET MA TZ UG CI CM BD PK LK NP KH VN AM AZ GE MD UA JO LB TN EG MX CO PE EC AR "
             "BR BO GT HN SV DO JM PH ID TH MY LA MM AF IQ SY YE SD SS ML NE BF TD MR GN SL LR ZM ZW MW MZ "
             "AO NA BW ZA MG MU CV ST GW").split()
EU = "FR DE ES IT PT BE NL SE PL RO AT IE FI DK CZ GR".split()
LANGS = ["en", "fr", "es", "pt", "ar", "ru", "de", "it"]
LEVELS = ["B1", "B2", "C1", "C2", "native"]
FIRST = "Ana Jan Maria Lars Giulia Pieter Sophie Kwame Amina Youssef Grace Carlos Nino Rania Lucía Oksana Ahmed".split()
LAST = "Laurent Kowalski García Andersson Romano Vries Diallo Mensah Amrani Wanjiru Mendoza Beridze Haddad Rojas".split()
WORDS = ("asylum reception border management labour migration trafficking return reintegration diaspora "
         "data statistics legal framework capacity training consular visa integration protection children "
         "smuggling remittances mobility coordination strategy awareness campaign referral").split()
BATCH = 5000


def ensure_database(url):
    import psycopg

    name = url.rsplit("/", 1)[-1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)


def timed(label, started):
    print(f"{label}: {time.monotonic() - started:.1f} s", flush=True)


def build(n_requests, rng):  # noqa: C901, PLR0915 - one linear recipe
    from django.utils import timezone

    from actions.models import Action, ActionStatus, Activity, ActivityStatus
    from experts.models import Deployment, DeploymentStatus, Expert, ExpertLanguage
    from mieux.models import (
        ActivityType,
        EmployerType,
        InstitutionType,
        Phase,
        Region,
        Role,
        ThematicArea,
        User,
    )
    from requests_app.models import Institution, Request, RequestStatus

    started = time.monotonic()
    tz = datetime.UTC
    regions = list(Region.objects.all())
    areas = list(ThematicArea.objects.all())
    phases = list(Phase.objects.all())
    types = list(ActivityType.objects.all())
    inst_types = list(InstitutionType.objects.all())
    employer_types = list(EmployerType.objects.all())

    if not User.objects.filter(email="bench-staff@example.org").exists():
        User.objects.create_user("bench-staff@example.org", "bench-staff", role=Role.STAFF, full_name="Bench Staff")

    n_inst = max(20, n_requests // 20)
    bulk(Institution, [
        Institution(name=f"Institution {i:06d}", type=rng.choice(inst_types), country=rng.choice(COUNTRIES))
        for i in range(n_inst)
    ])
    institutions = list(Institution.objects.values_list("pk", flat=True))
    timed("institutions", started)

    statuses = ([RequestStatus.REJECTED] * 16 + [RequestStatus.INELIGIBLE] * 10 + [RequestStatus.WITHDRAWN] * 6
                + [RequestStatus.SUBMITTED] * 6 + [RequestStatus.IN_REVIEW] * 6 + [RequestStatus.INFO_REQUESTED] * 3
                + [RequestStatus.DRAFT] * 3)
    n_actions = n_requests // 2
    requests = []
    for i in range(n_requests):
        approved = i % 2 == 0 and len(requests) // 2 < n_actions
        status = RequestStatus.APPROVED if approved else rng.choice(statuses)
        submitted = datetime.datetime(2008, 1, 1, tzinfo=tz) + datetime.timedelta(days=rng.randrange(0, 365 * 19))
        decided = submitted + datetime.timedelta(days=rng.randrange(10, 200))
        requests.append(Request(
            reference=None if status == RequestStatus.DRAFT else f"REQ-{i:07d}",
            institution_id=rng.choice(institutions), status=status, phase=rng.choice(phases),
            region=rng.choice(regions), title=f"Request {i}: {words(rng, 5)}",
            countries=rng.sample(COUNTRIES, rng.choice((1, 1, 1, 2, 3))), background=words(rng, 30),
            objectives=words(rng, 20), created_at=submitted - datetime.timedelta(days=3),
            submitted_at=None if status == RequestStatus.DRAFT else submitted,
            last_submitted_at=None if status == RequestStatus.DRAFT else submitted,
            decided_at=decided if status in (RequestStatus.APPROVED, RequestStatus.REJECTED,
                                             RequestStatus.INELIGIBLE) else None,
        ))
    bulk(Request, requests)
    request_rows = list(Request.objects.order_by("pk").values_list("pk", "status", "institution_id", "countries",
                                                                   "region_id", "phase_id", "title"))
    through = Request.thematic_areas.through
    bulk(through, [through(request_id=pk, thematicarea_id=a.pk) for pk, *_ in request_rows
                   for a in rng.sample(areas, rng.choice((1, 2)))])
    timed("requests", started)

    actions = []
    approved = [row for row in request_rows if row[1] == RequestStatus.APPROVED]
    for i, (pk, _, institution_id, countries, region_id, phase_id, title) in enumerate(approved):
        start = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 19))
        end = start + datetime.timedelta(days=rng.randrange(90, 720))
        status = (ActionStatus.COMPLETED if end < datetime.date(2026, 1, 1)
                  else rng.choice((ActionStatus.ONGOING, ActionStatus.ONGOING, ActionStatus.PLANNED)))
        public = i % 3 != 2 and status != ActionStatus.PLANNED
        codes = countries.split(",") if isinstance(countries, str) else [str(c) for c in countries]
        actions.append(Action(
            code=f"MIEUX-{start.year}-{i:06d}-{codes[0]}", request_id=pk, institution_id=institution_id,
            title=title.split(": ", 1)[-1].capitalize(), countries=codes, region_id=region_id, phase_id=phase_id,
            objectives=words(rng, 20), summary=words(rng, 25), planned_start=start, planned_end=end,
            actual_start=start if status != ActionStatus.PLANNED else None,
            actual_end=end if status == ActionStatus.COMPLETED else None, status=status, is_public=public,
            published_at=datetime.datetime.combine(start, datetime.time(9), tzinfo=tz) if public else None,
        ))
    bulk(Action, actions)
    action_rows = list(Action.objects.order_by("pk").values_list("pk", "planned_start", "planned_end", "status",
                                                                 "countries"))
    through = Action.thematic_areas.through
    bulk(through, [through(action_id=row[0], thematicarea_id=a.pk) for row in action_rows
                   for a in rng.sample(areas, rng.choice((1, 2)))])
    timed("actions", started)

    activities = []
    n_activities = 2 * n_requests
    per_action = n_activities // max(1, len(action_rows))
    extra = n_activities - per_action * len(action_rows)
    today = datetime.date(2026, 6, 1)
    for index, (pk, start, end, status, countries) in enumerate(action_rows):
        codes = countries.split(",") if isinstance(countries, str) else [str(c) for c in countries]
        span = max(1, (end - start).days - 5)
        for k in range(per_action + (1 if index < extra else 0)):
            day = start + datetime.timedelta(days=rng.randrange(0, span))
            past = day < today
            act_status = (ActivityStatus.DELIVERED if past and status != ActionStatus.CANCELLED
                          else rng.choice((ActivityStatus.PLANNED, ActivityStatus.CONFIRMED)))
            delivered = act_status == ActivityStatus.DELIVERED
            activities.append(Activity(
                action_id=pk, type=rng.choice(types), title=f"Activity {k + 1}: {words(rng, 4)}",
                start_date=day, end_date=day + datetime.timedelta(days=rng.randrange(0, 5)),
                country=rng.choice(codes), city="Capital", required_languages=[rng.choice(LANGS[:4])],
                experts_needed=rng.choice((1, 2, 2, 3)), status=act_status,
                delivered_at=datetime.datetime.combine(day, datetime.time(17), tzinfo=tz) if delivered else None,
                participants_total=rng.randrange(10, 60) if delivered else None,
                historical_feedback_answers=10 if delivered else 0, historical_feedback_yes=8 if delivered else 0,
            ))
    bulk(Activity, activities)
    del activities
    timed("activities", started)

    n_experts = max(140, n_requests // 10)
    bulk(Expert, [
        Expert(first_name=rng.choice(FIRST), last_name=f"{rng.choice(LAST)}-{i}", email=f"expert{i}@example.org",
               nationality=rng.choice(EU + COUNTRIES[:15]), employer_type=rng.choice(employer_types),
               employer=words(rng, 2).title(), position="Senior officer", biography=words(rng, 30),
               countries_experience=rng.sample(COUNTRIES, 3), consent_at=timezone.now(), consent_version="1")
        for i in range(n_experts)
    ])
    expert_ids = list(Expert.objects.order_by("pk").values_list("pk", flat=True))
    through = Expert.thematic_areas.through
    bulk(through, [through(expert_id=pk, thematicarea_id=a.pk) for pk in expert_ids for a in rng.sample(areas, 2)])
    through = Expert.regions_experience.through
    bulk(through, [through(expert_id=pk, region_id=rng.choice(regions).pk) for pk in expert_ids])
    bulk(ExpertLanguage, [ExpertLanguage(expert_id=pk, language=lang, level=rng.choice(LEVELS))
                          for pk in expert_ids for lang in rng.sample(LANGS, 2)])
    timed("experts", started)

    # About 5 deployments for every 3 activities: 1 or 2 per activity, more for the delivered ones.
    deployments = []
    for pk, act_status in Activity.objects.order_by("pk").values_list("pk", "status").iterator(chunk_size=BATCH):
        delivered = act_status == ActivityStatus.DELIVERED
        n = 2 if rng.random() < 0.67 else 1
        for expert_id in rng.sample(expert_ids, n):
            if delivered:
                status = DeploymentStatus.COMPLETED if rng.random() < 0.9 else DeploymentStatus.DECLINED
            else:
                status = rng.choice((DeploymentStatus.PROPOSED, DeploymentStatus.INVITED, DeploymentStatus.ACCEPTED,
                                     DeploymentStatus.CONFIRMED))
            done = status == DeploymentStatus.COMPLETED
            deployments.append(Deployment(
                activity_id=pk, expert_id=expert_id, status=status,
                beneficial=(rng.random() < 0.85) if done and rng.random() < 0.7 else None,
                satisfaction=rng.randrange(3, 6) if done and rng.random() < 0.7 else None,
                staff_rating=rng.randrange(2, 6) if done and rng.random() < 0.8 else None,
            ))
        if len(deployments) >= BATCH * 4:
            bulk(Deployment, deployments)
            deployments = []
    bulk(Deployment, deployments)
    timed("deployments", started)


def derive():
    """Fill the derived tables the application maintains itself (if this version has them)."""
    from django.core.management import call_command

    started = time.monotonic()
    try:
        call_command("refresh_derived_data")
    except Exception as error:  # noqa: BLE001 - an older version has no such command
        print(f"derived data: skipped ({error})")
    timed("derived data", started)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--force", action="store_true")
    parser.add_argument("--derive-only", action="store_true", help="only refresh the derived tables and ANALYZE")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from requests_app.models import Request

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    timed("migrate", started)
    if not args.derive_only:
        if Request.objects.exists() and not args.force:
            sys.exit("This database already holds requests: use a fresh database or --force.")
        build(args.requests, random.Random(args.seed))
    derive()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # index-only scans need the visibility map autovacuum would build
    timed("total", started)


if __name__ == "__main__":
    main()
