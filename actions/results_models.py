"""Results and evidence of an Action: indicators, the partner's evaluation and six-month follow-up,
and the Action's title and summary in other languages (DESIGN section 3, "Money, logistics and results").
"""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Languages of public content (deliverables, translations of titles and summaries): the portal's three
# and the other languages partners work in.
CONTENT_LANGUAGES = [
    ("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("pt", _("Portuguese")),
    ("ar", _("Arabic")), ("ru", _("Russian")),
]


class ResultType(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    IMPACT = "impact", _("Impact")


class Measure(models.TextChoices):
    UNIT = "unit", _("Unit (a count)")
    PERCENTAGE = "percentage", _("Percentage")
    QUALITATIVE = "qualitative", _("Qualitative")


def parse_number(text):
    """A Decimal for an indicator value, or None when `text` is not a number."""
    text = (text or "").strip().replace(",", ".") if isinstance(text, str) else text
    if text in (None, ""):
        return None
    try:
        value = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def value_error(measure, value):
    """The message for one value (baseline, target or actual) of `measure`, or None when it is fine."""
    text = (value or "").strip()
    if not text or measure == Measure.QUALITATIVE:
        return None
    number = parse_number(text)
    if number is None:
        return gettext("“%(value)s” is not a number; only qualitative indicators take words.") % {"value": text}
    if number < 0:
        return gettext("A value cannot be negative.")
    if measure == Measure.PERCENTAGE and number > 100:
        return gettext("A percentage is between 0 and 100.")
    return None


def indicator_errors(data):
    """{field: message} for an indicator's values; empty when they may be saved."""
    errors = {}
    if not (data.get("title") or "").strip():
        errors["title"] = gettext("Say what is measured.")
    if data.get("result_type") not in ResultType.values:
        errors["result_type"] = gettext("Unknown result level “%(value)s” (output, outcome or impact).") % {
            "value": data.get("result_type")}
    measure = data.get("measure")
    if measure not in Measure.values:
        errors["measure"] = gettext("Unknown measure “%(value)s” (unit, percentage or qualitative).") % {"value": measure}
        return errors
    for field in ("baseline", "target", "actual"):
        message = value_error(measure, data.get(field))
        if message:
            errors[field] = message
    year = data.get("baseline_year")
    if year is not None and not 1900 <= int(year) <= 2200:
        errors["baseline_year"] = gettext("Give the year as four digits, e.g. 2025.")
    return errors



class Indicator(models.Model):
    """One indicator of an Action's results framework: baseline, target and actual value."""

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="indicators", verbose_name=_("Action"))
    ref = models.CharField(_("reference"), max_length=60, unique=True, null=True, blank=True)
    title = models.CharField(_("what is measured"), max_length=250)
    result_type = models.CharField(_("result level"), max_length=10, choices=ResultType.choices, default=ResultType.OUTPUT)
    measure = models.CharField(_("measure"), max_length=12, choices=Measure.choices, default=Measure.UNIT)
    # Values are kept as written: a number for unit and percentage measures, words for qualitative ones.
    baseline = models.CharField(_("baseline"), max_length=250, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target = models.CharField(_("target"), max_length=250, blank=True)
    actual = models.CharField(_("actual"), max_length=250, blank=True)
    # Qualitative indicators: whether the target was reached is the staff's judgement.
    achieved = models.BooleanField(_("target reached (qualitative)"), null=True, blank=True)
    means_of_verification = models.TextField(_("means of verification"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    imported = models.BooleanField(_("imported"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["action", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline_year__gte=1900, baseline_year__lte=2200),
                name="indicator_baseline_year_sensible",
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        # The same rule as the services and the import, for the admin's forms.
        errors = indicator_errors({field: getattr(self, field) for field in ("title", "result_type", "measure", "baseline", "baseline_year", "target", "actual")})
        if errors:
            raise ValidationError(errors)

    @property
    def is_numeric(self):
        return self.measure != Measure.QUALITATIVE

    @property
    def ascending(self):
        """A target below the baseline means the indicator should go down (e.g. processing days)."""
        baseline, target = parse_number(self.baseline), parse_number(self.target)
        return not (self.is_numeric and baseline is not None and target is not None and target < baseline)

    @property
    def at_or_above_target(self):
        """True or False once target and actual are known; None while there is nothing to compare."""
        if not self.is_numeric:
            return self.achieved if self.actual.strip() or self.achieved is not None else None
        target, actual = parse_number(self.target), parse_number(self.actual)
        if target is None or actual is None:
            return None
        return actual >= target if self.ascending else actual <= target

    @property
    def progress_percent(self):
        """Share of the way from baseline to target (0..100, capped), for a progress bar."""
        if not self.is_numeric:
            return None
        target, actual = parse_number(self.target), parse_number(self.actual)
        baseline = parse_number(self.baseline) or Decimal(0)
        if target is None or actual is None or target == baseline:
            return None
        share = (actual - baseline) / (target - baseline) * 100
        return int(max(Decimal(0), min(Decimal(100), share)))


class Answer3(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class PartnerSurveyStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PartnerSurvey(models.Model):
    """An invitation of one partner member to answer about one Action, and their answer."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("partner member"))
    status = models.CharField(
        _("status"), max_length=12, choices=PartnerSurveyStatus.choices, default=PartnerSurveyStatus.INVITED, db_index=True
    )
    language = models.CharField(_("language"), max_length=5, blank=True)
    invited_at = models.DateTimeField(_("invited"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-invited_at", "id"]

    @property
    def is_open(self):
        return self.status == PartnerSurveyStatus.INVITED


class PartnerEvaluation(PartnerSurvey):
    """The partner institution's end-of-Action evaluation."""

    action = models.ForeignKey(
        "actions.Action", on_delete=models.CASCADE, related_name="partner_evaluations", verbose_name=_("Action")
    )
    satisfaction = models.PositiveSmallIntegerField(_("overall satisfaction (1–5)"), null=True, blank=True)
    relevance = models.PositiveSmallIntegerField(_("relevance to your institution's needs (1–5)"), null=True, blank=True)
    experts_quality = models.PositiveSmallIntegerField(_("quality of the experts (1–5)"), null=True, blank=True)
    objectives_met = models.CharField(_("were the objectives met?"), max_length=8, choices=Answer3.choices, blank=True)
    next_steps = models.TextField(_("what should follow?"), blank=True)

    class Meta(PartnerSurvey.Meta):
        verbose_name = _("partner evaluation")
        verbose_name_plural = _("partner evaluations")
        constraints = [
            models.UniqueConstraint(fields=["action", "member"], name="one_partner_evaluation_per_member"),
            models.CheckConstraint(condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5), name="evaluation_satisfaction_1_5"),
            models.CheckConstraint(condition=Q(relevance__isnull=True) | Q(relevance__gte=1, relevance__lte=5), name="evaluation_relevance_1_5"),
            models.CheckConstraint(condition=Q(experts_quality__isnull=True) | Q(experts_quality__gte=1, experts_quality__lte=5), name="evaluation_experts_1_5"),
        ]

    def __str__(self):
        return f"{self.action.code} – {self.member}"


class FollowUpSchedule(models.Model):
    """When an Action's six-month follow-up is due, and whether it went out (claimed once, by UPDATE)."""

    action = models.OneToOneField(
        "actions.Action", on_delete=models.CASCADE, related_name="follow_up_schedule", verbose_name=_("Action")
    )
    completed_on = models.DateField(_("Action completed on"))
    due_on = models.DateField(_("follow-up due on"), db_index=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up schedule")
        verbose_name_plural = _("follow-up schedules")
        ordering = ["due_on"]

    def __str__(self):
        return f"{self.action.code} – {self.due_on}"


class PartnerFollowUp(PartnerSurvey):
    """Six months after completion: have you used the results? How?"""

    action = models.ForeignKey(
        "actions.Action", on_delete=models.CASCADE, related_name="partner_follow_ups", verbose_name=_("Action")
    )
    results_used = models.CharField(_("have you used the results?"), max_length=8, choices=Answer3.choices, blank=True)
    examples = models.TextField(_("how? examples"), blank=True)

    class Meta(PartnerSurvey.Meta):
        verbose_name = _("partner follow-up")
        verbose_name_plural = _("partner follow-ups")
        constraints = [models.UniqueConstraint(fields=["action", "member"], name="one_partner_follow_up_per_member")]

    def __str__(self):
        return f"{self.action.code} – {self.member}"


class ActionTranslation(models.Model):
    """The Action's title and public summary in another language (public page, IATI narratives)."""

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="translations", verbose_name=_("Action"))
    language = models.CharField(_("language"), max_length=5, choices=CONTENT_LANGUAGES)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("public summary"), blank=True)

    class Meta:
        verbose_name = _("Action translation")
        verbose_name_plural = _("Action translations")
        ordering = ["action", "language"]
        constraints = [models.UniqueConstraint(fields=["action", "language"], name="one_translation_per_language")]

    def __str__(self):
        return f"{self.action.code} [{self.language}]"
