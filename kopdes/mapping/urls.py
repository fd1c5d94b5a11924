from django.urls import path

from kopdes.core.import_views import moved
from kopdes.mapping import views

app_name = "mapping"

urlpatterns = [
    path("", views.regency_view, name="regency_view"),
    path("potensi/", views.potential_list, name="potential_list"),
    path("potensi/baru/", views.potential_create, name="potential_create"),
    path("potensi/<int:pk>/", views.potential_edit, name="potential_edit"),
    path("potensi/<int:pk>/hapus/", views.potential_delete, name="potential_delete"),
    # The imports moved to the one import flow (/impor/potensi/, /impor/bumdes/); the old paths lead there.
    path("impor/<slug:slug>/", moved("core:import")),
    path("impor/<slug:slug>/templat.<str:fmt>", moved("core:import_template")),
    path("bumdes/", views.bumdes_list, name="bumdes_list"),
    path("bumdes/baru/", views.bumdes_create, name="bumdes_create"),
    path("bumdes/<int:pk>/", views.bumdes_detail, name="bumdes_detail"),
    path("bumdes/<int:pk>/ubah/", views.bumdes_edit, name="bumdes_edit"),
    path("bumdes/<int:pk>/hapus/", views.bumdes_delete, name="bumdes_delete"),
    path("bumdes/<int:pk>/unit/", views.unit_create, name="unit_create"),
    path("bumdes/unit/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("bumdes/unit/<int:pk>/hapus/", views.unit_delete, name="unit_delete"),
    path("cek/", views.verdict_check, name="verdict_check"),
    path("tumpang-tindih/", views.overlap_list, name="overlap_list"),
    path("tumpang-tindih/putuskan/", views.overlap_decide, name="overlap_decide"),
]
