"""Partner institutions, requests for assistance, their review by the Steering Committee."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from mieux import facility_time
from mieux.models import BaseEvent
from mieux.storage import private_storage


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=250)
    type = models.ForeignKey(
        "mieux.InstitutionType", on_delete=models.PROTECT, verbose_name=_("type"), related_name="institutions"
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("verified by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    imported = models.BooleanField(_("imported"), default=False)

    # Who changed what: a verified identity (name, country, type) changed by a partner loses its badge.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="institution_unique_name_country")]

    def __str__(self):
        return self.name

    @property
    def is_verified(self):
        return self.verified_at is not None


class Membership(models.Model):
    """A user's link to a partner institution; a pending member sees nothing of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("institution")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("approved by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("institution membership")
        verbose_name_plural = _("institution memberships")
        constraints = [models.UniqueConstraint(fields=["user", "institution"], name="membership_unique_user")]

    def __str__(self):
        return f"{self.user} – {self.institution} ({self.get_status_display()})"


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("Information requested")
    IN_REVIEW = "in_review", _("In committee review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    INELIGIBLE = "ineligible", _("Closed as ineligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DECIDED_STATUSES = (RequestStatus.APPROVED, RequestStatus.REJECTED, RequestStatus.INELIGIBLE)
CLOSED_STATUSES = DECIDED_STATUSES + (RequestStatus.WITHDRAWN,)


class RequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Requests `user` may see: staff all, committee those forwarded, partners their institution's."""
        if not user.is_authenticated:
            return self.none()
        if user.is_mieux_staff:
            return self
        if user.is_committee:
            return self.filter(review_round__gte=1).exclude(status=RequestStatus.DRAFT)
        if user.is_partner:
            return self.filter(
                institution__memberships__user=user, institution__memberships__status=Membership.Status.ACTIVE
            )
        return self.none()

    def received(self):
        """Requests ever submitted (historical imports included): not drafts, and not drafts withdrawn
        before they were ever submitted (those never had a first submission date)."""
        return self.exclude(status=RequestStatus.DRAFT).filter(submitted_at__isnull=False)

    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES + (RequestStatus.DRAFT,))


class Request(models.Model):
    """A partner institution's request for assistance."""

    reference = models.CharField(_("reference"), max_length=40, unique=True, null=True, blank=True)
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="requests", verbose_name=_("institution")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFT, db_index=True
    )
    phase = models.ForeignKey(
        "mieux.Phase", null=True, blank=True, on_delete=models.PROTECT, related_name="requests", verbose_name=_("phase")
    )
    region = models.ForeignKey(
        "mieux.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="requests",
        verbose_name=_("region"),
    )

    # Content
    title = models.CharField(_("title"), max_length=250, blank=True)
    thematic_areas = models.ManyToManyField("mieux.ThematicArea", blank=True, verbose_name=_("thematic areas"))
    countries = CountryField(_("countries concerned"), multiple=True, blank=True)
    background = models.TextField(_("background and context"), blank=True)
    problem = models.TextField(_("problem to address"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    target_groups = models.TextField(_("target groups"), blank=True)
    estimated_participants = models.PositiveIntegerField(_("estimated number of participants"), null=True, blank=True)
    activity_types = models.ManyToManyField(
        "mieux.ActivityType", blank=True, verbose_name=_("proposed activity types")
    )
    earliest_start = models.DateField(_("earliest start"), null=True, blank=True)
    latest_end = models.DateField(_("latest end"), null=True, blank=True)
    working_languages = models.JSONField(_("working languages"), default=list, blank=True)
    other_projects = models.TextField(_("other projects on the same subject (past and ongoing)"), blank=True)
    commitment = models.TextField(_("commitment of the institution (staff time, venues)"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=50, blank=True)
    follow_up_of = models.ForeignKey(
        "actions.Action", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_up_requests",
        verbose_name=_("follow-up of Action"),
    )
    wizard_step = models.PositiveSmallIntegerField(default=1)

    # Workflow
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True, db_index=True)
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    info_requested_at = models.DateTimeField(_("information requested"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded to the committee"), null=True, blank=True)
    review_round = models.PositiveSmallIntegerField(_("review round"), default=0)
    review_deadline = models.DateField(_("review deadline"), null=True, blank=True)
    cover_note = models.TextField(_("cover note for the committee"), blank=True)
    complementarity_note = models.TextField(_("complementarity note"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_explanation = models.TextField(_("explanation of the decision"), blank=True)
    decision_justification = models.TextField(_("justification against the recommendation"), blank=True)
    # Derived from the Actions (actions.request_links): whether an Action was made from this request, so
    # that "approved requests still without an Action" reads a few rows of a partial index instead of
    # anti-joining every approved request with every Action.
    has_action = models.BooleanField(_("Action created"), default=False, editable=False)
    closing_reason = models.TextField(_("reason (ineligible or withdrawn)"), blank=True)
    imported = models.BooleanField(_("imported"), default=False)

    history = HistoricalRecords(m2m_fields=[thematic_areas, activity_types])
    objects = RequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request for assistance")
        verbose_name_plural = _("requests for assistance")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["-created_at"], name="request_latest"),
            models.Index(fields=["status", "-submitted_at"], name="request_status_submitted"),
            # The staff queue (open requests by default), oldest submission first.
            models.Index(Coalesce("submitted_at", "created_at"), "id", name="request_open_queue",
                         condition=Q(status__in=["submitted", "info_requested", "in_review"], submitted_at__isnull=False)),
            # "Approved requests still without an Action" on the staff Action list, in decision order.
            models.Index(fields=["decided_at", "id"], condition=models.Q(status="approved", has_action=False),
                         name="request_awaiting_action"),
            # PostgreSQL only (migration 0003, requests_app.search): GIN indexes on the countries as an
            # array and on the text search vector.
        ]

    def __str__(self):
        return f"{self.reference or _('Draft')} – {self.title or _('(untitled)')}"

    def get_absolute_url(self):
        return reverse("requests:detail", args=[self.pk])

    @property
    def is_editable(self):
        return self.status == RequestStatus.DRAFT

    @property
    def review_deadline_calendar(self):
        """Which working days the review deadline counts (shown next to it)."""
        return facility_time.holiday_calendar_name()

    @property
    def days_to_decision(self):
        if self.submitted_at and self.decided_at and self.status in DECIDED_STATUSES:
            return facility_time.days_to_decision(self.submitted_at, self.decided_at)
        return None


class RequestEvent(BaseEvent):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events", verbose_name=_("request"))
    visible_to_partner = models.BooleanField(_("shown to the partner"), default=True)

    class Meta(BaseEvent.Meta):
        verbose_name = _("request event")
        verbose_name_plural = _("request events")


def attachment_path(instance, filename):
    return f"requests/{instance.request_id}/{filename}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        ENDORSEMENT = "endorsement", _("Endorsement letter")
        STRATEGY = "strategy", _("Strategy or policy paper")
        OTHER = "other", _("Other document")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("request"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class Message(models.Model):
    """The message thread between a partner institution and the staff about one request."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages", verbose_name=_("request"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]


class ConflictDeclaration(models.Model):
    """A committee member's declaration, made before the full request opens to them."""

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, related_name="conflict_declarations", verbose_name=_("request")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflict_declarations",
        verbose_name=_("member"),
    )
    has_conflict = models.BooleanField(_("has a conflict of interest"))
    explanation = models.TextField(_("explanation"), blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [models.UniqueConstraint(fields=["request", "member"], name="coi_unique_member")]

    def __str__(self):
        return f"{self.member} – {self.request}"


class Opinion(models.Model):
    """One committee body's opinion on a request in one review round."""

    class Value(models.TextChoices):
        SUPPORT = "support", _("Support")
        CONDITIONS = "conditions", _("Support with conditions")
        OBJECT = "object", _("Object")
        ABSTAIN = "abstain", _("Abstain")

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="opinions", verbose_name=_("request"))
    review_round = models.PositiveSmallIntegerField(_("review round"))
    body = models.ForeignKey(
        "mieux.CommitteeBody", on_delete=models.PROTECT, related_name="opinions", verbose_name=_("committee body")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="opinions",
        verbose_name=_("given by"),
    )
    value = models.CharField(_("opinion"), max_length=20, choices=Value.choices)
    comment = models.TextField(_("comment"), blank=True)
    # Grows with every change; the opinion form carries the version it was based on, so a member
    # submitting on a stale form is shown the body's current opinion instead of silently replacing it.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("given"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee opinion")
        verbose_name_plural = _("committee opinions")
        ordering = ["body__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["request", "review_round", "body"], name="opinion_one_per_body_round"),
            models.CheckConstraint(
                condition=~Q(value__in=["conditions", "object"]) | ~Q(comment=""),
                name="opinion_comment_for_conditions_or_objection",
            ),
        ]

    def __str__(self):
        return f"{self.body.code}: {self.get_value_display()}"
