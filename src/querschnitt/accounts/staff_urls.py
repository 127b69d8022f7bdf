from django.urls import path

from querschnitt.accounts.views import staff

urlpatterns = [
    path("benutzer/", staff.UserList.as_view(), name="user_list"),
    path("benutzer/neu/", staff.UserInvite.as_view(), name="user_invite"),
    path("benutzer/<int:pk>/", staff.UserDetail.as_view(), name="user_detail"),
    path("benutzer/<int:pk>/rollen/", staff.RoleAdd.as_view(), name="role_add"),
    path(
        "benutzer/<int:pk>/rollen/<int:role_pk>/entfernen/",
        staff.RoleRevoke.as_view(),
        name="role_revoke",
    ),
    path("benutzer/<int:pk>/entfernen/", staff.UserRemove.as_view(), name="user_remove"),
    path(
        "benutzer/<int:pk>/zweiter-faktor/",
        staff.SecondFactorReset.as_view(),
        name="second_factor_reset",
    ),
    path(
        "einladungen/<int:pk>/zurueckziehen/",
        staff.InvitationWithdraw.as_view(),
        name="invitation_withdraw",
    ),
]
