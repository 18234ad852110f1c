"""Mission logistics rules: allowance, fee, travel, release letter, and their costs in the Action's budget.

The allowance rule is a setting: with MISSION_ALLOWANCE_COUNT_TRAVEL_DAYS the mission runs from the
outbound to the return travel date (the activity's dates until travel is known) and the return day is
paid at MISSION_ALLOWANCE_RETURN_DAY_FRACTION of the rate; without it, only the activity's days count,
each at the full rate. Each day is paid at the rate in force that day: the city's rate if the city
has one, else the country's.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.budget_models import CostCategory
from actions.budgets import CENT, BudgetError, computed_costs_clear, computed_costs_set, parse_amount
from experts.logistics_models import AllowanceRate, BookingStatus, Mission, TravelMode
from experts.models import DeploymentStatus
from mieux.storage import validate_upload

ZERO = Decimal("0.00")
BOOKING_ORDER = [BookingStatus.TO_BOOK, BookingStatus.BOOKED, BookingStatus.TICKET_ISSUED]
RELEASE_LETTER_FORMATS = {"pdf", "png", "jpeg"}
# Deployments whose costs count in the Action's spending.
COSTED_STATUSES = (DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED)


class LogisticsError(Exception):
    """A logistics change refused; the message is for the user."""


def mission_for(deployment) -> Mission:
    """The deployment's logistics for reading: the stored row, or an unsaved blank one (reads never write)."""
    mission = getattr(deployment, "_mission_cache", None)
    if mission is None:
        mission = Mission.objects.filter(deployment=deployment).first() or Mission(deployment=deployment)
        deployment._mission_cache = mission
    return mission


def _locked_mission(deployment) -> Mission:
    """The deployment's logistics row, created if needed and locked for the caller's transaction."""
    Mission.objects.get_or_create(deployment=deployment)
    return Mission.objects.select_for_update().get(deployment=deployment)


def _days(start, end):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


# --- allowance -------------------------------------------------------------------------------
@dataclass
class AllowancePart:
    start: object
    end: object
    days: Decimal
    rate: Decimal

    @property
    def amount(self):
        return (self.days * self.rate).quantize(CENT)


@dataclass
class Allowance:
    computed: Decimal | None
    days: Decimal = ZERO
    parts: list = field(default_factory=list)
    warning: str = ""
    override: Decimal | None = None
    override_reason: str = ""

    @property
    def amount(self):
        """What is paid: the staff's figure when set, else the computed one (None when a rate is missing)."""
        return self.override if self.override is not None else self.computed


def mission_period(deployment, mission=None):
    activity = deployment.activity
    mission = mission or mission_for(deployment)
    if settings.MISSION_ALLOWANCE_COUNT_TRAVEL_DAYS and mission.outbound_date and mission.return_date:
        return mission.outbound_date, mission.return_date, True
    return activity.start_date, activity.end_date, False


def rate_in_force(country, city, day):
    """The rate for `day` in `city` (falling back to the whole country), or None."""
    rates = AllowanceRate.objects.filter(country=country, effective_from__lte=day).order_by("-effective_from")
    if city:
        city_rate = rates.filter(city__iexact=city.strip()).first()
        if city_rate:
            return city_rate
    return rates.filter(city="").first()


def allowance_compute(deployment, mission=None) -> Allowance:
    """The daily subsistence allowance of a deployment under the rule in the settings."""
    mission = mission or mission_for(deployment)
    override = dict(override=mission.allowance_override, override_reason=mission.allowance_override_reason)
    activity = deployment.activity
    if activity.is_online or mission.travel_mode == TravelMode.NONE:
        return Allowance(computed=ZERO, **override)
    if not activity.country:
        return Allowance(computed=None, warning=_("The activity has no country, so no allowance rate applies."), **override)
    start, end, travel_days = mission_period(deployment, mission)
    fraction = Decimal(str(settings.MISSION_ALLOWANCE_RETURN_DAY_FRACTION)) if travel_days and end > start else Decimal(1)
    parts, missing = [], []
    for day in _days(start, end):
        rate = rate_in_force(activity.country, activity.city, day)
        if rate is None:
            missing.append(day)
            continue
        weight = fraction if day == end else Decimal(1)
        last = parts[-1] if parts else None
        if last and last.rate == rate.daily_rate and last.end == day - timedelta(days=1) and weight == 1:
            last.end, last.days = day, last.days + weight
        else:
            parts.append(AllowancePart(day, day, weight, rate.daily_rate))
    if missing:
        place = f"{activity.city}, {activity.country.name}" if activity.city else activity.country.name
        warning = _("No daily allowance rate for %(place)s on %(days)s: add one to the rate table or set the allowance by hand.") % {
            "place": place, "days": ", ".join(d.isoformat() for d in missing[:3]) + ("…" if len(missing) > 3 else "")}
        return Allowance(computed=None, warning=warning, **override)
    return Allowance(
        computed=sum((p.amount for p in parts), ZERO), days=sum((p.days for p in parts), ZERO), parts=parts, **override
    )


def allowance_override_set(*, actor, deployment, amount, reason) -> Mission:
    """Staff set the allowance by hand (with a reason), or clear their figure with an empty amount."""
    amount = _amount(amount, allow_empty=True)
    reason = (reason or "").strip()
    if amount is not None and not reason:
        raise LogisticsError(_("Give the reason for setting the allowance by hand."))
    with transaction.atomic():
        mission = _locked_mission(deployment)
        mission.allowance_override = amount
        mission.allowance_override_reason = reason if amount is not None else ""
        mission._change_reason = "allowance override"
        mission.save()
        deployment._mission_cache = mission
        mission_costs_sync(deployment)
    return mission


# --- fee -------------------------------------------------------------------------------------
@dataclass
class Fee:
    paid: bool
    days: int = 0
    daily_fee: Decimal = ZERO

    @property
    def amount(self):
        return (self.daily_fee * self.days).quantize(CENT) if self.paid else ZERO


def employer_is_paid(employer_type) -> bool:
    return employer_type is not None and employer_type.code in settings.MISSION_PAID_EMPLOYER_TYPES


def fee_compute(deployment) -> Fee:
    """Daily fee × working days (Monday to Friday of the activity) for employer types that are paid."""
    if not employer_is_paid(deployment.expert.employer_type):
        return Fee(paid=False)
    activity = deployment.activity
    working = sum(1 for day in _days(activity.start_date, activity.end_date) if day.weekday() < 5)
    return Fee(paid=True, days=working, daily_fee=Decimal(str(settings.MISSION_DAILY_FEE_EUR)).quantize(CENT))


# --- travel ----------------------------------------------------------------------------------
TRAVEL_FIELDS = ("outbound_date", "return_date", "travel_from", "travel_to", "travel_mode", "booking_status", "ticket_cost")


def travel_save(*, actor, deployment, **values) -> Mission:
    """Change the travel of a mission; the booking only moves forward, a ticket needs its cost."""
    unknown = set(values) - set(TRAVEL_FIELDS)
    if unknown:
        raise LogisticsError(f"Unknown travel fields: {sorted(unknown)}")
    with transaction.atomic():
        mission = _locked_mission(deployment)
        old_status = mission.booking_status
        for name, value in values.items():
            if name == "ticket_cost":
                value = _amount(value, allow_empty=True)
            setattr(mission, name, value)
        if BOOKING_ORDER.index(mission.booking_status) < BOOKING_ORDER.index(old_status) and not actor.is_mieux_staff:
            raise LogisticsError(_("A booking cannot go back to an earlier status."))
        if mission.outbound_date and mission.return_date and mission.return_date < mission.outbound_date:
            raise LogisticsError(_("The return date is before the outbound date."))
        if mission.booking_status == BookingStatus.TICKET_ISSUED and mission.ticket_cost is None and mission.travel_mode != TravelMode.NONE:
            raise LogisticsError(_("Enter the ticket cost when the ticket is issued."))
        mission._change_reason = "travel"
        mission.save()
        deployment._mission_cache = mission
        mission_costs_sync(deployment)
    return mission


# --- release letter --------------------------------------------------------------------------
def release_letter_required(deployment) -> bool:
    employer_type = deployment.expert.employer_type
    return employer_type is not None and employer_type.code in settings.MISSION_RELEASE_LETTER_EMPLOYER_TYPES


def release_letter_upload(*, actor, deployment, uploaded) -> Mission:
    """Store the employer's release letter after checking its size and real type (PDF or image)."""
    try:
        validate_upload(uploaded, allowed=RELEASE_LETTER_FORMATS)
    except ValidationError as error:
        raise LogisticsError(" ".join(error.messages)) from None
    with transaction.atomic():
        mission = _locked_mission(deployment)
        if mission.release_letter:
            mission.release_letter.delete(save=False)
        mission.release_letter.save(uploaded.name.rsplit("/", 1)[-1][:80], uploaded, save=False)
        mission.release_letter_uploaded_at = timezone.now()
        mission.release_letter_uploaded_by = actor
        mission._change_reason = "release letter"
        mission.save()
        deployment._mission_cache = mission
    return mission


def confirm_blocker(deployment) -> str:
    """Why staff may not confirm this deployment yet, or ''."""
    if release_letter_required(deployment) and not mission_for(deployment).release_letter:
        return _("The employer's release letter is required before this expert can be confirmed.")
    return ""


# --- costs in the budget ---------------------------------------------------------------------
def mission_costs(deployment, mission=None):
    """[(category, description, amount)] of a deployment: allowance, fee, ticket."""
    mission = mission or mission_for(deployment)
    name = deployment.expert.full_name if not deployment.expert.is_erased else _("expert")
    allowance = allowance_compute(deployment, mission).amount
    fee = fee_compute(deployment).amount
    return [
        (CostCategory.SUBSISTENCE, _("Daily allowance: %(name)s") % {"name": name}, allowance or ZERO),
        (CostCategory.EXPERT_FEES, _("Fee: %(name)s") % {"name": name}, fee),
        (CostCategory.TRAVEL, _("Tickets: %(name)s") % {"name": name}, mission.ticket_cost or ZERO),
    ]


def mission_costs_sync(deployment) -> None:
    """Write the deployment's computed costs into its activity's cost lines (or remove them)."""
    key = f"deployment:{deployment.pk}"
    if deployment.expert.is_erased:
        return  # its spending was kept as plain cost lines when the profile was erased
    if deployment.status not in COSTED_STATUSES:
        computed_costs_clear(key_prefix=key)
        return
    lines = [line for line in mission_costs(deployment) if line[2] > 0]
    computed_costs_set(activity=deployment.activity, key_prefix=key, lines=lines,
                       committed=deployment.status == DeploymentStatus.CONFIRMED)


def _amount(value, allow_empty=False):
    try:
        return parse_amount(value, allow_empty=allow_empty)
    except BudgetError as error:
        raise LogisticsError(str(error)) from None


# --- what is still missing ---------------------------------------------------------------------
def missing_items(deployment) -> list[str]:
    """What the expert or staff still have to provide for this mission."""
    mission = mission_for(deployment)
    missing = []
    if release_letter_required(deployment) and not mission.release_letter:
        missing.append(_("employer's release letter"))
    if not deployment.activity.is_online and mission.travel_mode != TravelMode.NONE and mission.booking_status != BookingStatus.TICKET_ISSUED:
        missing.append(_("tickets"))
    if deployment.status == DeploymentStatus.COMPLETED or deployment.activity.end_date < timezone.localdate():
        report = getattr(deployment, "mission_report", None)
        if report is None or not report.is_submitted:
            missing.append(_("mission report"))
    return missing
