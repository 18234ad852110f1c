from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Expert roster")

    def ready(self):
        from experts import track_record

        track_record.connect()
        # Deployments follow their activity in the same transaction (actions/events.py, mieux/EVENTS.md).
        from experts.documents import attach_documents_to_confirmations
        from experts.services.activity_changes import subscribe_to_activity_events

        subscribe_to_activity_events()
        attach_documents_to_confirmations()
