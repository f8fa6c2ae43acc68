from django.urls import path

from casereview.accounts import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/security-code/", views.second_factor, name="second-factor"),
    path("sign-in/recovery-code/", views.recovery_code, name="recovery-code"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("session/timed-out/", views.timed_out, name="timed-out"),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
    path("account/", views.account, name="account"),
    path("account/confirm-password/", views.confirm_password, name="confirm-password"),
    path("account/authenticator-app/", views.set_up_authenticator, name="set-up-authenticator"),
    path("account/recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("account/passkeys/add/", views.add_passkey, name="add-passkey"),
    path("account/passkeys/<int:credential_id>/remove/", views.remove_passkey, name="remove-passkey"),
    path("account/password/", views.change_password, name="change-password"),
]
