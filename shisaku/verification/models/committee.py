"""The council (協議会), its subcommittee (専門部会), and their members' terms."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Committee(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("協議会")
        SUBCOMMITTEE = "subcommittee", _("専門部会")

    name = models.CharField(_("名称"), max_length=200, unique=True)
    kind = models.CharField(_("種別"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                               related_name="subcommittees", verbose_name=_("親会議"))
    capacity = models.PositiveSmallIntegerField(_("定員"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("会議体")
        verbose_name_plural = _("会議体")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == self.Kind.SUBCOMMITTEE and self.parent_id is None:
            raise ValidationError({"parent": _("専門部会は協議会の中に置いてください。")})

    def roster(self, as_of: date):
        """Memberships in force on `as_of`, in the printed order."""
        return (self.memberships.active_on(as_of).select_related("member")
                .order_by("category_order", "order", "pk"))


class Member(models.Model):
    """A person who sits on a committee; may be linked to a login (council_member role)."""

    class Category(models.TextChoices):
        ACADEMIC = "academic", _("学識者")
        ORGANISATION = "organisation", _("関係団体役職員")

    name = models.CharField(_("氏名"), max_length=100)
    category = models.CharField(_("区分"), max_length=20, choices=Category.choices)
    affiliation = models.CharField(_("所属・役職"), max_length=200)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                related_name="member", verbose_name=_("ログイン"))

    class Meta:
        verbose_name = _("委員")
        verbose_name_plural = _("委員")
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day: date):
        return self.filter(models.Q(term_start__isnull=True) | models.Q(term_start__lte=day),
                           models.Q(term_end__isnull=True) | models.Q(term_end__gte=day))


class Membership(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", _("会長")
        SUBCOMMITTEE_CHAIR = "subcommittee_chair", _("部会長")
        VICE_CHAIR = "vice_chair", _("副会長")
        MEMBER = "member", _("委員")

    committee = models.ForeignKey(Committee, models.CASCADE, related_name="memberships",
                                  verbose_name=_("会議体"))
    member = models.ForeignKey(Member, models.CASCADE, related_name="memberships",
                               verbose_name=_("委員"))
    role = models.CharField(_("役割"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    order = models.PositiveSmallIntegerField(_("名簿の番号"), default=0)
    category_order = models.PositiveSmallIntegerField(default=0, editable=False)
    term_start = models.DateField(_("任期開始"), null=True, blank=True)
    term_end = models.DateField(_("任期終了"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("委員の任期")
        verbose_name_plural = _("委員の任期")
        ordering = ["committee", "category_order", "order"]

    def __str__(self) -> str:
        return f"{self.committee} {self.member}（{self.get_role_display()}）"

    def save(self, *args, **kwargs):
        # Rosters print academics first, then organisation officers.
        self.category_order = 0 if self.member.category == Member.Category.ACADEMIC else 1
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("任期終了が任期開始より前になっています。")})
        if self.member_id and self.committee_id and self.term_start:
            overlapping = Membership.objects.filter(
                committee_id=self.committee_id, member_id=self.member_id
            ).exclude(pk=self.pk).filter(
                models.Q(term_end__isnull=True) | models.Q(term_end__gte=self.term_start))
            if self.term_end:
                overlapping = overlapping.filter(
                    models.Q(term_start__isnull=True) | models.Q(term_start__lte=self.term_end))
            if overlapping.exists():
                raise ValidationError(_("同じ会議体で任期が重なっています。"))
