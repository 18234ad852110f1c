"""Serve a small and a large database side by side with gunicorn and time the key pages on both.

    .venv/bin/python bench/pages.py --small postgres://postgres@127.0.0.1:5432/scale_small \\
        --large postgres://postgres@127.0.0.1:5432/scale_large --redis redis://127.0.0.1:6379/7 \\
        --ports 7140 7141 7142 --label after --out bench/results-after.json
    .venv/bin/python bench/pages.py --report bench/results-before.json bench/results-after.json

Each database gets its own gunicorn (2 sync workers, DEBUG off, the code of `--code-dir`, default
this checkout) with its own cache key prefix in one Redis database, and in-process Celery tasks, so a stale cache would be paid by a visitor (the periodic tasks keep it warm in production:
here the derived data is warmed once, with `refresh_derived_data` where the code has it, then each
page is requested twice at once, once per worker, before measuring). Then, `--rounds` times, every page is fetched with `--connections` concurrent
connections on the small database, then on the large one (interleaved), and p50/p95 reported.

Downloads (GeoJSON, CSV, IATI, and a filtered GeoJSON streamed afresh) are also fetched alone: time to
first byte, total time, size, and the peak memory growth of the worker that served them (peak RSS reset through /proc/PID/clear_refs before,
VmHWM after). Last, a third gunicorn with 3 workers on the large database serves 6 concurrent
GeoJSON downloads in a loop while `/healthz/` is timed.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOWNLOADS = ("/api/actions.geojson", "/api/actions.csv", "/iati/activities.xml")
# A filtered download, measured streamed: the files kept by earlier identical downloads are removed first.
FILTERED_DOWNLOAD = "/api/actions.geojson?status=ongoing"
# What a browser sends; `--identity` measures clients that take no compression (set in main()).
ACCEPT_ENCODING = "gzip, deflate"

SETUP = r"""
import json, django
django.setup()
from django.test import Client
from django.db.models import Count
from mieux.models import User
from actions.models import Activity
from experts.models import Expert
user = User.objects.get(email="bench-staff@example.org")
client = Client()
client.force_login(user)
busiest = (Activity.objects.order_by().values("start_date__year", "start_date__month")
           .annotate(n=Count("pk")).order_by("-n").first())
activity = Activity.objects.filter(status="planned").order_by("pk").first()
print(json.dumps({
    "session": client.cookies["sessionid"].value,
    "month": "%04d-%02d" % (busiest["start_date__year"], busiest["start_date__month"]),
    "activity": activity.pk,
    "surname": Expert.objects.order_by("pk").values_list("last_name", flat=True).first().split("-")[0],
}))
"""


def pages(info):
    return [
        ("baseline /healthz/", "/healthz/", False),
        ("home /", "/", False),
        ("public Action list", "/actions/", False),
        ("/map/", "/map/", False),
        ("/api/actions.geojson", "/api/actions.geojson", False),
        ("/api/actions.csv", "/api/actions.csv", False),
        ("/iati/activities.xml", "/iati/activities.xml", False),
        ("filtered GeoJSON (status=ongoing)", "/api/actions.geojson?status=ongoing", False),
        ("staff KPI dashboard", "/staff/", True),
        ("dashboard CSV export", "/staff/?export=decisions", True),
        ("staff Action list", "/workspace/actions/", True),
        ("calendar, busiest month", f"/workspace/actions/calendar/?month={info['month']}", True),
        ("matching, one activity", f"/experts/match/{info['activity']}/", True),
        ("staff queue", "/requests/staff/", True),
        ("staff queue, text search", "/requests/staff/?q=asylum", True),
        ("roster search", f"/experts/?q={info['surname']}", True),
    ]


def env_for(db_url, prefix, args):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": db_url, "REDIS_URL": args.redis, "CACHE_KEY_PREFIX": prefix, "DEBUG": "false",
        "CELERY_TASK_ALWAYS_EAGER": "true", "KEY_FACTS_CACHE_SECONDS": "3600",
        "MIEUX_VAR_DIR": str(Path(args.var_dir) / prefix), "DJANGO_SETTINGS_MODULE": "mieux.settings",
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SITE_URL": "http://127.0.0.1",
    })
    return env


def start(code_dir, env, port, workers):
    command = [str(ROOT / ".venv/bin/gunicorn"), "mieux.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--timeout", "300", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=code_dir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(120):
        try:
            get(port, "/healthz/", None, timeout=5)
            return process
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn on port {port} did not start")


def workers_of(process):
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def memory(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def get(port, path, session, timeout=600):
    """(status, seconds to first byte, seconds in all, bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": "127.0.0.1"}
    if ACCEPT_ENCODING:
        headers["Accept-Encoding"] = ACCEPT_ENCODING
    if session:
        headers["Cookie"] = f"sessionid={session}"
    started = time.perf_counter()
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    first = response.read(1)
    first_byte = time.perf_counter() - started
    size = len(first)
    while chunk := response.read(65536):
        size += len(chunk)
    total = time.perf_counter() - started
    connection.close()
    return response.status, first_byte, total, size


def fetch(job):
    return get(*job)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run(args):
    code_dir = Path(args.code_dir).resolve()
    servers, infos = {}, {}
    for name, url, port in (("small", args.small, args.ports[0]), ("large", args.large, args.ports[1])):
        env = env_for(url, f"bench-{args.label}-{name}", args)
        warm = subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "help", "refresh_derived_data"],
                              cwd=code_dir, env=env, capture_output=True)
        if warm.returncode == 0:
            started = time.perf_counter()
            subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "refresh_derived_data"], cwd=code_dir,
                           env=env, check=True, capture_output=True)
            print(f"{name}: derived data warmed in {time.perf_counter() - started:.1f} s", flush=True)
        info = subprocess.run([str(ROOT / ".venv/bin/python"), "-c", SETUP], cwd=code_dir, env=env, check=True,
                              capture_output=True, text=True)
        infos[name] = json.loads(info.stdout.strip().splitlines()[-1])
        servers[name] = (start(code_dir, env, port, 2), port, env)
    results = {"label": args.label, "connections": args.connections, "rounds": args.rounds,
               "accept_encoding": ACCEPT_ENCODING, "pages": {},
               "downloads": {}, "healthz_under_downloads": {}}
    try:
        page_list = {name: pages(infos[name]) for name in servers}
        for name, (_process, port, _env) in servers.items():
            session = infos[name]["session"]
            with concurrent.futures.ThreadPoolExecutor(args.connections) as pool:
                for _title, path, staff in page_list[name]:
                    answers = list(pool.map(fetch, [(port, path, session if staff else None)] * 2))
                    if any(a[0] != 200 for a in answers):
                        print(f"warning: {name} {path} answered {[a[0] for a in answers]}", flush=True)
                    print(f"warm-up {name} {path}: {max(a[2] for a in answers):.1f} s", flush=True)
        samples = {(title, name): [] for name in servers for title, _p, _s in page_list[name]}
        with concurrent.futures.ThreadPoolExecutor(args.connections) as pool:
            for round_no in range(args.rounds):
                for index in range(len(page_list["small"])):
                    for name, (_process, port, _env) in servers.items():
                        title, path, staff = page_list[name][index]
                        session = infos[name]["session"] if staff else None
                        timings = list(pool.map(fetch, [(port, path, session)] * args.connections))
                        samples[(title, name)].extend(t[2] * 1000 for t in timings)
                print(f"round {round_no + 1}/{args.rounds} done", flush=True)
        for (title, name), values in samples.items():
            results["pages"].setdefault(title, {})[name] = {
                "p50": round(statistics.median(values)), "p95": round(percentile(values, 0.95)), "n": len(values)}
        for name, (process, port, env) in servers.items():
            for path in (*DOWNLOADS, FILTERED_DOWNLOAD):
                if path == FILTERED_DOWNLOAD:
                    shutil.rmtree(Path(env["MIEUX_VAR_DIR"]) / "open-data" / "filtered", ignore_errors=True)
                pids = workers_of(process)
                before = {}
                for pid in pids:
                    Path(f"/proc/{pid}/clear_refs").write_text("5")
                    before[pid] = memory(pid, "VmRSS")
                status, first_byte, total, size = get(port, path, None)
                growth = max(memory(pid, "VmHWM") - before[pid] for pid in pids)
                results["downloads"].setdefault(path, {})[name] = {
                    "first_byte_ms": round(first_byte * 1000), "total_ms": round(total * 1000),
                    "mb": round(size / 1e6, 1), "peak_growth_mb": round(growth, 1), "status": status}
        results["healthz_under_downloads"] = healthz_under_downloads(code_dir, servers["large"][2], args.ports[2],
                                                                     args.downloads)
    finally:
        for process, _port, _env in servers.values():
            process.terminate()
            process.wait()
    Path(args.out).write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


def healthz_under_downloads(code_dir, env, port, n_downloads, n_checks=10):
    process = start(code_dir, env, port, 3)
    stop = threading.Event()
    done = []

    def download():
        while not stop.is_set():
            get(port, "/api/actions.geojson", None)
            done.append(1)

    try:
        threads = [threading.Thread(target=download, daemon=True) for _ in range(n_downloads)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        timings = []
        for _ in range(n_checks):
            timings.append(get(port, "/healthz/", None)[2] * 1000)
            time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join(timeout=600)
    finally:
        process.terminate()
        process.wait()
    return {"downloads": n_downloads, "completed_downloads": len(done), "p50": round(statistics.median(timings)),
            "max": round(max(timings))}


def report(before_path, after_path):
    before, after = json.loads(Path(before_path).read_text()), json.loads(Path(after_path).read_text())
    lines = ["| page | before p50 small → large (ms) | after p50 small → large | after p95 small → large |",
             "|---|---|---|---|"]
    for title, now in after["pages"].items():
        then = before["pages"].get(title)
        was = f"{then['small']['p50']} → {then['large']['p50']}" if then else "–"
        lines.append(f"| {title} | {was} | {now['small']['p50']} → {now['large']['p50']} | "
                     f"{now['small']['p95']} → {now['large']['p95']} |")
    lines += ["", "| download (large) | before: first byte / total / worker peak growth | after |", "|---|---|---|"]
    for path, now in after["downloads"].items():
        then = before["downloads"].get(path, {}).get("large")
        fmt = lambda d: f"{d['first_byte_ms']} ms / {d['total_ms']} ms / +{d['peak_growth_mb']} MB ({d['mb']} MB)"  # noqa: E731
        lines.append(f"| {path} | {fmt(then) if then else '–'} | {fmt(now['large'])} |")
    hb, ha = before.get("healthz_under_downloads", {}), after.get("healthz_under_downloads", {})
    lines += ["", f"/healthz/ with {ha.get('downloads')} GeoJSON downloads running (3 workers, large): "
              f"before p50 {hb.get('p50')} ms, max {hb.get('max')} ms; after p50 {ha.get('p50')} ms, max {ha.get('max')} ms."]
    print("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small")
    parser.add_argument("--large")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--ports", type=int, nargs=3, default=[7140, 7141, 7142])
    parser.add_argument("--code-dir", default=str(ROOT))
    parser.add_argument("--var-dir", default=str(ROOT / "var" / "bench"))
    parser.add_argument("--label", default="after")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--downloads", type=int, default=6)
    parser.add_argument("--out", default=None)
    parser.add_argument("--identity", action="store_true", help="send no Accept-Encoding (no gzip)")
    parser.add_argument("--report", nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    if args.report:
        report(*args.report)
        return
    if not (args.small and args.large):
        sys.exit("--small and --large database URLs are needed")
    args.out = args.out or str(ROOT / "bench" / f"results-{args.label}.json")
    if args.identity:
        global ACCEPT_ENCODING  # noqa: PLW0603 - one setting for the whole run
        ACCEPT_ENCODING = ""
    run(args)


if __name__ == "__main__":
    main()
