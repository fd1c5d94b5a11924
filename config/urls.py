from django.contrib import admin
from django.urls import include, path

from kopdes.api.urls import api

urlpatterns = [
    path("", include("kopdes.regions.urls")),  # /wilayah/cari/ before the region pages' /wilayah/<code>/
    path("", include("kopdes.dashboard.urls")),
    path("", include("kopdes.formation.urls")),
    path("", include("kopdes.core.urls")),
    path("akun/", include("kopdes.accounts.urls")),
    path("koperasi/", include("kopdes.cooperatives.urls")),
    path("pemetaan/", include("kopdes.mapping.urls")),
    path("satgas/", include("kopdes.taskforce.urls")),
    path("simkopdes/", include("kopdes.exchange.urls")),
    path("pelatihan/", include("kopdes.training.urls")),
    path("pembiayaan/", include("kopdes.finance.urls")),
    path("pembukuan/", include("kopdes.books.urls")),
    path("konsultasi/", include("kopdes.helpdesk.urls")),
    path("laporan/", include("kopdes.reporting.urls")),
    path("penilaian/", include("kopdes.assessment.urls")),
    path("peta/", include("kopdes.maps.urls")),
    path("operasional/", include("kopdes.operations.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Indonesian error pages with a way back (kopdes/core/errors.py; view-raised 404/403 also under DEBUG).
handler403 = "kopdes.core.errors.permission_denied"
handler404 = "kopdes.core.errors.page_not_found"
handler500 = "kopdes.core.errors.server_error"
