"""Activities whose dates overlap a period (the calendar's month, an expert's booking dates).

On PostgreSQL the test is `daterange(start_date, end_date, '[]') && daterange(first, last, '[]')`,
which the GiST index `activity_span_gist` answers (migration 0009): two comparisons `start <= last AND
end >= first` are not selective for a B-tree, which scanned the whole table at 200,000 activities.
Elsewhere (SQLite) the two comparisons.
"""

from django.contrib.postgres.fields import DateRangeField
from django.db import connections, router
from django.db.backends.postgresql.psycopg_any import DateRange
from django.db.models import F, Func, Value


def overlapping(queryset, first, last, prefix=""):
    """`queryset` (of activities, or of rows reaching them through `prefix`, e.g. "activity__")
    limited to those overlapping first..last, both days included."""
    if connections[router.db_for_read(queryset.model)].vendor != "postgresql":
        return queryset.filter(**{f"{prefix}start_date__lte": last, f"{prefix}end_date__gte": first})
    span = Func(F(f"{prefix}start_date"), F(f"{prefix}end_date"), Value("[]"), function="daterange",
                output_field=DateRangeField())
    return queryset.alias(activity_span=span).filter(activity_span__overlap=DateRange(first, last, "[]"))
