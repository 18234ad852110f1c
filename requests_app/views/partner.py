"""Partner-facing views: institutions, drafting, submitting, following a request."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from requests_app.models import Request


@login_required
def partner_dashboard(request):
    if not request.user.is_partner:
        raise Http404
    return render(request, "requests_app/partner_dashboard.html", {})


@login_required
def request_detail(request, pk):
    obj = get_object_or_404(Request.objects.visible_to(request.user), pk=pk)
    return render(request, "requests_app/detail.html", {"obj": obj})
