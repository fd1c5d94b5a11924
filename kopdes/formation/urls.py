from django.urls import path

from kopdes.formation import views

app_name = "formation"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("target/", views.target_list, name="target_list"),
    path("target/<int:pk>/ubah/", views.target_edit, name="target_edit"),
]
