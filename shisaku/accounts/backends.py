"""Django's model backend, loading the user of each request in one query together with what
every staff page asks about them: whether they have a confirmed second factor (the sign-in
middleware) and the figures other apps register (the notices app's unread count in the header).
"""

from collections.abc import Callable

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, Expression, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

#: name → a function giving an expression over the user (OuterRef("pk")), registered by the
#: apps above this one in their AppConfig.ready (this app imports none of them).
ANNOTATIONS: dict[str, Callable[[], Expression]] = {}


def load_with_the_user(name: str, expression: Callable[[], Expression]) -> None:
    ANNOTATIONS[name] = expression


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        annotations = {name: make() for name, make in ANNOTATIONS.items()}
        user = (User._default_manager.annotate(has_confirmed_device=Exists(devices),
                                               **annotations)
                .filter(pk=user_id).first())
        return user if user is not None and self.user_can_authenticate(user) else None
