"""Each expert's track record, kept up to date as deployments change, so that ranking the roster reads
one small row per expert instead of aggregating every past deployment on each call.

`TrackRecord` holds the sums and counts behind the averages the matching uses (staff rating and the
expert's own satisfaction, over completed deployments). Whenever a deployment is saved or deleted,
whatever the door (service, admin, import), `refresh_for_expert` recomputes that expert's row with one
indexed aggregate (derived data maintenance, like a cache: no workflow hangs on it). Bulk writes send
no signal: `refresh_all()` (management command `refresh_derived_data`) rebuilds every row.

The workload over the last twelve months depends on the day, so it is not stored: `track_records`
counts it with a query bounded by that window (index on the activities' start date).
"""

import datetime

from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WORKLOAD_STATUSES = ("accepted", "confirmed", "completed")


class TrackRecord(models.Model):
    expert = models.OneToOneField("experts.Expert", on_delete=models.CASCADE, primary_key=True,
                                  related_name="track_record", verbose_name=_("expert"))
    completed = models.PositiveIntegerField(_("completed deployments"), default=0)
    rating_sum = models.PositiveIntegerField(_("sum of staff ratings"), default=0)
    rating_count = models.PositiveIntegerField(_("staff ratings"), default=0)
    satisfaction_sum = models.PositiveIntegerField(_("sum of the expert's satisfaction"), default=0)
    satisfaction_count = models.PositiveIntegerField(_("satisfaction answers"), default=0)
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


def refresh_for_expert(expert_id):
    from experts.models import Deployment

    values = Deployment.objects.filter(expert_id=expert_id, status="completed").order_by().aggregate(**_aggregates())
    values = {k: v or 0 for k, v in values.items()}
    TrackRecord.objects.update_or_create(expert_id=expert_id, defaults=values)


def refresh_all():
    """Rebuild every row from the deployments (after a bulk load)."""
    from experts.models import Deployment, Expert

    rows = (Deployment.objects.filter(status="completed").order_by().values("expert_id")
            .annotate(**_aggregates()))
    by_expert = {row["expert_id"]: row for row in rows}
    TrackRecord.objects.all().delete()
    records = []
    for expert_id in Expert.objects.order_by().values_list("pk", flat=True).iterator(chunk_size=5000):
        row = by_expert.get(expert_id, {})
        records.append(TrackRecord(expert_id=expert_id, **{k: row.get(k) or 0 for k in _aggregates()}))
    TrackRecord.objects.bulk_create(records, batch_size=5000)
    return len(records)


def track_records(today=None, window_days=365):
    """{expert id: (average staff rating, average satisfaction, deployments starting in the window)}."""
    from experts.models import Deployment

    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=window_days)
    records = {
        expert_id: [rating_sum / rating_n if rating_n else None, sat_sum / sat_n if sat_n else None, 0]
        for expert_id, rating_sum, rating_n, sat_sum, sat_n in TrackRecord.objects.filter(
            Q(rating_count__gt=0) | Q(satisfaction_count__gt=0)
        ).values_list("expert_id", "rating_sum", "rating_count", "satisfaction_sum", "satisfaction_count")
    }
    recent = (Deployment.objects.filter(status__in=WORKLOAD_STATUSES, activity__start_date__gte=since,
                                        activity__start_date__lte=today)
              .order_by().values_list("expert_id").annotate(n=Count("pk")))
    for expert_id, n in recent:
        records.setdefault(expert_id, [None, None, 0])[2] = n
    return {expert_id: tuple(values) for expert_id, values in records.items()}


def _deployment_changed(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    refresh_for_expert(instance.expert_id)


def connect():
    from experts.models import Deployment

    post_save.connect(_deployment_changed, sender=Deployment, dispatch_uid="track-record-save", weak=False)
    post_delete.connect(_deployment_changed, sender=Deployment, dispatch_uid="track-record-delete", weak=False)
