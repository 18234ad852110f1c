"""Open data rows at constant cost: GeoJSON features and CSV rows of published Actions, read in chunks
of plain values (no model instances), with every label translated once per value, not once per row.

Two ways to serve a file, both constant in memory:
- `*_chunks`: generators of text chunks for a streaming response (filtered downloads; each complete
  one is kept as a file for the same filters on the same data, see `kept_chunks`);
- `generate_files()`: the unfiltered GeoJSON, CSV and IATI files written in the background (Celery,
  single-flight) into `settings.OPEN_DATA_DIR`, replaced atomically, then served by the web tier as
  static files with `ETag`/`Last-Modified` and conditional GET (see `served_file`).

A file is stale when the data behind it changed after it was written: every save of an Action,
activity or related row bumps `data_version()` (the key facts' invalidation signal), and a file
records the version it was built from. A visitor asking for a stale file gets it at once and a
regeneration is queued; the periodic task `refresh_open_data` does the same without a visitor.
"""

import gzip
import hashlib
import io
import json
import os
import uuid
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django_countries import countries as all_countries

from actions.models import Action, ActionStatus
from mieux.models import Phase, Region, ThematicArea
from mieux.spreadsheets import csv_writer
from reporting.background import queue_once
from reporting.keyfacts import data_version

CHUNK = 1000
QUEUED_KEY = "mieux:open-data:queued"
LOCK_KEY = "mieux:open-data:lock"
LOCK_SECONDS = 600
CSV_COLUMNS = ("code", "title", "countries", "region", "status", "phase", "thematic_areas", "start", "end", "url")
FILES = {"geojson": "actions.geojson", "csv": "actions.csv", "iati": "activities.xml"}
CONTENT_TYPES = {"geojson": "application/geo+json", "csv": "text/csv; charset=utf-8",
                 "iati": "application/xml; charset=utf-8"}


# --- labels, once per value ---------------------------------------------------------------------

class Labels:
    """Reference names and status labels in the active language, looked up once per value."""

    def __init__(self):
        self.regions = {r.pk: (r.code, r.localized_name) for r in Region.objects.all()}
        self.phases = {p.pk: (p.code, p.localized_name) for p in Phase.objects.all()}
        self.areas = {a.pk: (a.sort_order, a.code, a.localized_name) for a in ThematicArea.objects.all()}
        self.statuses = {s.value: str(s.label) for s in ActionStatus}
        self._countries = {}

    def country(self, code):
        if code not in self._countries:
            self._countries[code] = str(all_countries.name(code) or code)
        return self._countries[code]


def _codes(value):
    if not value:
        return []
    if isinstance(value, str):
        return [c for c in value.split(",") if c]
    return [getattr(c, "code", str(c)) for c in value]


FIELDS = ("pk", "code", "title", "countries", "region_id", "status", "phase_id", "planned_start", "planned_end",
          "actual_start", "actual_end")


def action_rows(queryset, labels, base_url):
    """Dicts of public properties (those of `action_properties`), chunk by chunk: one query for the
    Actions' values (a server-side cursor on PostgreSQL) and one for the thematic areas of each chunk."""
    through = Action.thematic_areas.through
    rows = queryset.values(*FIELDS).iterator(chunk_size=CHUNK)
    while True:
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                break
        if not chunk:
            return
        areas = defaultdict(list)
        for action_id, area_id in through.objects.filter(action_id__in=[r["pk"] for r in chunk]).values_list(
                "action_id", "thematicarea_id"):
            areas[action_id].append(labels.areas[area_id])
        for row in chunk:
            yield _properties(row, sorted(areas[row["pk"]]), labels, base_url)
        if len(chunk) < CHUNK:
            return


def _properties(row, areas, labels, base_url):
    codes = _codes(row["countries"])
    start = row["actual_start"] or row["planned_start"]
    end = row["actual_end"] or row["planned_end"]
    path = public_path(row["code"])
    region, phase = labels.regions[row["region_id"]], labels.phases[row["phase_id"]]
    return {
        "code": row["code"],
        "title": row["title"],
        "countries": codes,
        "country_names": [labels.country(c) for c in codes],
        "region": region[0],
        "region_name": region[1],
        "status": row["status"],
        "status_label": labels.statuses.get(row["status"], row["status"]),
        "phase": phase[0],
        "phase_name": phase[1],
        "thematic_areas": [a[1] for a in areas],
        "thematic_area_names": [a[2] for a in areas],
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "url": base_url + path,
        "path": path,
    }


_PATH_TEMPLATE = None


def public_path(code):
    global _PATH_TEMPLATE  # noqa: PLW0603 - a constant computed on first use (needs the URLconf)
    if _PATH_TEMPLATE is None:
        _PATH_TEMPLATE = reverse("public_action", args=["CODE"]).replace("CODE", "{}")
    return _PATH_TEMPLATE.format(quote(code, safe=""))


# --- the formats ----------------------------------------------------------------------------------

def geojson_chunks(queryset, base_url):
    """One Feature per published Action and country (see the view's docstring), as text chunks."""
    from reporting.public_views.geo import centroids

    labels, points = Labels(), centroids()
    numeric = {}
    yield '{"type": "FeatureCollection", "features": ['
    first, buffer = True, []
    for props in action_rows(queryset, labels, base_url):
        for code in props["countries"]:
            if code not in numeric:
                numeric[code] = all_countries.numeric(code, padded=True)
            point = points.get(code)
            feature = {
                "type": "Feature",
                "id": f"{props['code']}:{code}",
                "geometry": {"type": "Point", "coordinates": list(point)} if point else None,
                "properties": {**props, "country": code, "country_name": labels.country(code),
                               "country_numeric": numeric[code]},
            }
            buffer.append(("" if first else ",") + json.dumps(feature, ensure_ascii=False))
            first = False
        if len(buffer) >= CHUNK:
            yield "\n".join(buffer)
            buffer = []
    buffer.append("]}\n")
    yield "\n".join(buffer)


def csv_chunks(queryset, base_url):
    """One row per Action; list values separated by semicolons. No label is needed: the CSV has codes."""
    output = io.StringIO()
    writer = csv_writer(output)
    writer.writerow(CSV_COLUMNS)
    labels = Labels()
    for n, props in enumerate(action_rows(queryset, labels, base_url), start=1):
        writer.writerow([
            props["code"], props["title"], ";".join(props["countries"]), props["region"], props["status"],
            props["phase"], ";".join(props["thematic_areas"]), props["start"] or "", props["end"] or "",
            props["url"],
        ])
        if n % CHUNK == 0:
            yield output.getvalue()
            output.seek(0)
            output.truncate()
    yield output.getvalue()


def iati_chunks(queryset):
    from reporting import iati

    with translation.override("en"):
        yield from iati.stream_activities(queryset, generated=timezone.now())


def published_queryset():
    return Action.objects.published().order_by("code")


# --- files generated in the background -----------------------------------------------------------

def open_data_dir():
    return Path(settings.OPEN_DATA_DIR)


def file_path(kind):
    return open_data_dir() / FILES[kind]


def _meta_path(kind):
    return open_data_dir() / (FILES[kind] + ".json")


def file_meta(kind):
    try:
        return json.loads(_meta_path(kind).read_text())
    except (OSError, ValueError):
        return None


def gzip_path(kind):
    return open_data_dir() / (FILES[kind] + ".gz")


def _write(kind, chunks, version):
    """The file and its gzip-compressed twin (a tenth of the bytes for the XML and JSON; served to
    clients that accept gzip), written side by side in one pass, then moved into place."""
    directory = open_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    tmp = directory / f".{FILES[kind]}.{uuid.uuid4().hex}.tmp"
    tmp_gz = tmp.with_name(tmp.name + ".gz")
    with open(tmp, "wb") as out, open(tmp_gz, "wb") as raw_gz, \
            gzip.GzipFile(fileobj=raw_gz, mode="wb", compresslevel=6, mtime=0) as out_gz:
        for chunk in chunks:
            data = chunk.encode() if isinstance(chunk, str) else chunk
            out.write(data)
            out_gz.write(data)
    stat, stat_gz = tmp.stat(), tmp_gz.stat()
    meta = {"version": version, "etag": f'"{version[:12]}-{int(stat.st_mtime)}-{stat.st_size}"',
            "gzip_etag": f'"{version[:12]}-{int(stat.st_mtime)}-{stat.st_size}-gz"',
            "generated": timezone.now().isoformat(), "size": stat.st_size, "gzip_size": stat_gz.st_size}
    os.replace(tmp_gz, gzip_path(kind))
    os.replace(tmp, file_path(kind))
    _meta_path(kind).write_text(json.dumps(meta))


def generate_files(kinds=tuple(FILES)):
    """Write the unfiltered open data files now (with translations in English, the default language:
    labels are not in the CSV and IATI, and the GeoJSON names are those of the default language)."""
    version = data_version()
    base = settings.SITE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        for kind in kinds:
            if kind == "geojson":
                _write(kind, geojson_chunks(published_queryset(), base), version)
            elif kind == "csv":
                _write(kind, csv_chunks(published_queryset(), base), version)
            else:
                _write(kind, iati_chunks(published_queryset()), version)
    return version


def is_fresh(kind):
    meta = file_meta(kind)
    return bool(meta) and meta.get("version") == data_version() and file_path(kind).exists()


def refresh(force=False):
    """Regenerate the stale files, at most one run at a time across workers (single-flight)."""
    cache.delete(QUEUED_KEY)
    stale = [kind for kind in FILES if force or not is_fresh(kind)]
    if not stale or not cache.add(LOCK_KEY, 1, LOCK_SECONDS):
        return []
    try:
        generate_files(stale)
    finally:
        cache.delete(LOCK_KEY)
    return stale


def request_refresh():
    """Queue a regeneration unless one is already queued or running."""
    from reporting.tasks import refresh_open_data

    queue_once(refresh_open_data, QUEUED_KEY, busy_key=LOCK_KEY)


# --- filtered downloads, kept as files ------------------------------------------------------------

FILTERED_DIR = "filtered"
FILTERED_KEEP = 200  # the most recently written filtered files; older ones are deleted


def filtered_file(kind, query, language, base_url):
    """(path, ETag) of the kept file for a filtered download, or None when the data version is unknown
    (the cache is down: nothing could tell when the file goes stale, so nothing is kept)."""
    version = data_version()
    if not version:
        return None
    raw = json.dumps([kind, query, language, base_url, version])
    key = hashlib.sha256(raw.encode()).hexdigest()[:40]
    suffix = FILES[kind].rsplit(".", 1)[1]
    return open_data_dir() / FILTERED_DIR / f"{key}.{suffix}", f'"f-{key[:24]}"'


def kept_chunks(path, chunks):
    """Pass the chunks of a download through and keep them in `path` once complete: the next visitor
    asking the same filters on the same data gets the file. A download cut short keeps nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    kept = False
    try:
        with open(tmp, "wb") as out:
            for chunk in chunks:
                data = chunk.encode() if isinstance(chunk, str) else chunk
                out.write(data)
                yield data
        os.replace(tmp, path)
        kept = True
        _prune(path.parent)
    finally:
        if not kept:
            tmp.unlink(missing_ok=True)


def _prune(directory):
    files = []
    for entry in os.scandir(directory):
        if entry.is_file() and not entry.name.startswith("."):
            try:
                files.append((entry.stat().st_mtime, entry.path))
            except OSError:
                continue
    for _mtime, old in sorted(files, reverse=True)[FILTERED_KEEP:]:
        Path(old).unlink(missing_ok=True)
