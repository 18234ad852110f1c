"""Benchmark of the expert matching: rank 10,000 experts for one activity on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/experts_bench .venv/bin/python bench/matching_bench.py [--experts 10000] [--runs 20] [--write]

Creates the database if missing, runs the migrations, fills it once with a realistic roster (10,000
experts: one to three thematic areas, two or three languages, a few countries of experience, a region;
a fifth with an unavailability period; 6,000 deployments over 400 activities, with feedback) and times
`experts.matching.rank_experts` for several activities: cold first call, then `--runs` warm calls
each. The target is under 100 ms on a 2-core machine whatever the number of deployments. `--existing`
ranks on a database as it is (the 100,000-request one of bench/build_data.py, 334,000 deployments).
`--write` records the figures in bench/RESULTS-matching.md.
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/experts_bench"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux.settings")

COUNTRIES = "KE GH SN NG ET MA TZ UG CI CM BD PK LK NP KH VN AM AZ GE MD UA JO LB TN EG MX CO PE EC AR".split()
EU = "FR DE ES IT PT BE NL SE PL RO AT IE FI DK CZ GR".split()
NON_EU = "MA SN KE GH NG MX CO UA GE JO TN VN BD AR PE".split()
LANGS = ["en", "fr", "es", "pt", "ar", "ru", "de", "it"]
LEVELS = ["A2", "B1", "B2", "C1", "C2", "native"]
FIRST = "Ana Jan Maria Lars Giulia Pieter Sophie Kwame Amina Youssef Grace Carlos Nino Rania Lucía Oksana Ahmed".split()
LAST = "Laurent Kowalski García Andersson Romano Vries Diallo Mensah Amrani Wanjiru Mendoza Beridze Haddad Rojas".split()


def ensure_database(url):
    """Create the benchmark database if it does not exist yet."""
    import psycopg

    name = url.rsplit("/", 1)[-1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def populate(n_experts, rng):
    from django.db import transaction

    from actions.models import Action, Activity
    from experts.models import Deployment, Expert, ExpertLanguage, Unavailability
    from mieux.models import ActivityType, EmployerType, Phase, Region, ThematicArea

    if Expert.objects.filter(ref__startswith="BENCH-").count() >= n_experts:
        return False
    Deployment.objects.filter(expert__ref__startswith="BENCH-").delete()
    Expert.objects.filter(ref__startswith="BENCH-").delete()
    Action.objects.filter(code__startswith="BENCH-").delete()
    areas = list(ThematicArea.objects.all())
    regions = list(Region.objects.all())
    etypes = list(EmployerType.objects.all())
    phase = Phase.objects.order_by("-sort_order").first()
    atype = ActivityType.objects.first()
    with transaction.atomic():
        experts = []
        for i in range(n_experts):
            non_eu = rng.random() < 0.35
            experts.append(Expert(
                ref=f"BENCH-{i:05d}", first_name=rng.choice(FIRST), last_name=f"{rng.choice(LAST)}-{i}",
                email=f"bench{i}@example.org", gender=rng.choice("FFMMX"),
                nationality=rng.choice(NON_EU if non_eu else EU), employer_type=rng.choice(etypes),
                employer="Ministry of the Interior", biography="Expert in migration governance.",
                countries_experience=rng.sample(COUNTRIES, rng.randrange(0, 5)),
                status="active" if rng.random() < 0.95 else "inactive",
            ))
        Expert.objects.bulk_create(experts, batch_size=2000)
        experts = list(Expert.objects.filter(ref__startswith="BENCH-"))
        area_links, region_links, languages, unavailable = [], [], [], []
        today = datetime.date.today()
        for e in experts:
            for a in rng.sample(areas, rng.randrange(1, 4)):
                area_links.append(Expert.thematic_areas.through(expert_id=e.pk, thematicarea_id=a.pk))
            region_links.append(Expert.regions_experience.through(expert_id=e.pk, region_id=rng.choice(regions).pk))
            for code in rng.sample(LANGS, rng.randrange(2, 4)):
                languages.append(ExpertLanguage(expert_id=e.pk, language=code, level=rng.choice(LEVELS)))
            if rng.random() < 0.2:
                start = today + datetime.timedelta(days=rng.randrange(0, 300))
                unavailable.append(Unavailability(expert_id=e.pk, start_date=start, end_date=start + datetime.timedelta(days=rng.randrange(2, 30))))
        Expert.thematic_areas.through.objects.bulk_create(area_links, batch_size=5000)
        Expert.regions_experience.through.objects.bulk_create(region_links, batch_size=5000)
        ExpertLanguage.objects.bulk_create(languages, batch_size=5000)
        Unavailability.objects.bulk_create(unavailable, batch_size=5000)
        activities = []
        for a in range(40):
            region = rng.choice(regions)
            action = Action.objects.create(
                code=f"BENCH-{a:03d}", title=f"Benchmark Action {a}", countries=[rng.choice(COUNTRIES)], region=region,
                phase=phase, planned_start=today - datetime.timedelta(days=400),
                planned_end=today + datetime.timedelta(days=400),
            )
            action.thematic_areas.set(rng.sample(areas, 2))
            for k in range(10):
                start = today + datetime.timedelta(days=rng.randrange(-380, 380))
                activities.append(Activity(
                    action=action, ref=f"BENCH-{a:03d}-{k:02d}", type=atype, title=f"Benchmark activity {a}.{k}",
                    start_date=start, end_date=start + datetime.timedelta(days=rng.randrange(0, 4)),
                    country=str(action.countries[0]), languages=rng.sample(["en", "fr", "es"], rng.randrange(1, 3)),
                ))
        Activity.objects.bulk_create(activities)
        activities = list(Activity.objects.filter(ref__startswith="BENCH-"))
        deployments, seen = [], set()
        while len(deployments) < 6000:
            e, act = rng.choice(experts), rng.choice(activities)
            if (e.pk, act.pk) in seen:
                continue
            seen.add((e.pk, act.pk))
            past = act.end_date < today
            deployments.append(Deployment(
                expert_id=e.pk, activity_id=act.pk, status="completed" if past else rng.choice(["invited", "accepted", "confirmed"]),
                staff_rating=rng.randrange(1, 6) if past else None, satisfaction=rng.randrange(1, 6) if past else None,
            ))
        Deployment.objects.bulk_create(deployments, batch_size=2000)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--experts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS-matching.md")
    parser.add_argument("--existing", action="store_true",
                        help="rank on the database as it is (e.g. one built by bench/build_data.py), filling nothing")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from actions.models import Activity
    from experts.matching import rank_experts

    call_command("migrate", verbosity=0)
    rng = random.Random(6)
    t0 = time.perf_counter()
    created = False if args.existing else populate(args.experts, rng)
    if created:
        print(f"populated {args.experts} experts in {time.perf_counter() - t0:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    if args.existing:
        activities = list(Activity.objects.filter(status="planned").select_related("action").order_by("pk")[:250:50])
    else:
        activities = list(Activity.objects.filter(ref__startswith="BENCH-").select_related("action").order_by("pk")[::50][:5])
    results = []
    for activity in activities:
        reset_queries()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            ranking = rank_experts(activity)
        cold = (time.perf_counter() - start) * 1000
        warm, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            rank_experts(activity)
            warm.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        warm.sort()
        with CaptureQueriesContext(connection) as timed:
            rank_experts(activity)
        db_ms = sum(float(q["time"]) for q in timed.captured_queries) * 1000
        row = {
            "activity": activity.ref or str(activity.pk), "ranked": len(ranking.candidates), "queries": len(queries.captured_queries),
            "cold": cold, "median": statistics.median(warm), "p95": warm[int(len(warm) * 0.95) - 1], "max": warm[-1],
            "cpu": statistics.median(cpu), "db": db_ms, "load": os.getloadavg()[0],
        }
        results.append(row)
        print(f"{row['activity']}: {row['ranked']} candidates, {row['queries']} queries, cold {cold:.0f} ms, "
              f"median {row['median']:.0f} ms, p95 {row['p95']:.0f} ms, max {row['max']:.0f} ms; "
              f"Python CPU median {row['cpu']:.0f} ms, SQL {row['db']:.0f} ms; load average {row['load']:.1f}")
    from experts.models import Deployment, Expert

    total, deployments = Expert.objects.count(), Deployment.objects.count()
    worst = max(r["p95"] for r in results)
    print(f"roster: {total} experts, {deployments} deployments; worst p95 {worst:.0f} ms (target < {TARGET_MS} ms)")
    if args.write:
        write_results(results, total, deployments, args.runs, args.existing)
    return 0 if worst < TARGET_MS else 1


TARGET_MS = 100


def write_results(results, total, deployments, runs, existing):
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    lines = [
        "# Expert matching — benchmark",
        "",
        "Command: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/scale_large .venv/bin/python bench/matching_bench.py "
        "--existing --write` (the 100,000-request database of `bench/build_data.py`, see RESULTS.md)"
        if existing else
        "Command: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/experts_bench .venv/bin/python bench/matching_bench.py --write`",
        "",
        f"Roster: {total:,} experts and {deployments:,} deployments"
        + (" (bench/build_data.py: completed deployments with feedback, booked and proposed ones); five planned "
           "activities ranked." if existing else
           " (one to three thematic areas, two or three languages, up to four countries of experience, a region; "
           "5% inactive; a fifth with an unavailability period; 400 activities on 40 Actions)."),
        "",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, Django {django.get_version()}, "
        f"PostgreSQL {pg_version.split()[0]} on 127.0.0.1. Measured {datetime.date.today().isoformat()}. "
        f"Times are `rank_experts(activity)` in-process: the first call (cold), then {runs} warm calls.",
        "",
        "| activity | candidates ranked | queries | first call | median | p95 | max | Python CPU (median) | SQL | load avg | target |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['activity']} | {r['ranked']:,} | {r['queries']} | {r['cold']:.0f} ms | {r['median']:.0f} ms | "
            f"{r['p95']:.0f} ms | {r['max']:.0f} ms | {r['cpu']:.0f} ms | {r['db']:.0f} ms | {r['load']:.1f} | < {TARGET_MS} ms |"
        )
    lines += [
        "",
        "How it stays flat: the roster (experts, their thematic areas, languages at B2 or above and regions) is "
        "read once per change and kept in each process (experts/roster_snapshot.py: triggers on the four roster "
        "tables tell when anything wrote to them); each ranking adds a handful of queries for the activity (its "
        "needs, the bookings overlapping its dates through the GiST index on activity dates, the Action's team) "
        "and the track records (one row per expert, kept up to date as deployments change, read once per change). "
        "The six criterion values are then worked out alone in one loop over the experts presorted by name, and "
        "the explained score of an expert (its sentences) is built only when the page shows it: twenty of ten "
        "thousand. The number of deployments does not enter the ranking.",
        "",
        "The first call of a process also reads the roster and the track records; later calls check that neither "
        "changed (two small queries) and reuse them. The load average column is the machine's at the time.",
        "",
    ]
    (ROOT / "bench" / "RESULTS-matching.md").write_text("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
