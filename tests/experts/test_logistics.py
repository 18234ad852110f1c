"""Mission logistics: allowance under the rate table, fees per employer type, release letter, costs roll-up."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from actions.budgets import action_budget_summary
from actions.models import Activity, ActivityStatus
from experts import logistics
from experts.documents import mission_document_pdf
from experts.logistics_models import AllowanceRate, BookingStatus, DocumentTemplate
from experts.models import DeploymentStatus
from experts.services import DeploymentError, deployment_cancel, deployment_complete, deployment_confirm
from tests.factories import ActivityFactory, DeploymentFactory, ExpertFactory
from tests.factories.core import UserFactory, employer_type

pytestmark = pytest.mark.django_db
D = datetime.date


def rate(amount, day, country="KE", city=""):
    return AllowanceRate.objects.create(country=country, city=city, daily_rate=Decimal(amount), effective_from=day)


@pytest.fixture
def deployment():
    # Workshop in Nairobi, Tuesday 10 to Thursday 12 March 2026.
    return DeploymentFactory(activity=ActivityFactory(), expert=ExpertFactory(employer_type=employer_type("academia")),
                             status=DeploymentStatus.ACCEPTED)


def test_allowance_counts_travel_days_and_reduces_the_return_day(deployment, staff_user):
    rate("200.00", D(2025, 1, 1))
    logistics.travel_save(actor=staff_user, deployment=deployment, outbound_date=D(2026, 3, 9), return_date=D(2026, 3, 13))
    allowance = logistics.allowance_compute(deployment)
    # 4 full days + half a day for the return: 4.5 × 200.
    assert allowance.days == Decimal("4.5")
    assert allowance.amount == Decimal("900.00")
    assert not allowance.warning


def test_allowance_follows_a_rate_change_in_the_middle_of_the_mission(deployment, staff_user):
    rate("200.00", D(2025, 1, 1))
    rate("240.00", D(2026, 3, 11))
    logistics.travel_save(actor=staff_user, deployment=deployment, outbound_date=D(2026, 3, 9), return_date=D(2026, 3, 13))
    allowance = logistics.allowance_compute(deployment)
    # 9 and 10 March at 200; 11, 12 at 240; 13 (return) half of 240.
    assert allowance.amount == Decimal("400.00") + Decimal("480.00") + Decimal("120.00")
    assert [(p.rate, p.days) for p in allowance.parts] == [
        (Decimal("200.00"), 2), (Decimal("240.00"), 2), (Decimal("240.00"), Decimal("0.5"))]


def test_city_rate_wins_over_the_country_rate(deployment):
    rate("150.00", D(2025, 1, 1))
    rate("260.00", D(2025, 1, 1), city="Nairobi")
    # Until travel is known the activity's three days count, each in full.
    assert logistics.allowance_compute(deployment).amount == Decimal("780.00")


def test_without_counting_travel_days_every_activity_day_is_paid_in_full(deployment, settings, staff_user):
    settings.MISSION_ALLOWANCE_COUNT_TRAVEL_DAYS = False
    rate("200.00", D(2025, 1, 1))
    logistics.travel_save(actor=staff_user, deployment=deployment, outbound_date=D(2026, 3, 9), return_date=D(2026, 3, 13))
    assert logistics.allowance_compute(deployment).amount == Decimal("600.00")


def test_missing_rate_gives_a_warning_not_a_crash(deployment, staff_user, client_for):
    rate("200.00", D(2026, 3, 11))  # in force only from the second day
    allowance = logistics.allowance_compute(deployment)
    assert allowance.amount is None
    assert "No daily allowance rate for Nairobi, Kenya on 2026-03-10" in allowance.warning
    page = client_for(staff_user).get(f"/experts/deployments/{deployment.pk}/mission/")
    assert page.status_code == 200
    assert "No daily allowance rate" in page.content.decode()


def test_staff_override_needs_a_reason_and_wins(deployment, staff_user):
    with pytest.raises(logistics.LogisticsError):
        logistics.allowance_override_set(actor=staff_user, deployment=deployment, amount="500", reason="")
    logistics.allowance_override_set(actor=staff_user, deployment=deployment, amount="500.00", reason="Hotel booked by partner")
    allowance = logistics.allowance_compute(deployment)
    assert allowance.computed is None and allowance.amount == Decimal("500.00")
    assert allowance.override_reason == "Hotel booked by partner"


@pytest.mark.parametrize("code, paid", [("academia", True), ("private", True), ("eu_admin", False), ("non_eu_admin", False)])
def test_fee_is_paid_per_working_day_only_for_paid_employer_types(code, paid, settings):
    settings.MISSION_DAILY_FEE_EUR = "400.00"
    # Friday 13 to Tuesday 17 March 2026: three working days.
    activity = ActivityFactory(start_date=D(2026, 3, 13), end_date=D(2026, 3, 17))
    deployment = DeploymentFactory(activity=activity, expert=ExpertFactory(employer_type=employer_type(code)))
    fee = logistics.fee_compute(deployment)
    assert fee.paid is paid
    assert fee.amount == (Decimal("1200.00") if paid else Decimal("0.00"))


def test_fee_setting_decides_which_employer_types_are_paid(settings):
    settings.MISSION_PAID_EMPLOYER_TYPES = ["eu_admin"]
    deployment = DeploymentFactory(expert=ExpertFactory(employer_type=employer_type("eu_admin")))
    assert logistics.fee_compute(deployment).paid


def test_public_official_needs_a_release_letter_before_confirmation(staff_user, settings):
    settings.MISSION_RELEASE_LETTER_EMPLOYER_TYPES = ["eu_admin", "non_eu_admin"]
    deployment = DeploymentFactory(expert=ExpertFactory(employer_type=employer_type("eu_admin")), status=DeploymentStatus.ACCEPTED)
    with pytest.raises(DeploymentError, match="release letter"):
        deployment_confirm(actor=staff_user, deployment=deployment)
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(logistics.LogisticsError):
        logistics.release_letter_upload(actor=staff_user, deployment=deployment, uploaded=fake)
    letter = SimpleUploadedFile("letter.pdf", b"%PDF-1.4\n%fake but starts right\n", content_type="application/pdf")
    logistics.release_letter_upload(actor=staff_user, deployment=deployment, uploaded=letter)
    assert deployment_confirm(actor=staff_user, deployment=deployment).status == DeploymentStatus.CONFIRMED


def test_no_release_letter_needed_when_the_setting_leaves_the_employer_type_out(settings, staff_user):
    settings.MISSION_RELEASE_LETTER_EMPLOYER_TYPES = []
    deployment = DeploymentFactory(expert=ExpertFactory(employer_type=employer_type("eu_admin")), status=DeploymentStatus.ACCEPTED)
    assert deployment_confirm(actor=staff_user, deployment=deployment).status == DeploymentStatus.CONFIRMED


def test_booking_needs_a_ticket_cost_when_issued(deployment, staff_user):
    with pytest.raises(logistics.LogisticsError, match="ticket cost"):
        logistics.travel_save(actor=staff_user, deployment=deployment, booking_status=BookingStatus.TICKET_ISSUED)


def test_confirmed_mission_costs_roll_up_into_the_action_actuals(deployment, staff_user, settings):
    settings.MISSION_DAILY_FEE_EUR = "350.00"
    rate("200.00", D(2025, 1, 1))
    logistics.travel_save(actor=staff_user, deployment=deployment, outbound_date=D(2026, 3, 9), return_date=D(2026, 3, 13),
                          booking_status=BookingStatus.TICKET_ISSUED, ticket_cost="640.50")
    action = deployment.activity.action
    assert action_budget_summary(action).total.actual == 0  # accepted, not yet confirmed: nothing spent
    deployment_confirm(actor=staff_user, deployment=deployment)
    summary = action_budget_summary(action)
    assert summary.cell(2026, "subsistence").actual == Decimal("900.00")
    assert summary.cell(2026, "expert_fees").actual == Decimal("1050.00")  # 3 working days × 350
    assert summary.cell(2026, "travel").actual == Decimal("640.50")
    assert summary.total.committed == Decimal("2590.50")
    # A change of the ticket follows into the actuals; completion turns committed into spent.
    logistics.travel_save(actor=staff_user, deployment=deployment, ticket_cost="700.00")
    deployment.refresh_from_db()
    # A deployment is completed once its activity is recorded as delivered.
    Activity.objects.filter(pk=deployment.activity_id).update(status=ActivityStatus.DELIVERED)
    deployment_complete(actor=staff_user, deployment=deployment)
    summary = action_budget_summary(action)
    assert summary.cell(2026, "travel").actual == Decimal("700.00")
    assert summary.total.committed == 0 and summary.total.actual == Decimal("2650.00")


def test_cancelled_mission_leaves_the_actuals(deployment, staff_user):
    rate("200.00", D(2025, 1, 1))
    deployment_confirm(actor=staff_user, deployment=deployment)
    assert action_budget_summary(deployment.activity.action).total.actual > 0
    deployment.refresh_from_db()
    deployment_cancel(actor=staff_user, deployment=deployment)
    assert action_budget_summary(deployment.activity.action).total.actual == 0


def _text(data):
    # Line breaks of the layout become spaces, so phrases can be looked up whole.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages).split())


def test_pdfs_carry_name_dates_place_and_money(deployment, staff_user):
    rate("200.00", D(2025, 1, 1))
    deployment.expert.first_name, deployment.expert.last_name = "Ивана", "Петрова"
    deployment.expert.save()
    logistics.travel_save(actor=staff_user, deployment=deployment, outbound_date=D(2026, 3, 9), return_date=D(2026, 3, 13),
                          travel_from="Sofia", travel_to="Nairobi")
    _name, data = mission_document_pdf(deployment, "invitation")
    text = _text(data)
    assert data.startswith(b"%PDF")
    assert "To whom it may concern" in text
    assert "Ивана Петрова" in text and "Nairobi, Kenya" in text
    assert "10 Mar 2026" in text and "12 Mar 2026" in text
    order = _text(mission_document_pdf(deployment, "mission_order")[1])
    assert "Ивана Петрова" in order and "900.00 EUR" in order and "1,050.00 EUR" in order and "Sofia → Nairobi" in order


def test_pdf_is_in_the_experts_language_and_uses_the_staff_template(deployment):
    user = UserFactory(expert=True, language="fr")
    deployment.expert.user = user
    deployment.expert.last_name = "الهاشمي"
    deployment.expert.save()
    DocumentTemplate.objects.create(kind="invitation", language="fr", title="Lettre d'invitation",
                                    body="Madame, Monsieur, nous invitons {{ expert_name }} à {{ place }} du {{ start_date }}.")
    text = _text(mission_document_pdf(deployment, "invitation")[1])
    assert "Lettre d'invitation" in text
    assert "الهاشمي" in text  # Arabic, shaped for display, extracts in reading order
    assert "Nairobi" in text and "10 mars 2026" in text
