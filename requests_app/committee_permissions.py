"""What a Steering Committee member (or staff) may see and do on a request under review.

Functions return booleans or `(allowed, reason)`; views turn them into 404s or `can_*` flags.
A member sees a forwarded request's title, reference and deadline; its content opens only after
they declared no conflict of interest. Other bodies' opinions show once their own body has given one.
"""

from django.utils.translation import gettext_lazy as _

from requests_app.models import ConflictDeclaration, Opinion, Request, RequestStatus


def can_open_review(user, request_obj) -> bool:
    """Whether `user` may open the committee review page of the request at all (else 404)."""
    if not user.is_authenticated:
        return False
    if user.is_mieux_staff:
        return request_obj.review_round >= 1
    return user.is_committee and Request.objects.visible_to(user).filter(pk=request_obj.pk).exists()


def declaration_of(user, request_obj):
    if not user.is_authenticated or not user.is_committee:
        return None
    return ConflictDeclaration.objects.filter(request=request_obj, member=user).first()


def can_see_content(user, request_obj, declaration=None) -> bool:
    """Staff always; a committee member only after declaring no conflict of interest."""
    if not user.is_authenticated:
        return False
    if user.is_mieux_staff:
        return True
    if not user.is_committee:
        return False
    declaration = declaration if declaration is not None else declaration_of(user, request_obj)
    return declaration is not None and not declaration.has_conflict


def can_declare(user, request_obj, declaration=None) -> tuple[bool, str]:
    if not user.is_authenticated or not user.is_committee:
        return False, str(_("Only members of the Steering Committee can do this."))
    if request_obj.status != RequestStatus.IN_REVIEW:
        return False, str(_("The request is no longer in review."))
    declaration = declaration if declaration is not None else declaration_of(user, request_obj)
    if declaration is not None:
        return False, str(_("You have already made your declaration on this request."))
    return True, ""


def body_opinion(user, request_obj):
    """The opinion of the user's body in the request's current round, or None."""
    if not user.is_authenticated or not user.is_committee:
        return None
    return Opinion.objects.filter(
        request=request_obj, review_round=request_obj.review_round, body_id=user.committee_body_id
    ).first()


def can_give_opinion(user, request_obj, declaration=None) -> tuple[bool, str]:
    """Whether `user` may give or change their body's opinion now."""
    if not user.is_authenticated or not user.is_committee:
        return False, str(_("Only members of the Steering Committee can do this."))
    if request_obj.status != RequestStatus.IN_REVIEW:
        return False, str(_("Opinions can only be given while the request is in review."))
    declaration = declaration if declaration is not None else declaration_of(user, request_obj)
    if declaration is None:
        return False, str(_("Declare first whether you have a conflict of interest."))
    if declaration.has_conflict:
        return False, str(_("You declared a conflict of interest: another member of your body can give its opinion."))
    return True, ""


def can_see_other_opinions(user, request_obj, own_opinion=None) -> bool:
    """Staff always; a member once their body has given its opinion (and they have no conflict)."""
    if not user.is_authenticated:
        return False
    if user.is_mieux_staff:
        return True
    if not can_see_content(user, request_obj):
        return False
    own_opinion = own_opinion if own_opinion is not None else body_opinion(user, request_obj)
    return own_opinion is not None


def can_screen(user) -> bool:
    """Staff screening actions (ask for information, close, forward, decide)."""
    return user.is_authenticated and user.is_mieux_staff
