from django.urls import path

from .views import checks, desk, imports, mine, office, public

app_name = "credit"
urlpatterns = [
    # public
    path("", public.index, name="index"),
    path("licensing/", public.licensing_list, name="licensing"),
    path("penalties/", public.penalty_list, name="penalties"),
    path("records/<uuid:public_id>/", public.record_detail, name="record"),
    path("lists/", public.list_entries, name="lists"),
    path("catalogues/", public.catalogue_public, name="catalogues"),
    path("regimes/", public.regimes_public, name="regimes"),
    # the records desk (credit officers, credit administrator)
    path("manage/", desk.desk, name="desk"),
    path("manage/new/<str:kind>/", desk.record_new, name="record_new"),
    path("manage/records/<uuid:public_id>/", desk.manage_record, name="manage_record"),
    path("manage/records/<uuid:public_id>/edit/", desk.record_edit, name="record_edit"),
    path("manage/records/<uuid:public_id>/revoke/", desk.record_revoke_view, name="record_revoke"),
    path("manage/templates/<str:kind>.<str:extension>", imports.template_download, name="template"),
    path("manage/import/", imports.import_start, name="import"),
    path("manage/import/<uuid:public_id>/", imports.import_job, name="import_job"),
    path("manage/import/<uuid:public_id>/progress/", imports.import_progress, name="import_progress"),
    path("manage/import/<uuid:public_id>/errors.xlsx", imports.import_errors, name="import_errors"),
    path("manage/timeliness/", office.timeliness, name="timeliness"),
    # the credit office (credit administrator)
    path("office/", office.office, name="office"),
    path("office/catalogues/", office.catalogues, name="office_catalogues"),
    path("office/catalogues/<str:code>/", office.unit_catalogue, name="unit_catalogue"),
    path("office/regimes/", office.regimes, name="office_regimes"),
    path(
        "office/regimes/<str:regime_code>/<str:severity>/<str:sector>/edit/",
        office.regime_rule_edit,
        name="regime_rule_edit",
    ),
    path("office/lists/", office.lists, name="office_lists"),
    path("office/lists/new/", office.list_entry_new, name="list_entry_new"),
    path("office/lists/import/", office.list_import, name="list_import"),
    path("office/lists/<uuid:public_id>/remove/", office.list_entry_remove_view, name="list_entry_remove"),
    path("office/memoranda/new/", office.memorandum_new, name="memorandum_new"),
    path("office/repairs/", office.repairs, name="office_repairs"),
    path("repairs/<uuid:public_id>/", office.repair_detail, name="repair_detail"),
    # credit checks (staff)
    path("checks/", checks.check, name="check"),
    path("checks/<uuid:public_id>/", checks.check_detail, name="check_detail"),
    # providers
    path("mine/", mine.mine, name="mine"),
    path("mine/repairs/<uuid:public_id>/", mine.repair_new, name="repair_new"),
]
