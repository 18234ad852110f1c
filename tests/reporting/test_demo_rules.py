"""The demo data keeps every domain rule, at any scale and when two scales are loaded in a row; its
committee timeline keeps the seal; every committee body has its own printed login."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions.codes import action_code_error
from actions.models import Action, ActionStatus, Activity, ActivityEvent, ActivityStatus
from actions.survey import survey_is_open
from actions.workflow import ACTIVITY_TRANSITIONS
from experts.demo import _expert_email, _expert_rows
from experts.models import Deployment, DeploymentEvent, DeploymentStatus, Unavailability
from experts.workflow import TRANSITIONS as DEPLOYMENT_TRANSITIONS
from mieux.demo import DEMO_DOMAIN, demo_users
from mieux.models import CommitteeBody, User
from reporting.keyfacts import compute_key_facts
from requests_app.models import Request, RequestEvent, RequestStatus
from requests_app.services import committee
from requests_app.templatetags.review_tags import EVENT_LABELS
from requests_app.workflow import TRANSITIONS as REQUEST_TRANSITIONS

pytestmark = pytest.mark.django_db

BOOKED = (DeploymentStatus.ACCEPTED, DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED)


def seed(scale=1):
    out = StringIO()
    call_command("seed_demo", scale=scale, stdout=out)
    return out.getvalue()


def broken_rules():
    """Every rule of the domain the demo could break, as readable sentences (empty when all hold)."""
    today = timezone.localdate()
    broken = []
    # Activities and deployments follow time.
    for a in Activity.objects.filter(status=ActivityStatus.DELIVERED):
        if a.start_date > today:
            broken.append(f"{a.ref} delivered but starts {a.start_date}")
        if a.delivered_at and timezone.localtime(a.delivered_at).date() < a.start_date:
            broken.append(f"{a.ref} delivered before it started")
    for d in Deployment.objects.filter(status=DeploymentStatus.COMPLETED).select_related("activity"):
        if d.activity.status != ActivityStatus.DELIVERED:
            broken.append(f"deployment {d.pk} completed on a {d.activity.status} activity {d.activity.ref}")
        if d.completed_at and timezone.localtime(d.completed_at).date() < d.activity.end_date:
            broken.append(f"deployment {d.pk} completed before its activity ended")
    # No expert booked twice on a date, nor while away.
    periods = {}
    for expert_id, start, end, ref in Deployment.objects.filter(status__in=BOOKED).exclude(
        activity__status=ActivityStatus.CANCELLED
    ).values_list("expert_id", "activity__start_date", "activity__end_date", "activity__ref"):
        periods.setdefault(expert_id, []).append((start, end, ref))
    for expert_id, booked in periods.items():
        booked.sort()
        for (_s1, e1, r1), (s2, _e2, r2) in zip(booked, booked[1:], strict=False):
            if s2 <= e1:
                broken.append(f"expert {expert_id} booked on {r1} and {r2} at once")
        for start, end in Unavailability.objects.filter(expert_id=expert_id).values_list("start_date", "end_date"):
            for s, e, ref in booked:
                if s <= end and start <= e:
                    broken.append(f"expert {expert_id} booked on {ref} while unavailable")
    # Actions: statuses and dates follow their activities and today.
    for action in Action.objects.prefetch_related("activities"):
        acts = [a for a in action.activities.all() if a.status != ActivityStatus.CANCELLED]
        delivered = [a for a in acts if a.status == ActivityStatus.DELIVERED]
        if action_code_error(action.code):
            broken.append(f"bad code {action.code}")
        if action.status == ActionStatus.PLANNED and delivered:
            broken.append(f"{action.code} planned with delivered activities")
        if action.status == ActionStatus.PLANNED and acts and all(a.end_date < today for a in acts):
            broken.append(f"{action.code} planned with all its activities in the past")
        if action.status == ActionStatus.COMPLETED and len(delivered) != len(acts):
            broken.append(f"{action.code} completed with activities still to do")
        for name in ("actual_start", "actual_end"):
            value = getattr(action, name)
            if value and value > today:
                broken.append(f"{action.code} {name} in the future")
        if delivered and action.actual_start != min(a.start_date for a in delivered):
            broken.append(f"{action.code} actual start is not its first delivery")
    # Requests: what counts as received, the order of their history, the committee seal.
    received = Request.objects.filter(submitted_at__isnull=False).exclude(status=RequestStatus.DRAFT).count()
    if compute_key_facts()["requests_received"] != received:
        broken.append("requests_received counts a request that was never submitted")
    for obj in Request.objects.exclude(status=RequestStatus.DRAFT):
        if obj.decided_at and obj.submitted_at and obj.decided_at < obj.submitted_at:
            broken.append(f"{obj.reference} decided before it was submitted")
        for event in obj.events.all():
            if event.transition in ("opinion_given", "opinion_changed") and (
                event.visible_to_partner or not event.data.get("body")
            ):
                broken.append(f"{obj.reference}: opinion event without its body or shown to the partner")
            if event.visible_to_partner and obj.cover_note and obj.cover_note in event.note:
                broken.append(f"{obj.reference}: the cover note is shown to the partner")
    # Timelines name their steps.
    request_names = set(REQUEST_TRANSITIONS) | set(EVENT_LABELS) | {"created", "action_created", "imported"}
    for name in set(RequestEvent.objects.values_list("transition", flat=True)) - request_names:
        broken.append(f"request event without a label: {name}")
    activity_names = set(ACTIVITY_TRANSITIONS) | {"created", "dates_changed", "delivery_recorded"}
    for name in set(ActivityEvent.objects.values_list("transition", flat=True)) - activity_names:
        broken.append(f"activity event without a label: {name}")
    for name in set(DeploymentEvent.objects.values_list("transition", flat=True)) - set(DEPLOYMENT_TRANSITIONS) - {
        "propose"
    }:
        broken.append(f"deployment event without a label: {name}")
    # Something to try.
    if not any(survey_is_open(a) for a in Activity.objects.filter(status=ActivityStatus.DELIVERED)):
        broken.append("no open survey")
    return broken


def test_two_scales_in_a_row_keep_every_rule():
    first = seed(scale=2)
    assert broken_rules() == []
    n_requests, n_actions = Request.objects.count(), Action.objects.count()
    seed(scale=3)
    assert broken_rules() == []
    assert Request.objects.count() > n_requests and Action.objects.count() > n_actions
    # Every committee body has its own printed login.
    for body in CommitteeBody.objects.all():
        user = User.objects.get(email__endswith=DEMO_DOMAIN, committee_body=body, role="committee")
        assert user.email in first, body.code
    assert not Deployment.objects.filter(status=DeploymentStatus.COMPLETED).exclude(
        activity__status=ActivityStatus.DELIVERED).exists()


def test_expert_emails_stay_unique_at_any_scale():
    rows = _expert_rows(60)
    emails = [_expert_email(ref, first, last) for ref, first, last, *_rest in rows]
    assert len(emails) == len(set(emails)) == 40 * 60


def _page(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


def test_demo_committee_timeline_keeps_the_seal_and_partners_never_see_staff_notes(client):
    seed()
    in_review = Request.objects.filter(status=RequestStatus.IN_REVIEW)
    assert in_review.exists()
    for obj in in_review:
        opinions = list(obj.opinions.filter(review_round=obj.review_round).select_related("body"))
        given = {o.body.code for o in opinions}
        for member in User.objects.filter(role="committee", email__endswith=DEMO_DOMAIN).select_related("committee_body"):
            if member.committee_body.code in given:
                continue
            # A body that has not given its opinion, with the full request open to it.
            if not obj.conflict_declarations.filter(member=member).exists():
                committee.conflict_declare(actor=member, request_id=obj.pk, has_conflict=False)
            page = _page(client, member, reverse("requests:review", args=[obj.pk]))
            for opinion in opinions:
                if opinion.comment:
                    assert opinion.comment not in page, (obj.reference, member.committee_body.code, opinion.body.code)
                assert f"{opinion.body.code}: {opinion.value}" not in page
    partner = User.objects.get(email=f"partner@{DEMO_DOMAIN}")
    for obj in Request.objects.filter(institution__memberships__user=partner).exclude(status=RequestStatus.DRAFT):
        page = _page(client, partner, reverse("requests:detail", args=[obj.pk]))
        if obj.cover_note:
            assert obj.cover_note not in page, obj.reference
        for opinion in obj.opinions.all():
            if opinion.comment:
                assert opinion.comment not in page
        assert "decision_basis" not in page


def test_demo_history_is_dated_in_the_past_and_in_order():
    seed()
    now = timezone.now()
    for obj in Request.objects.exclude(status=RequestStatus.DRAFT):
        times = list(obj.events.order_by("pk").values_list("transition", "created_at"))
        assert all(t <= now + datetime.timedelta(seconds=5) for _n, t in times)
        assert [t for _n, t in times] == sorted(t for _n, t in times), obj.reference
    approved = Request.objects.get(status=RequestStatus.APPROVED, action__isnull=False)
    assert approved.days_to_decision == 26


def test_every_demo_login_label_is_unique():
    labels = [label for *_rest, label in demo_users() if label]
    assert len(labels) == len(set(labels))
    assert sum(1 for label in labels if label.startswith("committee")) == 5
