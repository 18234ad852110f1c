"""No cell the portal writes to a spreadsheet can start a formula (CSV injection)."""

import csv
import io

import pytest
from django.urls import reverse

from experts.admin import ExpertAdmin
from experts.models import Expert
from mieux.spreadsheets import safe_cell
from tests.factories import ActionFactory, ExpertFactory

ATTACKS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "=1+cmd|' /C calc'!A0"]


@pytest.mark.parametrize("value", ATTACKS)
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Kenya", "-3", "+4.5", "12", "", 7, None])
def test_plain_values_stay_as_they_are(value):
    assert safe_cell(value) == ("" if value is None else value)


def rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.mark.django_db
def test_open_data_csv_neutralises_a_formula_title(client):
    ActionFactory(published=True, title='=HYPERLINK("http://evil.example","Click")')
    table = rows(client.get(reverse("api_actions_csv")))
    titles = [row[1] for row in table[1:]]
    assert titles == ['\'=HYPERLINK("http://evil.example","Click")']


@pytest.mark.django_db
def test_dashboard_csv_neutralises_cells(client_for, staff_user):
    ActionFactory(published=True, title="=1+1")
    client = client_for(staff_user)
    page = client.get(reverse("staff_dashboard"))
    for table in page.context["tables"]:
        response = client.get(reverse("staff_dashboard"), {"export": table.id})
        for row in rows(response):
            for cell in row:
                assert not cell.startswith(("=", "@", "\t", "\r")), (table.id, cell)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", range(2), ids=["csv", "xlsx"])
def test_admin_roster_export_neutralises_a_formula_name(rf, admin_user, settings, fmt):
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True
    ExpertFactory(first_name="==1+cmd|' /C calc'!A0", last_name="@SUM(A1)")
    from django.contrib import admin

    model_admin = ExpertAdmin(Expert, admin.site)
    request = rf.get("/admin/experts/expert/export/")
    request.user = admin_user
    resource = model_admin.get_export_resource_classes(request)[0]()
    export_format = model_admin.get_export_formats()[fmt]()
    exported = export_format.export_data(resource.export(queryset=Expert.objects.all()))
    if fmt == 0:
        cells = [cell for row in csv.reader(io.StringIO(exported)) for cell in row]
    else:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        cells = [str(c.value or "") for row in sheet.iter_rows() for c in row]
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert "'==1+cmd|' /C calc'!A0" in cells and "'@SUM(A1)" in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
