"""Demo money and logistics (idempotent): allowance rates, each Action's budget, and the travel and
costs of confirmed and completed deployments, so the budget pages and the dashboard show real figures."""

import datetime
from decimal import Decimal

from actions.budget_models import BudgetLine
from actions.models import Action, Activity
from experts import logistics
from experts.logistics_models import AllowanceRate, BookingStatus, Mission
from experts.models import Deployment, DeploymentStatus

RATE_FROM = datetime.date(2010, 1, 1)
# Planned per year of an Action, by cost category (EUR).
PLAN = {"expert_fees": "6000.00", "travel": "9000.00", "subsistence": "7000.00", "venue": "4000.00",
        "interpretation": "3000.00", "translation": "1500.00", "materials": "1000.00", "other": "500.00"}


def _rate_for(code):
    # A stable, plausible rate between 150 and 290 EUR per country.
    return Decimal(150 + (sum(map(ord, code)) * 7) % 141).quantize(Decimal("0.01"))


def seed(scale=1, stdout=None):
    countries = {str(c) for c in Activity.objects.exclude(country="").order_by().values_list("country", flat=True).distinct()}
    rates = 0
    for code in sorted(countries):
        _rate, created = AllowanceRate.objects.get_or_create(
            country=code, city="", effective_from=RATE_FROM, defaults={"daily_rate": _rate_for(code)})
        rates += created
    lines = 0
    for action in Action.objects.exclude(planned_start=None).exclude(planned_end=None).iterator():
        for year in range(action.start.year, action.end.year + 1):
            for category, amount in PLAN.items():
                _line, created = BudgetLine.objects.get_or_create(
                    action=action, year=year, category=category, defaults={"planned": Decimal(amount)})
                lines += created
    missions = 0
    deployments = Deployment.objects.filter(status__in=(DeploymentStatus.CONFIRMED, DeploymentStatus.COMPLETED),
                                            mission__isnull=True).select_related("activity", "expert__employer_type")
    for deployment in deployments.iterator():
        activity = deployment.activity
        Mission.objects.create(
            deployment=deployment, outbound_date=activity.start_date - datetime.timedelta(days=1),
            return_date=activity.end_date + datetime.timedelta(days=1), travel_from=str(deployment.expert.nationality.name),
            travel_to=activity.city or str(activity.country.name), booking_status=BookingStatus.TICKET_ISSUED,
            ticket_cost=Decimal(380 + deployment.pk % 9 * 55).quantize(Decimal("0.01")),
        )
        logistics.mission_costs_sync(deployment)
        missions += 1
    if stdout is not None:
        stdout.write(f"missions: {rates} allowance rates, {lines} budget lines and {missions} missions created.")
    return {"rates": rates, "budget_lines": lines, "missions": missions}
