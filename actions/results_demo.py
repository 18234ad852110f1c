"""Demo results and evidence for the demo portfolio: indicators, a public handbook per completed public
Action, and the partner's evaluation and follow-up answers (one contact per partner institution).

Idempotent: indicators are keyed by their reference (`<code>-I<n>`), documents by title, answers by
(Action, member). Loaded like an import (no e-mail), since the Actions were completed long ago.
"""

import datetime
import random

from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from actions.demo import PORTFOLIO, TOPICS
from actions.evaluation import add_months
from actions.models import Action, ActionDocument, ActionStatus, DocumentType
from actions.results_models import FollowUpSchedule, Indicator, PartnerEvaluation, PartnerFollowUp
from mieux.demo import DEMO_DOMAIN
from mieux.models import Role, User
from requests_app.models import Membership

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _indicators(action, rng, completed):
    topic = TOPICS.get(action.thematic_areas.values_list("code", flat=True).first() or "MD", TOPICS["MD"])
    rows = [
        ("output", "unit", f"Officials trained in {topic}", "0", "40", str(30 + rng.randrange(25)), "Attendance lists"),
        ("outcome", "percentage", "Share of trained officials applying the new procedures", str(10 + rng.randrange(20)),
         "60", str(45 + rng.randrange(30)), "Follow-up questionnaire to trained officials"),
        ("impact", "qualitative", "National policy or procedure adopted", "No written procedure",
         "Procedure adopted by the ministry", "Adopted" if rng.random() < 0.6 else "Draft before the council of ministers",
         "Official gazette"),
    ]
    for n, (level, measure, title, baseline, target, actual, verification) in enumerate(rows, start=1):
        Indicator.objects.get_or_create(ref=f"{action.code}-I{n}", defaults={
            "action": action, "title": title, "result_type": level, "measure": measure, "baseline": baseline,
            "baseline_year": (action.start or timezone.localdate()).year, "target": target,
            "actual": actual if completed else "", "achieved": (actual == "Adopted") if completed and measure == "qualitative" else None,
            "means_of_verification": verification, "position": n, "imported": True,
        })


def _handbook(action):
    if ActionDocument.objects.filter(action=action, document_type=DocumentType.HANDBOOK).exists():
        return
    document = ActionDocument(
        action=action, title=f"Handbook – {action.title}", content_type="application/pdf", is_public=True,
        document_type=DocumentType.HANDBOOK, language="en", published_at=action.published_at or timezone.now(),
    )
    document.file.save(f"handbook-{action.code}.pdf", ContentFile(PDF), save=False)
    document.save()


def _contact(action):
    email = f"contact.{action.code.lower()}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, full_name=f"Focal point {action.code}", role=Role.PARTNER)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, institution=action.institution, defaults={"status": "active"})
    return user


def _answers(action, rng, today):
    member = _contact(action)
    PartnerEvaluation.objects.get_or_create(action=action, member=member, defaults={
        "status": "answered", "language": "en", "satisfaction": 3 + rng.randrange(3), "relevance": 3 + rng.randrange(3),
        "experts_quality": 3 + rng.randrange(3), "objectives_met": rng.choice(["yes", "yes", "partly"]),
        "next_steps": "A follow-up Action on training of trainers.",
        "answered_at": timezone.make_aware(datetime.datetime.combine(action.actual_end, datetime.time(12))),
    })
    due = add_months(action.actual_end, 6)
    schedule, _created = FollowUpSchedule.objects.get_or_create(
        action=action, defaults={"completed_on": action.actual_end, "due_on": due},
    )
    if due <= today:
        if schedule.sent_at is None:
            FollowUpSchedule.objects.filter(pk=schedule.pk).update(
                sent_at=timezone.make_aware(datetime.datetime.combine(due, datetime.time(9))))
        PartnerFollowUp.objects.get_or_create(action=action, member=member, defaults={
            "status": "answered", "language": "en", "results_used": rng.choice(["yes", "yes", "partly", "no"]),
            "examples": "The handbook is used in the induction course of new officials.",
            "answered_at": timezone.make_aware(datetime.datetime.combine(due + datetime.timedelta(days=5), datetime.time(12))),
        })


def seed(scale=1, stdout=None):
    """Results and evidence of the demo portfolio (idempotent)."""
    today = timezone.localdate()
    codes = [row[0] for row in PORTFOLIO]
    actions = Action.objects.filter(code__in=codes).filter(~Q(status=ActionStatus.CANCELLED)).select_related("institution")
    for action in actions:
        rng = random.Random(f"results-{action.code}")
        completed = action.status == ActionStatus.COMPLETED
        _indicators(action, rng, completed)
        if completed and action.is_public:
            _handbook(action)
        if completed and action.institution_id and action.actual_end:
            _answers(action, rng, today)
    if stdout is not None:
        stdout.write(f"results: {Indicator.objects.count()} indicators, "
                     f"{ActionDocument.objects.in_public_library().count()} public deliverables, "
                     f"{PartnerEvaluation.objects.filter(status='answered').count()} partner evaluations, "
                     f"{PartnerFollowUp.objects.filter(status='answered').count()} follow-up answers.")
    return {}
