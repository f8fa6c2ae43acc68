from django.apps import AppConfig


class WorkConfig(AppConfig):
    name = "casereview.work"
    label = "work"

    def ready(self) -> None:
        from casereview.govuk.jinja import register_global
        from casereview.work import navigation

        register_global("nav_links_for", navigation.links)
        register_global("nav_waiting_for", navigation.waiting)
        register_global("nav_unread_for", navigation.unread)
