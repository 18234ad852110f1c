"""Cross-cutting models: users and roles, reference data, notifications, the audit event base."""

import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# EU-27 member states plus the United Kingdom: the key facts count every other nationality as non-EU.
EU_AND_UK = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE HU GB".split()
)


def is_eu_nationality(code) -> bool:
    return str(code or "").upper() in EU_AND_UK


class Role(models.TextChoices):
    PARTNER = "partner", _("Partner institution")
    COMMITTEE = "committee", _("Committee member")
    STAFF = "staff", _("MIEUX+ staff")
    EXPERT = "expert", _("Expert")
    ADMIN = "admin", _("Administrator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def mieux_staff(self):
        """Active MIEUX+ staff and administrators: the people `User.is_mieux_staff` describes."""
        return self.filter(
            models.Q(role__in=(Role.STAFF, Role.ADMIN)) | models.Q(is_superuser=True), is_active=True
        )

    def members_of(self, institution_id):
        """Active users with an approved membership of a partner institution."""
        return self.filter(
            memberships__institution_id=institution_id, memberships__status="active", is_active=True
        ).distinct()

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("role", Role.ADMIN)
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


def new_token():
    return secrets.token_urlsafe(24)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; `role` decides which areas of the portal they see."""

    class Digest(models.TextChoices):
        IMMEDIATE = "immediate", _("Immediately, one e-mail per notification")
        DAILY = "daily", _("Once a day, in a digest")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER, db_index=True)
    committee_body = models.ForeignKey(
        "mieux.CommitteeBody",
        verbose_name=_("committee body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    email_digest = models.CharField(
        _("e-mail notifications"), max_length=10, choices=Digest.choices, default=Digest.IMMEDIATE
    )
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"), default=False, help_text=_("Can log in to the Django admin.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]

    @property
    def is_partner(self):
        return self.role == Role.PARTNER

    @property
    def is_committee(self):
        return self.role == Role.COMMITTEE and self.committee_body_id is not None

    @property
    def is_mieux_staff(self):
        """Staff of the MIEUX+ team; administrators can do everything staff can."""
        return self.is_active and (self.role in (Role.STAFF, Role.ADMIN) or self.is_superuser)

    @property
    def is_expert(self):
        return self.role == Role.EXPERT

    def rotate_calendar_token(self):
        """A new secret for the iCalendar feed URLs; every URL with the old one answers 404 at once."""
        self.calendar_token = new_token()
        self.save(update_fields=["calendar_token"])

    @property
    def is_privileged(self):
        """Roles that must use multi-factor authentication where it is required."""
        return self.role in (Role.STAFF, Role.COMMITTEE, Role.ADMIN) or self.is_superuser or self.is_staff


# --- reference data -----------------------------------------------------------------------------


class TranslatedName(models.Model):
    """Reference data carries its name in the six portal languages (English is the fallback)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=200, blank=True)
    name_pt = models.CharField(_("name (Portuguese)"), max_length=200, blank=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        lang = (translation.get_language() or "en")[:2]
        if lang in ("fr", "es", "pt", "ar", "ru"):
            return getattr(self, f"name_{lang}", "") or self.name
        return self.name


class Region(TranslatedName):
    class Meta(TranslatedName.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class RegionCountry(models.Model):
    """A partner country and the MIEUX+ region it belongs to."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="countries", verbose_name=_("region"))
    country = CountryField(_("country"), unique=True)

    class Meta:
        verbose_name = _("partner country")
        verbose_name_plural = _("partner countries")
        ordering = ["country"]

    def __str__(self):
        return f"{self.country.name} ({self.region.code})"


class ThematicArea(TranslatedName):
    class Meta(TranslatedName.Meta):
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")


class ActivityType(TranslatedName):
    class Meta(TranslatedName.Meta):
        verbose_name = _("activity type")
        verbose_name_plural = _("activity types")


class Phase(TranslatedName):
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)

    class Meta(TranslatedName.Meta):
        verbose_name = _("programme phase")
        verbose_name_plural = _("programme phases")

    @classmethod
    def current(cls, on=None):
        on = on or timezone.localdate()
        phase = cls.objects.filter(start_date__lte=on).order_by("-start_date").first()
        return phase or cls.objects.order_by("-sort_order").first()


class InstitutionType(TranslatedName):
    class Meta(TranslatedName.Meta):
        verbose_name = _("institution type")
        verbose_name_plural = _("institution types")


class EmployerType(TranslatedName):
    class Meta(TranslatedName.Meta):
        verbose_name = _("employer type")
        verbose_name_plural = _("employer types")


class CommitteeBody(TranslatedName):
    class Meta(TranslatedName.Meta):
        verbose_name = _("committee body")
        verbose_name_plural = _("committee bodies")


def region_for_country(code):
    """The MIEUX+ region of a partner country, or None."""
    link = RegionCountry.objects.select_related("region").filter(country=str(code)).first()
    return link.region if link else None


# --- audit events ---------------------------------------------------------------------------------


class ImmutableEventError(Exception):
    pass


class BaseEvent(models.Model):
    """An immutable workflow event: who moved what from which state to which, when, and why."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("actor"),
    )
    transition = models.CharField(_("transition"), max_length=50)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableEventError("Events are immutable once written.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEventError("Events are immutable once written.")


# --- notifications (outbox) -----------------------------------------------------------------------


class Notification(models.Model):
    """An e-mail and in-app notification, written in the same transaction as its cause.

    A task enqueued on commit sends it; a periodic task resends whatever is still unsent, so a broker
    outage delays mail but loses none. `dedupe_key` makes reminders unique per event.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient"),
        null=True, blank=True,
    )
    # Account e-mails (address verification, password reset) may go to an address without an account.
    to_email = models.EmailField(_("e-mail address"), blank=True)
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    email_due = models.BooleanField(_("e-mail to send"), default=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["email_due", "sent_at"]), models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.subject

    @property
    def address(self):
        return self.to_email or (self.recipient.email if self.recipient_id else "")

    def message_id(self, domain):
        """A Message-ID stable for this row, so a copy sent again after a crash is recognisable."""
        return f"<outbox-{self.pk}.{int(self.created_at.timestamp())}@{domain}>"


# Legal pages and accessibility feedback live in their own module.
from mieux.legal_models import AccessibilityFeedback, LegalPage  # noqa: E402,F401
