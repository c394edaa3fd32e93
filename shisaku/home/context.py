"""Navigation shown to each role.

The links depend only on what the role may reach, the language and the site's prefix: they
are built once per process for each such combination (reversing fifteen URLs on every page
was a good part of a staff page's shared work); only the current item is marked per request.
"""

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shisaku.accounts.access import can_manage_plan

_built: dict[tuple, tuple[tuple[str, str], ...]] = {}


def _items(sheets: bool, manager: bool) -> tuple[tuple[str, str], ...]:
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
    if sheets:
        items.insert(1, (reverse("sheets:mine"), _("担当シート")))
    items.append((reverse("search:results"), _("検索")))
    items.append((reverse("portal:home"), _("公開サイト")))
    if manager:
        items.append((reverse("ingest:report_upload"), _("取込み")))
        items.append((reverse("consultation:list"), _("意見公募")))
        items.append((reverse("audit:log"), _("監査記録")))
        items.append((reverse("admin:index"), _("管理サイト")))
    items.append((reverse("accounts:account"), _("アカウント")))
    return tuple(items)


def items_for(user) -> tuple[tuple[str, str], ...]:
    """(url, label) of the user's menu, built once per role, language and prefix."""
    sheets = bool(user.is_planning_admin or user.is_section_editor)
    key = (sheets, can_manage_plan(user), get_language(), get_script_prefix())
    found = _built.get(key)
    if found is None:
        found = _built[key] = _items(sheets, key[1])
    return found


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    path = request.path
    return {
        "nav_items": [
            {"url": url, "label": label, "current": url == path or (url != "/" and path.startswith(url))}
            for url, label in items_for(user)
        ]
    }
