"""Expert profiles, availability and deployments: every state change of the experts app lives here."""


def deployments_on_activity_changed(*, activity, actor, change):
    """Called by the actions app after an activity is postponed, cancelled or delivered.

    change: "postponed", "cancelled" or "delivered". Notifies the deployed experts (postponed or
    cancelled) or completes their deployments (delivered).
    """
    # Implemented by the experts app's deployment services.
    return None
