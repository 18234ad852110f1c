from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from experts.models import Expert


@login_required
def expert_dashboard(request):
    if not request.user.is_expert:
        raise Http404
    profile = Expert.objects.filter(user=request.user).first()
    return render(request, "experts/dashboard.html", {"profile": profile})


@login_required
def expert_detail(request, pk):
    if not request.user.is_mieux_staff:
        raise Http404
    expert = get_object_or_404(Expert, pk=pk)
    return render(request, "experts/detail.html", {"expert": expert})
