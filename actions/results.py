"""The results framework of an Action: indicators set at planning and updated at completion.

One validation for every door (form, admin, import): `indicator_errors` returns a message per field.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.errors import ActionError
from actions.models import Action, ActionEvent
from actions.results_models import Indicator, indicator_errors, value_error  # noqa: F401 - re-exported

INDICATOR_FIELDS = (
    "title", "result_type", "measure", "baseline", "baseline_year", "target", "actual", "achieved",
    "means_of_verification", "notes",
)


class IndicatorError(Exception):
    """A refused indicator; `errors` maps field names to messages safe to show."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))


def _clean(data):
    values = {field: data[field] for field in INDICATOR_FIELDS if field in data}
    for field in ("title", "baseline", "target", "actual", "means_of_verification", "notes"):
        if field in values:
            values[field] = (values[field] or "").strip()
    return values


def _record(action, actor, transition, indicator):
    # The published results changed: IATI readers see it in the activity's last-updated time.
    Action.objects.filter(pk=action.pk).update(updated_at=timezone.now())
    ActionEvent.objects.create(
        action=action, actor=actor, transition=transition, from_status=action.status, to_status=action.status,
        data={"indicator": indicator.title}, visible_to_partner=True,
    )


def _require_staff(actor):
    if actor is None or not actor.is_mieux_staff:
        raise ActionError(_("Only MIEUX+ staff can do this."))


def indicator_create(*, actor, action, data):
    """Add an indicator to an Action's results framework."""
    _require_staff(actor)
    values = _clean(data)
    errors = indicator_errors(values)
    if errors:
        raise IndicatorError(errors)
    with transaction.atomic():
        locked = Action.objects.select_for_update().get(pk=action.pk)
        position = locked.indicators.count() + 1
        indicator = Indicator.objects.create(action=locked, position=position, **values)
        _record(locked, actor, "indicator_added", indicator)
    return indicator


def indicator_update(*, actor, indicator, data):
    """Change an indicator: its definition at planning, its actual value at completion."""
    _require_staff(actor)
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().select_related("action").get(pk=indicator.pk)
        values = _clean(data)
        merged = {field: getattr(locked, field) for field in INDICATOR_FIELDS} | values
        errors = indicator_errors(merged)
        if errors:
            raise IndicatorError(errors)
        for field, value in values.items():
            setattr(locked, field, value)
        locked._change_reason = "updated"
        locked.save()
        _record(locked.action, actor, "indicator_updated", locked)
    return locked


def indicator_delete(*, actor, indicator):
    """Remove an indicator from the results framework."""
    _require_staff(actor)
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=indicator.action_id)
        _record(action, actor, "indicator_removed", indicator)
        indicator.delete()


def indicator_summary(indicators):
    """(at or above target, with both values known) over `indicators`: the basis of achievement."""
    judged = [i.at_or_above_target for i in indicators]
    known = [j for j in judged if j is not None]
    return sum(1 for j in known if j), len(known)
