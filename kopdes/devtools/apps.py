from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "kopdes.devtools"
    label = "devtools"
