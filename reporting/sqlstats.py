"""Statistics computed by the database: medians with `percentile_cont` (PostgreSQL) and whole days
between two timestamps on the facility's calendar dates, as `mieux.facility_time.days_to_decision`."""

from zoneinfo import ZoneInfo

from django.db.models import Aggregate, F, FloatField, Func, IntegerField


class _DaysBetween(Func):
    # (CAST(end AT TIME ZONE tz AS date) - CAST(start AT TIME ZONE tz AS date)): the two expressions
    # joined inside the casts; tz is a zone name checked against the zone database.
    output_field = IntegerField()

    def __init__(self, end, start, zone):
        ZoneInfo(zone)  # a valid IANA name: it is written into the SQL
        if not all(c.isalnum() or c in "/_+-" for c in zone):
            raise ValueError(zone)
        self.arg_joiner = f" AT TIME ZONE '{zone}' AS date) - CAST("
        self.template = f"(CAST(%(expressions)s AT TIME ZONE '{zone}' AS date))"
        super().__init__(end, start)


def days_between(start, end):
    """Calendar days between two timestamps on the facility's dates (mieux.facility_time)."""
    from django.conf import settings

    return _DaysBetween(F(end), F(start), settings.FACILITY_TIME_ZONE)


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
