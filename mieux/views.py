"""Cross-cutting views: home, the role start page, health, notifications, language."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from mieux.forms import PreferencesForm
from mieux.models import Role


def admin_login(request):
    """The admin has no sign-in of its own: the portal's (allauth) one applies its rate limits and the
    second factor, then returns to the admin page asked for."""
    target = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


@login_required
def start(request):
    """Each role lands on its own start page."""
    user = request.user
    if user.is_mieux_staff:
        return redirect("staff_dashboard")
    if user.is_committee:
        return redirect("requests:committee_queue")
    if user.role == Role.EXPERT:
        return redirect("experts:dashboard")
    if user.is_staff:
        return redirect("admin:index")
    return redirect("requests:dashboard")


@never_cache
def healthz(request):
    """200 with the state of database, cache, broker, SMTP and the outbox; 503 only when the database is down."""
    from mieux.health import run_checks

    checks = run_checks()
    status = 200 if checks["database"] == "ok" else 503
    fine = ("ok", "in-process", "not used")
    overall = "ok" if all(v in fine for k, v in checks.items() if k != "outbox") else ("degraded" if status == 200 else "down")
    return JsonResponse({"status": overall, **checks, "time": timezone.now().isoformat()}, status=status)


@login_required
def notifications(request):
    items = request.user.notifications.all()[:100]
    return render(request, "notifications.html", {"items": items})


@login_required
def preferences(request):
    """Name, language of the portal and e-mails, and immediate e-mails or a daily digest."""
    form = PreferencesForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        with translation.override(user.language):
            messages.success(request, _("Your preferences have been saved."))
        response = redirect("preferences")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, form.cleaned_data["language"], samesite="Lax")
        return response
    return render(request, "preferences.html", {"form": form})


@login_required
@require_POST
def calendar_token_rotate(request):
    """A new secret for the user's calendar feeds; subscriptions to the old URLs stop at once."""
    request.user.rotate_calendar_token()
    messages.success(
        request, _("Your calendar links have been renewed. Subscribe again with the new link; the old one no longer works.")
    )
    return redirect("preferences")


@login_required
@require_POST
def notifications_mark_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notifications")


@require_POST
def set_language(request):
    """Django's language switch, also remembered on the account so e-mails follow it."""
    response = django_set_language(request)
    lang = request.POST.get("language")
    if request.user.is_authenticated and lang in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=lang)
    return response


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the portal's icon."""
    return redirect(static("favicon.svg"), permanent=True)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_500(request):
    return render(request, "500.html", status=500)
