from django.urls import path

from querschnitt.core.views import personal_data, retention, staff

urlpatterns = [
    path("", staff.Dashboard.as_view(), name="dashboard"),
    path("einstellungen/", staff.MunicipalitySettings.as_view(), name="settings"),
    path("einstellungen/aufbewahrung/", retention.RetentionSettings.as_view(), name="retention"),
    path("dienststellen/", staff.DepartmentList.as_view(), name="department_list"),
    path("dienststellen/neu/", staff.DepartmentCreate.as_view(), name="department_create"),
    path("dienststellen/<int:pk>/", staff.DepartmentEdit.as_view(), name="department_edit"),
    path("protokoll/", staff.AuditTrail.as_view(), name="audit"),
    path("personendaten/", personal_data.PersonalDataSearch.as_view(), name="personal_data"),
    path(
        "personendaten/export/",
        personal_data.PersonalDataExport.as_view(),
        name="personal_data_export",
    ),
    path(
        "personendaten/loeschen/",
        personal_data.PersonalDataErase.as_view(),
        name="personal_data_erase",
    ),
]
