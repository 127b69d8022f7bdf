from django.urls import path

from querschnitt.accounts.views import account, invitations, signin

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
    path("", account.AccountOverview.as_view(), name="account"),
    path("e-mail/", account.EmailChange.as_view(), name="email_change"),
    path("e-mail/<str:token>/", account.EmailConfirm.as_view(), name="email_confirm"),
    path("passwort/", account.PasswordChange.as_view(), name="password_change"),
    path("wiederherstellungscodes/", account.RecoveryCodes.as_view(), name="recovery_codes"),
    path(
        "einladung/<str:token>/", invitations.InvitationAccept.as_view(), name="invitation_accept"
    ),
]
