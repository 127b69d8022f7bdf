from django.urls import path

from querschnitt.accounts.views import signin

app_name = "accounts"

urlpatterns = [
    path("anmelden/", signin.SignIn.as_view(), name="signin"),
    path("zweiter-faktor/", signin.SecondFactor.as_view(), name="second_factor"),
    path("authenticator/", signin.TOTPSetup.as_view(), name="totp_setup"),
    path("abmelden/", signin.sign_out, name="signout"),
    path("passwort-vergessen/", signin.PasswordReset.as_view(), name="password_reset"),
    path(
        "passwort-vergessen/gesendet/",
        signin.PasswordResetDone.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort-neu/<uidb64>/<token>/",
        signin.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort-neu/fertig/",
        signin.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
]
