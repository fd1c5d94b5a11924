from django.urls import path

from kopdes.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.region, name="region"),
    path("jalankan/", views.run, name="run"),
    path("bobot/", views.weights, name="weights"),
    path("koperasi/<int:pk>/", views.cooperative, name="cooperative"),
    path("koperasi/<int:pk>/kunjungan/", views.visit_create, name="visit_create"),
    path("kunjungan/<int:pk>/foto/", views.visit_photo, name="visit_photo"),
]
