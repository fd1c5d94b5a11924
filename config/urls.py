from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("kopdes.formation.urls")),
    path("akun/", include("kopdes.accounts.urls")),
    path("wilayah/", include("kopdes.regions.urls")),
    path("koperasi/", include("kopdes.cooperatives.urls")),
    path("api/v1/", include("kopdes.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
