"""`/staff/api/results/`: the results figures of the dashboard as JSON, each with its basis.

Same filters as the dashboard (phase, year, region, thematic_area by code). Staff only; anyone else
gets a 404. The public key facts (`/api/key-facts/`) are a separate document and never change here.
"""

from django.http import Http404, JsonResponse

from reporting.dashboard import DashboardFilterForm, Scope, available_years
from reporting.results_figures import results_figures


def results_json(request):
    if not (request.user.is_authenticated and request.user.is_mieux_staff):
        raise Http404
    form = DashboardFilterForm(request.GET or None, years=available_years())
    if request.GET and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    filters = {k: v for k, v in (form.cleaned_data if form.is_bound else {}).items() if v}
    data = results_figures(Scope(**filters))
    data["filters"] = {k: getattr(v, "code", v) for k, v in filters.items()}
    return JsonResponse(data)
