"""The experts app's domain layer: every state change of profiles, availability and deployments.

Split by responsibility:

| module | what |
|---|---|
| `common` | refusal errors, the profile right, the expert's e-mail and portal account |
| `profiles` | create and edit profiles, languages, consent, CV, invitation to claim a profile |
| `availability` | overlapping bookings and declared unavailability |
| `invitations` | signed accept/decline links |
| `deployments` | the deployment state machine, feedback and rating |
| `activity_changes` | what an activity's postponement, cancellation, delivery or new dates do to its deployments |
| `privacy` | personal-data export and erasure |

Views, the admin, the demo and tests call `experts.services.<function>`: the names below are the
app's service interface.
"""

from experts.services.availability import (
    booking_conflict,
    unavailability_add,
    unavailability_conflict,
    unavailability_delete,
    unavailability_refusal,
)
from experts.services.common import (
    DeploymentError,
    ExpertError,
    InvitationLinkError,
    can_edit_profile,
)
from experts.services.deployments import (
    TRANSITION_SERVICES,
    actor_roles,
    can_transition,
    deployment_accept,
    deployment_cancel,
    deployment_complete,
    deployment_confirm,
    deployment_decline,
    deployment_give_feedback,
    deployment_invite,
    deployment_propose,
    deployment_propose_and_invite,
    deployment_rate,
    deployment_repropose,
)
from experts.services.invitations import (
    INVITATION_SALT,
    deployment_from_token,
    invitation_token,
    invitation_url,
)
from experts.services.privacy import expert_erase, expert_personal_data, expert_request_erasure
from experts.services.profiles import (
    consent_is_current,
    expert_give_consent,
    expert_invite_to_claim,
    expert_save,
    expert_set_cv,
)

__all__ = [
    "INVITATION_SALT",
    "TRANSITION_SERVICES",
    "DeploymentError",
    "ExpertError",
    "InvitationLinkError",
    "actor_roles",
    "booking_conflict",
    "can_edit_profile",
    "can_transition",
    "consent_is_current",
    "deployment_accept",
    "deployment_cancel",
    "deployment_complete",
    "deployment_confirm",
    "deployment_decline",
    "deployment_from_token",
    "deployment_give_feedback",
    "deployment_invite",
    "deployment_propose",
    "deployment_propose_and_invite",
    "deployment_rate",
    "deployment_repropose",
    "expert_erase",
    "expert_give_consent",
    "expert_invite_to_claim",
    "expert_personal_data",
    "expert_request_erasure",
    "expert_save",
    "expert_set_cv",
    "invitation_token",
    "invitation_url",
    "unavailability_add",
    "unavailability_conflict",
    "unavailability_delete",
    "unavailability_refusal",
]
