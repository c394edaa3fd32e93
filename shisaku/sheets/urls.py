from django.urls import path

from .views import cycles, history, indicator, lists, overview, procurement, sheet

app_name = "sheets"
urlpatterns = [
    path("", lists.my_sheets, name="mine"),
    path("cycles/", lists.cycle_index, name="cycles"),
    path("cycles/new/", cycles.cycle_start, name="cycle_start"),
    path("fy/<int:fy>/", lists.dashboard, name="dashboard"),
    path("fy/<int:fy>/bulk/", lists.bulk, name="bulk"),
    path("fy/<int:fy>/edit/", cycles.cycle_edit, name="cycle_edit"),
    path("fy/<int:fy>/move/", cycles.cycle_move, name="cycle_move"),
    path("fy/<int:fy>/delete/", cycles.cycle_delete, name="cycle_delete"),
    path("fy/<int:fy>/achievement/", overview.achievement_overview, name="achievement"),
    path("fy/<int:fy>/procurement/", procurement.procurement_edit, name="procurement_edit"),
    path("<int:pk>/", sheet.sheet_detail, name="detail"),
    path("<int:pk>/edit/", sheet.sheet_edit, name="edit"),
    path("<int:pk>/indicators/new/", sheet.indicator_create, name="indicator_create"),
    path("<int:pk>/validate/<int:indicator_pk>/<int:fy>/", sheet.sheet_validate_value,
         name="validate_value"),
    path("<int:pk>/print/", sheet.sheet_print, name="print"),
    path("<int:pk>/pdf/", sheet.sheet_pdf, name="pdf"),
    path("<int:pk>/correct/", sheet.sheet_correct, name="correct"),
    path("<int:pk>/history/", history.sheet_history, name="history"),
    path("<int:pk>/<str:action>/", sheet.sheet_action, name="action"),
    path("indicators/<int:pk>/", indicator.indicator_detail, name="indicator"),
]
