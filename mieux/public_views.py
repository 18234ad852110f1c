from django.shortcuts import get_object_or_404, render

from actions.models import Action


def action_list(request):
    actions = Action.objects.published().select_related("region", "phase").prefetch_related("thematic_areas")
    return render(request, "public/action_list.html", {"actions": actions})


def action_page(request, code):
    action = get_object_or_404(Action.objects.published(), code=code)
    return render(request, "public/action_page.html", {"action": action})
