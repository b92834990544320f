from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "huimin.planning"
    label = "planning"
