import datetime

import pytest

from actions.tasks import send_delivery_reminders
from mieux.models import Notification
from tests.factories import ActionFactory, ActivityFactory

pytestmark = pytest.mark.django_db


def test_lead_reminded_once_of_an_activity_never_recorded_as_delivered(staff_user):
    action = ActionFactory(lead=staff_user)
    long_ago = datetime.date.today() - datetime.timedelta(days=20)
    overdue = ActivityFactory(action=action, confirmed=True, start_date=long_ago, end_date=long_ago)
    ActivityFactory(action=action, delivered=True, start_date=long_ago, end_date=long_ago)
    ActivityFactory(action=action, confirmed=True, start_date=datetime.date.today(), end_date=datetime.date.today())

    assert send_delivery_reminders() == 1
    assert send_delivery_reminders() == 0

    notification = Notification.objects.get(recipient=staff_user, kind="activity_delivery_overdue")
    assert overdue.title in notification.subject
    assert notification.url == overdue.get_absolute_url()
