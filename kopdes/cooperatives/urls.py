from django.urls import path

from kopdes.cooperatives import views

app_name = "cooperatives"

urlpatterns = [
    path("", views.cooperative_list, name="cooperative_list"),
    path("ekspor/", views.cooperative_export, name="cooperative_export"),
    path("impor/", views.cooperative_import, name="import"),
    path("impor/templat.<str:fmt>", views.cooperative_import_template, name="import_template"),
    path("impor/riwayat/", views.import_record_list, name="import_record_list"),
    path("impor/riwayat/<int:pk>/", views.import_record_detail, name="import_record_detail"),
    path("daftar/", views.cooperative_register, name="cooperative_register"),
    path("<int:pk>/", views.cooperative_detail, name="cooperative_detail"),
    path("<int:pk>/ubah/", views.cooperative_edit, name="cooperative_edit"),
    path("<int:pk>/pengurus/", views.official_create, name="official_create"),
    path("<int:pk>/gerai/", views.unit_create, name="unit_create"),
    path("<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path("pengurus/<int:pk>/", views.official_edit, name="official_edit"),
    path("gerai/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("dokumen/<int:pk>/", views.document_download, name="document_download"),
]
