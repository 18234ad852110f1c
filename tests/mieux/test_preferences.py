import pytest

from mieux.models import User


@pytest.mark.django_db
def test_user_chooses_the_daily_digest_and_french(client_for, partner_user):
    client = client_for(partner_user)
    response = client.post("/preferences/", {"full_name": "Amina W.", "language": "fr", "email_digest": "daily"}, follow=True)
    assert response.status_code == 200
    partner_user.refresh_from_db()
    assert (partner_user.full_name, partner_user.language, partner_user.email_digest) == ("Amina W.", "fr", "daily")
    assert "Vos préférences ont été enregistrées." in response.content.decode()


@pytest.mark.django_db
def test_daily_digest_users_get_no_immediate_email_but_one_digest(mailoutbox, partner_user):
    from mieux.notifications import notify
    from mieux.tasks import deliver_due, send_daily_digests

    partner_user.email_digest = User.Digest.DAILY
    partner_user.save()
    for _ in range(2):
        notify(recipient=partner_user, kind="test", template="digest", context={"items": []})
    assert partner_user.notifications.count() == 2
    assert mailoutbox == []
    assert send_daily_digests() == 1
    assert send_daily_digests() == 0  # a second run (two beats, a retry) queues nothing
    assert deliver_due() == 1
    assert deliver_due() == 0
    assert len(mailoutbox) == 1
    assert "2" in mailoutbox[0].subject
    digest = partner_user.notifications.get(kind="digest")
    assert mailoutbox[0].extra_headers["Message-ID"] == digest.message_id("127.0.0.1")


@pytest.mark.django_db
def test_preferences_need_an_account(client):
    response = client.get("/preferences/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
