from django.urls import path

from kopdes.core import views

app_name = "core"

urlpatterns = [
    path("ekspor/<int:pk>/", views.export_job_detail, name="export_job_detail"),
    path("ekspor/<int:pk>/unduh/", views.export_job_download, name="export_job_download"),
]
