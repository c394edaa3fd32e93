from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from shisaku.home import views as home_views

admin.site.site_header = "施策 Shisaku 管理サイト"
admin.site.site_title = "施策 Shisaku"
admin.site.index_title = "データ管理"

urlpatterns = [
    path("", home_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("shisaku.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plan/", include("shisaku.plan.urls")),
    path("plan/", include("shisaku.drafting.urls")),
    path("projects/", include("shisaku.projects.urls")),
    path("ordinance/", include("shisaku.ordinance.urls")),
    path("sheets/", include("shisaku.sheets.urls")),
    path("verification/", include("shisaku.verification.urls")),
    path("stats/", include("shisaku.stats.urls")),
    path("reports/", include("shisaku.reports.urls")),
    path("ingest/", include("shisaku.ingest.urls")),
    path("audit/", include("shisaku.audit.urls")),
    path("jobs/", include("shisaku.jobs.urls")),
    path("notices/", include("shisaku.notices.urls")),
    # 意見公募: the public pages under consultation/public/, the planning division's beside them.
    path("consultation/", include("shisaku.consultation.urls")),
    path("admin/", admin.site.urls),
    # The public side: no login.
    path("public/", include("shisaku.portal.urls")),
    path("api/", include("shisaku.api.urls")),
    path("opendata/", include("shisaku.opendata.urls")),
    path("search/", include("shisaku.search.urls")),
]

# Error pages in the layout and the user's language (shisaku/core/errors.py).
handler400 = "shisaku.core.errors.bad_request"
handler403 = "shisaku.core.errors.permission_denied"
handler404 = "shisaku.core.errors.page_not_found"
handler500 = "shisaku.core.errors.server_error"
