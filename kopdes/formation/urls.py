from django.urls import path

from kopdes.formation import views

app_name = "formation"

urlpatterns = [
    path("target/", views.target_list, name="target_list"),
    path("target/<int:pk>/ubah/", views.target_edit, name="target_edit"),
    path("koperasi/<int:pk>/tahapan/", views.milestone_record, name="milestone_record"),
    path("koperasi/tahapan/<int:pk>/verifikasi/", views.milestone_verify, name="milestone_verify"),
    path("koperasi/tahapan/<int:pk>/tolak/", views.milestone_reject, name="milestone_reject"),
]
