"""Stored legal pages (privacy notice, accessibility statement, legal notice), versioned and in each
portal language, editable by staff in the admin without a deployment; and the accessibility feedback
that reaches staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalPage(models.Model):
    """One version of one legal page in one language. The page shown is the newest published version
    in the reader's language (English when that language has none)."""

    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        LEGAL = "legal-notice", _("Legal notice")

    kind = models.CharField(_("page"), max_length=20, choices=Kind.choices)
    version = models.CharField(
        _("version"), max_length=20,
        help_text=_("For example 2025-1. A new privacy notice version asks every expert to consent again."),
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="en")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text; an empty line starts a new paragraph."))
    published_on = models.DateField(_("published on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("legal page")
        verbose_name_plural = _("legal pages")
        ordering = ["kind", "-published_on", "-version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version", "language"], name="legal_page_version_language"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version} ({self.language})"


class AccessibilityFeedback(models.Model):
    """A message sent with the form of the accessibility statement; staff are notified."""

    message = models.TextField(_("message"))
    email = models.EmailField(_("e-mail (optional)"), blank=True)
    page = models.CharField(_("page concerned"), max_length=500, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             verbose_name=_("user"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at"]

    def __str__(self):
        return self.message[:60]
