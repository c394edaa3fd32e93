"""Navigation shown to each role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shisaku.accounts.access import can_manage_plan


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        (reverse("home"), _("ホーム")),
        (reverse("plan:tree"), _("計画体系")),
        (reverse("projects:list"), _("事務事業")),
        (reverse("ordinance:index"), _("条例")),
        (reverse("sheets:cycles"), _("年度サイクル")),
        (reverse("verification:index"), _("施策検証")),
        (reverse("verification:roster"), _("委員名簿")),
        (reverse("stats:index"), _("統計")),
    ]
    if user.is_planning_admin or user.is_section_editor:
        items.insert(1, (reverse("sheets:mine"), _("担当シート")))
    items.append((reverse("search:results"), _("検索")))
    items.append((reverse("portal:home"), _("公開サイト")))
    if can_manage_plan(user):
        items.append((reverse("ingest:report_upload"), _("取込み")))
        items.append((reverse("consultation:list"), _("意見公募")))
        items.append((reverse("audit:log"), _("監査記録")))
        items.append((reverse("admin:index"), _("管理サイト")))
    items.append((reverse("accounts:account"), _("アカウント")))
    path = request.path
    return {
        "nav_items": [
            {"url": url, "label": label, "current": url == path or (url != "/" and path.startswith(url))}
            for url, label in items
        ]
    }
