"""Each expert's track record, kept up to date as deployments change, so that ranking the roster reads
one small row per expert instead of aggregating every past deployment on each call.

`TrackRecord` holds the sums and counts behind the averages the matching uses (staff rating and the
expert's own satisfaction, over completed deployments). Whenever a deployment is saved or deleted,
whatever the door (service, admin, import), `refresh_for_expert` recomputes that expert's row with one
indexed aggregate (derived data maintenance, like a cache: no workflow hangs on it). Bulk writes send
no signal: `refresh_all()` (management command `refresh_derived_data`) rebuilds every row.

The workload over the last twelve months depends on the day: the row keeps the start dates of the
expert's booked deployments from a year before the refresh onwards (future ones included), so on any
later day the window is inside what is kept and `track_records` only counts dates. An activity moved
to other dates refreshes the rows of its experts.
"""

import datetime

from django.db import models, transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Activity

WORKLOAD_STATUSES = ("accepted", "confirmed", "completed")


class TrackRecord(models.Model):
    expert = models.OneToOneField("experts.Expert", on_delete=models.CASCADE, primary_key=True,
                                  related_name="track_record", verbose_name=_("expert"))
    completed = models.PositiveIntegerField(_("completed deployments"), default=0)
    rating_sum = models.PositiveIntegerField(_("sum of staff ratings"), default=0)
    rating_count = models.PositiveIntegerField(_("staff ratings"), default=0)
    satisfaction_sum = models.PositiveIntegerField(_("sum of the expert's satisfaction"), default=0)
    satisfaction_count = models.PositiveIntegerField(_("satisfaction answers"), default=0)
    booked_starts = models.JSONField(_("start dates of recent and coming bookings"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        app_label = "experts"
        verbose_name = _("expert track record")
        verbose_name_plural = _("expert track records")

    def __str__(self):
        return str(self.expert_id)

    @property
    def average_rating(self):
        return self.rating_sum / self.rating_count if self.rating_count else None

    @property
    def average_satisfaction(self):
        return self.satisfaction_sum / self.satisfaction_count if self.satisfaction_count else None


def _aggregates():
    completed = Q(status="completed")
    return {
        "completed": Count("pk", filter=completed),
        "rating_sum": Sum("staff_rating", filter=completed),
        "rating_count": Count("staff_rating", filter=completed),
        "satisfaction_sum": Sum("satisfaction", filter=completed),
        "satisfaction_count": Count("satisfaction", filter=completed),
    }


KEEP_DAYS = 366


def _booked_starts(expert_ids=None):
    from experts.models import Deployment

    since = timezone.localdate() - datetime.timedelta(days=KEEP_DAYS)
    rows = Deployment.objects.filter(status__in=WORKLOAD_STATUSES, activity__start_date__gte=since)
    if expert_ids is not None:
        rows = rows.filter(expert_id__in=expert_ids)
    starts = {}
    for expert_id, start in rows.order_by().values_list("expert_id", "activity__start_date"):
        starts.setdefault(expert_id, []).append(start.isoformat())
    return {expert_id: sorted(dates) for expert_id, dates in starts.items()}


def refresh_for_expert(expert_id):
    from experts.models import Deployment

    values = Deployment.objects.filter(expert_id=expert_id, status="completed").order_by().aggregate(**_aggregates())
    values = {k: v or 0 for k, v in values.items()}
    values["booked_starts"] = _booked_starts([expert_id]).get(expert_id, [])
    TrackRecord.objects.update_or_create(expert_id=expert_id, defaults=values)


def refresh_all():
    """Rebuild every row from the deployments (after a bulk load)."""
    from experts.models import Deployment, Expert

    rows = (Deployment.objects.filter(status="completed").order_by().values("expert_id")
            .annotate(**_aggregates()))
    by_expert = {row["expert_id"]: row for row in rows}
    starts = _booked_starts()
    records = []
    for expert_id in Expert.objects.order_by().values_list("pk", flat=True).iterator(chunk_size=5000):
        row = by_expert.get(expert_id, {})
        records.append(TrackRecord(expert_id=expert_id, booked_starts=starts.get(expert_id, []),
                                   **{k: row.get(k) or 0 for k in _aggregates()}))
    with transaction.atomic():
        TrackRecord.objects.all().delete()
        TrackRecord.objects.bulk_create(records, batch_size=5000)
    return len(records)


# The last table read, per process: {(day, window): (stamp, records)}. Ranking reads all 10,000 rows and
# decodes their JSON (30 ms); the rows change only when deployments do, which the stamp notices.
_last_read = {}


def _stamp():
    """Changes whenever a row is written (`updated_at` is set on every save) or deleted (the count)."""
    return TrackRecord.objects.aggregate(latest=Max("updated_at"), rows=Count("pk"))


def track_records(today=None, window_days=365):
    """{expert id: (average staff rating, average satisfaction, bookings starting in the window)}: one
    read of the track record table, whatever the number of deployments; repeated reads in a process
    cost one aggregate while no row changed."""
    today = today or timezone.localdate()
    stamp = _stamp()
    kept = _last_read.get((today, window_days))
    if kept is not None and kept[0] == stamp:
        return kept[1]
    since, until = (today - datetime.timedelta(days=window_days)).isoformat(), today.isoformat()
    records = {}
    for expert_id, rating_sum, rating_n, sat_sum, sat_n, starts in TrackRecord.objects.filter(
        Q(rating_count__gt=0) | Q(satisfaction_count__gt=0) | ~Q(booked_starts=[])
    ).values_list("expert_id", "rating_sum", "rating_count", "satisfaction_sum", "satisfaction_count",
                  "booked_starts"):
        recent = sum(1 for start in starts if since <= start <= until)
        rating = rating_sum / rating_n if rating_n else None
        satisfaction = sat_sum / sat_n if sat_n else None
        if rating is not None or satisfaction is not None or recent:
            records[expert_id] = (rating, satisfaction, recent)
    _last_read.clear()
    _last_read[(today, window_days)] = (stamp, records)
    return records


def _deployment_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    refresh_for_expert(instance.expert_id)


def _activity_changed(sender, instance, **kwargs):
    if kwargs.get("raw") or kwargs.get("created"):
        return
    for expert_id in instance.deployments.order_by().values_list("expert_id", flat=True):
        refresh_for_expert(expert_id)


def connect():
    from experts.models import Deployment

    post_save.connect(_deployment_changed, sender=Deployment, dispatch_uid="track-record-save", weak=False)
    post_delete.connect(_deployment_changed, sender=Deployment, dispatch_uid="track-record-delete", weak=False)
    post_save.connect(_activity_changed, sender=Activity, dispatch_uid="track-record-activity", weak=False)
