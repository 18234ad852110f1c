"""Filters of the staff Action list and the staff calendar (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actions.models import Action, ActionStatus
from mieux.bounds import BoundedForm
from mieux.models import Phase, Region, ThematicArea, User
from mieux.widgets import country_choices


def staff_users():
    return User.objects.mieux_staff().order_by("full_name", "email")


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Text"), method="filter_text")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActionStatus.choices, empty_label=_("Any status"))
    phase = django_filters.ModelChoiceFilter(label=_("Phase"), queryset=Phase.objects.all(), empty_label=_("Any phase"))
    region = django_filters.ModelChoiceFilter(label=_("Region"), queryset=Region.objects.all(), empty_label=_("Any region"))
    country = django_filters.ChoiceFilter(label=_("Country"), choices=country_choices, method="filter_country", empty_label=_("Any country"))
    thematic_area = django_filters.ModelChoiceFilter(
        label=_("Thematic area"), field_name="thematic_areas", queryset=ThematicArea.objects.all(), empty_label=_("Any thematic area")
    )
    lead = django_filters.ModelChoiceFilter(label=_("Lead"), queryset=staff_users(), empty_label=_("Anyone"))
    date_from = django_filters.DateFilter(
        label=_("Running on or after"), method="filter_date_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("Running on or before"), method="filter_date_to", widget=forms.DateInput(attrs={"type": "date"})
    )
    published = django_filters.ChoiceFilter(
        label=_("Published"), choices=[("true", _("Public")), ("false", _("Not public"))], method="filter_published",
        empty_label=_("Public or not"),
    )

    class Meta:
        form = BoundedForm
        model = Action
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated per request so a newly added staff member appears without a restart.
        self.filters["lead"].queryset = staff_users()

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(title__icontains=value) | Q(objectives__icontains=value)
            | Q(summary__icontains=value) | Q(institution__name__icontains=value)
        )

    def filter_country(self, queryset, name, value):
        # CountryField(multiple=True) stores "KE,TZ": two-letter codes never straddle a comma.
        return queryset.filter(countries__contains=value) if value else queryset

    def filter_date_from(self, queryset, name, value):
        # An Action runs on or after `value` if it ends then or later (or has no end yet).
        return queryset.filter(
            Q(actual_end__gte=value) | Q(actual_end__isnull=True, planned_end__gte=value)
            | Q(actual_end__isnull=True, planned_end__isnull=True)
        )

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(
            Q(actual_start__lte=value) | Q(actual_start__isnull=True, planned_start__lte=value)
            | Q(actual_start__isnull=True, planned_start__isnull=True)
        )

    def filter_published(self, queryset, name, value):
        return queryset.filter(is_public=(value == "true")) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # The M2M filter on thematic areas can repeat rows.
        return queryset.distinct() if self.form.cleaned_data.get("thematic_area") else queryset
