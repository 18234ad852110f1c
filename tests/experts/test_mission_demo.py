"""The demo data carries money: rates, budgets, missions whose costs reach the Actions' actuals."""

from io import StringIO

import pytest
from django.core.management import call_command

from actions.budget_models import ActivityCost, BudgetLine
from experts.logistics_models import AllowanceRate, Mission

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_rates_budgets_and_mission_costs_once():
    call_command("seed_demo", stdout=StringIO())
    counts = (AllowanceRate.objects.count(), BudgetLine.objects.count(), Mission.objects.count())
    assert all(counts)
    assert ActivityCost.objects.exclude(computed_key="").filter(actual__gt=0).exists()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "missions: 0 allowance rates, 0 budget lines and 0 missions created." in out.getvalue()
    assert (AllowanceRate.objects.count(), BudgetLine.objects.count(), Mission.objects.count()) == counts
