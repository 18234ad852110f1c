"""Cross-cutting request handling: the client's address, MFA for privileged roles, the user's language."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

# Paths a privileged user who has not set up MFA yet may reach: the set-up itself, the rest of their
# account pages, logging out, assets.
MFA_SETUP_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz/", "/favicon.ico")
# Paths a privileged user with a device, whose session has not passed it, may reach: proving the second
# factor, logging out, assets. Nothing else of the account (not even removing the device).
MFA_PROOF_EXEMPT_PREFIXES = (
    "/accounts/2fa/reauthenticate/",
    "/accounts/2fa/authenticate/",
    "/accounts/logout/",
    "/accounts/login/",
    "/static/",
    "/i18n/",
    "/healthz/",
    "/favicon.ico",
)


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


def session_passed_mfa(request, user) -> bool:
    """Whether THIS session proved a second factor (allauth's authentication records), not merely
    whether the user owns a device: a password-only session of an enrolled user does not count."""
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, user))


class RequireMFAMiddleware:
    """Staff, committee members and admins reach their pages (the admin included) only in a session
    that passed a second factor: without a device they are sent to TOTP set-up, with one to prove it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED_FOR_PRIVILEGED
            and user is not None
            and user.is_authenticated
            and user.is_privileged
            and not session_passed_mfa(request, user)
        ):
            if not user_has_mfa(user):
                if not request.path.startswith(MFA_SETUP_EXEMPT_PREFIXES):
                    return redirect("mfa_activate_totp")
            elif not request.path.startswith(MFA_PROOF_EXEMPT_PREFIXES):
                return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")
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
