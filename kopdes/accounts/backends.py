"""Authentication backends."""

from axes.backends import AxesStandaloneBackend


class ThrottledBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every sign-in that comes with a request (the sign-in page, the admin).
    A call without a request (`Client.login` in tests, a script) has no address to throttle and is left to the next
    backend, instead of failing as axes would."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
