"""Cross-cutting request handling: the client's address, MFA for privileged roles, the user's language."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils import translation

# Paths a privileged user without MFA may still reach: the MFA set-up itself, logging out, assets.
MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz/", "/favicon.ico")


def user_has_mfa(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def client_address(meta, trusted_proxies):
    """The client's address: REMOTE_ADDR, or behind `trusted_proxies` proxies the entry they vouch for.

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so the
    client is the `trusted_proxies`-th entry from the right; anything left of it was sent by the client
    and can be forged.
    """
    remote = meta.get("REMOTE_ADDR", "")
    if trusted_proxies <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote
    return forwarded[-min(trusted_proxies, len(forwarded))]


class ClientAddressMiddleware:
    """Puts the client's address (see TRUSTED_PROXY_COUNT) in REMOTE_ADDR for every later decision."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META["REMOTE_ADDR"] = client_address(request.META, settings.TRUSTED_PROXY_COUNT)
        return self.get_response(request)


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
