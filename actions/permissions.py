"""Who may see and change Actions (rules predicates; objects a user may not see answer 404).

- MIEUX+ staff: everything.
- Active members of the partner institution whose request became the Action: the Action's page
  (schedule, agendas, reports, documents marked visible), never the staff-only notes.
- Experts invited to or deployed on one of its activities: the same as the partner.
- Everyone else: nothing.
"""

import rules

from actions.models import EXPERT_VISIBLE_DEPLOYMENTS, Action


@rules.predicate
def is_staff(user):
    return bool(user and user.is_authenticated and user.is_mieux_staff)


@rules.predicate
def is_action_partner(user, action):
    if not (user and user.is_authenticated and user.is_partner) or action is None or action.institution_id is None:
        return False
    return action.institution.memberships.filter(user=user, status="active").exists()


@rules.predicate
def is_action_expert(user, action):
    if not (user and user.is_authenticated and user.is_expert) or action is None:
        return False
    return action.activities.filter(
        deployments__expert__user=user, deployments__status__in=EXPERT_VISIBLE_DEPLOYMENTS
    ).exists()


can_view_action = is_staff | is_action_partner | is_action_expert
can_manage_action = is_staff

rules.add_perm("actions.view_action_page", can_view_action)
rules.add_perm("actions.manage_action", can_manage_action)


def visible_actions(user):
    """The Actions whose workspace page `user` may open."""
    return Action.objects.visible_to(user)


def can_see_document(user, document):
    return is_staff(user) or document.visible_to_partner


def action_flags(user, action):
    """The `can_*` flags templates use for an Action page."""
    staff = is_staff(user)
    return {
        "can_manage": staff,
        "can_see_staff_notes": staff,
        "can_see_all_events": staff,
    }
