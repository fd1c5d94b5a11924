from django.contrib.auth import views as auth_views
from django.urls import path

from kopdes.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sandi/", views.PasswordChangeView.as_view(), name="password_change"),
]
