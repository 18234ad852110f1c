"""manage.py import_portfolio: the format of shared/DATA-EXCHANGE.md, all or nothing, idempotent, silent."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from actions.models import Action, ActionEvent, Activity, ActivityEvent
from experts.models import Deployment, DeploymentEvent, Expert
from mieux.models import EmployerType, Notification, User
from requests_app.models import Institution, Request, RequestEvent
from tests.reporting.import_helpers import edit, portfolio, run, run_failing, run_ok, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(db, tmp_path):
    """The small portfolio, imported once; returns its (writable) folder."""
    folder = portfolio(tmp_path)
    run_ok(folder)
    return folder


def test_small_portfolio_imports_every_file_with_counts(tmp_path):
    out = run_ok(portfolio(tmp_path))
    assert "requests.csv: 5 created, 0 updated, 0 unchanged" in out
    assert "actions.csv: 4 created, 0 updated, 0 unchanged" in out
    assert "activities.csv: 5 created, 0 updated, 0 unchanged" in out
    assert "experts.csv: 5 created, 0 updated, 0 unchanged" in out
    assert "deployments.csv: 7 created, 0 updated, 0 unchanged" in out
    assert Institution.objects.filter(imported=True).count() == 5


def test_requests_take_their_state_directly(imported):
    approved = Request.objects.get(reference="R-2012-001")
    assert approved.status == "approved" and approved.imported
    assert approved.title == 'Strengthening "labour" migration management, phase 1'  # RFC 4180 quoting
    assert approved.institution.name == "Ministry of Labour" and approved.institution.type.code == "ministry"
    assert [c.code for c in approved.countries] == ["KE"]
    assert approved.region.code == "AFR" and approved.phase.code == "II"
    assert sorted(approved.thematic_areas.values_list("code", flat=True)) == ["LMM", "MD"]
    assert timezone.localtime(approved.submitted_at).date() == datetime.date(2012, 3, 1)
    assert approved.days_to_decision == 40
    still_open = Request.objects.get(reference="R-2021-004")
    assert still_open.status == "submitted" and still_open.decided_at is None
    event = RequestEvent.objects.get(request=approved)
    assert event.transition == "imported" and event.to_status == "approved" and event.visible_to_partner


def test_actions_are_published_only_when_ongoing_or_completed(imported):
    published = dict(Action.objects.values_list("code", "is_public"))
    assert published == {"A-KE-01": True, "A-GH-02": True, "A-JO-03": True, "A-PE-04": False}
    assert Action.objects.get(code="A-JO-03").published_at is not None
    assert Action.objects.get(code="A-PE-04").published_at is None
    kenya = Action.objects.get(code="A-KE-01")
    assert kenya.request.reference == "R-2012-001" and kenya.institution.name == "Ministry of Labour"
    assert kenya.summary == "Kenyan officials designed a labour migration policy.\nTwo workshops and one online training."
    assert kenya.actual_start == datetime.date(2012, 6, 1) and kenya.actual_end == datetime.date(2013, 5, 31)
    ghana = Action.objects.get(code="A-GH-02")
    assert sorted(c.code for c in ghana.countries) == ["GH", "SN"] and ghana.institution is None
    assert ActionEvent.objects.filter(transition="imported").count() == 4


def test_activities_experts_and_deployments_are_imported(imported):
    online = Activity.objects.get(ref="ACT-2")
    assert online.format == "online" and online.country == "" and online.participants_total == 25
    assert online.historical_feedback_answers == 10 and online.historical_feedback_yes == 7
    assert online.delivered_at is not None and online.imported
    assert Activity.objects.get(ref="ACT-5").format == "in_person"  # empty `online` = false
    assert Activity.objects.get(ref="ACT-4").delivered_at is None
    marie = Expert.objects.get(ref="E-1")
    assert marie.email == "marie.dupont@example.org" and marie.user is None and marie.gender == "F"
    assert sorted(marie.languages.values_list("language", "level")) == [("en", "C1"), ("fr", "native")]
    assert Expert.objects.get(ref="E-2").status == "active"  # empty `active` = true
    assert Expert.objects.get(ref="E-5").status == "inactive"
    assert Expert.objects.get(ref="E-2").email is None
    lead = Deployment.objects.get(activity__ref="ACT-1", expert__ref="E-1")
    assert lead.role == "lead" and lead.status == "completed" and lead.beneficial is True and lead.imported
    assert Deployment.objects.get(activity__ref="ACT-2", expert__ref="E-2").role == "expert"
    assert Deployment.objects.get(activity__ref="ACT-3", expert__ref="E-3").beneficial is None
    assert ActivityEvent.objects.filter(transition="imported").count() == 5
    assert DeploymentEvent.objects.filter(transition="imported").count() == 7


def test_no_account_no_mail_no_notification(db, tmp_path):
    users, notifications = User.objects.count(), Notification.objects.count()
    run_ok(portfolio(tmp_path))
    assert User.objects.count() == users
    assert Notification.objects.count() == notifications
    assert mail.outbox == []


def test_history_says_imported_with_thematic_areas(imported):
    for model, count in ((Request, 5), (Action, 4), (Activity, 5), (Expert, 5), (Deployment, 7)):
        reasons = list(model.history.values_list("history_change_reason", flat=True))
        assert reasons == ["imported"] * count, model
    record = Request.history.get(reference="R-2012-001")
    assert sorted(row.thematicarea.code for row in record.thematic_areas.all()) == ["LMM", "MD"]


def test_second_import_changes_nothing(imported):
    before = snapshot()
    out = run_ok(imported)
    for name, total in (("requests", 5), ("actions", 4), ("activities", 5), ("experts", 5), ("deployments", 7)):
        assert f"{name}.csv: 0 created, 0 updated, {total} unchanged" in out
    assert snapshot() == before


def test_edited_row_is_updated_not_duplicated(imported):
    edit(imported, "activities.csv", "Study visit to Brussels", "Study visit to the EU institutions")
    edit(imported, "experts.csv", "fr:native;en:C1", "fr:native;en:C2")
    edit(imported, "actions.csv", "A-PE-04,Andean labour mobility,,PE,LAC,HOR,IV,planned",
         "A-PE-04,Andean labour mobility,,PE,LAC,HOR,IV,ongoing")
    out = run_ok(imported)
    assert "activities.csv: 0 created, 1 updated, 4 unchanged" in out
    assert "experts.csv: 0 created, 1 updated, 4 unchanged" in out
    assert "actions.csv: 0 created, 1 updated, 3 unchanged" in out
    visit = Activity.objects.get(ref="ACT-3")
    assert visit.title == "Study visit to the EU institutions" and Activity.objects.count() == 5
    assert visit.sequence == 1
    event = ActivityEvent.objects.get(activity=visit, transition="import_updated")
    assert event.data["changed"] == ["title"] and event.note == "activities.csv, line 4"
    assert visit.history.first().history_change_reason == "updated by import"
    assert visit.history.count() == 2
    assert dict(Expert.objects.get(ref="E-1").languages.values_list("language", "level"))["en"] == "C2"
    andean = Action.objects.get(code="A-PE-04")
    assert andean.is_public and andean.published_at is not None
    event = ActionEvent.objects.get(action=andean, transition="import_updated")
    assert (event.from_status, event.to_status) == ("planned", "ongoing")
    assert Activity.objects.get(ref="ACT-1").history.count() == 1  # untouched rows get no new history


def test_an_erased_expert_is_not_brought_back(imported):
    Expert.objects.filter(ref="E-1").update(erased_at=timezone.now(), first_name="Erased", last_name="Erased",
                                            email=None)
    out, err, ok = run(imported)
    assert ok and "experts.csv: 0 created, 0 updated, 5 unchanged" in out
    assert "experts.csv:2: ref: this expert's personal data was erased; the row is left unchanged" in err
    erased = Expert.objects.get(ref="E-1")
    assert erased.email is None and erased.first_name == "Erased"


def test_a_list_of_nothing_is_a_missing_value(db, tmp_path):
    folder = portfolio(tmp_path, only={"requests.csv"})
    edit(folder, "requests.csv", "GH,IRR,", "GH,;,")
    assert_rejected(folder, "requests.csv:3: thematic_areas: a value is required")


def test_an_error_anywhere_keeps_every_valid_edit_out_too(imported):
    edit(imported, "requests.csv", "Border management curriculum", "\"Border management curriculum, revised\"")
    edit(imported, "deployments.csv", "ACT-4,E-5,,invited", "ACT-4,E-5,,on_hold")
    before = snapshot()
    errors = run_failing(imported)
    assert errors[0].startswith("deployments.csv:7: status: unknown code “on_hold”")
    assert snapshot() == before
    assert Request.objects.get(reference="R-2014-002").title == "Border management curriculum"


def test_references_resolve_against_the_database(db, tmp_path):
    run_ok(portfolio(tmp_path, only={"requests.csv"}))
    run_ok(portfolio(tmp_path / "2", only={"actions.csv", "activities.csv"}))
    run_ok(portfolio(tmp_path / "3", only={"experts.csv", "deployments.csv"}))
    assert Action.objects.get(code="A-KE-01").request.reference == "R-2012-001"
    assert Deployment.objects.count() == 7


def test_actor_is_recorded_in_events_and_history(db, tmp_path, staff_user):
    run_ok(portfolio(tmp_path, only={"requests.csv"}), "--actor", staff_user.email.upper())
    assert set(RequestEvent.objects.values_list("actor", flat=True)) == {staff_user.pk}
    assert set(Request.history.values_list("history_user", flat=True)) == {staff_user.pk}
    errors = run_failing(portfolio(tmp_path / "2", only={"requests.csv"}), "--actor", "nobody@example.org")
    assert "No user with the e-mail address nobody@example.org." in "\n".join(errors)


def test_dry_run_writes_nothing(db, tmp_path):
    before = snapshot()
    out = run_ok(portfolio(tmp_path), "--dry-run")
    assert "requests.csv: 5 created" in out and "nothing was written" in out
    assert snapshot() == before


def test_a_folder_without_any_file_is_an_error(db, tmp_path):
    (tmp_path / "empty").mkdir()
    errors = run_failing(tmp_path / "empty")
    assert "none of the files" in "\n".join(errors)


# --- every kind of error: FILE:LINE: column: message, nothing written ------------------------------


def assert_rejected(folder, expected):
    """The import fails, prints `expected` (a line prefix) among its errors, and writes nothing."""
    before = snapshot()
    errors = run_failing(folder)
    assert any(line.startswith(expected) for line in errors), errors
    assert snapshot() == before
    return errors


def test_unknown_column(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "actions.csv", "summary\n", "summary,budget\n")
    edit(folder, "actions.csv", "curriculum for border guards.", "curriculum for border guards.,1000")
    # Every other row now lacks a cell: those are reported too.
    errors = assert_rejected(folder, "actions.csv:1: budget: unknown column")
    assert any(line.startswith("actions.csv:2: (row): 11 cells where the header has 12") for line in errors)


def test_missing_required_column(db, tmp_path):
    folder = portfolio(tmp_path, only={"experts.csv"})
    edit(folder, "experts.csv", ",nationality,", ",citizenship,")
    errors = assert_rejected(folder, "experts.csv:1: nationality: required column is missing")
    assert any(line.startswith("experts.csv:1: citizenship: unknown column") for line in errors)


def test_missing_required_value(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "requests.csv", "Border management curriculum", "")
    assert_rejected(folder, "requests.csv:3: title: a value is required")


def test_unknown_code(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "activities.csv", "A-GH-02,study_visit", "A-GH-02,seminar")
    errors = assert_rejected(folder, "activities.csv:4: type: unknown code “seminar”")
    edit(folder, "activities.csv", "A-GH-02,seminar", "A-GH-02,study_visit")
    edit(folder, "requests.csv", "KE,MD;LMM", "KE,MD;XYZ")
    assert_rejected(folder, "requests.csv:2: thematic_areas: unknown code “XYZ”")
    edit(folder, "requests.csv", "KE,MD;XYZ", "KX,MD;LMM")
    assert_rejected(folder, "requests.csv:2: country: unknown country code “KX”")
    assert errors


def test_bad_date_and_bad_boolean(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "requests.csv", "2014-05-05", "05/05/2014")
    edit(folder, "experts.csv", "IPA;MD,true", "IPA;MD,yes")
    errors = assert_rejected(folder, "requests.csv:3: submitted_on: “05/05/2014” is not a date (YYYY-MM-DD)")
    assert "experts.csv:4: active: “yes” is not a boolean (true or false)" in errors


def test_decision_needs_a_decision_date(db, tmp_path):
    folder = portfolio(tmp_path, only={"requests.csv"})
    edit(folder, "requests.csv", "2014-06-04,rejected", ",rejected")
    assert_rejected(folder, "requests.csv:3: decided_on: required when decision is set")


def test_end_before_start(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "actions.csv", "2013-01-01,2013-12-31", "2013-01-01,2012-12-31")
    # A-GH-02 starts on line 4: the quoted summary of A-KE-01 spans lines 2 and 3.
    assert_rejected(folder, "actions.csv:4: end_date: before start_date (2013-01-01)")


def test_duplicate_key(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "experts.csv", "E-4,Smith", "E-2,Smith")
    assert_rejected(folder, "experts.csv:5: ref: duplicate key “E-2” (first on line 3)")


def test_duplicate_deployment_key(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "deployments.csv", "ACT-2,E-2,,completed,false", "ACT-1,E-2,,completed,false")
    assert_rejected(folder, "deployments.csv:4: activity_ref: duplicate key “ACT-1 / E-2” (first on line 3)")


def test_unknown_reference(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "deployments.csv", "ACT-5,E-3", "ACT-5,E-99")
    edit(folder, "actions.csv", "R-2012-001", "R-1999-999")
    edit(folder, "activities.csv", "ACT-4,A-JO-03", "ACT-4,A-XX-99")
    errors = assert_rejected(folder, "deployments.csv:8: expert_ref: unknown expert “E-99”")
    assert "actions.csv:2: request_reference: unknown request “R-1999-999”" in errors
    assert "activities.csv:5: action_code: unknown Action “A-XX-99”" in errors


def test_counts_exceeding_their_totals(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "activities.csv", "delivered,30,12,20,18", "delivered,30,31,20,21")
    edit(folder, "activities.csv", "planned,,,,", "planned,40,,,")
    errors = assert_rejected(folder, "activities.csv:2: participants_women: more than participants (30)")
    assert "activities.csv:2: feedback_yes: more than feedback_answers (20)" in errors
    assert "activities.csv:5: participants: participants are only given for status delivered" in errors


def test_email_must_be_unique_in_the_file_and_the_database(db, tmp_path):
    Expert.objects.create(first_name="Ana", last_name="Other", email="Ana.Garcia@example.org", nationality="PT",
                          employer_type=EmployerType.objects.get(code="academia"))
    folder = portfolio(tmp_path)
    edit(folder, "experts.csv", "li.wei@example.org", "marie.dupont@example.org")
    errors = assert_rejected(folder, "experts.csv:6: email: “marie.dupont@example.org” is already the e-mail of "
                                     "expert E-1 (line 2)")
    assert any(line.startswith("experts.csv:4: email: “ana.garcia@example.org” is already the e-mail of another")
               for line in errors)


def test_every_error_of_every_file_is_reported_in_order(db, tmp_path):
    folder = portfolio(tmp_path)
    edit(folder, "requests.csv", ",II\n", ",V\n")
    edit(folder, "experts.csv", "en:native,HOR", "en:expert,HOR")
    edit(folder, "experts.csv", ",GB,", ",UK,")
    errors = run_failing(folder)
    assert errors[:3] == [
        "requests.csv:2: phase: unknown code “V” (expected one of: I, II, III, IV)",
        "experts.csv:5: languages: unknown language level “expert” (expected one of: A1, A2, B1, B2, C1, C2, native)",
        "experts.csv:5: nationality: unknown country code “UK” (ISO 3166-1 alpha-2, e.g. KE)",
    ]
    assert errors[-1].startswith("CommandError") or "nothing was imported" in errors[-1]


def test_line_numbers_count_physical_lines_of_multi_line_cells(db, tmp_path):
    folder = tmp_path / "multi"
    folder.mkdir()
    (folder / "actions.csv").write_text(
        'code,summary,title,countries,region,thematic_areas,phase,status\r\n'
        'A-1,"first line\r\nsecond line\r\nthird",Title,KE,AFR,MD,II,completed\r\n'
        'A-2,"one\nmore",Title,KE,AFR,MD,II,finished\r\n', newline="")
    errors = run_failing(folder)
    assert "actions.csv:6: status: unknown code “finished” (expected one of: cancelled, completed, ongoing, planned)" \
        in errors


def test_not_utf8_and_malformed_quoting(db, tmp_path):
    folder = portfolio(tmp_path, only={"requests.csv", "experts.csv"})
    (folder / "experts.csv").write_bytes((folder / "experts.csv").read_bytes().replace("García".encode(),
                                                                                       "García".encode("latin-1")))
    edit(folder, "requests.csv", "Border management curriculum", '"Border" management')
    errors = run_failing(folder)
    assert "experts.csv:4: (file): the file is not UTF-8 text" in errors
    assert any(line.startswith("requests.csv:3: (file): malformed CSV") for line in errors)


def _generated(tmp_path, scale):
    import importlib.util

    from django.conf import settings

    spec = importlib.util.spec_from_file_location("import_bench", settings.BASE_DIR / "bench" / "import_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = tmp_path / f"scale-{scale}"
    folder.mkdir()
    bench.generate(folder, scale=scale)
    return folder


def test_the_number_of_queries_does_not_grow_with_the_number_of_rows(db, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for scale in (0.01, 0.04):  # 115 rows, then 460 rows (under one batch of 500)
        folder = _generated(tmp_path, scale)
        with CaptureQueriesContext(connection) as first:
            run_ok(folder)
        with CaptureQueriesContext(connection) as second:
            out = run_ok(folder)
        assert "created" in out and ", 0 updated" in out
        counts.append((len(first), len(second)))
        Deployment.objects.all().delete()
        Activity.objects.all().delete()
        Action.objects.all().delete()
        Expert.objects.all().delete()
        Request.objects.all().delete()
    # Reading and checking costs the same whatever the size; writing grows only by batches (SQLite allows
    # 999 parameters per statement, so a wide history table takes a few dozen rows per INSERT).
    assert counts[0][1] == counts[1][1]
    assert counts[1][0] - counts[0][0] < (460 - 115) / 10
