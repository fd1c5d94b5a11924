from django.urls import path

from kopdes.regions import views

app_name = "regions"

urlpatterns = [
    path("<str:code>/", views.region_detail, name="region_detail"),
]
