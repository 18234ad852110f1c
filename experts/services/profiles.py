"""Expert profiles: create and edit, languages, consent, CV, and the invitation to claim a profile."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import Expert, ExpertLanguage
from experts.services.common import ExpertError, can_edit_profile, ensure_account
from mieux.legal import privacy_notice_version
from mieux.notifications import notify
from mieux.storage import CV_DOCUMENTS, validate_upload


def expert_save(*, actor, expert, thematic_areas=None, regions=None, languages=None) -> Expert:
    """Create or update a profile (staff, or the expert on their own); `languages` is [(code, level)]."""
    creating = expert.pk is None
    if creating and not (actor and actor.is_mieux_staff):
        raise ExpertError(_("You are not allowed to do this."))
    if not creating and not can_edit_profile(actor, Expert.objects.get(pk=expert.pk)):
        raise ExpertError(_("You are not allowed to do this."))
    if expert.email:
        expert.email = expert.email.lower()
        if Expert.objects.filter(email__iexact=expert.email).exclude(pk=expert.pk).exists():
            raise ExpertError(_("Another expert already uses this e-mail address."))
    with transaction.atomic():
        expert._change_reason = "create" if creating else "update"
        expert.save()
        if thematic_areas is not None:
            expert.thematic_areas.set(thematic_areas)
        if regions is not None:
            expert.regions_experience.set(regions)
        if languages is not None:
            _set_languages(expert, languages)
    return expert


def _set_languages(expert, languages):
    wanted = {}
    for code, level in languages:
        code = (code or "").strip().lower()
        if code:
            wanted[code] = level
    ExpertLanguage.objects.filter(expert=expert).exclude(language__in=wanted).delete()
    existing = {lang.language: lang for lang in ExpertLanguage.objects.filter(expert=expert)}
    for code, level in wanted.items():
        if code in existing:
            if existing[code].level != level:
                existing[code].level = level
                existing[code].save(update_fields=["level"])
        else:
            ExpertLanguage.objects.create(expert=expert, language=code, level=level)


def expert_give_consent(*, actor, expert, version=None) -> Expert:
    """The expert consents to the processing of their data under the current privacy notice."""
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if not (actor and actor.is_expert and expert.user_id == actor.pk):
            raise ExpertError(_("Only the expert can give their consent."))
        expert.consent_at = timezone.now()
        expert.consent_version = version or privacy_notice_version()
        expert._change_reason = "consent"
        expert.save(update_fields=["consent_at", "consent_version", "updated_at"])
    return expert


def consent_is_current(expert) -> bool:
    return expert.has_consent and expert.consent_version == privacy_notice_version()


def expert_set_cv(*, actor, expert, uploaded) -> Expert:
    """Replace the CV, checked by content; its detected type is kept for downloads."""
    if not can_edit_profile(actor, expert):
        raise ExpertError(_("You are not allowed to do this."))
    try:
        content_type = validate_upload(uploaded, allowed=CV_DOCUMENTS)
    except ValidationError as exc:
        raise ExpertError(" ".join(exc.messages)) from None
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        old = expert.cv.name if expert.cv else ""
        expert.cv.save(uploaded.name, uploaded, save=False)
        expert.cv_content_type = content_type
        expert._change_reason = "cv"
        expert.save(update_fields=["cv", "cv_content_type", "updated_at"])
        if old and old != expert.cv.name:
            storage = expert.cv.storage
            transaction.on_commit(lambda: storage.delete(old) if storage.exists(old) else None)
    return expert


def expert_invite_to_claim(*, actor, expert) -> Expert:
    """Staff invite the person to claim their profile: an expert account is created or linked and they
    receive a link to choose their password."""
    if not (actor and actor.is_mieux_staff):
        raise ExpertError(_("You are not allowed to do this."))
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if expert.is_erased:
            raise ExpertError(_("This profile has been erased."))
        user = ensure_account(expert)
        expert.claim_invited_at = timezone.now()
        expert._change_reason = "claim_invitation"
        expert.save(update_fields=["claim_invited_at", "updated_at"])
        claim_url = settings.SITE_URL + reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        )
        notify(
            recipient=user,
            kind="expert_claim_invitation",
            template="expert_claim_invitation",
            context={"expert": expert, "claim_url": claim_url, "inviter": actor},
            url=claim_url,
        )
    return expert
