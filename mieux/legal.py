"""Legal pages: which version a reader sees, the current privacy notice version experts consent to,
and accessibility feedback reaching staff."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from mieux.models import AccessibilityFeedback, LegalPage, User
from mieux.notifications import notify


def versions(kind):
    """The published versions of a page, newest first: [(version, published_on)]."""
    rows = LegalPage.objects.filter(kind=kind).order_by("-published_on", "-version").values_list("version", "published_on")
    seen, result = set(), []
    for version, published_on in rows:
        if version not in seen:
            seen.add(version)
            result.append((version, published_on))
    return result


def page_for(kind, version=None, language=None):
    """The page in the reader's language (English, then any, when missing); None when it has no version."""
    if version is None:
        found = versions(kind)
        if not found:
            return None
        version = found[0][0]
    language = (language or translation.get_language() or "en")[:2]
    rows = {p.language: p for p in LegalPage.objects.filter(kind=kind, version=version)}
    return rows.get(language) or rows.get("en") or next(iter(rows.values()), None)


def privacy_notice_version():
    """The privacy notice version experts consent to: the newest stored one, else the setting."""
    found = versions(LegalPage.Kind.PRIVACY)
    return found[0][0] if found else settings.EXPERT_PRIVACY_NOTICE_VERSION


@transaction.atomic
def send_accessibility_feedback(*, message, email="", page="", user=None):
    """Record the feedback and notify every MIEUX+ staff member. Returns the feedback row."""
    feedback = AccessibilityFeedback.objects.create(
        message=message.strip(), email=email.strip(), page=page.strip()[:500],
        user=user if user is not None and user.is_authenticated else None,
    )
    for member in User.objects.mieux_staff():
        notify(recipient=member, kind="accessibility_feedback", template="accessibility_feedback",
               context={"feedback": feedback}, url="/admin/mieux/accessibilityfeedback/")
    return feedback
