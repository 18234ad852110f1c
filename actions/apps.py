from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Actions and activities")

    def ready(self):
        # Imported here: models can only be imported once every app is loaded.
        from actions import followup, request_links
        from requests_app import followup as request_followup

        request_followup.register(followup.provide)
        request_links.connect()
