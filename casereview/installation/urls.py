from django.urls import path

from casereview.installation import views

app_name = "installation"
urlpatterns = [
    path("", views.home, name="home"),
    path("bank-holidays/", views.bank_holidays, name="bank-holidays"),
    path("bank-holidays/<int:day_id>/remove/", views.bank_holiday_remove, name="bank-holiday-remove"),
    path("people/", views.people, name="people"),
    path("people/<int:person_id>/close/", views.close_account, name="close-account"),
]
