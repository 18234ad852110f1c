"""Filters of the public Action list, the map and the open data: the same query string everywhere,
so a filtered map, list or CSV can be shared by its URL."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actions.models import ActionStatus
from mieux.bounds import BoundedForm
from mieux.models import Phase, Region, ThematicArea

PUBLIC_STATUSES = [(ActionStatus.ONGOING.value, _("Ongoing")), (ActionStatus.COMPLETED.value, _("Completed"))]
FILTER_NAMES = ("region", "thematic_area", "status", "phase", "country", "q")


class PublicActionFilter(django_filters.FilterSet):
    class Meta:
        form = BoundedForm

    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), to_field_name="code", field_name="region",
        empty_label=_("All regions"),
    )
    thematic_area = django_filters.ModelChoiceFilter(
        label=_("Thematic area"), queryset=ThematicArea.objects.all(), to_field_name="code",
        field_name="thematic_areas", empty_label=_("All thematic areas"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PUBLIC_STATUSES, empty_label=_("Any status"))
    phase = django_filters.ModelChoiceFilter(
        label=_("Phase"), queryset=Phase.objects.all(), to_field_name="code", field_name="phase",
        empty_label=_("All phases"),
    )
    country = django_filters.CharFilter(label=_("Country (ISO code)"), method="filter_country")
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")

    def filter_country(self, queryset, name, value):
        code = value.strip().upper()[:2]
        # CountryField(multiple=True) stores "KE,TZ": two-letter codes between commas, so a two-letter
        # substring can only match a whole code.
        return queryset.filter(countries__contains=code) if len(code) == 2 and code.isalpha() else queryset

    def filter_text(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value) | Q(summary__icontains=value))


def public_filterset(request, queryset):
    return PublicActionFilter(request.GET or None, queryset=queryset, request=request)


def active_filters(filterset):
    """The query string of the valid, non-empty filters (to carry over to the map, CSV and GeoJSON)."""
    from urllib.parse import urlencode

    if not filterset.is_bound:
        return ""
    data = filterset.form.data
    pairs = [(name, data.get(name)) for name in FILTER_NAMES if data.get(name)]
    return urlencode(pairs)
