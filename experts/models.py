"""The expert roster, availability and deployments on activities."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from mieux.models import BaseEvent, is_eu_nationality
from mieux.storage import private_storage


class Gender(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other or not stated")


class LanguageLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native")


LEVEL_RANK = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6, "native": 7}


def cv_path(instance, filename):
    return f"experts/{instance.pk or 'new'}/cv/{filename}"


class ExpertQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Expert.Status.ACTIVE, erased_at__isnull=True)


class Expert(models.Model):
    """A member of the roster. Personal data can be erased; nationality and deployments stay for the key facts."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    ref = models.CharField(_("reference"), max_length=60, unique=True, null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="expert_profile",
        verbose_name=_("account"),
    )
    first_name = models.CharField(_("first name"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("e-mail"), unique=True, null=True, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    nationality = CountryField(_("nationality"))
    second_nationality = CountryField(_("second nationality"), blank=True)
    residence = CountryField(_("country of residence"), blank=True)
    employer_type = models.ForeignKey(
        "mieux.EmployerType", on_delete=models.PROTECT, related_name="experts", verbose_name=_("employer type")
    )
    employer = models.CharField(_("employer"), max_length=250, blank=True)
    position = models.CharField(_("position"), max_length=250, blank=True)
    biography = models.TextField(_("short biography"), blank=True)
    thematic_areas = models.ManyToManyField(
        "mieux.ThematicArea", blank=True, related_name="experts", verbose_name=_("thematic areas")
    )
    countries_experience = CountryField(_("countries of experience"), multiple=True, blank=True)
    regions_experience = models.ManyToManyField(
        "mieux.Region", blank=True, related_name="experts", verbose_name=_("regions of experience")
    )
    cv = models.FileField(_("CV"), upload_to=cv_path, storage=private_storage, blank=True)
    # The type detected from the CV's content at upload; downloads are served as this type.
    cv_content_type = models.CharField(_("CV content type"), max_length=120, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_version = models.CharField(_("privacy notice version"), max_length=20, blank=True)
    erasure_requested_at = models.DateTimeField(_("erasure requested"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    claim_invited_at = models.DateTimeField(_("invited to claim the profile"), null=True, blank=True)
    imported = models.BooleanField(_("imported"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[thematic_areas, regions_experience])
    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["last_name", "first_name"]
        # PostgreSQL only (migration 0005): a GIN index on the vector of experts.filters.search_experts.

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("experts:detail", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_non_eu(self):
        return not is_eu_nationality(self.nationality)

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def has_consent(self):
        return self.consent_at is not None and bool(self.consent_version)


class ExpertLanguage(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="languages", verbose_name=_("expert"))
    language = models.CharField(_("language"), max_length=8, help_text=_("ISO 639-1 code, e.g. fr"))
    level = models.CharField(_("level"), max_length=6, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["expert", "language"], name="expert_language_unique")]

    def __str__(self):
        return f"{self.language}:{self.level}"

    @property
    def rank(self):
        return LEVEL_RANK.get(self.level, 0)


class Unavailability(models.Model):
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="unavailabilities", verbose_name=_("expert"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unavailability period")
        verbose_name_plural = _("unavailability periods")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="unavailability_end_after_start")
        ]

    def __str__(self):
        return f"{self.expert}: {self.start_date} – {self.end_date}"


class DeploymentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# States in which an expert is held for the activity's dates.
BOOKED_STATUSES = (DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED)


class Deployment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead expert")
        EXPERT = "expert", _("Expert")

    activity = models.ForeignKey(
        "actions.Activity", on_delete=models.CASCADE, related_name="deployments", verbose_name=_("activity")
    )
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="deployments", verbose_name=_("expert"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.EXPERT)
    status = models.CharField(
        _("status"), max_length=12, choices=DeploymentStatus.choices, default=DeploymentStatus.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("proposed by"),
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # The expert's feedback after completion.
    beneficial = models.BooleanField(_("beneficial to the expert's career"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("expert's satisfaction (1–5)"), null=True, blank=True)
    feedback_comment = models.TextField(_("expert's comment"), blank=True)
    feedback_at = models.DateTimeField(_("feedback given"), null=True, blank=True)
    # The staff's rating of the expert; staff only.
    staff_rating = models.PositiveSmallIntegerField(_("staff rating (1–5)"), null=True, blank=True)
    staff_comment = models.TextField(_("staff comment"), blank=True)
    imported = models.BooleanField(_("imported"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Binds the e-mailed invitation link to one invitation: renewed by every invitation and answer.
    invitation_nonce = models.CharField(max_length=32, blank=True, default="", editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deployment")
        verbose_name_plural = _("deployments")
        ordering = ["activity__start_date", "id"]
        indexes = [models.Index(fields=["expert", "status"], name="deployment_expert_status")]
        constraints = [
            models.UniqueConstraint(fields=["activity", "expert"], name="deployment_unique_expert_activity"),
            models.CheckConstraint(
                condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5),
                name="deployment_satisfaction_1_5",
            ),
            models.CheckConstraint(
                condition=Q(staff_rating__isnull=True) | Q(staff_rating__gte=1, staff_rating__lte=5),
                name="deployment_staff_rating_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.expert} @ {self.activity} ({self.get_status_display()})"

    @property
    def has_feedback(self):
        return self.feedback_at is not None


class DeploymentEvent(BaseEvent):
    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="events", verbose_name=_("deployment"))

    class Meta(BaseEvent.Meta):
        verbose_name = _("deployment event")
        verbose_name_plural = _("deployment events")


# Mission logistics models live in their own module; importing them here registers them with the app.
from experts.logistics_models import AllowanceRate, DocumentTemplate, Mission, MissionReport  # noqa: E402, F401
from experts.track_record import TrackRecord  # noqa: E402, F401 - registered with the app's models
