from django.urls import path

from kopdes.exchange import views

app_name = "exchange"

urlpatterns = [
    path("impor/", views.snapshot_import, name="snapshot_import"),
    path("impor/simpan/", views.snapshot_import_confirm, name="snapshot_import_confirm"),
    path("impor/templat-<str:level>.<str:fmt>", views.snapshot_template, name="snapshot_template"),
    path("tinjau/", views.mapping_review, name="mapping_review"),
    path("tinjau/<int:pk>/", views.mapping_decide, name="mapping_decide"),
    path("bandingkan/<str:code>/", views.comparison, name="comparison"),
    path("bandingkan/<str:code>/xlsx/", views.comparison_export, name="comparison_export"),
]
