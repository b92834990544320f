from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "huimin.core"
    label = "core"

    def ready(self) -> None:
        from datetime import time

        from huimin.audit.roles import register_role_labels

        from .models import Role
        from .schedule import register_periodic
        from .tasks import purge_security_records_task

        # The audit trail's pages name the roles an event records.
        register_role_labels(dict(Role.choices))

        # Old sign-in throttle pairs and text-message requests, every night (Asia/Shanghai).
        register_periodic("core.purge_security_records", purge_security_records_task, at=time(3, 20))
