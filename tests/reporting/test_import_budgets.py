"""budgets.csv in the portfolio import: all or nothing, `FILE:LINE: column: message`, idempotent."""

from decimal import Decimal

import pytest

from actions.budget_models import BudgetLine
from actions.budgets import action_budget_summary
from actions.models import Action
from tests.reporting.import_helpers import portfolio, run_failing, run_ok

pytestmark = pytest.mark.django_db

GOOD = """action_code,year,category,planned,actual
A-KE-01,2012,travel,12000.00,11250.40
A-KE-01,2013,venue,3000,
A-JO-03,2020,expert_fees,8000.5,8000.50
"""


def with_budgets(tmp_path, text):
    folder = portfolio(tmp_path)
    (folder / "budgets.csv").write_text(text, encoding="utf-8")
    return folder


def test_budgets_are_imported_with_counts_and_a_second_run_changes_nothing(tmp_path):
    folder = with_budgets(tmp_path, GOOD)
    out = run_ok(folder)
    assert "budgets.csv: 3 created, 0 updated, 0 unchanged" in out
    summary = action_budget_summary(Action.objects.get(code="A-KE-01"))
    assert summary.cell(2012, "travel").planned == Decimal("12000.00")
    assert summary.cell(2012, "travel").actual == Decimal("11250.40")
    assert summary.cell(2013, "venue").actual == 0
    assert "budgets.csv: 0 created, 0 updated, 3 unchanged" in run_ok(folder)
    (folder / "budgets.csv").write_text(GOOD.replace("3000,", "3500,"), encoding="utf-8")
    assert "budgets.csv: 0 created, 1 updated, 2 unchanged" in run_ok(folder)
    line = BudgetLine.objects.get(action__code="A-KE-01", year=2013)
    assert line.planned == Decimal("3500.00") and line.version == 2


def test_budget_errors_are_reported_by_file_line_and_column_and_nothing_is_written(tmp_path):
    folder = with_budgets(tmp_path, """action_code,year,category,planned,actual
A-KE-01,2012,travel,-5,
A-KE-01,2015,venue,100,
A-XX-99,2012,travel,100,
A-KE-01,2012,catering,100,
A-KE-01,2013,travel,"12,50",
A-KE-01,2013,materials,10.005,
A-KE-01,2013,other,10,-1
""")
    errors = run_failing(folder)
    assert "budgets.csv:2: planned: An amount cannot be negative" in errors
    assert "budgets.csv:3: year: 2015 is outside the Action's dates (2012-06-01 – 2013-05-31)" in errors
    assert "budgets.csv:4: action_code: unknown Action “A-XX-99”" in errors
    assert any(e.startswith("budgets.csv:5: category: unknown code “catering”") for e in errors)
    assert "budgets.csv:6: planned: “12,50” is not an amount in EUR" in errors
    assert any(e.startswith("budgets.csv:7: planned: Amounts have at most two decimals") for e in errors)
    assert "budgets.csv:8: actual: An amount cannot be negative" in errors
    assert not Action.objects.exists() and not BudgetLine.objects.exists()


def test_budget_for_an_action_already_in_the_database(tmp_path):
    run_ok(portfolio(tmp_path))
    folder = tmp_path / "budgets-only"
    folder.mkdir()
    (folder / "budgets.csv").write_text("action_code,year,category,planned\nA-JO-03,2018,travel,10\n", encoding="utf-8")
    assert run_failing(folder)[0] == "budgets.csv:2: year: 2018 is outside the Action's dates (2019-01-01 – …)"
    (folder / "budgets.csv").write_text("action_code,year,category,planned\nA-JO-03,2021,travel,10\n", encoding="utf-8")
    assert "budgets.csv: 1 created" in run_ok(folder)
