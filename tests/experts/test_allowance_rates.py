"""The allowance rate table: imported from CSV in the admin, bad rows refused."""

from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile

from experts.logistics_admin import AllowanceRateResource
from experts.logistics_models import AllowanceRate

pytestmark = pytest.mark.django_db

CSV = "country,city,daily_rate,effective_from,note\nKE,,200.00,2025-01-01,\nKE,Nairobi,240.00,2026-03-11,capital\nMA,,180.50,2025-01-01,\n"


def test_rates_import_from_csv_and_a_second_import_changes_nothing():
    result = AllowanceRateResource().import_data(tablib.Dataset().load(CSV, format="csv"), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert AllowanceRate.objects.count() == 3
    assert AllowanceRate.objects.get(city="Nairobi").daily_rate == Decimal("240.00")
    again = AllowanceRateResource().import_data(tablib.Dataset().load(CSV, format="csv"), dry_run=False)
    assert again.totals["new"] == 0 and AllowanceRate.objects.count() == 3


def test_negative_rate_and_unknown_country_are_refused():
    bad = "country,city,daily_rate,effective_from,note\nKE,,-5,2025-01-01,\nXX,,100,2025-01-01,\n"
    result = AllowanceRateResource().import_data(tablib.Dataset().load(bad, format="csv"), dry_run=False)
    assert result.has_validation_errors()
    assert not AllowanceRate.objects.exists()


def test_admin_import_page_previews_the_csv(admin_user, client_for):
    client = client_for(admin_user)
    assert client.get("/admin/experts/allowancerate/import/").status_code == 200
    upload = SimpleUploadedFile("rates.csv", CSV.encode(), content_type="text/csv")
    response = client.post("/admin/experts/allowancerate/import/", {"import_file": upload, "format": "0", "resource": "0"})
    assert response.status_code == 200
    assert "Nairobi" in response.content.decode() and "Confirm import" in response.content.decode()
