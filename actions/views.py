from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from actions.models import Action


@login_required
def action_detail(request, code):
    action = get_object_or_404(Action.objects.visible_to(request.user), code=code)
    return render(request, "actions/detail.html", {"action": action})


@login_required
def activity_detail(request, code, pk):
    action = get_object_or_404(Action.objects.visible_to(request.user), code=code)
    activity = get_object_or_404(action.activities, pk=pk)
    return render(request, "actions/activity_detail.html", {"action": action, "activity": activity})
