"""The Action's title and summary in other languages: staff set them, visitors read them, IATI carries them."""

import pytest
from django.conf import settings

from actions.errors import ActionError
from actions.results_models import ActionTranslation
from actions.translations import action_set_translations
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_action(institution):
    return ActionFactory(published=True, institution=institution, title="Fair recruitment in Kenya")


def test_staff_set_change_and_remove_translations(staff_user, public_action, client_for):
    client = client_for(staff_user)
    url = f"/workspace/actions/{public_action.code}/translations/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"title_fr": "Recrutement équitable au Kenya", "summary_fr": "Appui à la politique.",
                                 "title_es": "Contratación equitativa en Kenia"})
    assert response.status_code == 302
    assert dict(ActionTranslation.objects.values_list("language", "title")) == {
        "fr": "Recrutement équitable au Kenya", "es": "Contratación equitativa en Kenia"}
    client.post(url, {"title_fr": "Recrutement équitable au Kenya", "summary_fr": "Appui à la politique."})
    assert list(ActionTranslation.objects.values_list("language", flat=True)) == ["fr"]
    assert public_action.events.filter(transition="translations_updated").count() == 2


def test_a_summary_without_title_is_refused(staff_user, public_action, partner_user):
    with pytest.raises(ActionError):
        action_set_translations(actor=staff_user, action=public_action, translations={"fr": ("", "Résumé")})
    with pytest.raises(ActionError):
        action_set_translations(actor=partner_user, action=public_action, translations={"fr": ("Titre", "")})
    assert not ActionTranslation.objects.exists()


def test_visitors_read_the_translation_of_their_language(staff_user, public_action, client):
    action_set_translations(actor=staff_user, action=public_action, translations={"fr": ("Recrutement équitable", "Résumé FR")})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(f"/actions/{public_action.code}/").content.decode()
    assert "Recrutement équitable" in page and "Résumé FR" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = client.get(f"/actions/{public_action.code}/").content.decode()
    assert "Fair recruitment in Kenya" in page and "Recrutement" not in page


def test_only_staff_reach_the_translations_page(partner_user, other_partner, public_action, client_for):
    for user in (partner_user, other_partner):
        client = client_for(user)
        url = f"/workspace/actions/{public_action.code}/translations/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"title_fr": "X"}).status_code == 404
    assert not ActionTranslation.objects.exists()
