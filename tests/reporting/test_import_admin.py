"""The portfolio import in the Django admin: a zip of the CSV files, the same report, all or nothing."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from mieux.models import Notification
from requests_app.models import Request
from tests.factories import UserFactory
from tests.reporting.import_helpers import FIXTURES, snapshot

pytestmark = pytest.mark.django_db
URL = "/admin/import-portfolio/"


def zipped(folder=FIXTURES / "small", prefix="portfolio/", replace=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            if replace and path.name == replace[0]:
                data = data.replace(replace[1].encode(), replace[2].encode())
            archive.writestr(prefix + path.name, data)
        archive.writestr(prefix + "notes.csv", "anything\n")
    return SimpleUploadedFile("portfolio.zip", buffer.getvalue(), content_type="application/zip")


def test_superuser_imports_a_zip_and_sees_the_counts(client_for, admin_user):
    client = client_for(admin_user)
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"archive": zipped()})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import complete" in page and "portfolio/notes.csv" in page  # an unknown file is a warning
    assert Request.objects.filter(imported=True).count() == 5
    assert Notification.objects.count() == 0 and mail.outbox == []
    assert Request.history.filter(history_user=admin_user, history_change_reason="imported").count() == 5
    again = client.post(URL, {"archive": zipped()}).context["report"]
    assert {name: (c.created, c.updated) for name, c in again.counts.items()} == {
        name: (0, 0) for name in again.counts
    }
    assert again.counts["deployments.csv"].unchanged == 7


def test_a_zip_with_errors_imports_nothing_and_lists_them(client_for, admin_user):
    client = client_for(admin_user)
    before = snapshot()
    response = client.post(URL, {"archive": zipped(replace=("actions.csv", "2013-12-31", "2012-12-31"))})
    assert response.status_code == 400
    assert "actions.csv:4: end_date: before start_date (2013-01-01)" in response.content.decode()
    assert snapshot() == before


def test_dry_run_from_the_admin_writes_nothing(client_for, admin_user):
    before = snapshot()
    response = client_for(admin_user).post(URL, {"archive": zipped(), "dry_run": "on"})
    assert response.status_code == 200 and "nothing was written" in response.content.decode()
    assert snapshot() == before


def test_an_upload_that_is_not_a_zip_is_refused(client_for, admin_user):
    upload = SimpleUploadedFile("portfolio.zip", b"reference,title\n", content_type="application/zip")
    response = client_for(admin_user).post(URL, {"archive": upload})
    assert response.status_code == 200
    assert "not a zip archive" in response.content.decode()
    assert Request.objects.count() == 0


def test_admin_index_links_to_the_import_for_superusers(client_for, admin_user):
    page = client_for(admin_user).get("/admin/").content.decode()
    assert URL in page


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(URL, {"archive": zipped()})
    assert response.status_code == 302 and Request.objects.count() == 0


def test_non_staff_users_are_sent_to_the_admin_login(client_for, partner_user, staff_user):
    for user in (partner_user, staff_user):  # MIEUX+ staff without admin-site access
        response = client_for(user).post(URL, {"archive": zipped()})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Request.objects.count() == 0


def test_admin_site_staff_without_the_permissions_get_404(client_for):
    user = UserFactory(is_staff=True, email="clerk@example.org")
    client = client_for(user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"archive": zipped()}).status_code == 404
    assert Request.objects.count() == 0
    assert URL not in client.get("/admin/").content.decode()


def test_admin_site_staff_with_the_permissions_may_import(client_for):
    user = UserFactory(is_staff=True, email="archivist@example.org")
    user.user_permissions.set(Permission.objects.filter(
        codename__in=["add_request", "change_request", "add_institution", "change_institution", "add_action",
                      "change_action", "add_activity", "change_activity", "add_expert", "change_expert",
                      "add_deployment", "change_deployment"]))
    response = client_for(user).post(URL, {"archive": zipped()})
    assert response.status_code == 200
    assert Request.objects.count() == 5


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_import_page_in_a_browser(live_server, browser_page, tmp_path):
    from tests.factories.core import PASSWORD

    UserFactory(admin=True, email="root@example.org")
    page = browser_page
    page.goto(f"{live_server.url}/admin/login/?next={URL}")
    # The admin signs in through the portal's sign-in (allauth), which returns to the page asked for.
    page.fill("input[name=login]", "root@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(f"**{URL}")
    archive = tmp_path / "portfolio.zip"
    archive.write_bytes(zipped(replace=("activities.csv", "delivered,30,12,20,18", "delivered,30,31,20,18")).read())
    page.set_input_files("#id_archive", str(archive))
    page.click("input[type=submit]")
    page.wait_for_selector("#import-error-list")
    assert "activities.csv:2: participants_women: more than participants (30)" in page.inner_text("#import-error-list")
    page.screenshot(path="/tmp/import-admin-errors.png", full_page=True)
    archive.write_bytes(zipped().read())
    page.set_input_files("#id_archive", str(archive))
    page.click("input[type=submit]")
    page.wait_for_selector("#import-result")
    page.screenshot(path="/tmp/import-admin.png", full_page=True)
    assert Request.objects.count() == 5


def test_admin_index_links_to_the_import_only_for_those_who_may_import(client_for):
    user = UserFactory(is_staff=True, email="partial@example.org")
    user.user_permissions.set(Permission.objects.filter(codename__in=["add_request", "add_action", "add_expert"]))
    client = client_for(user)
    assert URL not in client.get("/admin/").content.decode()
    assert client.get(URL).status_code == 404
