from django.urls import path

from casereview.notifications import notify_callback, views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read_all, name="read-all"),
    path("notify/delivery-receipts/", notify_callback.delivery_receipt, name="notify-receipt"),
]
