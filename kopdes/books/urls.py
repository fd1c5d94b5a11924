from django.urls import path

from kopdes.books import views

app_name = "books"

urlpatterns = [
    path("", views.home, name="home"),
    path("wilayah/", views.region, name="region"),
    path("koperasi/<int:pk>/", views.cooperative, name="cooperative"),
    path("koperasi/<int:pk>/anggota/", views.members, name="members"),
    path("koperasi/<int:pk>/simpanan/", views.savings, name="savings"),
    path("koperasi/<int:pk>/bukti/<int:entry_pk>/", views.receipt, name="receipt"),
    path("koperasi/<int:pk>/kasir/<str:category>/", views.cashier, name="cashier"),
    path("koperasi/<int:pk>/biaya/", views.costs, name="costs"),
    path("koperasi/<int:pk>/jurnal/", views.journal, name="journal"),
    path("koperasi/<int:pk>/akun/", views.chart, name="chart"),
    path("koperasi/<int:pk>/jurnal/<int:entry_pk>/balik/", views.reverse_entry, name="reverse"),
    path("koperasi/<int:pk>/tutup-bulan/", views.close_month, name="close_month"),
    path("koperasi/<int:pk>/laporan/", views.statements, name="statements"),
    path("koperasi/<int:pk>/shu/", views.shu, name="shu"),
    path("koperasi/<int:pk>/rat/", views.rat, name="rat"),
    path("koperasi/<int:pk>/pinjaman/", views.loans, name="loans"),
    path("koperasi/<int:pk>/impor/", views.import_workbook, name="import"),
    path("koperasi/<int:pk>/pinjaman/<int:loan_pk>/", views.loan, name="loan"),
]
