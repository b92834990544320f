from django.apps import AppConfig


class CallsConfig(AppConfig):
    name = "huimin.calls"
    label = "calls"
