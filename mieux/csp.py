"""A per-path exception to the Content-Security-Policy: Django's admin sets inline `style` attributes
(widths of date/time widgets, the collapsible fieldsets, the related-object pop-ups), which a strict
`style-src 'self'` blocks. Only the admin's pages get `'unsafe-inline'` styles; scripts stay `'self'`."""

from django.urls import reverse

ADMIN_STYLE_SOURCES = ["'unsafe-inline'"]


class AdminStylesCSPMiddleware:
    """Listed after `csp.middleware.CSPMiddleware`, so its mark is on the response before the policy
    is written."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if request.path.startswith(self.prefix):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["style-src"] = list(update.get("style-src", [])) + ADMIN_STYLE_SOURCES
            response._csp_update = update
        return response
