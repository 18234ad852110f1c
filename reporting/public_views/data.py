"""Open data of published Actions: key facts JSON, GeoJSON, CSV, IATI XML.

Only `Action.objects.published()` ever reaches these views, and only public fields: no staff notes, no
personal data (experts appear nowhere here; the institution is an organisation, not a person).
"""

import csv

from django.db.models import F
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from actions.models import Action
from reporting import iati
from reporting.keyfacts import key_facts
from reporting.public_views.filters import public_filterset
from reporting.public_views.geo import centroids


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


def action_properties(action, request=None):
    """The public description of one Action, shared by the GeoJSON, the CSV and the map."""
    url = action.get_public_url()
    areas = sorted(action.thematic_areas.all(), key=lambda a: (a.sort_order, a.code))
    return {
        "code": action.code,
        "title": action.title,
        "countries": [c.code for c in action.countries],
        "country_names": [str(c.name) for c in action.countries],
        "region": action.region.code,
        "region_name": action.region.localized_name,
        "status": action.status,
        "status_label": str(action.get_status_display()),
        "phase": action.phase.code,
        "phase_name": action.phase.localized_name,
        "thematic_areas": [a.code for a in areas],
        "thematic_area_names": [a.localized_name for a in areas],
        "start": action.start.isoformat() if action.start else None,
        "end": action.end.isoformat() if action.end else None,
        "url": request.build_absolute_uri(url) if request else url,
        "path": url,
    }


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


@require_GET
def actions_geojson(request):
    """One Feature per published Action and country: a regional Action appears once in each of its
    countries. Geometry: a Point at the country's centroid (from the map's own shapes), or null for a
    country the 110m atlas does not draw. `id` is "<code>:<country>"."""
    _, actions = filtered_actions(request)
    points = centroids()
    features = []
    for action in actions:
        props = action_properties(action, request)
        for country in action.countries:
            point = points.get(country.code)
            features.append({
                "type": "Feature",
                "id": f"{action.code}:{country.code}",
                "geometry": {"type": "Point", "coordinates": list(point)} if point else None,
                "properties": {
                    **props,
                    "country": country.code,
                    "country_name": str(country.name),
                    "country_numeric": country.numeric_padded,
                },
            })
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Content-Type"] = "application/geo+json"
    return open_data(response)


CSV_COLUMNS = ("code", "title", "countries", "region", "status", "phase", "thematic_areas", "start", "end", "url")


@require_GET
def actions_csv(request):
    """The published Actions (same filters as the list and the map), one row per Action; list values
    are separated by semicolons."""
    _, actions = filtered_actions(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mieux-actions.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for action in actions:
        props = action_properties(action, request)
        writer.writerow([
            props["code"], props["title"], ";".join(props["countries"]), props["region"], props["status"],
            props["phase"], ";".join(props["thematic_areas"]), props["start"] or "", props["end"] or "",
            props["url"],
        ])
    return open_data(response)


@require_GET
def iati_activities(request):
    """Every published Action as an IATI 2.03 activity, in English (the default language)."""
    def chunks():
        with translation.override("en"):
            yield from iati.stream_activities(published_actions(), generated=timezone.now())

    return open_data(StreamingHttpResponse(chunks(), content_type="application/xml; charset=utf-8"))
