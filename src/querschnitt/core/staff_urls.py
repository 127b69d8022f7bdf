from django.urls import path

from querschnitt.core.views import staff

urlpatterns = [
    path("", staff.Dashboard.as_view(), name="dashboard"),
    path("einstellungen/", staff.MunicipalitySettings.as_view(), name="settings"),
    path("dienststellen/", staff.DepartmentList.as_view(), name="department_list"),
    path("dienststellen/neu/", staff.DepartmentCreate.as_view(), name="department_create"),
    path("dienststellen/<int:pk>/", staff.DepartmentEdit.as_view(), name="department_edit"),
    path("protokoll/", staff.AuditTrail.as_view(), name="audit"),
]
