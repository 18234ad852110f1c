"""The expert's rights over their personal data: export, erasure request, and erasure by staff."""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from experts.models import Deployment, DeploymentEvent, Expert
from experts.services.common import ExpertError
from mieux.models import Notification, User
from mieux.notifications import notify


def expert_personal_data(expert) -> dict:
    """Everything the portal holds about the expert as a person (the data-export download)."""
    expert = (
        Expert.objects.select_related("employer_type", "user")
        .prefetch_related("thematic_areas", "regions_experience", "languages", "unavailabilities")
        .get(pk=expert.pk)
    )
    deployments = Deployment.objects.filter(expert=expert).select_related("activity__action").order_by("activity__start_date")
    user = expert.user
    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "reference": expert.ref,
            "first_name": expert.first_name,
            "last_name": expert.last_name,
            "email": expert.email,
            "phone": expert.phone,
            "gender": expert.gender,
            "nationality": str(expert.nationality),
            "second_nationality": str(expert.second_nationality or ""),
            "residence": str(expert.residence or ""),
            "employer_type": expert.employer_type.code,
            "employer": expert.employer,
            "position": expert.position,
            "biography": expert.biography,
            "thematic_areas": [a.code for a in expert.thematic_areas.all()],
            "countries_of_experience": [str(c) for c in expert.countries_experience],
            "regions_of_experience": [r.code for r in expert.regions_experience.all()],
            "cv_file": expert.cv.name.rsplit("/", 1)[-1] if expert.cv else None,
            "status": expert.status,
            "consent_at": expert.consent_at.isoformat() if expert.consent_at else None,
            "consent_version": expert.consent_version,
            "erasure_requested_at": expert.erasure_requested_at.isoformat() if expert.erasure_requested_at else None,
            "created_at": expert.created_at.isoformat(),
            "updated_at": expert.updated_at.isoformat(),
        },
        "languages": [{"language": lang.language, "level": lang.level} for lang in expert.languages.all()],
        "unavailability": [
            {"from": p.start_date.isoformat(), "until": p.end_date.isoformat(), "reason": p.reason}
            for p in expert.unavailabilities.all()
        ],
        "deployments": [
            {
                "action": d.activity.action.code,
                "activity": d.activity.title,
                "start_date": d.activity.start_date.isoformat(),
                "end_date": d.activity.end_date.isoformat(),
                "role": d.role,
                "status": d.status,
                "invited_at": d.invited_at.isoformat() if d.invited_at else None,
                "answered_at": d.answered_at.isoformat() if d.answered_at else None,
                "beneficial": d.beneficial,
                "satisfaction": d.satisfaction,
                "feedback_comment": d.feedback_comment,
            }
            for d in deployments
        ],
        "account": (
            {
                "email": user.email,
                "full_name": user.full_name,
                "language": user.language,
                "date_joined": user.date_joined.isoformat(),
                "last_login": user.last_login.isoformat() if user.last_login else None,
            }
            if user
            else None
        ),
    }


def expert_request_erasure(*, actor, expert) -> Expert:
    """The expert asks for their personal data to be erased; staff are told and carry it out."""
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if not (actor and actor.is_expert and expert.user_id == actor.pk):
            raise ExpertError(_("You are not allowed to do this."))
        if expert.is_erased:
            raise ExpertError(_("This profile has been erased."))
        if expert.erasure_requested_at is None:
            expert.erasure_requested_at = timezone.now()
            expert._change_reason = "erasure_requested"
            expert.save(update_fields=["erasure_requested_at", "updated_at"])
        for staff in User.objects.mieux_staff():
            notify(
                recipient=staff,
                kind="expert_erasure_requested",
                template="expert_erasure_requested",
                context={"expert": expert},
                url=settings.SITE_URL + expert.get_absolute_url(),
                dedupe_key=f"expert-erasure-{expert.pk}-{staff.pk}",
            )
    return expert


def _anonymise_profile(expert):
    expert.first_name = _("Erased")
    expert.last_name = _("expert #%(pk)s") % {"pk": expert.pk}
    expert.email = None
    expert.phone = ""
    expert.employer = ""
    expert.position = ""
    expert.biography = ""
    expert.residence = ""
    expert.countries_experience = []
    expert.cv = ""
    expert.status = Expert.Status.INACTIVE
    expert.erased_at = timezone.now()
    expert.user = None
    expert._change_reason = "erased"
    expert.save()
    expert.unavailabilities.all().delete()
    Deployment.objects.filter(expert=expert).update(feedback_comment="", staff_comment="")


def _scrub_history(expert):
    """History rows would keep the old names and e-mail: keep only the anonymised one."""
    latest = expert.history.order_by("-history_date", "-history_id").first()
    old_history = expert.history.exclude(history_id=latest.history_id)
    old_ids = list(old_history.values_list("history_id", flat=True))
    for model in apps.get_app_config("experts").get_models():
        if model.__name__.startswith("HistoricalExpert_"):
            model.objects.filter(history_id__in=old_ids).delete()
    old_history.delete()
    Deployment.history.filter(expert_id=expert.pk).update(feedback_comment="", staff_comment="")
    # Audit notes on the deployments may quote the expert (a decline reason): drop the free text.
    for event_id in DeploymentEvent.objects.filter(deployment__expert=expert).exclude(note="").values_list("pk", flat=True):
        DeploymentEvent.objects.filter(pk=event_id).update(note="")
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Expert), object_id=str(expert.pk)
    ).update(object_repr=str(expert), change_message="")
    deployment_ids = [str(pk) for pk in Deployment.objects.filter(expert=expert).values_list("pk", flat=True)]
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Deployment), object_id__in=deployment_ids
    ).update(object_repr=str(expert), change_message="")


def _scrub_notifications(old_names, label):
    """E-mails sent to staff about this expert (an answer to an invitation...) quote the name."""
    for name in old_names:
        for note in Notification.objects.filter(
            Q(subject__contains=name) | Q(body__contains=name) | Q(html_body__contains=name)
        ):
            note.subject = note.subject.replace(name, label)
            note.body = note.body.replace(name, label)
            note.html_body = note.html_body.replace(name, label)
            note.save(update_fields=["subject", "body", "html_body"])


def _retire_account(user):
    user.notifications.all().delete()
    Notification.objects.filter(to_email__iexact=user.email).delete()  # account e-mails to the address
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=user.email, change_message="")


def expert_erase(*, actor, expert) -> Expert:
    """Anonymise a profile: names, contact, CV and free text go; nationality, gender, employer type,
    thematic areas and deployments stay for the key facts. The e-mail is left nowhere in the
    database: the linked account, its allauth addresses, its notifications and the history rows go too."""
    if not (actor and actor.is_mieux_staff):
        raise ExpertError(_("You are not allowed to do this."))
    with transaction.atomic():
        expert = Expert.objects.select_for_update().get(pk=expert.pk)
        if expert.is_erased:
            raise ExpertError(_("This profile has already been erased."))
        old_names = {n for n in (expert.full_name, expert.user.full_name if expert.user else "") if len(n) > 3}
        cv_name = expert.cv.name if expert.cv else ""
        cv_storage = expert.cv.storage
        user = expert.user
        _anonymise_profile(expert)
        _scrub_history(expert)
        _scrub_notifications(old_names, str(expert))
        if user is not None:
            _retire_account(user)
        if cv_name:
            transaction.on_commit(lambda: cv_storage.delete(cv_name) if cv_storage.exists(cv_name) else None)
    return expert
