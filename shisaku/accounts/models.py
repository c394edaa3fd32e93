"""Users and their role. A section editor is bound to the sections whose projects they own."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLANNING_ADMIN = "planning_admin", _("企画課（管理者）")
    SECTION_EDITOR = "section_editor", _("所管課（入力担当）")
    COUNCIL_MEMBER = "council_member", _("協議会委員")
    VIEWER = "viewer", _("閲覧者")

    @property
    def group_name(self) -> str:
        return GROUP_NAMES[self]


# Django groups carry the model permissions each role gets in the admin.
GROUP_NAMES = {
    Role.PLANNING_ADMIN: "企画課",
    Role.SECTION_EDITOR: "所管課",
    Role.COUNCIL_MEMBER: "協議会委員",
    Role.VIEWER: "閲覧者",
}


class User(AbstractUser):
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    sections = models.ManyToManyField(
        "city.Section", blank=True, related_name="editors", verbose_name=_("担当する所管課"),
        help_text=_("所管課（入力担当）は、ここで選んだ課の事務事業だけを編集できます。"),
    )

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    @property
    def display_name(self) -> str:
        full = f"{self.last_name} {self.first_name}".strip()
        return full or self.username

    @property
    def is_planning_admin(self) -> bool:
        return self.is_active and (self.role == Role.PLANNING_ADMIN or self.is_superuser)

    @property
    def is_section_editor(self) -> bool:
        return self.is_active and self.role == Role.SECTION_EDITOR

    @property
    def is_council_member(self) -> bool:
        return self.is_active and self.role == Role.COUNCIL_MEMBER
