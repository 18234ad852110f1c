from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MieuxConfig(AppConfig):
    name = "mieux"
    verbose_name = _("Portal: users and reference data")

    def ready(self):
        from mieux import checks  # noqa: F401 - registers the configuration checks
