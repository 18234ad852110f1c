"""Mission logistics of a deployment: travel, daily allowance, fee, release letter, documents, report."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from mieux.storage import private_storage

ZERO = Decimal("0.00")


def _amount(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)], **kwargs)


class AllowanceRate(models.Model):
    """The daily subsistence allowance for a country (or one of its cities) from a given date."""

    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True, help_text=_("Empty: the whole country."))
    daily_rate = _amount(_("daily rate (EUR)"))
    effective_from = models.DateField(_("in force from"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("daily allowance rate")
        verbose_name_plural = _("daily allowance rates")
        ordering = ["country", "city", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["country", "city", "effective_from"], name="allowance_rate_unique_from"),
            models.CheckConstraint(condition=Q(daily_rate__gte=0), name="allowance_rate_not_negative"),
        ]

    def __str__(self):
        place = f"{self.city}, {self.country.code}" if self.city else self.country.code
        return f"{place}: {self.daily_rate} EUR from {self.effective_from}"


class TravelMode(models.TextChoices):
    AIR = "air", _("Air")
    RAIL = "rail", _("Rail")
    ROAD = "road", _("Road")
    NONE = "none", _("No travel (online or local)")


class BookingStatus(models.TextChoices):
    TO_BOOK = "to_book", _("To book")
    BOOKED = "booked", _("Booked")
    TICKET_ISSUED = "ticket_issued", _("Ticket issued")


def release_letter_path(instance, filename):
    return f"missions/{instance.deployment_id}/release-letter/{filename}"


class Mission(models.Model):
    """The logistics of one deployment; its history logs every change of travel and allowance."""

    deployment = models.OneToOneField("experts.Deployment", on_delete=models.CASCADE, related_name="mission",
                                      verbose_name=_("deployment"))
    outbound_date = models.DateField(_("outbound travel date"), null=True, blank=True)
    return_date = models.DateField(_("return travel date"), null=True, blank=True)
    travel_from = models.CharField(_("travelling from"), max_length=120, blank=True)
    travel_to = models.CharField(_("travelling to"), max_length=120, blank=True)
    travel_mode = models.CharField(_("mode of travel"), max_length=10, choices=TravelMode.choices, default=TravelMode.AIR)
    booking_status = models.CharField(_("booking status"), max_length=20, choices=BookingStatus.choices,
                                      default=BookingStatus.TO_BOOK)
    ticket_cost = _amount(_("ticket cost (EUR)"), null=True, blank=True)
    allowance_override = _amount(_("allowance set by staff (EUR)"), null=True, blank=True)
    allowance_override_reason = models.CharField(_("reason for the allowance set by staff"), max_length=250, blank=True)
    release_letter = models.FileField(_("employer's release letter"), upload_to=release_letter_path,
                                      storage=private_storage, blank=True)
    release_letter_uploaded_at = models.DateTimeField(_("release letter uploaded"), null=True, blank=True)
    release_letter_uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mission logistics")
        verbose_name_plural = _("mission logistics")
        constraints = [
            models.CheckConstraint(
                condition=Q(return_date__isnull=True) | Q(outbound_date__isnull=True) | Q(return_date__gte=models.F("outbound_date")),
                name="mission_return_after_outbound",
            ),
            models.CheckConstraint(
                condition=Q(allowance_override__isnull=True) | ~Q(allowance_override_reason=""),
                name="mission_override_has_reason",
            ),
        ]

    def __str__(self):
        return str(self.deployment)


class MissionReport(models.Model):
    """The expert's short report after the mission; staff choose what the partner sees."""

    deployment = models.OneToOneField("experts.Deployment", on_delete=models.CASCADE, related_name="mission_report",
                                      verbose_name=_("deployment"))
    work_done = models.TextField(_("what was done"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    follow_up = models.TextField(_("follow-up needed"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("reviewed by"))
    share_work_done = models.BooleanField(_("share what was done with the partner"), default=False)
    share_findings = models.BooleanField(_("share the findings with the partner"), default=False)
    share_recommendations = models.BooleanField(_("share the recommendations with the partner"), default=False)
    share_follow_up = models.BooleanField(_("share the follow-up with the partner"), default=False)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("mission report")
        verbose_name_plural = _("mission reports")

    def __str__(self):
        return str(self.deployment)

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def shared_parts(self):
        """[(label, text)] of the parts staff chose to show the partner, once reviewed."""
        if not self.reviewed_at:
            return []
        parts = (
            (self.share_work_done, _("What was done"), self.work_done),
            (self.share_findings, _("Findings"), self.findings),
            (self.share_recommendations, _("Recommendations"), self.recommendations),
            (self.share_follow_up, _("Follow-up needed"), self.follow_up),
        )
        return [(label, text) for shared, label, text in parts if shared and text]


class DocumentKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation letter")
    MISSION_ORDER = "mission_order", _("Mission order and confirmation")


class DocumentTemplate(models.Model):
    """Staff-editable wording of a mission document in one language (Django template syntax)."""

    kind = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        help_text=_("Placeholders: {{ expert_name }}, {{ activity_title }}, {{ action_title }}, {{ place }}, "
                    "{{ start_date }}, {{ end_date }}, {{ purpose }}, {{ outbound_date }}, {{ return_date }}, "
                    "{{ travel }}, {{ allowance }}, {{ fee }}, {{ ticket_cost }}, {{ today }}."),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mission document template")
        verbose_name_plural = _("mission document templates")
        ordering = ["kind", "language"]
        constraints = [models.UniqueConstraint(fields=["kind", "language"], name="document_template_unique_language")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.language})"
