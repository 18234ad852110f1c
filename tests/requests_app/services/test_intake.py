"""Services of the partner side: submission stamps, references, resubmission history, refusals."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from requests_app.models import Request, RequestEvent, RequestStatus
from requests_app.services import intake, review
from requests_app.services.intake import IncompleteRequest, IntakeError
from requests_app.workflow import WorkflowError
from tests.conftest import require_service
from tests.factories import InstitutionFactory, MembershipFactory, RequestFactory, UserFactory


@pytest.fixture
def institution_of(db):
    def get(user):
        return user.memberships.get().institution

    return get


@pytest.mark.django_db
def test_submission_stamps_reference_dates_region_and_phase(partner_user, institution_of):
    obj = RequestFactory(institution=institution_of(partner_user), countries=["GH", "KE"])
    intake.request_submit(actor=partner_user, request_obj=obj)
    obj.refresh_from_db()
    year = timezone.localdate().year
    assert obj.reference == f"REQ-{year}-0001"
    assert obj.submitted_at == obj.last_submitted_at
    assert obj.region.code == "AFR" and obj.phase.code == "IV"
    event = RequestEvent.objects.get(request=obj, transition="submit")
    assert (event.from_status, event.to_status, event.actor) == ("draft", "submitted", partner_user)


@pytest.mark.django_db
def test_references_follow_each_other_within_the_year(partner_user, institution_of):
    year = timezone.localdate().year
    RequestFactory(institution=institution_of(partner_user), submitted=True, reference=f"REQ-{year}-0041")
    RequestFactory(institution=institution_of(partner_user), submitted=True, reference=f"REQ-{year - 1}-0200")
    obj = RequestFactory(institution=institution_of(partner_user))
    intake.request_submit(actor=partner_user, request_obj=obj)
    obj.refresh_from_db()
    assert obj.reference == f"REQ-{year}-0042"


@pytest.mark.django_db
def test_second_submission_is_refused(partner_user, institution_of):
    obj = RequestFactory(institution=institution_of(partner_user))
    intake.request_submit(actor=partner_user, request_obj=obj)
    with pytest.raises(WorkflowError, match="already been submitted"):
        intake.request_submit(actor=partner_user, request_obj=obj)
    assert RequestEvent.objects.filter(request=obj, transition="submit").count() == 1


@pytest.mark.django_db
def test_only_a_member_may_submit(staff_user, other_partner, partner_user, institution_of):
    obj = RequestFactory(institution=institution_of(partner_user))
    for actor in (staff_user, other_partner):
        with pytest.raises(IntakeError):
            intake.request_submit(actor=actor, request_obj=obj)
    assert Request.objects.get(pk=obj.pk).status == RequestStatus.DRAFT


@pytest.mark.django_db
def test_missing_items_list_every_required_field_in_step_order(partner_user, institution_of):
    obj = Request.objects.create(institution=institution_of(partner_user))
    items = intake.missing_items(obj)
    assert [i.field for i in items][:3] == ["title", "thematic_areas", "countries"]
    assert {i.step for i in items} == {1, 2, 3, 4}
    assert len(items) == len(intake.REQUIRED_FIELDS)
    with pytest.raises(IncompleteRequest) as exc:
        intake.request_submit(actor=partner_user, request_obj=obj)
    assert len(exc.value.items) == len(items)


@pytest.mark.django_db
def test_latest_end_before_earliest_start_blocks_submission(partner_user, institution_of):
    obj = RequestFactory(
        institution=institution_of(partner_user), earliest_start=datetime.date(2027, 5, 1),
        latest_end=datetime.date(2027, 1, 1),
    )
    assert [i.field for i in intake.missing_items(obj)] == ["latest_end"]


@pytest.mark.django_db
def test_resubmission_keeps_both_versions_and_shows_what_changed(partner_user, staff_user, institution_of):
    obj = RequestFactory(institution=institution_of(partner_user), objectives="Old objectives")
    intake.request_submit(actor=partner_user, request_obj=obj)
    review.request_ask_info(actor=staff_user, request_id=obj.pk, message="Sharpen the objectives.")
    obj.refresh_from_db()
    from requests_app.forms import StepObjectivesForm

    form = StepObjectivesForm({"objectives": "New objectives", "expected_results": obj.expected_results,
                               "target_groups": obj.target_groups, "estimated_participants": "40",
                               "activity_types": list(obj.activity_types.values_list("pk", flat=True))}, instance=obj)
    assert form.is_valid(), form.errors
    intake.request_save_step(actor=partner_user, request_obj=obj, step=3, data=form.cleaned_data)
    with pytest.raises(IntakeError):
        intake.request_resubmit(actor=partner_user, request_obj=obj, answer="  ")
    intake.request_resubmit(actor=partner_user, request_obj=obj, answer="Done.")
    obj.refresh_from_db()
    assert obj.status == RequestStatus.SUBMITTED
    rows, old, new = intake.resubmission_changes(obj)
    assert ("objectives", "Old objectives", "New objectives") in rows
    assert old.instance.objectives == "Old objectives" and new.instance.objectives == "New objectives"


@pytest.mark.django_db
def test_withdraw_needs_a_reason_and_only_before_a_decision(partner_user, institution_of):
    obj = RequestFactory(institution=institution_of(partner_user), submitted=True)
    with pytest.raises(IntakeError):
        intake.request_withdraw(actor=partner_user, request_obj=obj, reason="")
    intake.request_withdraw(actor=partner_user, request_obj=obj, reason="Funded elsewhere.")
    obj.refresh_from_db()
    assert obj.status == RequestStatus.WITHDRAWN
    with pytest.raises(WorkflowError):
        intake.request_withdraw(actor=partner_user, request_obj=obj, reason="Again")


@pytest.mark.django_db
def test_a_submitted_draft_cannot_be_deleted(partner_user, institution_of):
    obj = RequestFactory(institution=institution_of(partner_user), submitted=True)
    with pytest.raises(IntakeError):
        intake.request_discard(actor=partner_user, request_obj=obj)


@pytest.mark.django_db
def test_all_active_members_receive_the_acknowledgement(partner_user, institution_of):
    institution = institution_of(partner_user)
    colleague = UserFactory()
    MembershipFactory(user=colleague, institution=institution)
    pending = UserFactory()
    MembershipFactory(user=pending, institution=institution, status="pending")
    obj = RequestFactory(institution=institution)
    intake.request_submit(actor=partner_user, request_obj=obj)
    kinds = {u: u.notifications.filter(kind="request_submitted").count() for u in (partner_user, colleague, pending)}
    assert kinds == {partner_user: 1, colleague: 1, pending: 0}


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_distinct_references():
    require_service(connection.vendor == "postgresql", "PostgreSQL")
    institution = InstitutionFactory()
    users, drafts = [], []
    for _ in range(8):
        user = UserFactory()
        MembershipFactory(user=user, institution=institution)
        users.append(user)
        drafts.append(RequestFactory(institution=institution))
    barrier = threading.Barrier(len(drafts))
    errors = []

    def submit(user, obj):
        try:
            barrier.wait()
            intake.request_submit(actor=user, request_obj=obj)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(users, drafts, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(Request.objects.values_list("reference", flat=True))
    year = timezone.localdate().year
    assert references == [f"REQ-{year}-{n:04d}" for n in range(1, 9)]
