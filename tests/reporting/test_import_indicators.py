"""indicators.csv: checked like the staff form, all or nothing, FILE:LINE errors, idempotent."""

import pytest

from actions.models import Action
from actions.results_models import Indicator
from tests.factories import ActionFactory
from tests.reporting.import_helpers import portfolio, run_failing, run_ok

pytestmark = pytest.mark.django_db

HEADER = "action_code,ref,title,result_type,measure,baseline,baseline_year,target,actual\n"
GOOD = (
    "A-KE-01,I-KE-01,Officials trained in ethical recruitment,output,unit,0,2012,40,46\n"
    "A-KE-01,I-KE-02,Share of recruitment agencies licensed,outcome,percentage,35.5,2012,60,58\n"
    "A-GH-02,I-GH-01,Policy adopted by the cabinet,impact,qualitative,No policy,2013,Policy adopted,Adopted in 2015\n"
)


def with_indicators(tmp_path, rows):
    folder = portfolio(tmp_path)
    (folder / "indicators.csv").write_text(HEADER + rows, encoding="utf-8")
    return folder


def test_indicators_are_imported_with_their_actions_and_a_second_run_changes_nothing(tmp_path):
    folder = with_indicators(tmp_path, GOOD)
    out = run_ok(folder)
    assert "indicators.csv: 3 created, 0 updated, 0 unchanged" in out
    trained = Indicator.objects.get(ref="I-KE-01")
    assert (trained.action.code, trained.result_type, trained.measure) == ("A-KE-01", "output", "unit")
    assert (trained.baseline, trained.baseline_year, trained.target, trained.actual) == ("0", 2012, "40", "46")
    assert trained.at_or_above_target is True and trained.imported
    assert Indicator.objects.get(ref="I-KE-02").at_or_above_target is False
    assert Indicator.objects.get(ref="I-GH-01").measure == "qualitative"

    assert "indicators.csv: 0 created, 0 updated, 3 unchanged" in run_ok(folder)
    assert Indicator.objects.count() == 3


def test_indicators_may_refer_to_actions_already_in_the_database(tmp_path):
    ActionFactory(code="MIEUX-2026-001-KE")
    folder = portfolio(tmp_path, only=())
    (folder / "indicators.csv").write_text(HEADER + "MIEUX-2026-001-KE,I-1,Workshops held,output,unit,,,3,3\n")
    assert "indicators.csv: 1 created" in run_ok(folder)


def test_bad_indicator_rows_import_nothing_and_name_file_line_and_column(tmp_path):
    rows = GOOD + (
        "A-KE-01,I-BAD-1,Trained,output,units,0,2012,40,46\n"          # line 5: unknown measure
        "A-KE-01,I-BAD-2,Share licensed,outcome,percentage,10,2012,60,140\n"  # line 6: percentage above 100
        "A-XX-99,I-BAD-3,Something,output,unit,0,2012,4,4\n"           # line 7: unknown Action
        "A-KE-01,I-BAD-4,Count,output,unit,few,2012,4,4\n"              # line 8: not a number
        "A-KE-01,I-BAD-5,Share,output,percentage,-5,2012,4,4\n"         # line 9: negative percentage
        "A-KE-01,I-BAD-6,Level,sideways,unit,0,2012,4,4\n"              # line 10: unknown result type
    )
    lines = run_failing(with_indicators(tmp_path, rows))
    text = "\n".join(lines)
    assert "indicators.csv:5: measure: unknown code “units”" in text
    assert "indicators.csv:6: actual: A percentage is between 0 and 100." in text
    assert "indicators.csv:7: action_code: unknown Action “A-XX-99”" in text
    assert "indicators.csv:8: baseline: “few” is not a number" in text
    assert "indicators.csv:9: baseline: A value cannot be negative." in text
    assert "indicators.csv:10: result_type: unknown code “sideways”" in text
    # All or nothing: not even the good rows nor the other files were written.
    assert not Indicator.objects.exists()
    assert not Action.objects.exists()


def test_unknown_column_in_indicators_is_an_error(tmp_path):
    folder = portfolio(tmp_path)
    (folder / "indicators.csv").write_text(HEADER.strip() + ",colour\n" + "A-KE-01,I-1,T,output,unit,,,1,1,red\n")
    assert any(line.startswith("indicators.csv:1: colour: unknown column") for line in run_failing(folder))
