from django.urls import path

from kopdes.core.import_views import moved
from kopdes.exchange import views

app_name = "exchange"

urlpatterns = [
    # The upload moved to the one import flow (/impor/simkopdes/); the old paths lead there.
    path("impor/", moved("core:import", slug="simkopdes")),
    path("impor/simpan/", moved("core:import", slug="simkopdes")),
    path(
        "impor/templat-<slug:level>.<str:fmt>",
        moved("core:import_template_variant", slug="simkopdes", rename={"level": "variant"}),
    ),
    path("tinjau/", views.mapping_review, name="mapping_review"),
    path("tinjau/<int:pk>/", views.mapping_decide, name="mapping_decide"),
    path("bandingkan/<str:code>/", views.comparison, name="comparison"),
    path("bandingkan/<str:code>/xlsx/", views.comparison_export, name="comparison_export"),
]
