"""FilterSets of the review side (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mieux.bounds import BoundedForm
from mieux.models import Phase, Region, ThematicArea
from mieux.widgets import country_choices
from requests_app import search
from requests_app.models import RequestStatus


def _labelled_date_range(start_label, end_label):
    """A from/to date range whose two inputs each have an accessible name (they share one <label>)."""
    widget = django_filters.widgets.RangeWidget(attrs={"type": "date"})
    widget.widgets[0].attrs["aria-label"] = start_label
    widget.widgets[1].attrs["aria-label"] = end_label
    return widget


class StaffQueueFilter(django_filters.FilterSet):
    """The staff queue: open requests by default; filter by status, place, subject, phase, dates, text."""

    class Meta:
        form = BoundedForm

    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[c for c in RequestStatus.choices if c[0] != RequestStatus.DRAFT],
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="filter_region", empty_label=_("All regions")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=country_choices, method="filter_country", empty_label=_("All countries")
    )
    thematic_area = django_filters.ModelChoiceFilter(
        label=_("Thematic area"), queryset=ThematicArea.objects.all(), field_name="thematic_areas",
        empty_label=_("All thematic areas"),
    )
    phase = django_filters.ModelChoiceFilter(label=_("Phase"), queryset=Phase.objects.all(), empty_label=_("All phases"))
    submitted = django_filters.DateFromToRangeFilter(
        label=_("Submitted between"), field_name="submitted_at__date",
        widget=_labelled_date_range(_("Submitted from"), _("Submitted until")),
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")

    DEFAULT_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED, RequestStatus.IN_REVIEW)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status__in=self.DEFAULT_STATUSES)
        return queryset

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        codes = list(value.countries.values_list("country", flat=True))
        return search.in_countries(queryset, codes, or_=Q(region=value))

    def filter_country(self, queryset, name, value):
        if not value:
            return queryset
        return search.in_countries(queryset, [value], or_=Q(institution__country=value))

    def filter_text(self, queryset, name, value):
        return search.text_search(queryset, value)
