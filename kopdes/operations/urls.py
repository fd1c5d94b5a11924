from django.urls import path

from kopdes.operations import views

app_name = "operations"

urlpatterns = [
    path("akses-nik/", views.nik_log, name="nik_log"),
    path("koperasi/<int:pk>/arsip/", views.archive_download, name="archive_download"),
]
