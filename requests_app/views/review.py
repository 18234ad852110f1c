"""Staff screening and Steering Committee views."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render


@login_required
def committee_queue(request):
    if not request.user.is_committee:
        raise Http404
    return render(request, "requests_app/committee_queue.html", {})
