from django.urls import path

from kopdes.maps import views

app_name = "maps"

urlpatterns = [
    path("<str:code>/lokasi/", views.locations, name="locations"),
]
