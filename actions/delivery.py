"""What a delivery records: the participants and the report, checked before they are kept."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from actions.errors import ActionError
from mieux.storage import validate_upload


def set_participants(locked, total, women, men):
    """Check and set the participants of an activity being delivered (total, of whom women and men)."""
    for value in (total, women, men):
        if value is not None and value < 0:
            raise ActionError(_("Participant numbers cannot be negative."))
    if total is None and (women is not None or men is not None):
        raise ActionError(_("Give the total number of participants."))
    if total is not None and ((women or 0) > total or (men or 0) > total or (women or 0) + (men or 0) > total):
        raise ActionError(_("Women and men together cannot be more than the total number of participants."))
    locked.participants_total, locked.participants_women, locked.participants_men = total, women, men


def set_report(locked, report):
    """Check the report by content and attach it to the activity (saved with it)."""
    if report is None:
        return
    try:
        content_type = validate_upload(report)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages)) from None
    locked.report.save(report.name, report, save=False)
    locked.report_content_type = content_type
