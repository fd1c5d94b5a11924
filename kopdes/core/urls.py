from django.urls import path

from kopdes.core import import_views, views

app_name = "core"

urlpatterns = [
    path("ekspor/<int:pk>/", views.export_job_detail, name="export_job_detail"),
    path("ekspor/<int:pk>/unduh/", views.export_job_download, name="export_job_download"),
    path("impor/", import_views.import_record_list, name="import_record_list"),
    path("impor/riwayat/", import_views.moved("core:import_record_list")),
    path("impor/riwayat/<int:pk>/", import_views.import_record_detail, name="import_record_detail"),
    path("impor/<slug:slug>/", import_views.import_page, name="import"),
    path("impor/<slug:slug>/templat.<str:fmt>", import_views.import_template, name="import_template"),
    path(
        "impor/<slug:slug>/templat-<slug:variant>.<str:fmt>",
        import_views.import_template,
        name="import_template_variant",
    ),
]
