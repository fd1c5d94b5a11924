from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kopdes.api"
    label = "api"
