"""The public library of deliverables: only documents staff made public, of published Actions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actions import documents, library, services
from actions.errors import ActionError
from tests.factories import ActionFactory, area, region

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(staff_user, action, title, visible_to_partner=True):
    return documents.document_upload(actor=staff_user, action=action, title=title,
                                    file=SimpleUploadedFile(f"{title}.pdf", PDF), visible_to_partner=visible_to_partner)


def publish(staff_user, document, **overrides):
    values = {"is_public": True, "title": document.title, "language": "en", "document_type": "handbook", **overrides}
    return library.document_set_publication(actor=staff_user, document=document, **values)


@pytest.fixture
def shelf(staff_user, institution):
    kenya = ActionFactory(published=True, code="MIEUX-2026-001-KE", countries=["KE"], region=region("AFR"),
                          institution=institution, thematic_areas=[area("LMM")])
    jordan = ActionFactory(published=True, code="MIEUX-2026-002-JO", countries=["JO"], region=region("SOU"),
                           thematic_areas=[area("IPA")])
    hidden_action = ActionFactory(code="MIEUX-2026-003-GH", countries=["GH"])
    docs = {
        "handbook": publish(staff_user, upload(staff_user, kenya, "Recruitment handbook")),
        "curriculum": publish(staff_user, upload(staff_user, jordan, "Asylum curriculum"), language="ar", document_type="curriculum"),
        "private": upload(staff_user, kenya, "Meeting minutes"),
        "staff_only": upload(staff_user, kenya, "Budget notes", visible_to_partner=False),
        "unpublished_action": publish(staff_user, upload(staff_user, hidden_action, "Draft policy")),
    }
    return {"kenya": kenya, "jordan": jordan, "docs": docs}


def titles(response):
    page = response.content.decode()
    return {t for t in ("Recruitment handbook", "Asylum curriculum", "Meeting minutes", "Budget notes", "Draft policy") if t in page}


def test_library_lists_only_public_documents_of_published_actions(shelf, client):
    assert titles(client.get("/library/")) == {"Recruitment handbook", "Asylum curriculum"}


@pytest.mark.parametrize("query, expected", [
    ("type=curriculum", {"Asylum curriculum"}),
    ("language=ar", {"Asylum curriculum"}),
    ("country=KE", {"Recruitment handbook"}),
    ("region=SOU", {"Asylum curriculum"}),
    ("thematic_area=LMM", {"Recruitment handbook"}),
    ("q=recruitment", {"Recruitment handbook"}),
    ("q=MIEUX-2026-002", {"Asylum curriculum"}),
    ("q=minutes", set()),
])
def test_library_filters_and_search(shelf, client, query, expected):
    assert titles(client.get(f"/library/?{query}")) == expected


def test_public_documents_download_and_private_ones_answer_404(shelf, client, client_for, partner_user):
    docs = shelf["docs"]
    response = client.get(f"/library/{docs['handbook'].pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    for name in ("private", "staff_only", "unpublished_action"):
        assert client.get(f"/library/{docs[name].pk}/").status_code == 404
    # Signed-in partners get no more from the public library than anyone else.
    assert client_for(partner_user).get(f"/library/{docs['private'].pk}/").status_code == 404


def test_unpublishing_a_document_or_its_action_takes_it_out(shelf, client, staff_user):
    handbook = shelf["docs"]["handbook"]
    publish(staff_user, handbook, is_public=False)
    assert client.get(f"/library/{handbook.pk}/").status_code == 404
    curriculum = shelf["docs"]["curriculum"]
    services.action_unpublish(actor=staff_user, action=shelf["jordan"])
    assert client.get(f"/library/{curriculum.pk}/").status_code == 404


def test_staff_only_documents_cannot_be_made_public(shelf, staff_user, partner_user):
    with pytest.raises(ActionError):
        publish(staff_user, shelf["docs"]["staff_only"])
    with pytest.raises(ActionError):
        publish(partner_user, shelf["docs"]["private"])


def test_public_action_page_links_its_own_deliverables_only(shelf, client):
    page = client.get("/actions/MIEUX-2026-001-KE/").content.decode()
    assert "Recruitment handbook" in page and f"/library/{shelf['docs']['handbook'].pk}/" in page
    assert "Asylum curriculum" not in page and "Meeting minutes" not in page and "Budget notes" not in page


def test_only_staff_open_the_library_settings_of_a_document(shelf, client_for, partner_user, other_partner, staff_user):
    doc = shelf["docs"]["private"]
    url = f"/workspace/actions/{shelf['kenya'].code}/documents/{doc.pk}/library/"
    for user in (partner_user, other_partner):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {"is_public": "on", "title": "x", "language": "en", "document_type": "report"}).status_code == 404
    doc.refresh_from_db()
    assert not doc.is_public
    response = client_for(staff_user).post(url, {"is_public": "on", "title": "Minutes of the launch", "language": "fr", "document_type": "report"})
    assert response.status_code == 302
    doc.refresh_from_db()
    assert (doc.is_public, doc.title, doc.language, doc.document_type) == (True, "Minutes of the launch", "fr", "report")


def test_library_list_query_count_does_not_grow_with_documents(shelf, client, staff_user, django_assert_max_num_queries):
    for n in range(5):
        publish(staff_user, upload(staff_user, shelf["kenya"], f"Guide {n}"))
    with django_assert_max_num_queries(12):
        response = client.get("/library/")
    assert response.status_code == 200 and "Guide 4" in response.content.decode()
