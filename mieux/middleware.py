"""Cross-cutting request handling: MFA enforcement for privileged roles and the user's language."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils import translation

# Paths a privileged user without MFA may still reach: the MFA set-up itself, logging out, assets.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz/", "/favicon.ico")


def user_has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMFAMiddleware:
    """Sends staff, committee members and admins to TOTP set-up before any page of their role."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED_FOR_PRIVILEGED
            and user is not None
            and user.is_authenticated
            and user.is_privileged
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not user_has_mfa(user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's saved language wins unless they picked another one in this browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.language
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
