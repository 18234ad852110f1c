"""Opinions given on a stale form: the second member of a body never silently replaces the first.

The opinion form carries the version of the body's opinion it was based on (0 when the body had none).
`opinion_submit` compares it with the current version under the request's row lock: when they differ,
nothing is written and the member is told who gave the body's opinion and when, and sees it before
deciding to change it.
"""

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from requests_app.models import Opinion, Request
from requests_app.services.committee import opinion_change, opinion_give
from requests_app.services.review import ReviewError


class StaleOpinionError(ReviewError):
    """The body's opinion changed since the member's form was shown; `opinion` is the current one."""

    def __init__(self, message, *, opinion):
        super().__init__(message)
        self.opinion = opinion


def current_version(opinion) -> int:
    """What an opinion form shown now is based on (0: the body has no opinion yet)."""
    return opinion.version if opinion is not None else 0


def opinion_submit(*, actor, request_id, value, comment="", based_on_version=None) -> Opinion:
    """Give or change the actor's body's opinion, refusing a form based on an older version."""
    with transaction.atomic():
        request_obj = Request.objects.select_for_update().get(pk=request_id)
        current = (
            Opinion.objects.select_for_update()
            .filter(request=request_obj, review_round=request_obj.review_round, body_id=actor.committee_body_id)
            .first()
        )
        if current is not None and based_on_version is not None and based_on_version != current.version:
            raise StaleOpinionError(
                _(
                    "Your body's opinion was given by %(who)s on %(when)s while you were writing: %(value)s. "
                    "Read it below; nothing of yours was recorded. Submit again if you want to change it."
                )
                % {
                    "who": current.member.get_full_name() if current.member else _("another member"),
                    "when": formats.date_format(current.updated_at, "DATETIME_FORMAT"),
                    "value": current.get_value_display(),
                },
                opinion=current,
            )
        service = opinion_give if current is None else opinion_change
        return service(actor=actor, request_id=request_id, value=value, comment=comment)
