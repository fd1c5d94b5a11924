from django.urls import path

from kopdes.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("koperasi/<int:cooperative_pk>/ajukan/", views.application_create, name="application_create"),
    path("<int:pk>/", views.application_detail, name="application_detail"),
    path("<int:pk>/berkas.pdf", views.application_pdf, name="application_pdf"),
    path("<int:pk>/proposal/", views.line_add, name="line_add"),
    path("<int:pk>/setujui/", views.approve, name="approve"),
    path("<int:pk>/lanjut/", views.advance, name="advance"),
    path("<int:pk>/tolak/", views.reject, name="reject"),
    path("<int:pk>/cairkan/", views.disburse, name="disburse"),
    path("<int:pk>/bayar/", views.repay, name="repay"),
    path("kemitraan/", views.partnership_list, name="partnership_list"),
    path("koperasi/<int:cooperative_pk>/kemitraan/", views.partnership_create, name="partnership_create"),
    path("mitra/", views.partner_list, name="partner_list"),
    path("mitra/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("aturan/", views.rule_list, name="rule_list"),
]
