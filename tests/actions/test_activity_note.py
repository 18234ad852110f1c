"""The activity page has one note box for its status buttons: each button posts the same form (and so
the same note) to its own step."""

import re

import pytest
from django.urls import reverse

from actions.models import ActivityStatus
from tests.factories import ActionFactory, ActivityFactory

pytestmark = pytest.mark.django_db


def test_one_note_box_for_every_status_button(client_for, staff_user):
    action = ActionFactory(lead=staff_user)
    activity = ActivityFactory(action=action)
    client = client_for(staff_user)
    html = client.get(activity.get_absolute_url()).content.decode()
    assert html.count('name="note"') == 1
    assert html.count("Note (optional)") == 1
    actions = re.findall(r'formaction="([^"]+)"', html)
    assert reverse("actions:activity_transition", args=[action.code, activity.pk, "confirm"]) in actions
    assert reverse("actions:activity_transition", args=[action.code, activity.pk, "postpone"]) in actions
    client.post(reverse("actions:activity_transition", args=[action.code, activity.pk, "postpone"]),
                {"note": "Elections in the country"})
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.POSTPONED
