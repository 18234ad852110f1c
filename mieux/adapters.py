from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Account e-mails (verification, password reset, security notices) go through the outbox too."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        from mieux.notifications import queue_account_email

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
        if getattr(message, "content_subtype", "plain") == "html":
            html, text = message.body, ""
        else:
            text = message.body
        queue_account_email(to_email=email, subject=message.subject, body=text, html_body=html,
                            kind=f"account:{template_prefix.rsplit('/', 1)[-1]}"[:60])

    def get_login_redirect_url(self, request):
        return reverse("start")

    def save_user(self, request, user, form, commit=True):
        # New accounts are partners; staff, committee and expert accounts are created by staff.
        user.language = (translation.get_language() or "en")[:2]
        return super().save_user(request, user, form, commit=commit)

    def is_reauthentication_required(self, app=None, **kwargs):
        # Someone who has just signed in with their password need not type it again to set up MFA.
        import time

        from allauth.account import app_settings
        from allauth.account.internal.flows.reauthentication import get_authentication_records

        request = getattr(self, "request", None)
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs) if app else super().is_reauthentication_required(**kwargs)
