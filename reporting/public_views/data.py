"""Open data of published Actions: key facts JSON, GeoJSON, CSV, IATI XML.

Only `Action.objects.published()` ever reaches these views, and only public fields: no staff notes, no
personal data (experts appear nowhere here; the institution is an organisation, not a person).
"""

import os
import re

from django.db.models import F
from django.http import FileResponse, JsonResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from actions.models import Action
from reporting import opendata
from reporting.keyfacts import key_facts
from reporting.public_views.filters import active_filters, public_filterset

ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as Django's GZipMiddleware reads Accept-Encoding


def open_data(response):
    """Anyone may reuse the open data, from any origin."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def published_actions():
    return (
        Action.objects.published()
        .select_related("region", "phase")
        .prefetch_related("thematic_areas")
        .order_by(F("planned_start").desc(nulls_last=True), "code")
    )


def filtered_actions(request):
    filterset = public_filterset(request, published_actions())
    return filterset, filterset.qs


# No HTTP caching on top of the server's own (at most KEY_FACTS_CACHE_SECONDS): a change must show
# within a minute.
@require_GET
def key_facts_json(request):
    """Exactly the keys of DESIGN section 4."""
    return open_data(JsonResponse(key_facts().as_json()))


@require_GET
def key_facts_basis_json(request):
    """What each key fact rests on (n, answers) and when it was computed."""
    return open_data(JsonResponse(key_facts().basis_json()))


def _serve(request, kind, filename=None):
    """An open data file: the unfiltered one (and IATI, which takes no filter) from the file written in
    the background; a filtered one from the file kept by the last identical download, else streamed
    with constant memory and kept (conditional GET with ETag and Last-Modified for both files)."""
    filterset, actions = filtered_actions(request)
    query = active_filters(filterset) if kind != "iati" else ""
    if not query:
        response = _from_file(request, kind)
        if response is not None:
            return _named(open_data(response), filename)
    base = request.build_absolute_uri("/").rstrip("/")
    kept = opendata.filtered_file(kind, query, get_language(), base) if query else None
    if kept is not None:
        response = _file_response(request, kind, *kept)
        if response is not None:
            return _named(open_data(response), filename)
    if kind == "geojson":
        chunks = opendata.geojson_chunks(actions, base)
    elif kind == "csv":
        chunks = opendata.csv_chunks(actions, base)
    else:
        chunks = opendata.iati_chunks(published_actions())
    if kept is not None:
        chunks = opendata.kept_chunks(kept[0], chunks)
    response = StreamingHttpResponse(chunks, content_type=opendata.CONTENT_TYPES[kind])
    return _named(open_data(response), filename)


def _named(response, filename):
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _from_file(request, kind):
    if not opendata.is_fresh(kind):
        opendata.request_refresh()  # at once where tasks are eager; a stale file is served meanwhile
    meta = opendata.file_meta(kind)
    if not meta:
        return None
    if meta.get("gzip_etag") and ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = _file_response(request, kind, opendata.gzip_path(kind), meta["gzip_etag"], encoding="gzip")
        if response is not None:
            return response
    response = _file_response(request, kind, opendata.file_path(kind), meta["etag"])
    if response is not None:
        patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _file_response(request, kind, path, etag, encoding=None):
    """The file at `path` with its validators, a 304 when the visitor has it, or None if missing."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the FileResponse
    except OSError:
        return None
    last_modified = os.fstat(handle.fileno()).st_mtime
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(last_modified))
    if not_modified is not None:
        handle.close()
        not_modified["ETag"] = etag
        return not_modified
    response = FileResponse(handle, content_type=opendata.CONTENT_TYPES[kind])
    if encoding:
        response["Content-Encoding"] = encoding
        patch_vary_headers(response, ["Accept-Encoding"])
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def actions_geojson(request):
    """One Feature per published Action and country: a regional Action appears once in each of its
    countries. Geometry: a Point at the country's centroid (from the map's own shapes), or null for a
    country the 110m atlas does not draw. `id` is "<code>:<country>"."""
    return _serve(request, "geojson")


CSV_COLUMNS = opendata.CSV_COLUMNS


@require_GET
def actions_csv(request):
    """The published Actions (same filters as the list and the map), one row per Action; list values
    are separated by semicolons."""
    return _serve(request, "csv", "mieux-actions.csv")


@require_GET
def iati_activities(request):
    """Every published Action as an IATI 2.03 activity, in English (the default language)."""
    return _serve(request, "iati")
