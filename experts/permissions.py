"""Who may see and change expert profiles and deployments (rules predicates; hidden objects answer 404).

- MIEUX+ staff: the whole roster, matching, every deployment, staff ratings.
- An expert: their own profile, CV, unavailability and deployments, never anyone else's, never ratings.
- Everyone else: nothing (partners see names and roles of confirmed experts on their Action's pages).
"""

import rules


@rules.predicate
def is_staff(user):
    return bool(user and user.is_authenticated and user.is_mieux_staff)


@rules.predicate
def is_profile_owner(user, expert):
    return bool(
        user and user.is_authenticated and user.is_expert and expert is not None and expert.user_id == user.pk
    )


@rules.predicate
def is_not_erased(user, expert):
    return expert is not None and expert.erased_at is None


can_view_expert = is_staff | is_profile_owner
can_edit_expert = (is_staff | is_profile_owner) & is_not_erased

rules.add_perm("experts.view_profile", can_view_expert)
rules.add_perm("experts.edit_profile", can_edit_expert)
rules.add_perm("experts.manage_roster", is_staff)
