"""Benchmark of `manage.py import_portfolio` (issue 8): generate a realistic portfolio, time it on both databases.

    .venv/bin/python bench/import_bench.py [--scale 1] [--sqlite-only | --postgres-only] [--keep DIR]

Scale 1 = 1,000 requests, 500 Actions, 3,000 activities, 2,000 experts, 5,000 deployments. For each database
it migrates an empty database (SQLite: a temporary file; PostgreSQL:
postgres://postgres@127.0.0.1:5432/importer_bench, recreated), then times the first import (everything
created), a second import (everything unchanged) and a third after editing 1% of the rows (updated).
The target is under 60 s per import on a 2-core machine. Results go in bench/RESULTS-import.md.
"""

import argparse
import csv
import datetime
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_URL = "postgres://postgres@127.0.0.1:5432/importer_bench"

COUNTRIES = {
    "AFR": "KE GH SN NG ET MA TZ UG CI CM".split(),
    "ASI": "BD PK LK NP KH VN ID PH".split(),
    "EAS": "AM AZ GE MD UA".split(),
    "SOU": "JO LB TN EG DZ".split(),
    "LAC": "PE CO EC MX CR GT BR AR".split(),
}
AREAS = ["MD", "IRR", "LMM", "IPA", "HOR"]
PHASES = [("I", 2009), ("II", 2012), ("III", 2016), ("IV", 2021)]
INSTITUTION_TYPES = ["ministry", "regional_org", "local_authority", "parliament", "judiciary", "cso"]
ACTIVITY_TYPES = ["conference", "workshop", "knowledge_exchange", "study_visit", "training", "roundtable", "deliverable"]
EMPLOYERS = ["eu_admin", "non_eu_admin", "academia", "private", "international_org", "civil_society"]
NATIONALITIES = "FR DE ES IT NL BE PT SE PL AT GB KE GH SN MA JO PE CO UA GE".split()
FIRST = "Marie Jan Ana Luca Sofia Kwame Amina Pedro Elena Omar Ines Tomas Nadia Ivan Lea".split()
LAST = "Dupont Müller García Rossi Jansen Mensah Haddad Silva Novak Kowalski Ortiz Petrov Diallo Costa".split()
LANGS = ["en:C2", "fr:native", "es:B2", "ar:native", "pt:C1", "ru:B1", "de:native", "en:native", "fr:C1"]


def write(folder, name, header, rows):
    with open(folder / name, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def generate(folder, scale=1, seed=2009):
    rnd = random.Random(seed)
    n_requests, n_actions, n_activities = int(1000 * scale), int(500 * scale), int(3000 * scale)
    n_experts, n_deployments = int(2000 * scale), int(5000 * scale)
    day = datetime.date
    requests, request_info = [], []
    for i in range(n_requests):
        region = rnd.choice(list(COUNTRIES))
        country = rnd.choice(COUNTRIES[region])
        phase, year = rnd.choice(PHASES)
        submitted = day(year, 1, 1) + datetime.timedelta(days=rnd.randrange(0, 1000))
        decision = "" if i % 10 == 0 else ("approved" if i < n_actions * 1.1 else rnd.choice(
            ["approved", "rejected", "withdrawn", "ineligible"]))
        decided = submitted + datetime.timedelta(days=rnd.randrange(10, 120)) if decision else ""
        ref = f"R-{year}-{i:05d}"
        requests.append([ref, f"Support to migration governance #{i}", f"Ministry of Interior {country} {i % 40}",
                         rnd.choice(INSTITUTION_TYPES), country, ";".join(rnd.sample(AREAS, rnd.randint(1, 3))),
                         submitted.isoformat(), decided and decided.isoformat(), decision, phase])
        request_info.append((ref, region, country, phase, decision))
    write(folder, "requests.csv", ["reference", "title", "institution", "institution_type", "country",
                                   "thematic_areas", "submitted_on", "decided_on", "decision", "phase"], requests)
    approved = [info for info in request_info if info[4] == "approved"]
    actions, action_info = [], []
    for i in range(n_actions):
        if i < len(approved):
            ref, region, country, phase, _decision = approved[i]
        else:
            ref, region = "", rnd.choice(list(COUNTRIES))
            country, phase = rnd.choice(COUNTRIES[region]), rnd.choice(PHASES)[0]
        start = day(2009, 6, 1) + datetime.timedelta(days=rnd.randrange(0, 5000))
        end = start + datetime.timedelta(days=rnd.randrange(90, 720))
        status = rnd.choice(["completed", "completed", "completed", "ongoing", "planned", "cancelled"])
        code = f"A-{country}-{i:04d}"
        actions.append([code, f"Migration governance in {country} ({i})", ref, country, region,
                        ";".join(rnd.sample(AREAS, rnd.randint(1, 2))), phase, status, start.isoformat(),
                        end.isoformat(), f"Public summary of Action {code}.\nSecond line, with a comma."])
        action_info.append((code, start, end, status, country))
    write(folder, "actions.csv", ["code", "title", "request_reference", "countries", "region", "thematic_areas",
                                  "phase", "status", "start_date", "end_date", "summary"], actions)
    activities, activity_info = [], []
    for i in range(n_activities):
        code, start, end, action_status, country = action_info[i % n_actions]
        a_start = start + datetime.timedelta(days=rnd.randrange(0, 60))
        a_end = a_start + datetime.timedelta(days=rnd.randrange(0, 4))
        status = {"completed": "delivered", "cancelled": "cancelled", "planned": "planned"}.get(
            action_status, rnd.choice(["delivered", "confirmed", "planned", "postponed"]))
        online = rnd.random() < 0.2
        participants = women = answers = yes = ""
        if status == "delivered":
            participants = rnd.randint(8, 60)
            women = rnd.randint(0, participants)
            answers = rnd.randint(0, participants)
            yes = rnd.randint(0, answers)
        ref = f"ACT-{i:05d}"
        activities.append([ref, code, rnd.choice(ACTIVITY_TYPES), f"Activity {i} of {code}", a_start.isoformat(),
                           a_end.isoformat(), "" if online else country, "" if online else "Capital",
                           "true" if online else "false", status, participants, women, answers, yes])
        activity_info.append((ref, status))
    write(folder, "activities.csv", ["ref", "action_code", "type", "title", "start_date", "end_date", "country",
                                     "city", "online", "status", "participants", "participants_women",
                                     "feedback_answers", "feedback_yes"], activities)
    experts = []
    for i in range(n_experts):
        first, last = rnd.choice(FIRST), rnd.choice(LAST)
        email = f"expert{i}@example.org" if i % 3 else ""
        experts.append([f"E-{i:05d}", first, last, email, rnd.choice("FMX"), rnd.choice(NATIONALITIES),
                        rnd.choice(EMPLOYERS), "Public administration",
                        ";".join(dict.fromkeys(rnd.sample(LANGS, 2))).replace("en:native;en:C2", "en:native"),
                        ";".join(rnd.sample(AREAS, rnd.randint(0, 3))), "true" if i % 9 else "false"])
    for row in experts:  # one level per language
        seen, kept = set(), []
        for pair in row[8].split(";"):
            if pair and pair.split(":")[0] not in seen:
                seen.add(pair.split(":")[0])
                kept.append(pair)
        row[8] = ";".join(kept)
    write(folder, "experts.csv", ["ref", "first_name", "last_name", "email", "gender", "nationality",
                                  "employer_type", "employer", "languages", "thematic_areas", "active"], experts)
    deployments, seen = [], set()
    while len(deployments) < n_deployments:
        activity_ref, activity_status = activity_info[rnd.randrange(n_activities)]
        expert_ref = f"E-{rnd.randrange(n_experts):05d}"
        if (activity_ref, expert_ref) in seen:
            continue
        seen.add((activity_ref, expert_ref))
        status = "completed" if activity_status == "delivered" else rnd.choice(["invited", "accepted", "confirmed",
                                                                               "declined", "cancelled"])
        beneficial = rnd.choice(["true", "true", "false", ""]) if status == "completed" else ""
        deployments.append([activity_ref, expert_ref, rnd.choice(["lead", "expert", "expert", ""]), status,
                            beneficial])
    write(folder, "deployments.csv", ["activity_ref", "expert_ref", "role", "status", "beneficial"], deployments)
    return {"requests": n_requests, "actions": n_actions, "activities": n_activities, "experts": n_experts,
            "deployments": n_deployments}


def edit_one_percent(folder):
    """Change the title of 1% of the activities and the employer of 1% of the experts."""
    for name, column, value in (("activities.csv", 3, "Edited title"), ("experts.csv", 7, "Edited employer")):
        path = folder / name
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        for row in rows[1::100]:
            row[column] = value
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)


def manage(url, *args, capture=False):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "mieux.settings"}
    return subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, text=True,
                          capture_output=capture)


def timed_import(url, folder):
    started = time.perf_counter()
    result = manage(url, "import_portfolio", str(folder), capture=True)
    elapsed = time.perf_counter() - started
    return elapsed, [line for line in result.stdout.splitlines() if line.endswith("unchanged")]


def bench(label, url, source):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "portfolio"
        folder.mkdir()
        for path in source.iterdir():
            (folder / path.name).write_bytes(path.read_bytes())
        manage(url, "migrate", "--noinput", "-v0")
        first, counts_first = timed_import(url, folder)
        second, counts_second = timed_import(url, folder)
        edit_one_percent(folder)
        third, counts_third = timed_import(url, folder)
    print(f"{label}: first import {first:.1f} s, second (unchanged) {second:.1f} s, after edits {third:.1f} s")
    for line in counts_first + counts_second + counts_third:
        print(f"  {line}")
    return first, second, third


def recreate_postgres_database():
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS importer_bench")
        conn.execute("CREATE DATABASE importer_bench")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--keep", metavar="DIR", help="also write the generated CSV files to DIR")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.keep) if args.keep else Path(tmp) / "source"
        source.mkdir(parents=True, exist_ok=True)
        sizes = generate(source, scale=args.scale)
        print("portfolio: " + ", ".join(f"{n:,} {k}" for k, n in sizes.items()) + f"; {os.cpu_count()} CPU(s)")
        results = {}
        if not args.postgres_only:
            with tempfile.TemporaryDirectory() as dbdir:
                results["SQLite"] = bench("SQLite", f"sqlite:///{dbdir}/bench.sqlite3", source)
        if not args.sqlite_only:
            recreate_postgres_database()
            results["PostgreSQL"] = bench("PostgreSQL", PG_URL, source)
    slow = [label for label, times in results.items() if max(times) >= 60]
    if slow:
        print("SLOWER THAN 60 s: " + ", ".join(slow))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
