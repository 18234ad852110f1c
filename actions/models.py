"""Actions, their activities, participant surveys and documents."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from actions.codes import ACTION_CODE_HELP, ACTION_CODE_MAX_LENGTH, validate_action_code
from mieux.models import BaseEvent
from mieux.storage import private_storage


def new_survey_token():
    return secrets.token_urlsafe(18)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# IATI ActivityStatus codelist: 1 pipeline, 2 implementation, 4 post-completion, 5 cancelled.
IATI_ACTIVITY_STATUS = {
    ActionStatus.PLANNED: "1",
    ActionStatus.ONGOING: "2",
    ActionStatus.COMPLETED: "4",
    ActionStatus.CANCELLED: "5",
}


# Deployment states in which an expert sees the Action they are deployed on.
EXPERT_VISIBLE_DEPLOYMENTS = ("invited", "accepted", "confirmed", "completed")


class ActionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Actions whose staff page `user` may open: staff all, partners their institution's, experts theirs."""
        if not user.is_authenticated:
            return self.none()
        if user.is_mieux_staff:
            return self
        if user.is_partner:
            return self.filter(
                institution__memberships__user=user, institution__memberships__status="active"
            ).distinct()
        if user.is_expert:
            # A proposal the expert has not been invited to yet, or a refused one, opens nothing.
            return self.filter(
                activities__deployments__expert__user=user,
                activities__deployments__status__in=EXPERT_VISIBLE_DEPLOYMENTS,
            ).distinct()
        return self.none()


class Action(models.Model):
    """An approved request turned into a programme of activities."""

    code = models.CharField(_("code"), max_length=ACTION_CODE_MAX_LENGTH, unique=True,
                            validators=[validate_action_code], help_text=ACTION_CODE_HELP)
    request = models.OneToOneField(
        "requests_app.Request", null=True, blank=True, on_delete=models.PROTECT, related_name="action",
        verbose_name=_("request"),
    )
    institution = models.ForeignKey(
        "requests_app.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="actions",
        verbose_name=_("partner institution"),
    )
    title = models.CharField(_("title"), max_length=250)
    countries = CountryField(_("countries"), multiple=True)
    region = models.ForeignKey("mieux.Region", on_delete=models.PROTECT, related_name="actions", verbose_name=_("region"))
    thematic_areas = models.ManyToManyField("mieux.ThematicArea", related_name="actions", verbose_name=_("thematic areas"))
    phase = models.ForeignKey("mieux.Phase", on_delete=models.PROTECT, related_name="actions", verbose_name=_("phase"))
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_actions",
        verbose_name=_("lead staff member"),
    )
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    achieved_results = models.TextField(_("achieved results"), blank=True)
    summary = models.TextField(_("public summary"), blank=True)
    staff_notes = models.TextField(_("staff-only notes"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED, db_index=True
    )
    is_public = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    imported = models.BooleanField(_("imported"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[thematic_areas])
    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Action")
        verbose_name_plural = _("Actions")
        ordering = ["-planned_start", "code"]
        indexes = [
            # The staff list's order, and the public list's (published only, undated last).
            models.Index(fields=["-planned_start", "code"], name="action_by_start"),
            # PostgreSQL only (migration 0004): the public list's order (published, undated last) and the
            # home page's latest published Actions, as partial DESC NULLS LAST indexes.
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True) | Q(planned_start__isnull=True) | Q(planned_end__gte=models.F("planned_start")),
                name="action_planned_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def save(self, *args, **kwargs):
        # The code is the Action's stable identifier: checked once, when the Action is created (codes
        # stored before the rule keep working, see actions.codes).
        if self._state.adding:
            validate_action_code(self.code)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.code])

    def get_public_url(self):
        return reverse("public_action", args=[self.code])

    @classmethod
    def from_db(cls, db, field_names, values):
        action = super().from_db(db, field_names, values)
        action._loaded_request_id = action.__dict__.get("request_id")  # actions.request_links: a former request
        return action

    @property
    def iati_identifier(self):
        return f"{settings.IATI_REPORTING_ORG_REF}-{self.code}"

    @property
    def start(self):
        return self.actual_start or self.planned_start

    @property
    def end(self):
        return self.actual_end or self.planned_end


class ActionEvent(BaseEvent):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="events", verbose_name=_("Action"))
    visible_to_partner = models.BooleanField(_("visible to the partner"), default=True)

    class Meta(BaseEvent.Meta):
        verbose_name = _("Action event")
        verbose_name_plural = _("Action events")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    DELIVERED = "delivered", _("Delivered")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


def report_path(instance, filename):
    return f"activities/{instance.pk or 'new'}/{filename}"


class Activity(models.Model):
    """One scheduled activity of an Action: workshop, study visit, training, conference..."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="activities", verbose_name=_("Action"))
    ref = models.CharField(_("reference"), max_length=60, unique=True, null=True, blank=True)
    type = models.ForeignKey("mieux.ActivityType", on_delete=models.PROTECT, related_name="activities", verbose_name=_("type"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    format = models.CharField(_("format"), max_length=20, choices=ActivityFormat.choices, default=ActivityFormat.IN_PERSON)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    languages = models.JSONField(_("working languages"), default=list, blank=True)
    planned_participants = models.PositiveIntegerField(_("planned participants"), null=True, blank=True)
    required_thematic_areas = models.ManyToManyField(
        "mieux.ThematicArea", blank=True, related_name="+", verbose_name=_("required thematic expertise")
    )
    required_languages = models.JSONField(_("required languages"), default=list, blank=True)
    experts_needed = models.PositiveSmallIntegerField(_("number of experts needed"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED, db_index=True
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    participants_total = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    participants_women = models.PositiveIntegerField(_("women"), null=True, blank=True)
    participants_men = models.PositiveIntegerField(_("men"), null=True, blank=True)
    report = models.FileField(_("report"), upload_to=report_path, storage=private_storage, blank=True)
    # The type detected from the report's content at upload; downloads are served as this type.
    report_content_type = models.CharField(_("report content type"), max_length=120, blank=True, editable=False)
    agenda = models.TextField(_("agenda"), blank=True)
    # Historical aggregates from the import; they count in the key facts like answers collected here.
    historical_feedback_answers = models.PositiveIntegerField(_("historical survey answers"), default=0)
    historical_feedback_yes = models.PositiveIntegerField(_("historical 'real difference' answers"), default=0)
    survey_token = models.CharField(max_length=64, unique=True, default=new_survey_token, editable=False)
    imported = models.BooleanField(_("imported"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE, bumped on each change")

    history = HistoricalRecords(m2m_fields=[required_thematic_areas])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["start_date", "id"]
        indexes = [
            # Calendar, matching (bookings overlapping given dates), key facts and dashboard years.
            models.Index(fields=["start_date", "end_date"], name="activity_dates"),
            models.Index(fields=["end_date"], name="activity_end_date"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="activity_end_after_start"),
            models.CheckConstraint(
                condition=Q(participants_total__isnull=True)
                | (
                    (Q(participants_women__isnull=True) | Q(participants_women__lte=models.F("participants_total")))
                    & (Q(participants_men__isnull=True) | Q(participants_men__lte=models.F("participants_total")))
                ),
                name="activity_participant_parts_within_total",
            ),
            models.CheckConstraint(
                condition=Q(historical_feedback_yes__lte=models.F("historical_feedback_answers")),
                name="activity_feedback_yes_within_answers",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:activity", args=[self.action.code, self.pk])

    @property
    def is_online(self):
        return self.format == ActivityFormat.ONLINE

    @property
    def outside_action_dates(self):
        start, end = self.action.start, self.action.end
        return bool((start and self.start_date < start) or (end and self.end_date > end))


class ActivityEvent(BaseEvent):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="events", verbose_name=_("activity"))
    visible_to_partner = models.BooleanField(_("visible to the partner"), default=True)

    class Meta(BaseEvent.Meta):
        verbose_name = _("activity event")
        verbose_name_plural = _("activity events")


class SurveyResponse(models.Model):
    """A participant's anonymous answer to an activity's survey."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="survey_responses", verbose_name=_("activity"))
    satisfaction = models.PositiveSmallIntegerField(_("overall satisfaction (1–5)"), null=True, blank=True)
    relevance = models.PositiveSmallIntegerField(_("relevance to your work (1–5)"), null=True, blank=True)
    made_difference = models.BooleanField(_("made a real difference to the way you do your job"), null=True, blank=True)
    would_recommend = models.BooleanField(_("would recommend"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("participant survey answer")
        verbose_name_plural = _("participant survey answers")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(satisfaction__isnull=True) | Q(satisfaction__gte=1, satisfaction__lte=5), name="survey_satisfaction_1_5"),
            models.CheckConstraint(condition=Q(relevance__isnull=True) | Q(relevance__gte=1, relevance__lte=5), name="survey_relevance_1_5"),
        ]

    def __str__(self):
        return f"{self.activity} – {self.created_at:%Y-%m-%d}"


def document_path(instance, filename):
    return f"actions/{instance.action_id}/{filename}"


class DocumentType(models.TextChoices):
    HANDBOOK = "handbook", _("Handbook")
    CURRICULUM = "curriculum", _("Training curriculum")
    POLICY_DRAFT = "policy_draft", _("Policy draft")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other document")


class ActionDocumentQuerySet(models.QuerySet):
    def in_public_library(self):
        """Deliverables staff marked public, of Actions that are themselves public."""
        return self.filter(is_public=True, action__is_public=True)


class ActionDocument(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="documents", verbose_name=_("Action"))
    title = models.CharField(_("title"), max_length=250)
    # The public library of deliverables: staff choose what is public, its type and language.
    is_public = models.BooleanField(_("in the public library"), default=False, db_index=True)
    document_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices, default=DocumentType.OTHER)
    language = models.CharField(_("language"), max_length=5, default="en")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, storage=private_storage)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    visible_to_partner = models.BooleanField(_("visible to the partner"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = ActionDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Action document")
        verbose_name_plural = _("Action documents")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title


# Budget models live in their own module; importing them here registers them with the app.
from actions.budget_models import ActivityCost, BudgetLine, CostCategory  # noqa: E402, F401

# Results, evaluation, follow-up and translations live in their own module; imported here so Django
# registers them with the app.
from actions.results_models import (  # noqa: E402,F401
    ActionTranslation,
    FollowUpSchedule,
    Indicator,
    PartnerEvaluation,
    PartnerFollowUp,
)
