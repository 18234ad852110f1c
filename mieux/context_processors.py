from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "nav_partner": authenticated and user.is_partner,
        "nav_committee": authenticated and user.is_committee,
        "nav_staff": authenticated and user.is_mieux_staff,
        "nav_expert": authenticated and user.is_expert,
        "nav_admin": authenticated and (user.is_staff or user.is_superuser),
        "unread_notifications": (
            user.notifications.filter(read_at__isnull=True).count() if authenticated else 0
        ),
        "PRODUCTION": settings.PRODUCTION,
    }
