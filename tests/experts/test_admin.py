import csv
import io

import pytest
import tablib
from django.urls import reverse

from experts.models import Expert
from experts.resources import COLUMNS, ExpertResource
from tests.factories import DeploymentFactory, ExpertFactory, area

pytestmark = pytest.mark.django_db


def test_export_has_exactly_the_data_exchange_columns():
    expert = ExpertFactory(ref="EXP-001", email="a@example.org", languages=[("en", "C2"), ("fr", "native")],
                           thematic_areas=[area("LMM"), area("MD")])
    dataset = ExpertResource().export()
    assert tuple(dataset.headers) == COLUMNS
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["ref"] == "EXP-001" and row["nationality"] == "FR" and row["employer_type"] == "eu_admin"
    assert row["languages"] == "en:C2;fr:native"
    assert set(row["thematic_areas"].split(";")) == {"LMM", "MD"}
    assert row["active"] == "true"
    assert expert.pk


def test_import_creates_and_updates_by_ref():
    ExpertFactory(ref="EXP-002", first_name="Old", email="old@example.org")
    text = (
        ",".join(COLUMNS) + "\n"
        "EXP-002,Lena,Berg,LENA@example.org,F,SE,eu_admin,Migrationsverket,sv:native;en:C1,IPA,true\n"
        "EXP-003,Kwame,Mensah,,M,GH,non_eu_admin,Ghana Immigration Service,en:C2,IRR;HOR,false\n"
    )
    dataset = tablib.Dataset().load(text, format="csv")
    result = ExpertResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    lena = Expert.objects.get(ref="EXP-002")
    assert (lena.first_name, lena.email, str(lena.nationality)) == ("Lena", "lena@example.org", "SE")
    assert sorted(lena.languages.values_list("language", "level")) == [("en", "C1"), ("sv", "native")]
    kwame = Expert.objects.get(ref="EXP-003")
    assert kwame.email is None and kwame.status == "inactive" and kwame.is_non_eu
    assert set(kwame.thematic_areas.values_list("code", flat=True)) == {"IRR", "HOR"}


def test_import_with_a_bad_language_is_refused_whole():
    text = (
        ",".join(COLUMNS) + "\n"
        "EXP-010,Ana,Ferreira,,F,PT,eu_admin,AIMA,pt:native,LMM,true\n"
        "EXP-011,Bad,Row,,F,PT,eu_admin,AIMA,pt:fluent,LMM,true\n"
    )
    dataset = tablib.Dataset().load(text, format="csv")
    result = ExpertResource().import_data(dataset, dry_run=False, use_transactions=True)
    assert result.has_errors() or result.has_validation_errors()
    assert not Expert.objects.filter(ref__in=["EXP-010", "EXP-011"]).exists()


def test_admin_changelist_and_csv_export_for_admin(client_for, admin_user):
    ExpertFactory(ref="EXP-020", languages=[("en", "B2")])
    client = client_for(admin_user)
    assert client.get(reverse("admin:experts_expert_changelist")).status_code == 200
    assert client.get(reverse("admin:experts_deployment_changelist")).status_code == 200
    assert client.get(reverse("admin:experts_deploymentevent_changelist")).status_code == 200
    response = client.post(reverse("admin:experts_expert_export"), {"format": "0", "resource": "0", **{
        f"expertresource_{c}": "on" for c in COLUMNS}})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS and rows[1][0] == "EXP-020"


def test_deployment_events_are_read_only_in_admin(client_for, admin_user):
    deployment = DeploymentFactory()
    client = client_for(admin_user)
    response = client.get(reverse("admin:experts_deployment_change", args=[deployment.pk]))
    assert response.status_code == 200
    assert 'name="status"' not in response.content.decode()
    assert client.get(reverse("admin:experts_deploymentevent_add")).status_code == 403


def _expert_change_data(form, expert, periods):
    data = {k: v for k, v in form.initial.items()
            if v is not None and k != "cv" and not isinstance(v, list | dict)}
    data.update({"nationality": "FR", "employer_type": expert.employer_type.pk, "status": expert.status,
                 "gender": expert.gender or "F", "email": expert.email or "",
                 "thematic_areas": [a.pk for a in expert.thematic_areas.all()],
                 "languages-TOTAL_FORMS": 0, "languages-INITIAL_FORMS": 0,
                 "unavailabilities-TOTAL_FORMS": len(periods), "unavailabilities-INITIAL_FORMS": 0})
    for i, (start, end) in enumerate(periods):
        data.update({f"unavailabilities-{i}-start_date": start, f"unavailabilities-{i}-end_date": end,
                     f"unavailabilities-{i}-reason": "Leave", f"unavailabilities-{i}-expert": expert.pk})
    return data


def test_admin_unavailability_inline_refuses_booked_dates(client_for, admin_user):
    from actions.models import Activity
    from experts.models import Unavailability
    from tests.factories import ActivityFactory

    deployment = DeploymentFactory(confirmed=True, activity=ActivityFactory(title="Study visit to Lisbon"))
    expert = deployment.expert
    client = client_for(admin_user)
    url = reverse("admin:experts_expert_change", args=[expert.pk])
    data = _expert_change_data(client.get(url).context["adminform"].form, expert, [("2026-03-11", "2026-03-20")])
    response = client.post(url, data)
    assert response.status_code == 200, response
    assert "Study visit to Lisbon" in response.content.decode()
    assert not Unavailability.objects.filter(expert=expert).exists()
    assert Activity.objects.count() == 1
    data = _expert_change_data(client.get(url).context["adminform"].form, expert, [("2026-04-01", "2026-04-05")])
    assert client.post(url, data).status_code == 302
    assert Unavailability.objects.filter(expert=expert, start_date="2026-04-01").exists()


def test_admin_unavailability_page_refuses_booked_dates(client_for, admin_user):
    from experts.models import Unavailability
    from tests.factories import ActivityFactory

    deployment = DeploymentFactory(accepted=True, activity=ActivityFactory(title="Study visit to Lisbon"))
    response = client_for(admin_user).post(reverse("admin:experts_unavailability_add"), {
        "expert": deployment.expert.pk, "start_date": "2026-03-01", "end_date": "2026-03-10", "reason": "Leave"})
    assert response.status_code == 200
    assert "Study visit to Lisbon" in str(response.context["adminform"].form.non_field_errors())
    assert not Unavailability.objects.exists()
