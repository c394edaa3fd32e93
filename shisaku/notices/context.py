"""The unread count in the header: loaded with the user of the request (accounts.backends,
registered in apps.py), so a staff page asks no query of its own for it."""

from django.db.models import Count, Expression, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Notification

ANNOTATION = "unread_notice_count"


def unread_count_expression() -> Expression:
    unread = (Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
              .order_by().values("user").annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(unread), Value(0))


def unread_notices(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    known = getattr(user, ANNOTATION, None)
    if known is not None:
        return {"unread_notices": known}
    # Lazy: a page that does not render the header (a download, a redirect) asks nothing.
    return {"unread_notices": lambda: Notification.objects.filter(
        user=user, read_at__isnull=True).count()}
