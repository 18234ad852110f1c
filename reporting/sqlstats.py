"""Statistics computed by the database: medians with `percentile_cont` (PostgreSQL) and whole days
between two timestamps, in the connection's time zone (UTC), as Python's `.date()` of a stored value."""

from django.db.models import Aggregate, F, FloatField, Func, IntegerField


class _DaysBetween(Func):
    # (CAST(end AS date) - CAST(start AS date)): the two expressions joined inside the casts.
    arg_joiner = " AS date) - CAST("
    template = "(CAST(%(expressions)s AS date))"
    output_field = IntegerField()


def days_between(start, end):
    return _DaysBetween(F(end), F(start))


class _PercentileCont(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, fraction=0.5, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentile_cont(field, fraction=0.5):
    """The continuous percentile (0.5: the median, as statistics.median). PostgreSQL only."""
    return _PercentileCont(F(field), fraction=fraction)
