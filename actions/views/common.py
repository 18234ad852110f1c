"""What the workspace pages share: who may open them, and finding an Action or activity the user may see."""

from functools import wraps

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from actions.models import (
    Action,
    Activity,
)
from actions.permissions import is_staff


def _not_found_or_sign_in(request):
    """Anonymous visitors get a 404 like everyone who may not see the page, with a way to sign in."""
    login_url = f"{reverse('account_login')}?next={request.get_full_path()}"
    return render(request, "actions/not_found.html", {"login_url": login_url}, status=404)


def workspace_view(view):
    """Signed-in users only; anyone else gets the same 404 as an object they may not see."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _not_found_or_sign_in(request)
        return view(request, *args, **kwargs)

    return wrapper


def staff_view(view):
    """MIEUX+ staff only; everyone else gets a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _not_found_or_sign_in(request)
        if not is_staff(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def visible_action(request, code):
    return get_object_or_404(
        Action.objects.visible_to(request.user).select_related("region", "phase", "lead", "institution", "request"),
        code=code,
    )


def staff_action(code):
    return get_object_or_404(Action.objects.select_related("region", "phase", "lead", "institution"), code=code)


def staff_activity(code, pk):
    return get_object_or_404(Activity.objects.select_related("action", "type"), action__code=code, pk=pk)
