"""Indexed searches of requests on PostgreSQL (fallbacks elsewhere).

- Countries: `countries` stores "KE,TZ". "Requests in these countries" compares the array of codes
  with `&&` against a GIN index on `string_to_array(countries, ',')` (one index scan instead of one
  LIKE per country); elsewhere, one `LIKE` per code (two-letter codes never straddle a comma).
- Text: PostgreSQL's full-text search over title, reference, objectives and problem, with a GIN index
  on the same expression, or the institution's name; elsewhere `icontains`.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import F, Func, Q, TextField, Value


def countries_array():
    return Func(F("countries"), Value(","), function="string_to_array",
                output_field=ArrayField(TextField()))


def search_vector():
    return (
        SearchVector("title", weight="A", config="simple")
        + SearchVector("reference", weight="A", config="simple")
        + SearchVector("objectives", weight="B", config="english")
        + SearchVector("problem", weight="C", config="english")
    )


def in_countries(queryset, codes, *, or_=None):
    """The requests of `queryset` concerning any of `codes`, or matching the Q `or_`."""
    codes = sorted({str(c).upper() for c in codes if c})
    extra = or_ if or_ is not None else Q(pk__in=[])
    if not codes:
        return queryset.filter(extra)
    if connection.vendor == "postgresql":
        return queryset.alias(country_codes=countries_array()).filter(Q(country_codes__overlap=codes) | extra)
    condition = extra
    for code in codes:
        condition |= Q(countries__contains=code)
    return queryset.filter(condition)


def text_search(queryset, value):
    from requests_app.models import Institution

    value = (value or "").strip()[:200]
    if not value:
        return queryset
    institutions = list(Institution.objects.filter(name__icontains=value).values_list("pk", flat=True)[:500])
    if connection.vendor == "postgresql":
        query = SearchQuery(value, search_type="websearch", config="english") | SearchQuery(
            value, search_type="websearch", config="simple")
        return queryset.alias(search=search_vector()).filter(
            Q(search=query) | Q(institution_id__in=institutions) | Q(reference=value))
    return queryset.filter(
        Q(title__icontains=value) | Q(reference__icontains=value) | Q(institution_id__in=institutions)
        | Q(objectives__icontains=value) | Q(problem__icontains=value)
    )
