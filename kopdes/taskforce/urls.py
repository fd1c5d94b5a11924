from django.urls import path

from kopdes.taskforce import views

app_name = "taskforce"

urlpatterns = [
    path("", views.home, name="home"),
    path("tindakan/", views.action_list, name="action_list"),
    path("tindakan/matriks/", views.agency_matrix, name="agency_matrix"),
    path("tindakan/<int:pk>/", views.action_detail, name="action_detail"),
    path("opd/", views.agency_list, name="agency_list"),
    path("kop-surat/<str:code>/", views.letterhead_edit, name="letterhead_edit"),
    path("sk/", views.decree_list, name="decree_list"),
    path("sk/baru/", views.decree_create, name="decree_create"),
    path("sk/<int:pk>/", views.decree_detail, name="decree_detail"),
    path("sk/<int:pk>/anggota/", views.member_add, name="member_add"),
    path("sk/<int:pk>/dokumen/", views.decree_attach, name="decree_attach"),
    path("sk/<int:pk>/keputusan/", views.decision_create, name="decree_decision_create"),
    path("rapat/", views.meeting_list, name="meeting_list"),
    path("rapat/baru/", views.meeting_create, name="meeting_create"),
    path("rapat/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("rapat/<int:pk>/ubah/", views.meeting_edit, name="meeting_edit"),
    path("rapat/<int:pk>/kehadiran/", views.attendance_set, name="attendance_set"),
    path("rapat/<int:pk>/keputusan/", views.decision_create, name="decision_create"),
    path("rapat/<int:pk>/tandatangani/", views.meeting_sign, name="meeting_sign"),
    path("rapat/<int:pk>/dokumen/", views.meeting_attach, name="meeting_attach"),
    path("rapat/<int:pk>/notulen.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("keputusan/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("dokumen/<int:pk>/", views.attachment_download, name="attachment_download"),
]
