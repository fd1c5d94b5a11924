from django.urls import path

from kopdes.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("wilayah/<str:code>/", views.region_detail, name="region_detail"),
    path("wilayah/<str:code>/ringkasan.pdf", views.region_briefing, name="region_briefing"),
]
