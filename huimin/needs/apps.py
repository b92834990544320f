from django.apps import AppConfig


class NeedsConfig(AppConfig):
    name = "huimin.needs"
    label = "needs"
