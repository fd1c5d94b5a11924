from django.urls import path

from kopdes.cooperatives import views
from kopdes.core.import_views import moved

app_name = "cooperatives"

urlpatterns = [
    path("", views.cooperative_list, name="cooperative_list"),
    path("ekspor/", views.cooperative_export, name="cooperative_export"),
    # The registry import moved to the one import flow (/impor/koperasi/, /impor/riwayat/…); the old paths lead there.
    path("impor/", moved("core:import", slug="koperasi")),
    path("impor/templat.<str:fmt>", moved("core:import_template", slug="koperasi")),
    path("impor/riwayat/", moved("core:import_record_list", query={"jenis": "koperasi"})),
    path("impor/riwayat/<int:pk>/", moved("core:import_record_detail")),
    path("daftar/", views.cooperative_register, name="cooperative_register"),
    path("<int:pk>/", views.cooperative_detail, name="cooperative_detail"),
    path("<int:pk>/riwayat/", views.cooperative_history, name="cooperative_history"),
    path("<int:pk>/ubah/", views.cooperative_edit, name="cooperative_edit"),
    path("<int:pk>/pengurus/", views.official_create, name="official_create"),
    path("<int:pk>/gerai/", views.unit_create, name="unit_create"),
    path("<int:pk>/dokumen/", views.document_upload, name="document_upload"),
    path("pengurus/<int:pk>/", views.official_edit, name="official_edit"),
    path("gerai/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("dokumen/<int:pk>/", views.document_download, name="document_download"),
]
