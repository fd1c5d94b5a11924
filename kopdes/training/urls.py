from django.urls import path

from kopdes.training import views

app_name = "training"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("kegiatan/baru/", views.event_create, name="event_create"),
    path("kegiatan/<int:pk>/", views.event_detail, name="event_detail"),
    path("kegiatan/<int:pk>/ubah/", views.event_edit, name="event_edit"),
    path("kegiatan/<int:pk>/dana/", views.funding_add, name="funding_add"),
    path("kegiatan/<int:pk>/undang/", views.invite, name="invite"),
    path("kegiatan/<int:pk>/undangan/cetak/", views.invitation_print, name="invitation_print"),
    path("kegiatan/<int:pk>/pintu/", views.door, name="door"),
    path("kegiatan/<int:pk>/pintu/<int:participant_pk>/hadir/", views.check_in, name="check_in"),
    path("kegiatan/<int:pk>/pintu/datang-langsung/", views.walk_in, name="walk_in"),
    path("kegiatan/<int:pk>/peserta/<int:participant_pk>/hasil/", views.result, name="result"),
    path("materi/", views.course_list, name="course_list"),
    path("materi/baru/", views.course_create, name="course_create"),
    path("materi/<int:pk>/", views.course_edit, name="course_edit"),
    path("lembaga/", views.provider_list, name="provider_list"),
    path("lembaga/baru/", views.provider_create, name="provider_create"),
    path("lembaga/<int:pk>/", views.provider_edit, name="provider_edit"),
    path("cakupan/", views.coverage, name="coverage"),
    path("cakupan/belum/", views.needs, name="needs"),
]
