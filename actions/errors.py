"""The refusal every actions service raises; its message is safe to show to the user."""


class ActionError(Exception):
    """A refused change; the message is safe to show to the user."""
