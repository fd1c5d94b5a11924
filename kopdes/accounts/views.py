"""Sign-in pages beyond Django's own: changing one's password."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext_lazy as _


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change: the new password's hash replaces the session's, so this session stays signed in
    and every other session of the account (another computer, a forgotten browser) is signed out at its next
    request. API tokens are separate credentials and stay valid; revoke them in the admin."""

    template_name = "accounts/password_change.html"
    success_url = "/"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Kata sandi sudah diganti. Sesi lain akun ini sudah dikeluarkan."))
        return response
