"""Public pages: home, the Action list and pages, the map."""

from collections import Counter, defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404, render
from django_countries import countries as all_countries

from actions.models import Action, Activity, ActivityStatus
from experts.models import Deployment, DeploymentStatus
from reporting.keyfacts import key_facts
from reporting.public_views.data import action_properties, filtered_actions, published_actions
from reporting.public_views.filters import active_filters
from reporting.results_figures import public_follow_up_figure, public_results_context

LATEST_ACTIONS = 6


def home(request):
    latest = published_actions().order_by(F("published_at").desc(nulls_last=True), "-created_at")[:LATEST_ACTIONS]
    return render(request, "home.html", {
        "facts": key_facts(), "latest_actions": latest, "follow_up": public_follow_up_figure(),
    })


def action_list(request):
    filterset, actions = filtered_actions(request)
    page = Paginator(actions, 20).get_page(request.GET.get("page"))
    query = active_filters(filterset)
    return render(request, "public/action_list.html", {
        "filter": filterset, "page": page, "actions": page.object_list, "query": query,
        "total": page.paginator.count,
    })


def _expert_nationalities(action):
    """Experts by nationality only (completed or confirmed deployments): never a name."""
    rows = (
        Deployment.objects.filter(
            activity__action=action, status__in=(DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED)
        )
        .values_list("expert_id", "expert__nationality").distinct()
    )
    by_nationality = Counter(nationality for _, nationality in dict(rows).items())
    named = [(all_countries.name(code) or code, n) for code, n in by_nationality.items() if code]
    return sum(by_nationality.values()), sorted(named, key=lambda item: (-item[1], str(item[0])))


def action_page(request, code):
    action = get_object_or_404(
        Action.objects.published().select_related("region", "phase", "institution").prefetch_related(
            "thematic_areas",
            Prefetch(
                "activities",
                queryset=Activity.objects.exclude(status=ActivityStatus.CANCELLED).select_related("type")
                .order_by("start_date", "id"),
            ),
        ),
        code=code,
    )
    experts_total, nationalities = _expert_nationalities(action)
    activities = list(action.activities.all())
    delivered = [a for a in activities if a.status == ActivityStatus.DELIVERED]
    return render(request, "public/action_page.html", {
        "action": action,
        "activities": activities,
        "participants_total": sum(a.participants_total or 0 for a in delivered),
        "experts_total": experts_total,
        "expert_nationalities": nationalities,
        **public_results_context(action),
    })


def map_page(request):
    """The map: shapes drawn by static/js/map.js from /api/actions.geojson with the same query string;
    the table below is the same data for screen readers and browsers without JavaScript."""
    filterset, actions = filtered_actions(request)
    by_country = defaultdict(list)
    for action in actions:
        props = action_properties(action)
        for country in action.countries:
            by_country[country.code].append(props)
    rows = sorted(
        ({"code": code, "name": str(all_countries.name(code)), "actions": items} for code, items in by_country.items()),
        key=lambda row: row["name"],
    )
    query = active_filters(filterset)
    return render(request, "public/map.html", {
        "filter": filterset,
        "rows": rows,
        "query": query,
        "action_count": len({a["code"] for row in rows for a in row["actions"]}),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    })





def open_data_page(request):
    """What the open data files are and how to reuse them."""
    return render(request, "public/open_data.html", {"facts": key_facts()})
