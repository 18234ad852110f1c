"""What became of an approved request, told by the floors above without requests_app importing them.

A request page and the partner's dashboard show what followed an approval: the Action (link, status,
next activity) once it exists, and for staff the way to create it. The Actions app registers a
provider in its `AppConfig.ready()` (imports only go down, DESIGN section 6); requests_app only knows
this small contract.
"""

from dataclasses import dataclass

_providers = []


@dataclass(frozen=True)
class FollowUp:
    """One approved request's follow-up, as shown to one user."""

    title: str  # e.g. "Action MIEUX-2026-004-KE"
    url: str = ""  # the Action's page, when this user may open it
    status: str = ""  # the Action's status, human-readable
    next_step: str = ""  # e.g. "Next activity: Inception workshop, 12 March 2027"
    create_url: str = ""  # staff: where to create the Action (no Action yet)


def register(provider):
    """`provider(user, requests) -> {request_pk: FollowUp}`, called with approved requests only."""
    if provider not in _providers:
        _providers.append(provider)


def followups(user, requests):
    """{request pk: FollowUp} for the approved requests among `requests`."""
    approved = [r for r in requests if r.status == "approved"]
    result = {}
    if not approved:
        return result
    for provider in _providers:
        result.update(provider(user, approved))
    return result
