from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """The top floor: reads across every app (public pages, key facts, map, open data, IATI, the staff
    dashboard, the historical import). It imports the apps below it; nothing imports it."""

    name = "reporting"
    verbose_name = _("Reporting and public pages")

    def ready(self):
        from reporting import keyfacts  # noqa: F401 - connects the cache invalidation of the key facts
