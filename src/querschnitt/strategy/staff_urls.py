"""Staff addresses of the strategy (under `/<municipality>/verwaltung/`)."""

from django.urls import path

from querschnitt.strategy.views import staff

urlpatterns = [
    path("ziele/", staff.GoalList.as_view(), name="goal_list"),
    path("ziele/neu/", staff.GoalPage.as_view(), name="goal_create"),
    path("ziele/<int:pk>/", staff.GoalPage.as_view(), name="goal_edit"),
    path("ziele/<int:pk>/fassung/", staff.GoalVersionCreate.as_view(), name="goal_version_create"),
    path("handlungsfelder/neu/", staff.FieldOfActionPage.as_view(), name="field_of_action_create"),
    path(
        "handlungsfelder/<int:pk>/", staff.FieldOfActionPage.as_view(), name="field_of_action_edit"
    ),
    path("kennzahlen/neu/", staff.IndicatorPage.as_view(), name="indicator_create"),
    path("kennzahlen/<int:pk>/", staff.IndicatorPage.as_view(), name="indicator_edit"),
    path("kennzahlen/<int:pk>/wert/", staff.ActualCreate.as_view(), name="indicator_actual_create"),
]
