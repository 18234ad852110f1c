"""The cast and the objects of the permission walk: everything belongs to institution A, its request,
its Action and the first expert's deployment; every other role looks at them from outside."""

from dataclasses import dataclass, field

from django.utils import timezone

from actions.models import ActionDocument
from experts.models import Unavailability
from experts.services.invitations import invitation_token
from requests_app.models import Attachment, Membership
from requests_app.services import committee as committee_services
from requests_app.services import review
from tests.factories import (
    ActionFactory,
    ActivityFactory,
    DeploymentFactory,
    ExpertFactory,
    InstitutionFactory,
    MembershipFactory,
    RequestFactory,
    UserFactory,
    body,
)

ROLES = (
    "anonymous",
    "partner_a",
    "partner_b",
    "pending_member",
    "committee",
    "committee_conflict",
    "expert",
    "other_expert",
    "staff",
    "admin",
)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)


def build_world() -> World:
    world = World()
    staff = UserFactory(staff=True, email="walk-staff@example.org")
    admin = UserFactory(admin=True, email="walk-admin@example.org")
    inst_a = InstitutionFactory(name="Ministry A", country="KE")
    inst_b = InstitutionFactory(name="Ministry B", country="GH")
    partner_a = UserFactory(email="walk-a@example.org")
    MembershipFactory(user=partner_a, institution=inst_a)
    partner_b = UserFactory(email="walk-b@example.org")
    MembershipFactory(user=partner_b, institution=inst_b)
    pending = UserFactory(email="walk-pending@example.org")
    pending_membership = MembershipFactory(user=pending, institution=inst_a, status=Membership.Status.PENDING)
    committee = UserFactory(role="committee", committee_body=body("INTPA"), email="walk-intpa@example.org")
    conflicted = UserFactory(role="committee", committee_body=body("HOME"), email="walk-home@example.org")
    expert_user = UserFactory(expert=True, email="walk-expert@example.org")
    expert = ExpertFactory(user=expert_user, email=expert_user.email)
    other_expert_user = UserFactory(expert=True, email="walk-expert2@example.org")
    other_expert = ExpertFactory(user=other_expert_user, email=other_expert_user.email)

    request_a = RequestFactory(submitted=True, institution=inst_a, title="Request of A")
    review.request_forward(actor=staff, request_id=request_a.pk, cover_note="Eligible.")
    committee_services.conflict_declare(actor=committee, request_id=request_a.pk, has_conflict=False)
    committee_services.conflict_declare(actor=conflicted, request_id=request_a.pk, has_conflict=True, explanation="Former adviser.")
    attachment = Attachment.objects.create(
        request=request_a, kind="other", original_name="a.pdf", content_type="application/pdf", size=10,
        file="attachments/a.pdf", uploaded_by=partner_a,
    )
    action = ActionFactory(institution=inst_a, title="Action of A")
    activity = ActivityFactory(action=action, title="Activity of A")
    document = ActionDocument.objects.create(
        action=action, title="Plan of A", file="documents/a.pdf", content_type="application/pdf",
        visible_to_partner=True, uploaded_by=staff,
    )
    deployment = DeploymentFactory(expert=expert, activity=activity)
    period = Unavailability.objects.create(
        expert=expert, start_date=timezone.localdate(), end_date=timezone.localdate(), reason="Leave"
    )
    world.users = {
        "anonymous": None, "partner_a": partner_a, "partner_b": partner_b, "pending_member": pending,
        "committee": committee, "committee_conflict": conflicted, "expert": expert_user,
        "other_expert": other_expert_user, "staff": staff, "admin": admin,
    }
    world.objects = {
        "institution": inst_a, "membership": pending_membership, "request": request_a, "attachment": attachment,
        "action": action, "activity": activity, "document": document, "deployment": deployment,
        "expert": expert, "other_expert": other_expert, "period": period,
        "invitation_token": invitation_token(deployment), "calendar_token": partner_a.calendar_token,
        "expert_calendar_token": expert_user.calendar_token,
    }
    return world
