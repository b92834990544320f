from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "huimin.core"
    label = "core"
