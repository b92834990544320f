from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "huimin.surveys"
    label = "surveys"
