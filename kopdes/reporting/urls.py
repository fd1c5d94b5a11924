from django.urls import path

from kopdes.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("baru/", views.report_create, name="report_create"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/periksa/", views.report_review, name="report_review"),
    path("tingkat/", views.rates, name="rates"),
    path("rekap.xlsx", views.consolidated, name="consolidated"),
    path("rekap.pdf", views.consolidated_pdf, name="consolidated_pdf"),
    path("pengaturan/", views.report_settings, name="report_settings"),
]
