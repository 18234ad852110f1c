"""Who may see and do what on partner institutions and requests (the partner side).

Predicates are `rules` predicates, registered as object permissions (`user.has_perm(...)`); views
and templates use the plain `can_*` helpers. Objects a user may not see answer 404, so
`visible_requests` is the one gate for reading a request.
"""

import rules

from requests_app.models import Institution, Membership, Request, RequestStatus

# A partner may change the content of a request while drafting it and while answering an
# information request; never after it has been (re)submitted.
EDITABLE_STATUSES = (RequestStatus.DRAFT, RequestStatus.INFO_REQUESTED)
WITHDRAWABLE_STATUSES = (
    RequestStatus.DRAFT, RequestStatus.SUBMITTED, RequestStatus.INFO_REQUESTED, RequestStatus.IN_REVIEW,
)


def active_institution_ids(user) -> set:
    """Ids of the institutions `user` is an active member of (cached on the user object)."""
    if not user.is_authenticated or not user.is_partner:
        return set()
    cached = getattr(user, "_active_institution_ids", None)
    if cached is None:
        cached = set(
            Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list("institution_id", flat=True)
        )
        user._active_institution_ids = cached
    return cached


def forget_memberships(user):
    """Drop the cached memberships after a change (tests, services)."""
    if hasattr(user, "_active_institution_ids"):
        del user._active_institution_ids


def current_institution(user):
    """The institution a partner works for (their first active membership), or None."""
    ids = active_institution_ids(user)
    if not ids:
        return None
    return Institution.objects.select_related("type").filter(pk__in=ids).order_by("name").first()


def pending_membership(user):
    if not user.is_authenticated:
        return None
    return (
        Membership.objects.select_related("institution")
        .filter(user=user, status=Membership.Status.PENDING)
        .order_by("-created_at")
        .first()
    )


def visible_requests(user):
    """Requests `user` may open on the partner pages (staff all, partners their institution's)."""
    return Request.objects.visible_to(user)


# --- rules predicates ---------------------------------------------------------------------------


@rules.predicate
def is_mieux_staff(user):
    return bool(user.is_authenticated and user.is_mieux_staff)


@rules.predicate
def is_partner(user):
    return bool(user.is_authenticated and user.is_partner)


@rules.predicate
def is_member_of_request_institution(user, request_obj):
    return request_obj is not None and request_obj.institution_id in active_institution_ids(user)


@rules.predicate
def is_member_of_institution(user, institution):
    return institution is not None and institution.pk in active_institution_ids(user)


@rules.predicate
def is_editable(user, request_obj):
    return request_obj is not None and request_obj.status in EDITABLE_STATUSES


@rules.predicate
def is_withdrawable(user, request_obj):
    return request_obj is not None and request_obj.status in WITHDRAWABLE_STATUSES


@rules.predicate
def is_received(user, request_obj):
    return request_obj is not None and request_obj.status != RequestStatus.DRAFT


rules.add_perm("requests_app.view_request_partner", is_mieux_staff | is_member_of_request_institution)
rules.add_perm("requests_app.edit_request", is_member_of_request_institution & is_editable)
rules.add_perm("requests_app.withdraw_request", is_member_of_request_institution & is_withdrawable)
rules.add_perm("requests_app.post_message", (is_mieux_staff | is_member_of_request_institution) & is_received)
rules.add_perm("requests_app.manage_members", is_mieux_staff | is_member_of_institution)
rules.add_perm("requests_app.verify_institution", is_mieux_staff)


# --- helpers for views and templates -------------------------------------------------------------


def can_create_request(user) -> bool:
    return bool(is_partner(user) and active_institution_ids(user))


def can_see_request(user, request_obj) -> bool:
    return bool(is_mieux_staff(user) or is_member_of_request_institution(user, request_obj))


def can_edit_request(user, request_obj) -> bool:
    return bool(is_member_of_request_institution(user, request_obj) and is_editable(user, request_obj))


def can_submit_request(user, request_obj) -> bool:
    return bool(is_member_of_request_institution(user, request_obj) and request_obj.status == RequestStatus.DRAFT)


def can_answer_request(user, request_obj) -> bool:
    return bool(
        is_member_of_request_institution(user, request_obj) and request_obj.status == RequestStatus.INFO_REQUESTED
    )


def can_withdraw_request(user, request_obj) -> bool:
    return bool(is_member_of_request_institution(user, request_obj) and is_withdrawable(user, request_obj))


def can_post_message(user, request_obj) -> bool:
    return bool(
        (is_mieux_staff(user) or is_member_of_request_institution(user, request_obj)) and is_received(user, request_obj)
    )


def can_manage_members(user, institution) -> bool:
    return bool(is_mieux_staff(user) or is_member_of_institution(user, institution))


def can_verify_institution(user, institution) -> bool:
    return bool(is_mieux_staff(user) and institution is not None and not institution.is_verified)
