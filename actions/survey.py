"""Participant surveys: one per delivered activity, reached without an account through the activity's
unguessable `survey_token` link or its QR code.

A survey is open from delivery until `settings.SURVEY_OPEN_DAYS` days after the delivery time (or the
activity's end date when the delivery time is unknown). Limits are per survey (django-ratelimit): one
client address (see TRUSTED_PROXY_COUNT) may post `settings.SURVEY_RATE_LIMIT` answers, generous for a
workshop behind one router, and one browser (a cookie) `settings.SURVEY_BROWSER_RATE_LIMIT`, so one
browser cannot flood a survey.
"""

import datetime
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from actions.models import Activity, ActivityStatus, SurveyResponse
from mieux.bounds import BoundedFormMixin

RATELIMIT_GROUP = "actions.survey"


class SurveyClosed(Exception):
    """The survey does not take answers (not delivered yet, or past its closing day)."""


def survey_closes_on(activity) -> datetime.date | None:
    """The last day a participant can answer, or None when the activity is not delivered."""
    if activity.status != ActivityStatus.DELIVERED:
        return None
    delivered = timezone.localdate(activity.delivered_at) if activity.delivered_at else activity.end_date
    return delivered + datetime.timedelta(days=settings.SURVEY_OPEN_DAYS)


def survey_is_open(activity, today=None) -> bool:
    closes = survey_closes_on(activity)
    return closes is not None and (today or timezone.localdate()) <= closes


def survey_answer(*, activity, satisfaction=None, relevance=None, made_difference=None, would_recommend=None,
                  comment="", language="") -> SurveyResponse:
    """Record one anonymous participant answer; raises SurveyClosed outside the survey's open period."""
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        if not survey_is_open(activity):
            raise SurveyClosed(_("This survey is closed."))
        return SurveyResponse.objects.create(
            activity=activity, satisfaction=satisfaction, relevance=relevance, made_difference=made_difference,
            would_recommend=would_recommend, comment=comment.strip()[:5000], language=language[:5],
        )


SCALE = [(str(n), str(n)) for n in range(1, 6)]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class SurveyForm(BoundedFormMixin, forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("Overall, how satisfied are you with this activity? (1 = not at all, 5 = very)"),
        choices=SCALE, coerce=int, widget=forms.RadioSelect, required=False, empty_value=None,
    )
    relevance = forms.TypedChoiceField(
        label=_("How relevant was it to your work? (1 = not at all, 5 = very)"),
        choices=SCALE, coerce=int, widget=forms.RadioSelect, required=False, empty_value=None,
    )
    made_difference = forms.ChoiceField(
        label=_("Has this activity made a real difference to the way you do your job?"),
        choices=YES_NO, widget=forms.RadioSelect, required=False,
    )
    would_recommend = forms.ChoiceField(
        label=_("Would you recommend this activity to a colleague?"),
        choices=YES_NO, widget=forms.RadioSelect, required=False,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Please do not write names or other personal data."),
    )

    def clean(self):
        data = super().clean()
        if not any(data.get(name) not in (None, "") for name in self.fields):
            raise forms.ValidationError(_("Please answer at least one question."))
        return data


def _activity_for_token(token):
    return Activity.objects.select_related("action", "type").filter(survey_token=token).first()


def _unknown_link(request):
    return render(request, "actions/survey/unknown.html", status=404)


BROWSER_COOKIE = "mieux_survey"


def _rate_limit():
    return settings.SURVEY_RATE_LIMIT


def _is_flooding(request, activity):
    """True when this address or this browser has posted too many answers to this survey."""
    group = f"{RATELIMIT_GROUP}:{activity.pk}"
    if is_ratelimited(request, group=group, key="ip", rate=_rate_limit(), method="POST", increment=True):
        return True
    browser = request.COOKIES.get(BROWSER_COOKIE, "")[:64]
    return bool(browser) and is_ratelimited(
        request, group=f"{group}:browser", key=lambda _group, _request: browser,
        rate=settings.SURVEY_BROWSER_RATE_LIMIT, method="POST", increment=True,
    )


def _with_browser_cookie(request, response):
    if BROWSER_COOKIE not in request.COOKIES:
        from django.utils.crypto import get_random_string

        response.set_cookie(BROWSER_COOKIE, get_random_string(32), max_age=86400, samesite="Lax", httponly=True,
                            secure=request.is_secure())
    return response


@never_cache
def survey_form(request, token):
    activity = _activity_for_token(token)
    if activity is None:
        return _unknown_link(request)
    context = {"activity": activity, "closes_on": survey_closes_on(activity), "open": survey_is_open(activity)}
    if not context["open"]:
        return render(request, "actions/survey/closed.html", context, status=410 if context["closes_on"] else 200)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _is_flooding(request, activity):
            return render(request, "actions/survey/limited.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                survey_answer(
                    activity=activity, satisfaction=data["satisfaction"], relevance=data["relevance"],
                    made_difference=_yes_no(data["made_difference"]),
                    would_recommend=_yes_no(data["would_recommend"]), comment=data["comment"],
                    language=translation.get_language() or "",
                )
            except SurveyClosed as error:
                form.add_error(None, str(error))
            else:
                return redirect("survey_thanks", token=token)
    return _with_browser_cookie(request, render(request, "actions/survey/form.html", {**context, "form": form}))


def survey_thanks(request, token):
    activity = _activity_for_token(token)
    if activity is None:
        return _unknown_link(request)
    return render(request, "actions/survey/thanks.html", {"activity": activity})


def _staff_activity(request, pk):
    if not request.user.is_mieux_staff:
        raise Http404
    return get_object_or_404(Activity.objects.select_related("action", "type"), pk=pk)


def survey_url(request, activity):
    return request.build_absolute_uri(reverse("survey", args=[activity.survey_token]))


def qr_svg(text) -> bytes:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=20, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


@login_required
def survey_sheet(request, pk):
    """A printable page with the survey's QR code and link, for staff to hand out or project."""
    activity = _staff_activity(request, pk)
    stats = activity.survey_responses.count()
    return render(request, "actions/survey/sheet.html", {
        "activity": activity, "url": survey_url(request, activity), "closes_on": survey_closes_on(activity),
        "open": survey_is_open(activity), "answers": stats,
    })


@login_required
def survey_qr_svg(request, pk):
    activity = _staff_activity(request, pk)
    return HttpResponse(qr_svg(survey_url(request, activity)), content_type="image/svg+xml")
