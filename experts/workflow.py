"""The deployment state machine, declared once as data (DESIGN section 3, "Expert deployment").

    proposed ──invite──▶ invited ──accept──▶ accepted ──confirm (staff)──▶ confirmed ──complete──▶ completed
                            └──decline──▶ declined      any state before completion ──cancel──▶ cancelled

A declined or cancelled deployment can be proposed again. Every status change goes through
`experts.services`, which locks the rows, checks `can_transition` and writes a DeploymentEvent.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from experts.models import DeploymentStatus as S

STAFF = "staff"  # MIEUX+ staff and administrators
EXPERT = "expert"  # the deployed expert: logged in on their own profile, or holding the signed link
SYSTEM = "system"  # scheduled jobs and hooks from the actions app (no person)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    actors: tuple
    label: str
    # True when moving into the target holds the expert for the activity's dates.
    books: bool = False


BEFORE_COMPLETION = (S.PROPOSED, S.INVITED, S.ACCEPTED, S.CONFIRMED)
# Deployments in these states are told when their activity is postponed or cancelled.
ENGAGED = (S.INVITED, S.ACCEPTED, S.CONFIRMED)

TRANSITIONS = {
    t.name: t
    for t in (
        Transition("repropose", (S.DECLINED, S.CANCELLED), S.PROPOSED, (STAFF,), _("Proposed again")),
        Transition("invite", (S.PROPOSED,), S.INVITED, (STAFF,), _("Invited")),
        Transition("accept", (S.INVITED,), S.ACCEPTED, (EXPERT, STAFF), _("Accepted"), books=True),
        Transition("decline", (S.INVITED,), S.DECLINED, (EXPERT, STAFF), _("Declined")),
        Transition("confirm", (S.ACCEPTED,), S.CONFIRMED, (STAFF,), _("Confirmed"), books=True),
        Transition("complete", (S.CONFIRMED,), S.COMPLETED, (STAFF, SYSTEM), _("Completed")),
        Transition("cancel", BEFORE_COMPLETION, S.CANCELLED, (STAFF, SYSTEM), _("Cancelled")),
    )
}

# Transitions offered as buttons to staff on the activity page, in this order.
STAFF_BUTTONS = ("invite", "confirm", "complete", "cancel", "repropose")
