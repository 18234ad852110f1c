"""Every e-mail of the review exists in English, French and Spanish."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories import body
from tests.requests_app.review_factories import submitted_request

TEMPLATES = [
    "review_info_requested", "review_forwarded_partner", "review_requested", "decision_approved",
    "decision_rejected", "decision_ineligible", "reminder_review", "reminder_review_overdue", "reminder_info_request",
    "review_complete", "review_committee_question",
]


@pytest.mark.django_db
@pytest.mark.parametrize("template", TEMPLATES)
def test_review_emails_are_translated(template, institution, partner_user, committee_user):
    from requests_app.services.review import Recommendation

    obj = submitted_request(institution, title='Data on "outgoing" workers')
    obj.review_deadline = date(2026, 12, 7)
    context = {"obj": obj, "recipient": partner_user, "url": "/requests/1/", "site_url": "https://mieux.example",
               "message": "Q", "reason": "R", "explanation": "E", "deadline": obj.review_deadline,
               "body": body("HOME"), "missing": ["HOME"], "member": committee_user, "question": "Budget?",
               "recommendation": Recommendation("approve", "3 bodies", {}, 3)}
    rendered = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            rendered[language] = (render_to_string(f"emails/{template}_subject.txt", context),
                                  render_to_string(f"emails/{template}.txt", context))
    assert rendered["fr"][0] != rendered["en"][0] and rendered["es"][0] != rendered["en"][0]
    assert rendered["fr"][1] != rendered["en"][1] and rendered["es"][1] != rendered["en"][1]
    assert obj.reference in rendered["en"][0]
    assert "&quot;" not in rendered["en"][1]  # plain text, not HTML-escaped
