"""An Action's budget: planned and actual amounts per calendar year and cost category, in EUR.

Amounts are Decimals with two places, never floats. Activity cost lines roll up to the Action by the
year of the activity's start; lines computed from confirmed deployments (allowance, fee, tickets) are
written by the experts app through `actions.budgets` and carry a `computed_key`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

ZERO = Decimal("0.00")


class CostCategory(models.TextChoices):
    EXPERT_FEES = "expert_fees", _("Expert fees")
    TRAVEL = "travel", _("Travel")
    SUBSISTENCE = "subsistence", _("Subsistence (daily allowances)")
    VENUE = "venue", _("Venue")
    INTERPRETATION = "interpretation", _("Interpretation")
    TRANSLATION = "translation", _("Translation")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")


def amount_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs
    )


class BudgetLine(models.Model):
    """The Action-level plan for one year and category, plus actual spending not recorded per activity."""

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("Action"))
    year = models.PositiveSmallIntegerField(_("year"))
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    planned = amount_field(_("planned (EUR)"), default=ZERO)
    actual = amount_field(_("other actual spending (EUR)"), null=True, blank=True,
                          help_text=_("Spending not recorded on an activity; empty when not yet known."))
    # Optimistic concurrency: a save names the version it was read at, so no change is silently lost.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("updated by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["action", "year", "category"]
        constraints = [
            models.UniqueConstraint(fields=["action", "year", "category"], name="budget_line_unique_year_category"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="budget_line_planned_not_negative"),
            models.CheckConstraint(condition=Q(actual__isnull=True) | Q(actual__gte=0), name="budget_line_actual_not_negative"),
        ]

    def __str__(self):
        return f"{self.action.code} {self.year} {self.get_category_display()}"


class ActivityCost(models.Model):
    """A cost line of one activity; manual lines have an empty `computed_key`."""

    activity = models.ForeignKey("actions.Activity", on_delete=models.CASCADE, related_name="costs", verbose_name=_("activity"))
    category = models.CharField(_("cost category"), max_length=20, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=250, blank=True)
    planned = amount_field(_("planned (EUR)"), default=ZERO)
    actual = amount_field(_("actual (EUR)"), null=True, blank=True)
    # True while the cost is for a confirmed mission that has not taken place yet.
    committed = models.BooleanField(_("committed"), default=False)
    computed_key = models.CharField(_("computed from"), max_length=60, blank=True, db_index=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("activity cost")
        verbose_name_plural = _("activity costs")
        ordering = ["activity", "category", "id"]
        constraints = [
            models.UniqueConstraint(fields=["computed_key"], condition=~Q(computed_key=""), name="activity_cost_unique_computed_key"),
            models.CheckConstraint(condition=Q(planned__gte=0), name="activity_cost_planned_not_negative"),
            models.CheckConstraint(condition=Q(actual__isnull=True) | Q(actual__gte=0), name="activity_cost_actual_not_negative"),
        ]

    def __str__(self):
        return f"{self.activity} – {self.get_category_display()}"

    @property
    def is_computed(self):
        return bool(self.computed_key)
