from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Expert roster")

    def ready(self):
        from experts.documents import confirmation_attachments
        from mieux.notifications import register_attachments

        register_attachments("deployment_confirmed", confirmation_attachments)
