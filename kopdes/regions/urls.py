from django.urls import path

from kopdes.regions import views

app_name = "regions"

urlpatterns = [
    path("wilayah/cari/", views.region_search_page, name="region_search"),
]
