"""The outbox with a real broker: a decision survives a Redis outage and its e-mail goes out once after."""

import pytest
from django.core import mail

from mieux.celery import app as celery_app
from mieux.models import Notification
from mieux.notifications import enqueue_send
from mieux.tasks import resend_unsent_notifications, send_notification
from requests_app.models import RequestStatus
from requests_app.services import review as services
from tests.conftest import require_service
from tests.requests_app.review_factories import forwarded_request, give

REDIS_URL = "redis://127.0.0.1:6379/2"
UNREACHABLE = "redis://127.0.0.1:1/0"


def redis_available():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001
        return False


def use_broker(url):
    """Point the Celery app at `url` and drop its pooled connections."""
    celery_app.conf.broker_url = url
    celery_app.conf.broker_connection_retry = False
    celery_app.conf.broker_connection_max_retries = 0
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        del celery_app.amqp.producer_pool
    except AttributeError:
        pass


@pytest.fixture
def real_broker():
    """Tasks go through the broker (not in-process); the configuration is restored afterwards."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "broker_connection_retry",
                                                     "broker_connection_max_retries")}
    celery_app.conf.task_always_eager = False
    yield use_broker
    for key, value in saved.items():
        celery_app.conf[key] = value
    use_broker(saved["broker_url"])
    celery_app.conf.task_always_eager = saved["task_always_eager"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_decision_survives_broker_outage_and_email_goes_out_once_when_it_is_back(
    transactional_db, real_broker, institution, partner_user, staff_user, committee_members, caplog
):
    require_service(redis_available(), "Redis at 127.0.0.1:6379")
    obj = forwarded_request(institution, staff_user)
    give(committee_members["INTPA"], obj, "object", "Out of scope.")
    Notification.objects.all().delete()
    mail.outbox.clear()

    # Redis is down: the decision commits, its notification waits in the outbox.
    real_broker(UNREACHABLE)
    decided = services.request_decide(
        actor=staff_user, request_id=obj.pk, outcome="reject", explanation="Outside the facility's mandate."
    )
    assert decided.status == RequestStatus.REJECTED
    note = Notification.objects.get(recipient=partner_user, kind="request_rejected")
    assert note.sent_at is None and note.email_due
    assert mail.outbox == []
    assert any("Broker unreachable" in r.getMessage() for r in caplog.records)  # the enqueue was tried

    # Redis is back: the enqueue reaches the broker, and the periodic resend sends it exactly once.
    real_broker(REDIS_URL)
    import redis

    queue = redis.Redis.from_url(REDIS_URL)
    queue.delete("celery")
    enqueue_send(note.pk)  # what the commit hook does: the broker accepts the message now
    assert queue.llen("celery") == 1
    resend_unsent_notifications()
    note.refresh_from_db()
    assert note.sent_at is not None
    assert len(mail.outbox) == 1
    assert resend_unsent_notifications() == 0
    # The queued message, when a worker runs it, finds the notification already sent.
    # (`.result`, not `.get()`: an earlier test may have run a worker in this process, and Celery then
    # refuses any `.get()`.)
    assert send_notification.apply(args=[note.pk]).result is False
    queue.delete("celery")

    note.refresh_from_db()
    assert note.sent_at is not None
    assert [m.to for m in mail.outbox] == [[partner_user.email]]
    assert "Outside the facility's mandate." in mail.outbox[0].body
