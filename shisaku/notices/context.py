"""The unread count in the header: one query per page for a signed-in user."""

from .models import Notification


def unread_notices(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: a page that does not render the header (a download, a redirect) asks nothing.
    return {"unread_notices": lambda: Notification.objects.filter(
        user=user, read_at__isnull=True).count()}
