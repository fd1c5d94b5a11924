from django.urls import path

from kopdes.helpdesk import views

app_name = "helpdesk"

urlpatterns = [
    path("", views.consultation_list, name="consultation_list"),
    path("tanya/", views.consultation_create, name="consultation_create"),
    path("<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path("<int:pk>/selesai/", views.consultation_close, name="consultation_close"),
    path("<int:pk>/buka-kembali/", views.consultation_reopen, name="consultation_reopen"),
    path("<int:pk>/terbitkan/", views.article_publish, name="article_publish"),
    path("lampiran/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("artikel/", views.article_list, name="article_list"),
    path("artikel/<int:pk>/", views.article_detail, name="article_detail"),
    path("artikel/<int:pk>/tarik/", views.article_withdraw, name="article_withdraw"),
    path("kinerja/", views.service_level, name="service_level"),
    path("pengaturan/", views.topic_settings, name="topic_settings"),
    path("kontak/", views.contact_list, name="contact_list"),
    path("kontak/<int:pk>/hapus/", views.contact_delete, name="contact_delete"),
]
