"""The staff roster's filters and search (django-filter)."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actions.periods import overlapping
from experts.models import BOOKED_STATUSES, LEVEL_RANK, Deployment, Expert, LanguageLevel, Unavailability
from mieux.bounds import BoundedForm
from mieux.models import EU_AND_UK, EmployerType, Region, RegionCountry, ThematicArea
from mieux.widgets import country_choices

LANGUAGE_CHOICES = [
    ("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("pt", _("Portuguese")), ("ar", _("Arabic")),
    ("ru", _("Russian")), ("de", _("German")), ("it", _("Italian")), ("nl", _("Dutch")), ("tr", _("Turkish")),
    ("uk", _("Ukrainian")), ("sw", _("Swahili")),
]


def search_experts(queryset, text):
    """Full-text search over names, biography and employer: PostgreSQL's text search, else icontains."""
    text = (text or "").strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        vector = (
            SearchVector("first_name", weight="A", config="simple")
            + SearchVector("last_name", weight="A", config="simple")
            + SearchVector("employer", weight="B", config="simple")
            + SearchVector("biography", weight="C", config="english")
        )
        query = SearchQuery(text, search_type="websearch", config="english") | SearchQuery(
            text, search_type="websearch", config="simple"
        )
        # An alias, not an annotation: the vector stays in the WHERE clause (the GIN index answers it)
        # instead of being computed for every row returned and compared by the DISTINCT.
        return queryset.alias(search=vector).filter(search=query)
    condition = Q()
    for word in text.split():
        condition &= (
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(biography__icontains=word)
            | Q(employer__icontains=word)
        )
    return queryset.filter(condition)


class RosterFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    thematic_area = django_filters.ModelChoiceFilter(
        label=_("Thematic area"), queryset=ThematicArea.objects.all(), field_name="thematic_areas",
        empty_label=_("Any thematic area"),
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=LANGUAGE_CHOICES, method="filter_language",
                                         empty_label=_("Any language"))
    min_level = django_filters.ChoiceFilter(
        label=_("Minimum level"), choices=LanguageLevel.choices, method="filter_noop", empty_label=_("any level")
    )
    nationality = django_filters.ChoiceFilter(label=_("Nationality"), choices=country_choices, method="filter_nationality",
                                            empty_label=_("Any nationality"))
    eu = django_filters.ChoiceFilter(
        label=_("EU / non-EU"),
        choices=[("eu", _("EU and UK nationals")), ("non_eu", _("Non-EU nationals"))],
        method="filter_eu",
        empty_label=_("EU or non-EU"),
    )
    employer_type = django_filters.ModelChoiceFilter(label=_("Employer type"), queryset=EmployerType.objects.all(),
                                                  empty_label=_("Any employer type"))
    region = django_filters.ModelChoiceFilter(label=_("Region of experience"), queryset=Region.objects.all(), method="filter_region",
                                            empty_label=_("Any region"))
    country = django_filters.ChoiceFilter(label=_("Country of experience"), choices=country_choices, method="filter_country",
                                        empty_label=_("Any country"))
    available_from = django_filters.DateFilter(
        label=_("Available from"), method="filter_available_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    available_to = django_filters.DateFilter(
        label=_("Available until"), method="filter_available", widget=forms.DateInput(attrs={"type": "date"})
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Active")), ("inactive", _("Inactive")), ("all", _("All"))],
        method="filter_status",
        empty_label=None,
    )

    class Meta:
        form = BoundedForm
        model = Expert
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "active")
        super().__init__(data, *args, **kwargs)

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        return search_experts(queryset, value)

    def filter_language(self, queryset, name, value):
        minimum = self.form.cleaned_data.get("min_level") or "A1"
        levels = [code for code, rank in LEVEL_RANK.items() if rank >= LEVEL_RANK[minimum]]
        return queryset.filter(languages__language=value, languages__level__in=levels)

    def filter_nationality(self, queryset, name, value):
        return queryset.filter(Q(nationality=value) | Q(second_nationality=value))

    def filter_eu(self, queryset, name, value):
        if value == "eu":
            return queryset.filter(nationality__in=EU_AND_UK)
        return queryset.exclude(nationality__in=EU_AND_UK)

    def filter_region(self, queryset, name, value):
        codes = list(RegionCountry.objects.filter(region=value).values_list("country", flat=True))
        condition = Q(regions_experience=value)
        for code in codes:
            # The multiple CountryField stores "FR,KE,MA": a two-letter code can only match a whole code.
            condition |= Q(countries_experience__contains=code)
        return queryset.filter(condition)

    def filter_country(self, queryset, name, value):
        return queryset.filter(countries_experience__contains=value)

    def filter_available_from(self, queryset, name, value):
        if self.form.cleaned_data.get("available_to"):
            return queryset  # the pair is applied by `available_to`
        return self.filter_available(queryset, name, value)

    def filter_available(self, queryset, name, value):
        start = self.form.cleaned_data.get("available_from") or value
        end = value
        if end < start:
            start, end = end, start
        busy = overlapping(Deployment.objects.filter(status__in=BOOKED_STATUSES), start, end, prefix="activity__")
        busy = busy.exclude(activity__status="cancelled").order_by().values("expert_id")
        away = Unavailability.objects.filter(start_date__lte=end, end_date__gte=start).values("expert_id")
        return queryset.exclude(pk__in=busy).exclude(pk__in=away)

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(status=Expert.Status.ACTIVE, erased_at__isnull=True)
        if value == "inactive":
            return queryset.exclude(status=Expert.Status.ACTIVE, erased_at__isnull=True)
        return queryset

    @property
    def qs(self):
        # Joins on languages, areas or regions can repeat an expert.
        return super().qs.distinct()
